"""Titles and offices attached to person mentions, with the state they belong to.

Two Indonesian patterns carry nearly all roles in news:

- a title run before the name, optionally with an apposition comma: "Presiden Belarus,
  Alexander Lukashenko", "Wakil Menteri Luar Negeri Kazakhstan, Murat Nurtleu",
  "Dubes Utyupin", "juru bicara Kemenlu Rusia Maria Zakharova";
- an apposition after the name: "Aziz Yanuar, anggota tim kuasa hukum, ...".

A title run is a stretch of capitalised words, title words and connectors ending at the
name; the role begins at its first title word. The role's country is the country named
inside it, else the state of an organisation named inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.nlp.gazetteer import gazetteer
from warta.nlp.lexicon import TITLE_WORDS
from warta.nlp.tokenize import tokenize

_CONNECTORS = frozenset(
    """
    dan luar dalam negeri besar urusan bidang umum utama tinggi khusus wakil bicara juru tim kuasa hukum
    agung daerah nasional pusat ri republik negara perdana kabinet kepolisian polisi partai tentara
    koordinator politik keamanan ekonomi kesehatan pertahanan perdagangan sosial keuangan
    """.split()
)

# Honorifics and words that are titles only inside a longer office: they do not open a role.
_NOT_ROLE_START = frozenset(
    "ia dia saat sang si ibu bapak pak bu mas mbak tuan nyonya khusus besar jenderal bicara hukum".split()
)
_TRAILING = frozenset(
    "dan prof dr ir drs dra h hj kh pol jenderal brigjen irjen komjen mayjen letjen kombes akbp kompol "
    "kolonel laksamana marsekal kapten ajun komisaris besar".split()
)

_ABBREV = {
    "dubes": "duta besar",
    "menlu": "menteri luar negeri",
    "wapres": "wakil presiden",
    "pm": "perdana menteri",
    "jubir": "juru bicara",
    "sekjen": "sekretaris jenderal",
    "mendagri": "menteri dalam negeri",
    "menhan": "menteri pertahanan",
    "menkeu": "menteri keuangan",
}


@dataclass
class Role:
    title: str
    country: str | None
    start: int
    end: int


def _role_country(title: str) -> str | None:
    gaz = gazetteer()
    if title.isupper():
        title = " ".join(w if len(w) <= 3 else w.title() for w in title.split())
    words = [t.text for t in tokenize(title)]
    orgs: list[str] = []
    for _i, _j, e in gaz.match(words):
        if e.type == "COUNTRY":
            return e.code
        if e.code and e.type in ("ORGANIZATION", "LOCATION"):
            orgs.append(e.code)
    return orgs[0] if orgs else None


def role_before(text: str, pos: int, floor: int) -> Role | None:
    """The title run ending right before ``pos`` (a person mention start), not before ``floor``."""
    lo = max(floor, pos - 160)
    toks = tokenize(text, lo, pos)
    run: list[int] = []
    k = len(toks) - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    while k >= 0 and len(run) < 10:
        w = toks[k].text
        lw = w.lower()
        if not any(c.isalpha() for c in w):
            break
        if w[:1].isupper() or lw in TITLE_WORDS or (run and lw in _CONNECTORS):
            run.append(k)
            k -= 1
            continue
        break
    if not run:
        return None
    run.reverse()
    titled = [idx for idx in run if toks[idx].text.lower() in TITLE_WORDS
              and toks[idx].text.lower() not in _NOT_ROLE_START]
    # "di bawah pimpinan Presiden X": a capitalised title word opens the role
    capital = [idx for idx in titled if toks[idx].text[:1].isupper()]
    first = capital[0] if capital else (titled[0] if titled else None)
    if first is None:
        return None
    # trailing connectors, honorifics and ranks are not part of the office
    last = run[-1]
    while last > first and toks[last].text.lower().strip(".") in _TRAILING:
        last -= 1
    s, e = toks[first].start, toks[last].end
    title = text[s:e]
    if title.lower() in ("sang", "si", "bapak", "ibu", "pak", "bu", "mas", "mbak", "tuan", "nyonya"):
        return None
    return Role(title, _role_country(title), s, e)


_AFTER_RE = re.compile(r"\s*,\s*(?P<title>[^,.;:()\"“”\n]{3,90}?)\s*(?=[,.;)\n]|$)")


def role_after(text: str, end: int, limit: int, next_person: int | None = None) -> Role | None:
    """An apposition ", <title>," right after a person mention.

    Not when the title run leads straight into the next person's name ("Dubes X, Wakil
    Menteri Y, Z"): then it is that person's title.
    """
    m = _AFTER_RE.match(text, end, limit)
    if not m:
        return None
    if next_person is not None and re.match(r"\s*,?\s*$", text[m.end("title") : next_person]):
        return None
    title = m.group("title")
    words = title.split()
    if not words or words[0].lower() not in TITLE_WORDS or len(words) > 9:
        return None
    if words[0].lower() in _NOT_ROLE_START:
        return None
    return Role(title, _role_country(title), m.start("title"), m.end("title"))


def expand_title(title: str) -> str:
    words = title.lower().split()
    return " ".join(_ABBREV.get(w, w) for w in words)
