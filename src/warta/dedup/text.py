"""The comparison form of an article's text, its exact hash and its shingles."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize_for_hash(text: str) -> str:
    """NFKC, case-folded, punctuation and symbols removed, white space collapsed: two copies of one
    article that differ only in quotes, dashes, spacing, case or invisible characters compare equal."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def text_hash(text: str, title: str | None = None) -> str:
    """Hex SHA-256 (first 32 digits) of the normalised text (title first, when given)."""
    basis = normalize_for_hash(text)
    if title:
        basis = normalize_for_hash(title) + "\n" + basis
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def shingles(text: str, k: int = 5) -> list[bytes]:
    """Word k-grams of the normalised text (the whole text when it has fewer than k words)."""
    words = normalize_for_hash(text).split()
    if not words:
        return []
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})
