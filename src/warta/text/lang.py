"""A small, fast language guess from function words.

Enough to route a page to the right lexicons (Indonesian, Malay-like, English,
other); it never downloads a model and takes microseconds per page.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zA-Z]+")
_STOPWORDS: dict[str, frozenset[str]] = {
    "id": frozenset(
        [
            "yang",
            "dan",
            "di",
            "ke",
            "dari",
            "untuk",
            "dengan",
            "ini",
            "itu",
            "tidak",
            "akan",
            "pada",
            "dalam",
            "juga",
            "adalah",
            "karena",
            "atau",
            "oleh",
            "sudah",
            "telah",
            "bisa",
            "kata",
            "ujar",
            "saat",
            "bahwa",
            "mereka",
            "kami",
            "kita",
            "ia",
            "dia",
            "tersebut",
            "lebih",
            "masih",
            "sebagai",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "with",
            "as",
            "was",
            "on",
            "are",
            "be",
            "by",
            "this",
            "from",
            "at",
            "have",
            "has",
            "not",
            "but",
            "they",
            "their",
            "said",
            "which",
            "were",
            "would",
            "will",
            "an",
        ]
    ),
}


def guess_language(text: str, sample: int = 5000) -> str | None:
    words = _WORD.findall(text[:sample].lower())
    if len(words) < 3:
        return None
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best < max(2, len(words) // 40):
        return None
    return lang
