"""Getting one WARC file onto the executor's local disk, where :class:`~warta.sources.warc.WarcReader` reads it.

The WARC reader works on a local file (it needs to seek and to resynchronise after a damaged
record), so a remote file is first copied to a temporary file in the executor's scratch space
(``SPARK_LOCAL_DIRS`` when Spark sets it, else the system temporary directory), streamed in
chunks, retried with backoff, and removed after the task. Local paths are read in place.

Remote schemes: ``s3://`` and ``s3a://`` (pyarrow's S3 filesystem; anonymous access when no AWS
credentials are configured, which is how Common Crawl's public bucket is read), ``hdfs://`` and
``gs://`` (pyarrow's filesystems; HDFS needs ``libhdfs`` on the executors), ``http(s)://`` (httpx).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1 << 20
ATTEMPTS = 3


class FetchError(Exception):
    """A WARC file could not be copied to local disk; ``reason`` is a short code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def local_path(path: str) -> str:
    return path.removeprefix("file://")


def _scratch_dir() -> str | None:
    dirs = os.environ.get("SPARK_LOCAL_DIRS")
    if dirs:
        first = dirs.split(",")[0]
        if os.path.isdir(first):
            return first
    return None


def _pyarrow_fs(uri: str) -> tuple[Any, str]:
    import pyarrow.fs as pafs

    if uri.startswith(("s3a://", "s3n://")):
        uri = "s3://" + uri.split("://", 1)[1]
    if uri.startswith("s3://"):
        bucket_key = uri[5:]
        anonymous = not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE"))
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
        return pafs.S3FileSystem(anonymous=anonymous, region=region), bucket_key
    fs, path = pafs.FileSystem.from_uri(uri)
    return fs, path


def _copy_stream(src: BinaryIO | Any, dst: BinaryIO) -> None:
    while True:
        chunk = src.read(CHUNK)
        if not chunk:
            return
        dst.write(chunk)


def _download(uri: str, dst: BinaryIO) -> None:
    if uri.startswith(("http://", "https://")):
        import httpx

        with httpx.stream("GET", uri, follow_redirects=True, timeout=60.0) as resp:
            if resp.status_code != 200:
                raise FetchError("http-error", f"HTTP {resp.status_code} for {uri}")
            for chunk in resp.iter_bytes(CHUNK):
                dst.write(chunk)
        return
    fs, path = _pyarrow_fs(uri)
    with fs.open_input_stream(path) as src:
        _copy_stream(src, dst)


def read_uri_bytes(uri: str) -> bytes:
    """A small remote file (a manifest) in memory."""
    if is_local(uri):
        with open(local_path(uri), "rb") as fh:
            return fh.read()
    with tempfile.TemporaryFile() as tmp:
        _download(uri, tmp)
        tmp.seek(0)
        return tmp.read()


@contextlib.contextmanager
def fetched(path: str, *, attempts: int = ATTEMPTS) -> Iterator[str]:
    """A local file path with the content of ``path`` (the path itself when it is local).

    Raises :class:`FetchError` when every attempt failed.
    """
    if is_local(path):
        yield local_path(path)
        return
    suffix = ".warc.gz" if path.endswith(".gz") else ".warc"
    fd, tmp = tempfile.mkstemp(prefix="warta-", suffix=suffix, dir=_scratch_dir())
    try:
        last: Exception | None = None
        for attempt in range(attempts):
            try:
                with os.fdopen(os.dup(fd), "wb") as out:
                    out.seek(0)
                    out.truncate()
                    _download(path, out)
                last = None
                break
            except FetchError as exc:
                last = exc
            except Exception as exc:  # network, auth, missing key: retried, then reported
                last = exc
            if attempt + 1 < attempts:
                time.sleep(min(30.0, 2.0 * 2**attempt))
        if last is not None:
            if isinstance(last, FetchError):
                raise last
            raise FetchError("read-error", f"{type(last).__name__}: {last}"[:300])
        yield tmp
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
