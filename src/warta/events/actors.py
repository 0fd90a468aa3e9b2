"""Actor phrases: who in a sentence can act or be acted upon, with their state and sector.

An actor phrase is assembled from atoms found in the text:

- the NLP analysis' mentions (persons with their roles, organisations, countries, places);
- the gazetteers (``warta.nlp.gazetteer`` and ``resources/events_places_en.tsv``:
  countries, demonyms, capitals used as metonyms), and international bodies
  (``resources/events_actors.toml``, code ``IGO``/``NGO``);
- sector words (``resources/events_actors.toml``): "Kementerian", "Duta Besar", "army",
  "protesters", ...

Atoms that touch ("Duta Besar" + "Belarus", "Israeli" + "army", "Wakil Menteri Luar
Negeri Kazakhstan" + ", Murat Nurtleu") make one phrase. Its state is the first state named
in it (a ministry acts for its state, a person for the state of their role); its sector is
the first sector word, or the sector implied by a role or an organisation's name.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from warta.events.lexicon import actor_words
from warta.nlp.tokenize import Token

# CAMEO-style sector of a role title's first words (Indonesian and English).
_ROLE_SECTOR = (
    (("duta", "dubes", "konsul", "ambassador", "envoy", "diplomat", "kuasa"), "DIP"),
    (("jenderal", "panglima", "kolonel", "mayor", "letnan", "general", "commander", "colonel", "lt.", "gen.",
      "marsekal", "laksamana", "admiral", "kasad", "kasal", "kasau"), "MIL"),
    (("kapolri", "kapolda", "kapolres", "polisi", "police", "kombes", "irjen", "komjen", "brigjen"), "COP"),
    (("hakim", "jaksa", "judge", "prosecutor"), "JUD"),
    (("anggota", "ketua", "senator", "speaker", "lawmaker"), "LEG"),
)

_FILLERS = {
    "id": frozenset({"luar", "negeri", "dalam", "besar", "urusan", "wakil", "republik", "rakyat", "federasi",
                     "kerajaan",
                     "para", "pihak", "sang", "tinggi", "bersenjata", "keamanan", "nasional", "pusat", "bidang",
                     "jenderal", "utama", "pertahanan", "dan", "resmi", "asing"}),
    "en": frozenset({"'s", "’s", "'", "of", "from", "three", "several", "the", "new", "senior", "top", "junior",
                     "former", "interim", "deputy",
                     "foreign", "defence", "defense", "interior", "security", "armed", "chief", "special", "national",
                     "state", "federal", "local", "provincial", "regional", "ruling", "official", "acting", "outgoing",
                     "newly", "appointed", "elected", "visiting", "exiled", "ousted", "u.n.", "un", "-", "led",
                     "backed", "based", "military", "riot", "border", "intelligence", "peacekeeping", "relief",
                     "aid", "human", "rights", "group", "two", "paper", "young", "angry", "hundreds",
                     "thousands", "nationalist", "extremist", "religious", "radical", "pro", "anti", "ethnic",
                     "civilian", "jewish", "muslim", "christian", "islamic", "hindu", "buddhist", "sunni", "shiite"}),
}
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "para", "sang", "pihak", "kaum", "seorang",
                          "sejumlah", "beberapa", "ribuan", "ratusan", "puluhan", "some", "many", "several", "two",
                          "three", "four", "five", "hundreds", "thousands", "dozens", "tens", "of", "more", "than",
                          "southern", "northern", "eastern", "western", "central", "south", "north", "east", "west",
                          "southeastern", "southwestern", "northeastern", "northwestern", "neighboring",
                          "neighbouring", "selatan", "utara", "timur", "barat", "tengah"})


@dataclass
class Atom:
    t0: int
    t1: int
    kind: str  # person org state demonym place igo ngo sector pronoun media
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    name: str = ""


@dataclass
class Actor:
    t0: int
    t1: int
    start: int
    end: int
    name: str
    kind: str  # person org state place crowd igo ngo pronoun media
    country: str | None
    sector: str | None
    entity: str | None
    oblique: bool = False
    atoms: list[Atom] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        if self.country:
            return self.country
        if self.kind in ("igo", "ngo"):
            return self.kind.upper()
        return None

    def as_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "country": self.country, "sector": self.sector,
                "code": self.code}


_AFFIX_SUFFIXES = ("-led", "-backed", "-based", "-born", "-run", "-controlled", "-dominated", "-held", "-allied",
                   "-supported", "-sponsored", "-owned")


@lru_cache(maxsize=1)
def _place_index() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """English place names and demonyms by first word (bare tokens), longest first."""
    from warta.nlp.tokenize import tokenize

    out: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for surface, (code, kind) in actor_words().places_en.items():
        ws = tuple(_bare(t.text) for t in tokenize(surface))
        if ws:
            out.setdefault(ws[0], []).append((ws, code, kind))
    for lst in out.values():
        lst.sort(key=lambda x: -len(x[0]))
    return out


def _bare(word: str) -> str:
    """A token without its possessive ("Serbia's") or an affixed participle ("Vietnamese-led")."""
    if "'" not in word and "’" not in word and "-" not in word:
        return word
    if word.endswith(("'s", "’s")) and len(word) > 3:
        return word[:-2]
    if word.endswith(("s'", "s’")) and len(word) > 3:
        return word[:-1]
    for suf in _AFFIX_SUFFIXES:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return word[: -len(suf)]
    return word


@lru_cache(maxsize=4)
def _sector_index(lang: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for ws, sector in actor_words().sectors[lang]:
        out.setdefault(ws[0], []).append((ws, sector))
    return out


@lru_cache(maxsize=1)
def _igo_index() -> tuple[dict[str, list[tuple[str, ...]]], dict[str, list[tuple[str, ...]]]]:
    aw = actor_words()
    igo: dict[str, list[tuple[str, ...]]] = {}
    ngo: dict[str, list[tuple[str, ...]]] = {}
    for ws in aw.igo:
        igo.setdefault(ws[0], []).append(ws)
    for ws in aw.ngo:
        ngo.setdefault(ws[0], []).append(ws)
    return igo, ngo


def _sector_of_words(words: list[str], lang: str) -> str | None:
    index = _sector_index(lang)
    for i in range(len(words)):
        for ws, sector in index.get(words[i], ()):
            if tuple(words[i : i + len(ws)]) == ws:
                return sector
    return None


def _role_sector(title: str, lang: str) -> str | None:
    low = title.lower().split()
    for heads, sector in _ROLE_SECTOR:
        if low and (low[0] in heads or (len(low) > 1 and low[0] == "wakil" and low[1] in heads)):
            return sector
    s = _sector_of_words(low, "id") or _sector_of_words(low, "en")
    if s in ("DIP", "MIL", "COP", "JUD", "LEG"):
        return s
    return "GOV" if low else None


def find_actors(text: str, tokens: list[Token], analysis: dict[str, Any] | None, lang: str,
                preps: frozenset[str] = frozenset(), spans: list[tuple[int, int]] | None = None) -> list[Actor]:
    """Actor phrases of ``text`` in reading order; ``preps`` make a phrase oblique.

    ``spans`` (token ranges) limits the search to the sentences that need actors.
    """
    from warta.nlp.gazetteer import gazetteer

    aw = actor_words()
    words = [_bare(t.text) for t in tokens]
    lows = [t.text.lower() for t in tokens]
    starts = [t.start for t in tokens]
    n = len(tokens)
    covered = [False] * n
    if spans is not None:
        covered = [True] * n
        for a, b in spans:
            for k in range(max(a, 0), min(b, n)):
                covered[k] = False
    ranges = spans if spans is not None else [(0, n)]
    atoms: list[Atom] = []

    def tok_range(s: int, e: int) -> tuple[int, int]:
        i = bisect.bisect_left(starts, s)
        j = bisect.bisect_left(starts, e)
        return min(i, n), min(max(j, i + 1), n)

    def add(atom: Atom) -> None:
        if atom.t0 >= atom.t1 or any(covered[atom.t0 : atom.t1]):
            return
        for k in range(atom.t0, atom.t1):
            covered[k] = True
        atoms.append(atom)

    entities = {e["id"]: e for e in (analysis or {}).get("entities", []) or [] if isinstance(e, dict) and e.get("id")}
    gaz = gazetteer()

    def from_analysis() -> None:
        for m in (analysis or {}).get("mentions", []) or []:
            if not isinstance(m, dict) or m.get("field", "text") != "text" or not isinstance(m.get("start"), int) \
                    or not isinstance(m.get("end"), int) or not isinstance(m.get("text"), str):
                continue
            i, j = tok_range(m["start"], m["end"])
            ent = entities.get(m.get("entity") or "", {})
            typ = m.get("type")
            country = ent.get("country")
            if typ == "PERSON":
                roles = ent.get("roles") or []
                title = roles[0]["title"] if roles else ""
                country = next((r["country"] for r in roles if r.get("country")), country)
                sector = _role_sector(title, lang) if title else None
                add(Atom(i, j, "person", country, sector, ent.get("id"), m["text"]))
            elif typ == "COUNTRY":
                g = gaz.lookup(m["text"])
                code = ent.get("code") or country or (g.code if g is not None and g.type == "COUNTRY" else None)
                add(Atom(i, j, "state", code, None, ent.get("id"), m["text"]))
            elif typ == "LOCATION":
                add(Atom(i, j, "place", country, None, ent.get("id"), m["text"]))
            elif typ == "MEDIA":
                add(Atom(i, j, "media", country, "MED", ent.get("id"), m["text"]))
            elif typ == "ORGANIZATION":
                g = gaz.lookup(m["text"])
                if g is not None and g.kind == "intl":
                    add(Atom(i, j, "igo", None, "IGO", ent.get("id"), m["text"]))
                    continue
                low = [w.lower() for w in words[i:j]]
                sector = _sector_of_words(low, lang) or _sector_of_words(low, "id" if lang == "en" else "en")
                if sector is None and g is not None and g.kind == "state":
                    sector = "GOV"
                add(Atom(i, j, "org", country, sector, ent.get("id"), m["text"]))

        # a person's name or alias the tagger missed elsewhere ("pernyataan Lukashenko yang ...")
        person_forms: dict[tuple[str, ...], dict[str, Any]] = {}
        for ent in entities.values():
            if ent.get("type") != "PERSON":
                continue
            for surface in [ent.get("name") or "", *ent.get("aliases", [])]:
                parts = tuple(surface.split())
                if parts and all(p[:1].isupper() for p in parts):
                    person_forms.setdefault(parts, ent)
                    if len(parts) > 1:
                        person_forms.setdefault(parts[-1:], ent)
        if person_forms:
            first_words = {p[0] for p in person_forms}
            for k in range(n):
                if covered[k] or words[k] not in first_words:
                    continue
                for parts, ent in sorted(person_forms.items(), key=lambda x: -len(x[0])):
                    if tuple(words[k : k + len(parts)]) == parts:
                        roles = ent.get("roles") or []
                        country = next((r["country"] for r in roles if r.get("country")), ent.get("country"))
                        title = roles[0]["title"] if roles else ""
                        add(Atom(k, k + len(parts), "person", country, _role_sector(title, lang) if title else None,
                                 ent.get("id"), " ".join(parts)))
                        break

    def from_gazetteers() -> None:
        igo_index, ngo_index = _igo_index()
        # international bodies, then places and demonyms (case-sensitive), then the gazetteer
        for k in range(n):
            if covered[k]:
                continue
            for names, kind in ((igo_index.get(words[k], ()), "igo"), (ngo_index.get(words[k], ()), "ngo")):
                for ws in names:
                    if tuple(words[k : k + len(ws)]) == ws:
                        add(Atom(k, k + len(ws), kind, None, kind.upper(), None, " ".join(ws)))
                        break
        place_index = _place_index()
        for k in range(n):
            if covered[k]:
                continue
            for ws, code, kind in place_index.get(words[k], ()):
                length = len(ws)
                if tuple(words[k : k + length]) == ws:
                    add(Atom(k, k + length, {"demonym": "demonym", "country": "state"}.get(kind, "place"), code,
                             None, None, text[tokens[k].start : tokens[k + length - 1].end]))
                    break
        found = [(i + a, j + a, e) for a, b in ranges for i, j, e in gaz.match(words[a:b])]
        for i, j, entry in found:
            if any(covered[i:j]):
                continue
            if entry.type == "COUNTRY":
                add(Atom(i, j, "state", entry.code, None, None, " ".join(words[i:j])))
            elif entry.type == "LOCATION":
                add(Atom(i, j, "place", entry.code or None, None, None, " ".join(words[i:j])))
            elif entry.type == "ORGANIZATION":
                kind = "igo" if entry.kind == "intl" else "org"
                add(Atom(i, j, kind, entry.code or None, "IGO" if kind == "igo" else "GOV", None, " ".join(words[i:j])))


    # Indonesian: the NLP step's mentions first (its tagger reads Indonesian); English: the
    # gazetteers and word lists (the tagger, trained on Indonesian, mislabels English text)
    if lang == "id":
        from_analysis()
        from_gazetteers()
    else:
        from_gazetteers()
        if analysis and analysis.get("language", "id") == "en":
            from_analysis()  # only a tagger that reads English is worth its mentions here

    # sector words and pronouns
    sector_index = _sector_index("id" if lang == "id" else "en")
    pron = aw.pronouns.get(lang, frozenset()) | aw.pronouns.get(f"{lang}_first", frozenset())
    for k in range(n):
        if covered[k]:
            continue
        for ws, sector in sector_index.get(lows[k], ()):
            if tuple(lows[k : k + len(ws)]) == ws:
                end = k + len(ws)
                # "kelompok pro-Barat", "anti-government protesters": a political crowd
                if end < n and lows[end].startswith(("pro-", "anti-")) and aw.kinds.get(sector) == "crowd":
                    end += 1
                    sector = "OPP"
                add(Atom(k, end, "sector", None, sector, None, " ".join(words[k:end])))
                break
        else:
            if lows[k] in pron and not covered[k]:
                add(Atom(k, k + 1, "pronoun", None, None, None, words[k]))

    atoms.sort(key=lambda a: a.t0)
    return _assemble(text, tokens, lows, atoms, lang, preps)


def _assemble(text: str, tokens: list[Token], lows: list[str], atoms: list[Atom], lang: str,
              preps: frozenset[str]) -> list[Actor]:
    aw = actor_words()
    fillers = _FILLERS["id" if lang == "id" else "en"]
    groups: list[list[Atom]] = []
    for a in atoms:
        if groups:
            prev = groups[-1][-1]
            gap = lows[prev.t1 : a.t0]
            gap_raw = [t.text for t in tokens[prev.t1 : a.t0]]
            joinable = len(gap) <= 4 and all(
                g in fillers or (raw[:1].isupper() and lang == "id" and g not in ("di", "pada"))
                or (lang == "en" and raw[:1].isupper() and raw.lower() not in ("in", "on", "at"))
                or g.startswith(("pro-", "anti-"))
                for g, raw in zip(gap, gap_raw, strict=True)
            )
            if "\n" in text[tokens[prev.t1 - 1].end : tokens[a.t0].start]:
                joinable = False
            # an apposition: "Presiden Belarus, Alexander Lukashenko"
            newline = "\n" in text[tokens[prev.t1 - 1].end : tokens[a.t0].start]
            if not joinable and not newline and gap == [","] and a.kind == "person" and prev.kind in (
                    "sector", "state", "demonym", "org"):
                joinable = True
            if a.kind == "pronoun" or prev.kind == "pronoun" or prev.kind == "person" or \
                    (prev.kind in ("place", "media") and a.kind != "sector") or a.kind == "media":
                joinable = False
            if joinable and len(gap) == 0 and prev.kind == a.kind == "state":
                joinable = False  # "Israel Lebanon" lists are separate actors
            if joinable and any(x.kind in ("state", "demonym") for x in groups[-1]) and a.kind in (
                    "state", "demonym") and not any(x.kind == "sector" for x in groups[-1]):
                joinable = False
            if joinable:
                groups[-1].append(a)
                continue
        groups.append([a])

    out: list[Actor] = []
    n = len(tokens)
    for g in groups:
        t0, t1 = g[0].t0, g[-1].t1
        # English: a title phrase followed by a capitalised name ("President Hosni Mubarak")
        if lang == "en" and g[-1].kind == "sector":
            k = t1
            while k < n and k - t1 < 4 and tokens[k].text[:1].isupper() and lows[k] not in ("in", "on", "at") \
                    and tokens[k].text.isalpha():
                k += 1
            t1 = k
        kinds = [a.kind for a in g]
        person = next((a for a in g if a.kind == "person"), None)
        with_sector = [a for a in g if a.sector]
        sector_atom = (with_sector[-1] if lang == "en" else with_sector[0]) if with_sector else None
        sector = sector_atom.sector if sector_atom else None
        country = next((a.country for a in g if a.kind in ("state", "demonym") and a.country), None) or \
            next((a.country for a in g if a.country), None)
        if person is not None:
            kind = "person"
            sector = person.sector or sector
            if person.country:
                country = person.country
        elif "igo" in kinds or "ngo" in kinds:
            kind = "igo" if "igo" in kinds else "ngo"
            sector = sector if sector not in (None, "GOV") else kind.upper()
            if kind in ("igo", "ngo") and not any(a.kind in ("state", "demonym") for a in g):
                country = None
        elif "org" in kinds:
            kind = "org"
        elif "sector" in kinds:
            kind = "crowd" if aw.kinds.get(sector or "", "org") == "crowd" else "org"
        elif "pronoun" in kinds:
            kind = "pronoun"
        elif "media" in kinds:
            kind = "media"
        elif "place" in kinds and "state" not in kinds and "demonym" not in kinds:
            kind = "place"
        else:
            kind = "state"
            only = g[0] if len(g) == 1 else None
            if only is not None and only.kind == "demonym" and only.name.endswith("s") and \
                    only.name[:-1] in aw.places_en:
                kind = "crowd"  # "Nigerians", "Palestinians": people of a state
        # oblique: a preposition before the phrase (determiners skipped)
        k = t0 - 1
        while k >= 0 and lows[k] in _DETERMINERS:
            k -= 1
        entity = (person.entity if person else None) or next((a.entity for a in g if a.entity and a.kind in (
            "org", "igo")), None) or next((a.entity for a in g if a.entity), None)
        start, end = tokens[t0].start, tokens[t1 - 1].end
        out.append(Actor(t0, t1, start, end, text[start:end], kind, country, sector, entity, False, g))
        out[-1].oblique = k >= 0 and lows[k] in preps
    return out
