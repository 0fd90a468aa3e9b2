"""Tokens and sentences with character offsets into the original text.

The tokenizer follows the conventions of the Indonesian NER corpora the model is
trained on (IDNer-news-2k, NERGrit): hyphenated words ("Kassym-Jomart",
"antar-negara", "norma-norma") and apostrophes inside names ("Ma'ruf") stay one
token, numbers keep their separators ("22/8/2024", "2.880", "2,75"), and every
other punctuation mark is a token of its own. Offsets are character offsets into
the string that was tokenized, so every downstream span maps back to the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    text: str
    start: int
    end: int


# A word: letters/digits joined by internal hyphens, apostrophes, slashes ("RFE/RL") or
# periods between single capitals ("A.S."); a number with its separators; or one symbol.
_TOKEN_RE = re.compile(
    r"""
    \d+(?:[.,:/]\d+)+            # 22/8/2024, 2.880, 2,75, 12:30
    | (?:[^\W_]\.){2,}           # A.S., U.S.
    | [^\W_]+(?:['’`/\-][^\W_]+)*   # words, hyphenated words, Ma'ruf, RFE/RL
    | \S                         # any other single symbol
    """,
    re.VERBOSE,
)

_ABBREVIATIONS = frozenset(
    """
    dr drs dra ir prof h hj st kh no nomor jl jln tel telp hlm hal vol sdr sdri bpk ny tn mr mrs ms
    jr sr st bapak kol letjen mayjen brigjen jend kapt kombes akbp irjen komjen ttd dll dsb dkk
    sbb tsb yth a.n u.p ca vs inc ltd corp co
    """.split()
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    if end is None:
        end = len(text)
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text, start, end)]


_CLOSERS = "\"'”’)]»"


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``.

    A sentence ends at a blank line or newline, or after ``.``, ``!`` or ``?``
    (plus closing quotes/brackets) followed by whitespace and a capital letter,
    a digit or an opening quote, unless the word before the period is a known
    abbreviation or a single capital (an initial). Bounded: one linear pass.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        ls, le = line.start(), line.end()
        s = ls
        i = ls
        while i < le:
            ch = text[i]
            if ch in ".!?":
                j = i + 1
                while j < le and text[j] in ".!?":
                    j += 1
                while j < le and text[j] in _CLOSERS:
                    j += 1
                k = j
                while k < le and text[k] in " \t\u00a0":
                    k += 1
                if k == le or (
                    k > j and (text[k].isupper() or text[k].isdigit() or text[k] in "\"“‘'(")
                ):
                    if ch == "." and _is_abbreviation(text, s, i):
                        i = j
                        continue
                    _add(spans, text, s, j)
                    s = k
                    i = k
                    continue
                i = j
                continue
            i += 1
        _add(spans, text, s, le)
    return spans


def _is_abbreviation(text: str, s: int, i: int) -> bool:
    m = re.search(r"([^\W\d_][\w.]*)$", text[max(s, i - 20) : i])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "M. Fadil"
    return word.lower() in _ABBREVIATIONS


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
