"""Bounded decompression: gzip streams that refuse to inflate past a ratio or a size.

A gzip bomb is a few kilobytes that inflate to gigabytes. :class:`GzipReader` wraps a binary
file object, decompresses incrementally (``zlib.decompressobj`` with ``max_length``), counts the
compressed bytes consumed and the bytes produced, and raises :class:`DecompressionBomb` when the
output outgrows ``max_ratio`` times the input (after a grace allowance) or ``max_bytes`` in all.
A stream that ends before gzip's end-of-stream marker raises :class:`TruncatedInput`.
Concatenated members (``cat a.gz b.gz``, and every ``.warc.gz``) are read one after another.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

from warta.sources.limits import DEFAULT_LIMITS, Limits

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024


class SourceError(Exception):
    """A reader could not go on with (part of) an input; ``reason`` is the counted reason code."""

    reason = "corrupt"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


class DecompressionBomb(SourceError):
    reason = "decompression-bomb"


class TruncatedInput(SourceError):
    reason = "truncated"


class CorruptInput(SourceError):
    reason = "corrupt"


class TooLarge(SourceError):
    reason = "too-large"


def is_gzip(head: bytes) -> bool:
    return head[:2] == GZIP_MAGIC


class GzipReader(io.RawIOBase):
    """A read-only, bounded gunzip stream over ``raw`` (a binary file object)."""

    def __init__(self, raw: BinaryIO, *, limits: Limits = DEFAULT_LIMITS, max_bytes: int | None = None) -> None:
        super().__init__()
        self._raw = raw
        self._limits = limits
        self._max_bytes = max_bytes
        self._dec = zlib.decompressobj(wbits=31)
        self._pending = b""  # compressed bytes not yet fed
        self._buf = b""  # decompressed bytes not yet returned
        self._eof = False
        self._error: SourceError | None = None  # raised once the bytes before it are read
        self.compressed_in = 0
        self.produced = 0
        self.members = 1

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()

    def _check(self) -> None:
        lim = self._limits
        if self.produced > lim.gzip_ratio_grace_bytes and self.produced > lim.max_gzip_ratio * max(
            1, self.compressed_in
        ):
            raise DecompressionBomb(
                f"inflated {self.produced:,} bytes from {self.compressed_in:,} (over {lim.max_gzip_ratio}:1)"
            )
        if self._max_bytes is not None and self.produced > self._max_bytes:
            raise DecompressionBomb(f"inflated past {self._max_bytes:,} bytes")

    def _fill(self, want: int) -> None:
        while len(self._buf) < want and not self._eof:
            if self._dec.unconsumed_tail:
                data = self._dec.unconsumed_tail
            else:
                if not self._pending:
                    self._pending = self._raw.read(_CHUNK)
                    if not self._pending:
                        if self._dec.eof or (self.produced == 0 and self.compressed_in == 0):
                            self._eof = True
                            return
                        raise TruncatedInput(f"gzip stream ends early after {self.compressed_in:,} bytes")
                    self.compressed_in += len(self._pending)
                data, self._pending = self._pending, b""
            try:
                out = self._dec.decompress(data, _CHUNK)
            except zlib.error as exc:
                raise CorruptInput(f"bad gzip data: {exc}") from None
            self.produced += len(out)
            self._buf += out
            self._check()
            if self._dec.eof:
                rest = self._dec.unused_data
                if not rest:
                    rest = self._raw.read(_CHUNK)
                    self.compressed_in += len(rest)
                if not rest:
                    self._eof = True
                    return
                if not is_gzip(rest):
                    # Trailing garbage after a complete member: stop, as gzip(1) does.
                    self._eof = True
                    return
                self._dec = zlib.decompressobj(wbits=31)
                self._pending = rest
                self.members += 1

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            chunks: list[bytes] = []
            while True:
                chunk = self.read(_CHUNK)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
        if self._error is None:
            try:
                self._fill(size)
            except SourceError as exc:
                self._error = exc
        if not self._buf and self._error is not None:
            raise self._error
        out, self._buf = self._buf[:size], self._buf[size:]
        return out

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def read_capped(stream: BinaryIO, cap: int) -> bytes:
    """Read all of ``stream`` but refuse (TooLarge) more than ``cap`` bytes."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(f"over the {cap:,}-byte limit")
    return data


def open_maybe_gzip(path: str, *, limits: Limits = DEFAULT_LIMITS, max_bytes: int | None = None) -> BinaryIO:
    """Open ``path`` for reading, transparently and boundedly gunzipping it when it starts like gzip."""
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if is_gzip(head):
        return io.BufferedReader(GzipReader(raw, limits=limits, max_bytes=max_bytes), buffer_size=_CHUNK)
    return raw


def gunzip_bytes(data: bytes, *, limits: Limits = DEFAULT_LIMITS, max_bytes: int | None = None) -> bytes:
    """Bounded gunzip of an in-memory payload (HTTP Content-Encoding, sitemap.xml.gz)."""
    cap = max_bytes if max_bytes is not None else limits.max_document_bytes
    reader = GzipReader(io.BytesIO(data), limits=limits, max_bytes=cap)
    return reader.read()
