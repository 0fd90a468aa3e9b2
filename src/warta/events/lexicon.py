"""Event lexicons: trigger forms by voice, PLOVER types and scores, actor words.

Everything here is read from the readable data files in ``warta/resources/events_*``
(documented in ``docs/events.md``) once, lazily, and never changes afterwards.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

VOICES = ("active", "passive", "nominal")


@dataclass(frozen=True)
class Entry:
    """One verb family of a lexicon: what its forms code to, and when."""

    idx: int
    type: str
    modes: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()
    excludes: frozenset[str] = frozenset()
    actor: str | None = None  # "crowd" | "official" | None
    if_negated: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Form:
    words: tuple[str, ...]  # lower-cased; "*" is a gap of up to three words
    entry: Entry
    voice: str
    participle: bool = False  # an English -ed/-en form: passive after an auxiliary


@dataclass
class Lexicon:
    lang: str
    grammar: dict[str, list[tuple[str, ...]]]
    forms: dict[str, list[Form]]  # first word -> forms, longest first
    mode_cues: dict[str, dict[str, list[tuple[str, ...]]]]
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # single-word grammar sets
    nominal_too: set[tuple[tuple[str, ...], int]] = field(default_factory=set)  # forms listed as verb and noun

    _phrase_cache: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    _cue_cache: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = field(default_factory=dict)

    def is_word(self, key: str, word: str) -> bool:
        return word in self.words.get(key, frozenset())

    def phrase_index(self, key: str) -> dict[str, list[tuple[str, ...]]]:
        """Grammar phrases of ``key`` by first word."""
        idx = self._phrase_cache.get(key)
        if idx is None:
            idx = {}
            for ph in self.grammar.get(key, ()):
                idx.setdefault(ph[0], []).append(ph)
            self._phrase_cache[key] = idx
        return idx

    def cue_index(self, etype: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Mode cue phrases of a type by first word: (phrase, mode)."""
        idx = self._cue_cache.get(etype)
        if idx is None:
            idx = {}
            for mode, phrases in self.mode_cues.get(etype, {}).items():
                for ph in phrases:
                    idx.setdefault(ph[0], []).append((ph, mode))
            self._cue_cache[etype] = idx
        return idx


def _read(name: str) -> str:
    return resources.files("warta").joinpath("resources", name).read_text("utf-8")


def split_words(phrase: str) -> tuple[str, ...]:
    """Lower-cased words of a lexicon phrase, split like the tokenizer splits text."""
    from warta.nlp.tokenize import tokenize

    return tuple(t.text.lower() for t in tokenize(phrase))


def _raw_words(phrase: str) -> tuple[str, ...]:
    from warta.nlp.tokenize import tokenize

    return tuple(t.text for t in tokenize(phrase))


_VOWELS = set("aeiou")
# verbs stressed on a final consonant-vowel-consonant syllable double it: expelled, admitted
_STRESSED_FINAL = frozenset(
    "expel compel propel repel control patrol admit commit submit permit omit emit transmit occur refer prefer "
    "confer defer deter regret abet equip kidnap worship".split()
)


# English irregular verbs of the lexicons: base -> past and past participle forms
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beat", "beaten"), "begin": ("began", "begun"), "bind": ("bound",), "blow": ("blew", "blown"),
    "break": ("broke", "broken"), "bring": ("brought",), "cut": ("cut",), "fight": ("fought",),
    "flee": ("fled",), "fly": ("flew", "flown"), "forbid": ("forbade", "forbidden"), "forgive": ("forgave", "forgiven"),
    "freeze": ("froze", "frozen"), "give": ("gave", "given"), "hit": ("hit",), "hold": ("held",), "lay": ("laid",),
    "lead": ("led",), "leave": ("left",), "let": ("let",), "lose": ("lost",), "meet": ("met",),
    "overrun": ("overran", "overrun"), "overthrow": ("overthrew", "overthrown"), "pay": ("paid",), "put": ("put",),
    "quit": ("quit",), "say": ("said",), "seek": ("sought",), "sell": ("sold",), "send": ("sent",), "set": ("set",),
    "shoot": ("shot",), "shut": ("shut",), "slay": ("slew", "slain"), "spread": ("spread",),
    "steal": ("stole", "stolen"), "strike": ("struck", "stricken"), "swear": ("swore", "sworn"),
    "take": ("took", "taken"), "tell": ("told",), "throw": ("threw", "thrown"),
    "undertake": ("undertook", "undertaken"),
    "win": ("won",), "withdraw": ("withdrew", "withdrawn"), "withhold": ("withheld",), "arise": ("arose", "arisen"),
    "stand": ("stood",), "speak": ("spoke", "spoken"), "rebuild": ("rebuilt",), "build": ("built",),
    "shell": ("shelled",), "mislead": ("misled",), "mistake": ("mistook", "mistaken"), "offer": ("offered",),
}


def inflect(base: str) -> list[tuple[str, bool]]:
    """English forms of a verb phrase: (form, is_participle). Inflects the first word."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _IRREGULAR:
        third = head + "es" if head.endswith(("s", "sh", "ch", "x", "z", "o")) else head + "s"
        ing = (head[:-1] if head.endswith("e") and not head.endswith("ee") else
               head + head[-1] if head in ("cut", "hit", "let", "put", "quit", "set", "shut", "win", "begin",
                                           "forbid", "overrun") else head) + "ing"
        return [(base, False), (third + tail, False), (ing + tail, False)] + [
            (p + tail, True) for p in _IRREGULAR[head]]
    forms: list[tuple[str, bool]] = [(base, False)]
    if head.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = head + "es"
    elif head.endswith("y") and head[-2:-1] not in _VOWELS:
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    double = (
        len(head) <= 4 and len(head) >= 3 and head[-1] not in _VOWELS | {"w", "x", "y"}
        and head[-2] in _VOWELS and head[-3] not in _VOWELS
    )
    double = double or head in _STRESSED_FINAL
    stem = head + head[-1] if double else head
    if head.endswith("e"):
        past, ing = head + "d", head[:-1] + "ing"
    elif head.endswith("y") and head[-2:-1] not in _VOWELS:
        past, ing = head[:-1] + "ied", head + "ing"
    else:
        past, ing = stem + "ed", stem + "ing"
    forms += [(third + tail, False), (past + tail, True), (ing + tail, False)]
    if head.endswith("l") and head[-2:-1] in _VOWELS and head[-3:-2] not in _VOWELS and not double:
        # British spelling doubles a final l: cancelled, labelled
        forms += [(head + "led" + tail, True), (head + "ling" + tail, False)]
    return forms


def _load_lexicon(lang: str) -> Lexicon:
    data: dict[str, Any] = tomllib.loads(_read(f"events_{lang}.toml"))
    grammar = {k: [split_words(p) for p in v] for k, v in data.get("grammar", {}).items()}
    words = {k: frozenset(p[0] for p in v if len(p) == 1) for k, v in grammar.items()}
    forms: dict[str, list[Form]] = {}
    seen: set[tuple[tuple[str, ...], int]] = set()

    nominal_too: set[tuple[tuple[str, ...], int]] = set()

    def add(phrase: str, entry: Entry, voice: str, participle: bool = False) -> None:
        ws = split_words(phrase)
        if voice == "nominal":
            nominal_too.add((ws, entry.idx))
        if not ws or (ws, entry.idx) in seen:
            return
        seen.add((ws, entry.idx))
        forms.setdefault(ws[0], []).append(Form(ws, entry, voice, participle))

    for idx, raw in enumerate(data.get("trigger", [])):
        entry = Entry(
            idx=idx,
            type=raw["type"],
            modes=tuple(raw.get("modes", ())),
            context=tuple(raw.get("context", ())),
            requires=tuple(split_words(w) for w in raw.get("requires", ())),
            excludes=frozenset(w.lower() for w in raw.get("excludes", ())),
            actor=raw.get("actor"),
            if_negated=raw.get("if_negated"),
            note=raw.get("note", ""),
        )
        for verb in raw.get("verbs", ()):
            for form, participle in inflect(verb):
                add(form, entry, "active", participle)
        for voice in VOICES:
            for phrase in raw.get(voice, ()):
                participle = lang == "en" and voice == "active" and " " not in phrase and bool(
                    re.search(r"(?:ed|en|wn|ught|ung|ade|eld|ept|ent|et|ot|ut|ost)$", phrase))
                add(phrase, entry, voice, participle)
    for lst in forms.values():
        # longest first; for equal length keep file order (earlier entries win)
        lst.sort(key=lambda f: (-len(f.words), f.entry.idx))
    cues = {
        typ: {mode: [split_words(w) for w in ws] for mode, ws in modes.items()}
        for typ, modes in data.get("mode_cues", {}).items()
    }
    contexts = {ctx: [split_words(w) for w in ws] for ctx, ws in data.get("contexts", {}).items()}
    if contexts:
        cues["_CONTEXT"] = contexts  # looked up like mode cues, by first word
    return Lexicon(lang=lang, grammar=grammar, forms=forms, mode_cues=cues, words=words, nominal_too=nominal_too)


@lru_cache(maxsize=4)
def lexicon(lang: str) -> Lexicon:
    """The trigger lexicon of a language ("id" or "en"; anything else reads as English)."""
    return _load_lexicon("id" if lang == "id" else "en")


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: str
    score: float
    recipient: bool
    modes: dict[str, float]


@lru_cache(maxsize=1)
def plover() -> dict[str, PloverType]:
    """The 16 PLOVER 2.0 types with their modes and scores (resources/events_plover.toml)."""
    data = tomllib.loads(_read("events_plover.toml"))
    return {
        name: PloverType(name, t["quad"], float(t["score"]), bool(t["recipient"]),
                         {m: float(s) for m, s in t.get("modes", {}).items()})
        for name, t in data["types"].items()
    }


@lru_cache(maxsize=1)
def v05_to_v2() -> dict[str, str]:
    """PLOVER 0.5 labels that changed in 2.0 (DEMAND -> REQUEST, ...)."""
    data = tomllib.loads(_read("events_plover.toml"))
    return dict(data.get("v05", {}))


def score(event: str, modes: list[str] | tuple[str, ...]) -> float:
    """PLOVER score of a type and its modes: the mode scores' most extreme value, else the type's."""
    t = plover().get(event)
    if t is None:
        return 0.0
    vals = [t.modes[m] for m in modes if m in t.modes]
    if not vals:
        return t.score
    return max(vals, key=abs) if t.score <= 0 else max(vals)


@dataclass
class ActorWords:
    sectors: dict[str, list[tuple[tuple[str, ...], str]]]  # lang -> [(words, sector)] longest first
    kinds: dict[str, str]  # sector -> kind
    igo: list[tuple[str, ...]]
    ngo: list[tuple[str, ...]]
    pronouns: dict[str, frozenset[str]]
    places_en: dict[str, tuple[str, str]]  # surface -> (alpha3, kind)


@lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    data = tomllib.loads(_read("events_actors.toml"))
    sectors: dict[str, list[tuple[tuple[str, ...], str]]] = {"id": [], "en": []}
    kinds: dict[str, str] = {}
    for sector, spec in data["sector"].items():
        kinds[sector] = spec.get("kind", "org")
        for lang in ("id", "en"):
            for w in spec.get(lang, ()):
                sectors[lang].append((split_words(w), sector))
    for lst in sectors.values():
        lst.sort(key=lambda x: -len(x[0]))
    places: dict[str, tuple[str, str]] = {}
    for line in _read("events_places_en.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        surface, code, kind = line.split("\t")[:3]
        places[surface] = (code, kind)
    # English country names and aliases of the NLP gazetteer's country table
    for line in _read("nlp_countries.tsv").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) >= 4:
            for surface in [cols[3], *(cols[4].split("|") if len(cols) > 4 else [])]:
                surface = surface.strip()
                if surface and len(surface) > 2 and surface not in places:
                    places[surface] = (cols[0], "country")
    pron = {k: frozenset(" ".join(split_words(w)) for w in v) for k, v in data.get("pronouns", {}).items()}
    return ActorWords(
        sectors=sectors,
        kinds=kinds,
        igo=sorted((_raw_words(n) for n in data["igo"]["names"]), key=len, reverse=True),
        ngo=sorted((_raw_words(n) for n in data["igo"]["ngo"]), key=len, reverse=True),
        pronouns=pron,
        places_en=places,
    )
