"""Transliteration-aware name keys and the guarded test of whether two person names co-refer.

Names of the same person reach Indonesian news through English, Russian or local
romanisations: Kassym-Jomart / Qasym-Zhomart Tokayev, Utsyupin / Utyupin, Yevgeny / Evgeny,
Mohammad / Muhammad. :func:`name_key` folds such variants (q->k, zh->j, kh->h, ts->t, y->i,
doubled letters...) and :func:`same_person` compares keys with rapidfuzz, guarded so that
different people with similar names stay apart: every token of the shorter name must match a
token of the longer one, in order, and two full names must agree on their last token and on
their first token (or its initial).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_RULES = [
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"q"), "k"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"tch|ch"), "c"),
    (re.compile(r"sch|sh"), "s"),
    (re.compile(r"ts"), "t"),
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), "i"),
    (re.compile(r"^y(?=[aeiou])"), ""),  # Yevgeny / Evgeny
    (re.compile(r"y"), "i"),
    (re.compile(r"j(?=[aeiou])"), "j"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"oe"), "u"),  # Soeharto / Suharto
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"[ie]v$"), "iv"),
    (re.compile(r"(?<=\w)h$"), ""),
]

# Honorifics and titles never part of a name key.
_HONORIFICS = frozenset(
    "bapak ibu pak bu sdr sdri tuan nyonya mr mrs ms dr prof ir drs h hj haji kh sang si".split()
)


@lru_cache(maxsize=65536)
def token_key(token: str) -> str:
    t = unicodedata.normalize("NFKD", token.lower())
    t = "".join(c for c in t if c.isalnum() or c == "-")
    t = t.replace("-", "")
    for rx, rep in _RULES:
        t = rx.sub(rep, t)
    return t


def name_tokens(name: str) -> list[str]:
    """Keys of the name's tokens, hyphenated parts kept together, honorifics dropped."""
    toks = [t for t in re.split(r"[\s.,]+", name) if t]
    keys = [token_key(t) for t in toks if t.lower().strip(".") not in _HONORIFICS]
    return [k for k in keys if k]


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def _tok_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return fuzz.ratio(a, b) >= 85


def same_person(a: str, b: str) -> bool:
    """Whether two person names can denote the same person (guarded fuzzy match)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1 and len(long_) >= 2:
        raw = (a if len(ta) <= len(tb) else b).strip()
        long_words = [w for w in re.split(r"[\s.,]+", b if len(ta) <= len(tb) else a) if w]
        # initials of a long name ("SBY" ~ Susilo Bambang Yudhoyono)
        if raw.isupper() and len(raw) == len(long_words) >= 3 and all(
            w[:1].upper() == c for w, c in zip(long_words, raw, strict=True)
        ):
            return True
        # a contraction of given name and the start of the surname ("Jokowi" ~ Joko Widodo)
        tok = short[0]
        first = long_[0]
        if len(long_) == 2 and tok.startswith(first) and len(tok) - len(first) >= 2 and long_[1].startswith(
            tok[len(first) :]
        ):
            return True
    if len(short) == 1:
        tok = short[0]
        # a single name matches the surname or the given name of the longer one
        return any(_tok_match(tok, t) for t in long_) and len(tok) >= 3
    # a shorter full name contained, token for token, in the longer one ("Sri Mulyani")
    k = len(short)
    if any(all(_tok_match(x, y) for x, y in zip(short, long_[i : i + k], strict=True))
           for i in range(len(long_) - k + 1)):
        return True
    # full names: last tokens must agree, first tokens must agree or be an initial
    if not _tok_match(short[-1], long_[-1]):
        return False
    f1, f2 = short[0], long_[0]
    if not (_tok_match(f1, f2) or (len(f1) == 1 and f2.startswith(f1)) or (len(f2) == 1 and f1.startswith(f2))):
        return False
    # every token of the shorter name appears, in order, in the longer one
    j = 0
    for t in short:
        while j < len(long_) and not (_tok_match(t, long_[j]) or (len(t) == 1 and long_[j].startswith(t))):
            j += 1
        if j == len(long_):
            return False
        j += 1
    return True
