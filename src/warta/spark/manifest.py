"""Manifests: a list of WARC paths, one per line, as Common Crawl's ``warc.paths.gz``.

A line is a local path, a ``file://``, ``s3://``/``s3a://``, ``hdfs://``, ``gs://`` or
``http(s)://`` URI, or a path relative to ``prefix`` (Common Crawl's manifests list
``crawl-data/CC-NEWS/...`` paths: give ``prefix="s3://commoncrawl/"`` inside AWS or
``prefix="https://data.commoncrawl.org/"`` outside). Blank lines and ``#`` comments are ignored;
a path listed twice is read once. Relative local paths are made absolute on the driver, because
executors do not share its working directory.

The manifest id names the set of files (a hash of the resolved paths in order) unless given
explicitly: output partitions carry it, so re-running a manifest replaces its own rows and no
other manifest's.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_ID_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def has_scheme(path: str) -> bool:
    return bool(_SCHEME.match(path))


def read_manifest_bytes(manifest: str) -> bytes:
    """The manifest's bytes, gunzipped when it is gzip (local path or any URI :func:`open_uri` reads)."""
    if has_scheme(manifest) and not manifest.startswith("file://"):
        from warta.spark.fetch import read_uri_bytes

        data = read_uri_bytes(manifest)
    else:
        with open(manifest.removeprefix("file://"), "rb") as fh:
            data = fh.read()
    if data[:2] == b"\x1f\x8b":
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            data = gz.read()
    return data


def parse_manifest(text: str, *, prefix: str | None = None, base: str | None = None) -> list[str]:
    """The paths a manifest lists, resolved, deduplicated, in order."""
    out: list[str] = []
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        path = resolve_path(line, prefix=prefix, base=base)
        if path not in seen:
            seen.add(path)
            out.append(path)
    return out


def resolve_path(line: str, *, prefix: str | None = None, base: str | None = None) -> str:
    if has_scheme(line):
        return line
    if prefix:
        return prefix.rstrip("/") + "/" + line.lstrip("/")
    if os.path.isabs(line):
        return line
    return os.path.abspath(os.path.join(base or os.getcwd(), line))


def read_manifest(manifest: str, *, prefix: str | None = None) -> list[str]:
    """Read and parse a manifest file (plain or gzip; local or remote).

    Relative local lines are resolved against the current directory (as ``warta ingest``
    resolves its arguments), not the manifest's folder.
    """
    data = read_manifest_bytes(manifest)
    return parse_manifest(data.decode("utf-8", errors="replace"), prefix=prefix)


def manifest_id(paths: list[str], name: str | None = None) -> str:
    """A short stable id for a set of input files (or ``name``, made safe for a partition value)."""
    if name:
        safe = _ID_SAFE.sub("-", name).strip("-")
        if not safe:
            raise ValueError(f"manifest id {name!r} has no usable characters")
        return safe[:80]
    digest = hashlib.sha256("\n".join(paths).encode("utf-8")).hexdigest()
    return "m" + digest[:15]
