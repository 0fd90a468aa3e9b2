"""Unicode clean-up that every extractor applies before reading text."""

from __future__ import annotations

import re
import unicodedata

# Spaces that browsers render as a plain space; NBSP is everywhere in Indonesian CMS output.
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Characters with no width that break word matching (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen).
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_MOJIBAKE_HINT = re.compile(r"(?:Ã[\x80-\xbf¡-¿]|â€|Â[\xa0-\xbf ])")


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 that was decoded as cp1252/latin-1 (only when its traces are present)."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy  # imported lazily: most text never needs it

    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)


def normalize_text(text: str) -> str:
    """NFC, one kind of line break, no invisible or control characters, plain spaces."""
    text = _LINE_SEPARATORS.sub("\n", text)
    text = fix_mojibake(text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def fold_spaces(text: str) -> str:
    """Collapse runs of white space to one space and trim: the comparison form of a string."""
    return " ".join(text.split())
