"""Words for the index: tokenising, Indonesian stemming (Sastrawi) and highlighting.

The index stores *stems*: ``memanggil`` and ``panggilan`` are both indexed as ``panggil``, so a
search for one finds the other. Sastrawi is pure Python and slow (about 0.4 ms per new word), so
stems are cached per word; a news vocabulary is small enough for the cache to hold it.

Highlighting works on the original text: every word of a title or body is stemmed the same way
and compared with the query's stems, so ``panggil`` marks ``memanggil`` in the snippet. The
result is :class:`markupsafe.Markup` built from escaped text and ``<mark>`` tags only.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

WORD_RE = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_WORD_AT = re.compile(r"[\w'-]+")
# a token longer than this is not a word (hashes, base64, runs of digits)
MAX_WORD = 40
_CACHE_MAX = 500_000
SNIPPET_SCAN = 4000


def escape_html(text: str) -> str:
    """markupsafe.escape without a Markup object per piece. (Five ``str.replace`` scans cost
    less than one ``str.translate`` with a table of strings, which looks up every character.)"""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


_esc = escape_html

_lock = threading.Lock()
_stemmer: Any = None
_cache: dict[str, str] = {}


def _get_stemmer() -> Any:
    global _stemmer
    if _stemmer is None:
        with _lock:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer


def prepare_stemmer() -> None:
    """Load Sastrawi's dictionary now (a fraction of a second) rather than in the first request
    with a word the stem cache has not seen."""
    _get_stemmer()


def fold(word: str) -> str:
    """Lower case without accents (``Sérvia`` -> ``servia``)."""
    word = word.lower()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def stem(word: str) -> str:
    """The stem of one word (already a single token); cached."""
    key = fold(word)
    got = _cache.get(key)
    if got is not None:
        return got
    if len(key) <= 3 or not key.isalpha():
        result = key  # numbers, codes and short words are kept as they are
    else:
        parts = key.split("-")
        if len(parts) > 1:  # reduplication and compounds: "negara-negara", "antar-negara"
            result = "-".join(_get_stemmer().stem(p) or p for p in parts)
        else:
            result = _get_stemmer().stem(key) or key
    if len(_cache) < _CACHE_MAX:
        _cache[key] = result
    return result


def save_stems(path: Any) -> int:
    """Write the stem cache (``word<TAB>stem`` lines) so that a server starts with it warm."""
    from pathlib import Path

    path = Path(path)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for word, s in list(_cache.items()):
            if "\t" not in word and "\n" not in word:
                out.write(f"{word}\t{s}\n")
    tmp.replace(path)
    return len(_cache)


def load_stems(path: Any) -> int:
    """Fill the stem cache from :func:`save_stems`' file (missing file: nothing)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                word, _, s = line.rstrip("\n").partition("\t")
                if word and s and len(_cache) < _CACHE_MAX:
                    _cache.setdefault(word, s)
    except OSError:
        return 0
    return len(_cache)


def words(text: str) -> list[str]:
    return [m.group(0) for m in WORD_RE.finditer(text) if len(m.group(0)) <= MAX_WORD]


def stems(text: str) -> list[str]:
    """The text as index terms: one stem per word, hyphenated words split into their parts."""
    out: list[str] = []
    for w in words(text):
        s = stem(w)
        if "-" in s or "'" in s:
            out.extend(p for p in re.split(r"[-']", s) if p)
        else:
            out.append(s)
    return out


def stemmed_text(text: str | None) -> str:
    return " ".join(stems(text or ""))


# ------------------------------------------------------------------ queries


@dataclass
class ParsedQuery:
    """A user's query: required terms, quoted phrases and excluded terms, all as stems."""

    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)

    def highlight_stems(self) -> set[str]:
        out = set(self.terms)
        for p in self.phrases:
            out.update(p)
        return out


_PHRASE_RE = re.compile(r'"([^"]*)"')


def parse_query(q: str) -> ParsedQuery:
    """``banjir "jawa barat" -jakarta``: words (all required), phrases in quotes, ``-word`` excluded.

    Anything else (operators, brackets, colons) is treated as text, never as syntax, so no query
    can be malformed."""
    parsed = ParsedQuery()
    for m in _PHRASE_RE.finditer(q):
        phrase = stems(m.group(1))
        if len(phrase) == 1:
            parsed.terms.append(phrase[0])
        elif phrase:
            parsed.phrases.append(phrase)
    rest = _PHRASE_RE.sub(" ", q)
    for token in rest.split():
        negative = token.startswith("-") and len(token) > 1
        for s in stems(token[1:] if negative else token):
            target = parsed.excluded if negative else parsed.terms
            if s not in target:
                target.append(s)
    return parsed


# ------------------------------------------------------------------ highlighting


@functools.lru_cache(maxsize=1024)
def _cores(query_stems: frozenset[str]) -> tuple[str, ...]:
    return tuple({s[1:] if len(s) > 3 else s for s in query_stems if s})


def _find_hits(text: str, query_stems: set[str] | frozenset[str]) -> list[tuple[int, int, str]]:
    """Spans of the words of ``text`` whose stem is a query stem, with that stem.

    Stemming every word of a body is too slow for a results page, so candidates are found first
    by substring search (C speed): an inflected word contains its stem, or all of it but the
    first letter (``memukul`` for ``pukul``: meN- drops the p). Only candidates are stemmed."""
    cores = _cores(query_stems if isinstance(query_stems, frozenset) else frozenset(query_stems))
    if not cores:
        return []
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowered: stem every word
        return [(*m.span(), stem(m.group(0))) for m in WORD_RE.finditer(text)
                if len(m.group(0)) <= MAX_WORD and _matches(m.group(0), query_stems)]
    starts: set[int] = set()
    for core in cores:
        i = low.find(core)
        while i >= 0:
            a = i
            while a > 0 and (low[a - 1].isalnum() or low[a - 1] in "_-'"):
                a -= 1
            starts.add(a)
            i = low.find(core, i + len(core))
    verdict: dict[str, str | None] = {}  # word -> its stem when it matches, else None
    out = []
    for a in sorted(starts):
        m = _WORD_AT.match(text, a)
        if m is None:
            continue
        b = m.end()
        while b > a and text[b - 1] in "-'":
            b -= 1
        if not a < b <= a + MAX_WORD:
            continue
        w = text[a:b]
        if w in verdict:
            found = verdict[w]
        else:
            found = verdict[w] = stem(w) if _matches(w, query_stems) else None
        if found is not None:
            out.append((a, b, found))
    return out


def highlight(text: str | None, query_stems: set[str]) -> Markup:
    """The whole text, escaped, with words whose stem is in ``query_stems`` wrapped in <mark>."""
    if not text:
        return Markup("")
    if not query_stems:
        return escape(text)
    out: list[str] = []
    pos = 0
    for a, b, _ in _find_hits(text, query_stems):
        if a < pos:
            continue
        out.append(_esc(text[pos:a]))
        out.append("<mark>" + _esc(text[a:b]) + "</mark>")
        pos = b
    out.append(_esc(text[pos:]))
    return Markup("".join(out))


def _matches(word: str, query_stems: set[str] | frozenset[str]) -> bool:
    s = stem(word)
    if s in query_stems:
        return True
    if "-" in s:
        return any(p in query_stems for p in s.split("-"))
    return False


def snippet(text: str | None, query_stems: set[str], size: int = 240) -> Markup:
    """The best window of about ``size`` characters of ``text`` (most distinct query words),
    escaped and highlighted; the text's opening when no word matches."""
    if not text:
        return Markup("")
    full_length = len(text)
    # the best window is looked for in the opening (most often the lead has the words), then
    # further, up to SNIPPET_SCAN characters
    whole = text
    hits: list[tuple[int, int, str]] = []
    for scan in (SNIPPET_SCAN // 4, SNIPPET_SCAN):
        text = whole[:scan]
        hits = _find_hits(text, query_stems)
        if hits or scan >= full_length:
            break
    if not hits:
        cut = _cut(text, 0, size)
        return Markup(_esc(cut) + ("…" if len(cut) < full_length else ""))
    best_start, best_score = hits[0][0], -1
    j = 0
    for i in range(len(hits)):
        while hits[j][0] < hits[i][0] - size + 40:
            j += 1
        distinct = len({h[2] for h in hits[j : i + 1]})
        score = distinct * 100 + (i - j)
        if score > best_score:
            best_score, best_start = score, hits[j][0]
    start = max(0, best_start - 60)
    if start > 0:  # begin at a word boundary
        space = text.find(" ", start)
        if 0 <= space < best_start:
            start = space + 1
    window = _cut(text, start, size)
    end = start + len(window)
    out, pos = ["…" if start > 0 else ""], start
    for a, b, _ in hits:  # the hits already found, not a second search
        if a < pos or b > end:
            continue
        out.append(_esc(text[pos:a]))
        out.append("<mark>" + _esc(text[a:b]) + "</mark>")
        pos = b
    out.append(_esc(text[pos:end]))
    out.append("…" if end < full_length else "")
    return Markup("".join(out))


def _cut(text: str, start: int, size: int) -> str:
    end = start + size
    if end >= len(text):
        return text[start:]
    space = text.rfind(" ", start, end)
    return text[start : space if space > start else end]


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
