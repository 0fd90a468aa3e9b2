"""Bylines into people: "Penulis: A dan B", "Laporan wartawan Tribunnews.com, A", "By A, B & C".

``split_authors`` returns person names only: role words, outlet names, companies, e-mail
addresses and agency codes are removed. ``parse_byline`` reads a line that names several roles
("Penulis: A | Editor: B", "A Penulis B Editor") into ``(role, name)`` pairs.
``reconcile_people`` settles who wrote and who edited when a page names people in several places
(structured data, meta tags, the printed byline, an outlet profile's selectors); ``same_person``
tells whether two spellings on one page name one person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

ROLE_WORDS = {
    "penulis": "author",
    "reporter": "author",
    "wartawan": "author",
    "jurnalis": "author",
    "kontributor": "author",
    "koresponden": "author",
    "pewarta": "author",
    "writer": "author",
    "verified writer": "author",
    "community writer": "author",
    "author": "author",
    "authors": "author",
    "oleh": "author",
    "by": "author",
    "written by": "author",
    "text by": "author",
    "teks": "author",
    "reported by": "author",
    "editor": "editor",
    "editors": "editor",
    "penyunting": "editor",
    "redaktur": "editor",
    "penyelaras": "editor",
    "red": "editor",
    "edited by": "editor",
    "editor's": "editor",
    "fotografer": "photographer",
    "foto": "photographer",
    "photo": "photographer",
    "photographer": "photographer",
    "videografer": "photographer",
    "penerjemah": "translator",
    "translator": "translator",
    "translated by": "translator",
}
_ROLE_RE = "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True))
_ROLE_PREFIX = re.compile(rf"^\s*(?P<role>{_ROLE_RE})\b\s*[:\-–—|]?\s*", re.I)
_LAPORAN = re.compile(
    r"^\s*laporan\s+(?:wartawan|reporter|koresponden|jurnalis|kontributor)(?:\s+\w+)?\s+"
    r"(?:[\w.-]+\.(?:com|co\.id|id|net)|[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s*,?\s*",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:,|&|;|\||\+|/|\s[-–—]\s|\band\b|\bdan\b|\bserta\b|\bwith\b)\s*", re.I)
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_AGENCY_CODE = re.compile(r"\((?:[a-z]{2,5}/?){1,4}\)|\[[^\]]*\]")
# News agencies credit a wire story; they are not people.
AGENCIES = frozenset(
    "afp agence france-presse agence france presse reuters ap associated press antara antara news xinhua "
    "bloomberg kyodo dpa efe ansa anadolu tass bernama yonhap upi".split(" ")
)
_NOT_NAME_WORDS = frozenset(
    "tim redaksi admin administrator staff staf newsroom desk contributor guest editorial "
    "redaksi humas rilis release wire agency press team anonymous unknown".split()
)
_LOWER_PARTICLES = frozenset("bin binti van von der de da del di la le al el ibn".split())
_TRAILING_JUNK = re.compile(r"[\s\-–—|:,.·•]+$")
_LEADING_JUNK = re.compile(r"^[\s\-–—|:,.·•]+")
_DATEISH = re.compile(r"\d{1,2}[:/.]\d{2}|\b(?:19|20)\d{2}\b")
# Companies are not people: "PT. Viva Media Baru", "CV Maju Jaya", "Kompas Gramedia Tbk", "X Media Inc."
_COMPANY_FIRST = frozenset("pt pt. cv cv. yayasan perum perumda persero koperasi".split())
_COMPANY_ANY = frozenset("tbk tbk. inc inc. ltd ltd. llc corp corp. co. gmbh plc".split())


_AGENCY_NAMES = frozenset(
    ("afp", "agence france-presse", "agence france presse", "reuters", "ap", "associated press", "the associated press",
     "antara", "antara news", "xinhua", "bloomberg", "kyodo", "kyodo news", "dpa", "efe", "ansa", "anadolu",
     "anadolu agency", "tass", "bernama", "yonhap", "upi")
)


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.casefold())


def is_outlet_name(name: str, outlet_names: Iterable[str] = ()) -> bool:
    """True when ``name`` is the outlet (or a site name / domain) rather than a person."""
    n = _norm(name)
    if not n:
        return True
    for outlet in outlet_names:
        o = _norm(outlet)
        if not o:
            continue
        o_short = _norm(re.sub(r"\.(?:com|co\.id|id|net|org|co)$", "", outlet.strip(), flags=re.I))
        if n in (o, o_short) or (len(o_short) >= 4 and (n.startswith(o_short) or o_short.startswith(n))):
            return True
    return bool(re.search(r"\.(?:com|co\.id|co|id|net|org|tv)\b", name, re.I))


def _titlecase(name: str) -> str:
    if not name.isupper() or len(name) <= 3:
        return name
    words = []
    for w in name.split():
        lw = w.lower()
        if lw in _LOWER_PARTICLES:
            words.append(lw)
        elif len(w) <= 3 and "." in w:
            words.append(w)  # initials "M." keep their case
        else:
            words.append("-".join(p.capitalize() for p in lw.split("-")))
    return " ".join(words)


def clean_author(name: str, outlet_names: Iterable[str] = ()) -> str | None:
    """One name, tidied; None when it is not a person's name."""
    name = _EMAIL.sub(" ", name)
    name = _URL.sub(" ", name)
    name = _AGENCY_CODE.sub(" ", name)
    name = re.sub(r"\s+", " ", name)
    while True:
        m = _ROLE_PREFIX.match(name)
        if not m or m.end() == 0:
            break
        name = name[m.end() :]
    name = _LAPORAN.sub("", name)
    name = _LEADING_JUNK.sub("", _TRAILING_JUNK.sub("", name))
    name = name.strip("\"'“”‘’()[]{}@ ")
    if not name or len(name) < 2 or len(name) > 60:
        return None
    if any(ch.isdigit() for ch in name) or _DATEISH.search(name):
        return None
    words = name.split()
    if len(words) > 6:
        return None
    if all(w.casefold().strip(".") in _NOT_NAME_WORDS for w in words):
        return None
    if words[0].casefold() in _COMPANY_FIRST or re.match(r"(?i)pt\.\S", words[0]) or any(
        w.casefold().rstrip(",") in _COMPANY_ANY for w in words
    ):
        return None
    # A name's words are capitalised ("Follow Share Post comment as" is page chrome).
    if any(w[0].islower() and w.casefold() not in _LOWER_PARTICLES for w in words):
        return None
    if is_outlet_name(name, outlet_names) or name.casefold() in AGENCIES or name.casefold() in _AGENCY_NAMES:
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return _titlecase(name)


def split_authors(value: str, outlet_names: Iterable[str] = ()) -> list[str]:
    """People named in a byline, in order, without duplicates."""
    outlet_names = tuple(outlet_names)
    value = " ".join(value.split())
    value = _LAPORAN.sub("", value)
    value = _AGENCY_CODE.sub(" ", value)
    # "Penulis: A Editor: B": keep only the author part
    m = re.search(r"\b(?:editor|penyunting|redaktur|edited by)\b\s*:", value, re.I)
    if m and m.start() > 0:
        value = value[: m.start()]
    # "Agence France-Presse, CHARLESTON, South Carolina | World | Fri, June 19 2015": only the first
    # "|" segment names people, and an upper-case place after a comma starts a dateline.
    if "|" in value:
        segments = [seg for seg in value.split("|") if seg.strip()]
        value = segments[0] if segments else value
    parts = re.split(r"\s*,\s*", value)
    for i in range(1, len(parts)):
        if parts[i].isupper() and not parts[i - 1].isupper() and len(parts[i]) > 2:
            value = ", ".join(parts[:i])
            break
    out: list[str] = []
    seen: set[str] = set()
    for part in _SPLIT.split(value):
        name = clean_author(part, outlet_names)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


_BYLINE_PART = re.compile(rf"(?P<role>{_ROLE_RE})\s*:\s*(?P<names>.*?)(?=(?:{_ROLE_RE})\s*:|$)", re.I)


def parse_byline(line: str, outlet_names: Iterable[str] = ()) -> list[tuple[str, str]]:
    """``(role, name)`` pairs from a credit line; role is author, editor, photographer or translator."""
    outlet_names = tuple(outlet_names)
    line = " ".join(line.split())
    pairs: list[tuple[str, str]] = []
    for m in _BYLINE_PART.finditer(line):
        role = ROLE_WORDS.get(m.group("role").lower(), "author")
        names = m.group("names").strip(" |-–·•")
        for name in split_authors(names, outlet_names):
            pairs.append((role, name))
    if not pairs:
        # "Isna Rifka Sri Rahayu Penulis  Yoga Sukmana Editor": the role printed after the name
        # (credit boxes that stack a name over its position), or before it without a colon.
        for m in _LABEL_AFTER.finditer(line):
            role = ROLE_WORDS[m.group("role").lower()]
            for name in split_authors(m.group("names"), outlet_names):
                pairs.append((role, name))
        if pairs and _LABEL_AFTER.sub("", line).strip(" |-–·•,"):
            pairs = []  # text left over: not a run of name-role pairs
    if not pairs:
        before = _LABEL_BEFORE.match(line)
        role = ROLE_WORDS[before.group("role").lower()] if before else "author"
        for name in split_authors(line, outlet_names):
            pairs.append((role, name))
    return pairs


# Position words a credit box prints after (or, without a colon, before) a name. "By", "Oleh",
# "Red" and "Foto" are left out: they open a byline or a caption and are no position.
_POSITIONS = (
    "penulis reporter wartawan jurnalis kontributor koresponden pewarta writer author editor penyunting "
    "redaktur penyelaras fotografer photographer videografer penerjemah translator"
).split()
_POSITION_RE = "|".join(_POSITIONS)
_LABEL_AFTER = re.compile(
    rf"(?P<names>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){{0,5}}?)\s*[|(\-–—]?\s*\b(?P<role>{_POSITION_RE})\b\s*\)?\s*[|,·•]?\s*",
    re.I,
)
_LABEL_BEFORE = re.compile(rf"^\s*(?P<role>{_POSITION_RE})\b\s+(?=[A-Z])", re.I)


def _name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s.]+", name.casefold()) if t]


def same_person(a: str, b: str) -> bool:
    """True when two names on one page are one person: the same words, or one name is the other's
    leading words ("Andhika" and "Andhika Prasetyo": a byline's full name and the short name of the
    same person's account). Meant for names found on the same page, not across a corpus."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return long[: len(short)] == short


def _unique(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if not any(same_person(n, o) for o in out):
            out.append(n)
    return out


def reconcile_people(
    *,
    structured: Sequence[str] = (),
    structured_editors: Sequence[str] = (),
    creators: Sequence[str] = (),
    named: Sequence[str] = (),
    editor_hints: Sequence[str] = (),
    profile_authors: Sequence[str] = (),
    profile_editors: Sequence[str] = (),
    byline_authors: Sequence[str] = (),
    byline_editors: Sequence[str] = (),
    signature: Sequence[str] = (),
) -> tuple[list[str], list[str]]:
    """(authors, editors) from every place a page names people (each argument: names already split).

    * ``structured``: JSON-LD ``author`` (or the first author meta tag when there is no JSON-LD);
      ``structured_editors``: JSON-LD ``editor``; ``creators``: JSON-LD ``creator``; ``named``: author
      meta tags (``author``, ``content_author``, ``dtk:author`` ...); ``editor_hints``: editor meta tags
      and "Editor: X" keywords;
    * ``profile_*``: what an outlet profile's selectors point at; ``byline_*``: the printed byline and
      credit lines ("Penulis:", "Reporter:", "Pewarta:" are writers; "Editor:", "Penyunting:",
      "Redaktur:", "Red:" are editors); ``signature``: a closing name in capitals.

    Rules, in order:

    1. Several Indonesian CMSs publish the account that filed the story as the JSON-LD author and print
       it as "Editor" (Kompas, Media Indonesia). When every structured author is a person the page
       labels editor, the writer is a *different* person named as writer elsewhere (creator, author
       meta, profile or visible byline); a name that is the same person as a labelled editor (see
       ``same_person``) is that editor, not another writer. With no other writer, the structured
       author stays the author (and is an editor too).
    2. Else an outlet profile's byline selectors, then the structured author, then the printed byline
       (writers first; a name labelled editor is not made an author while another name is there),
       then the signature.
    3. One person named in two spellings is reported once, in the structured data's spelling (the
       stated precedence: JSON-LD > meta > the visible page).
    4. Editors: the profile's, else JSON-LD ``editor``, else the printed "Editor:" lines, else the
       editor meta tags.
    """
    labelled = [*profile_editors, *byline_editors, *editor_hints]

    def is_labelled_editor(name: str) -> bool:
        return any(same_person(name, e) for e in labelled)

    def spelled(name: str) -> str:
        return next((s for s in [*structured, *creators, *named] if same_person(s, name)), name)

    authors: list[str] = []
    if structured and all(is_labelled_editor(a) for a in structured):
        others = [n for n in [*profile_authors, *creators, *named, *byline_authors] if not is_labelled_editor(n)]
        authors = others or list(structured)
    elif profile_authors:
        authors = list(profile_authors)
    elif structured:
        authors = list(structured)
    if not authors:
        authors = [a for a in byline_authors if not is_labelled_editor(a)] or list(byline_authors)
    if not authors:
        authors = list(signature)
    authors = _unique(spelled(a) for a in authors)
    editors = _unique(profile_editors or structured_editors or byline_editors or editor_hints)
    return authors, editors
