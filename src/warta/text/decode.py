"""Turn untrusted bytes into text, or refuse them with a reason.

Order of evidence: a byte-order mark, a declared charset (HTTP header or
``<meta charset>``), strict UTF-8, then statistical detection
(charset-normalizer) limited to a sample so that time stays bounded, with
cp1252 as the last resort because it decodes any byte and is what most
mislabelled Western pages really are.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from warta.errors import InputError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_SAMPLE = 256 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Magic numbers of formats that are certainly not text (images, archives, PDFs, executables).
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
    b"MZ", b"\xfd7zXZ", b"Rar!", b"\x00\x00\x01\x00", b"RIFF", b"OggS", b"fLaC", b"ID3", b"\x28\xb5\x2f\xfd",
)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


# Bytes and characters that never occur in text (tab, line breaks and form feed excepted);
# counted with translate(), which runs in C: a Python loop over 256 KB costs ~20 ms a page.
_CONTROL_BYTES = bytes(b for b in range(32) if not 9 <= b <= 13)
_DROP_CONTROL_CHARS = {c: None for c in [*range(32), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r\f\v"}


def sniff_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte for ASCII-range characters."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> str | None:
    """A reason when the bytes are not text, else None."""
    for magic in _BINARY_MAGIC:
        if data.startswith(magic):
            return f"binary data (starts like {magic[:4]!r}), not text"
    sample = data[:_SAMPLE]
    if not sample:
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > 0.05:
        return f"binary data ({controls / len(sample):.0%} control bytes), not text"
    return None


def decode_bytes(
    data: bytes,
    *,
    source: str | None = None,
    declared: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding used). Raises InputError with a reason."""
    if not data or not data.strip():
        raise InputError(source, "empty input")
    if len(data) > max_bytes:
        raise InputError(source, f"too large: {len(data) / 1e6:.1f} MB over the {max_bytes / 1e6:.0f} MB limit")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _checked(_decode_with(data[len(bom):], name, source), name, source), name
    utf16 = sniff_utf16_without_bom(data)
    if utf16:
        return _checked(_decode_with(data, utf16, source), utf16, source), utf16
    reason = looks_binary(data)
    if reason:
        raise InputError(source, reason)
    candidates = [_codec(declared)]
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        candidates.append(_codec(meta.group(1).decode("ascii", "ignore")))
    for candidate in candidates:
        if candidate:
            try:
                return data.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _plausible_cp1252(data[:_SAMPLE])
    if western is not None:
        return data.decode("cp1252", errors="replace"), "cp1252"
    best = from_bytes(data[:_SAMPLE]).best()
    guess = _codec(best.encoding) if best else None
    if guess and guess not in {"utf_8", "utf-8"}:
        try:
            return data.decode(guess), guess
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


_WESTERN = frozenset("“”‘’–—…«»•€£©®°±·×÷¡¿") | {chr(c) for c in range(0xC0, 0x100)}


def _plausible_cp1252(sample: bytes) -> str | None:
    """Most mislabelled non-UTF-8 news pages in Latin script are cp1252: accept it when its
    non-ASCII characters are nearly all Western letters and typographic punctuation."""
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [c for c in text if ord(c) > 127]
    if not extra:
        return text
    western = sum(c in _WESTERN for c in extra)
    return text if western / len(extra) >= 0.9 else None


def _checked(text: str, name: str, source: str | None) -> str:
    """Refuse decoded text that is mostly control characters (binary that looked like UTF-16)."""
    sample = text[:_SAMPLE]
    controls = len(sample) - len(sample.translate(_DROP_CONTROL_CHARS))
    if sample and controls / len(sample) > 0.05:
        raise InputError(source, f"binary data ({controls / len(sample):.0%} control characters as {name}), not text")
    return text


def _decode_with(data: bytes, name: str, source: str | None) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        # Keep what can be read, but say so: a few bad bytes should not lose a page.
        text = data.decode(name, errors="replace")
        if text.count("\ufffd") > max(16, len(text) // 100):
            raise InputError(source, f"not valid {name}: {exc.reason} at byte {exc.start}") from None
        return text
