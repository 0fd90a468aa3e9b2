"""The PLOVER 2.0 event coder: analysed article in, event records out.

For each sentence the coder finds trigger forms from the language's lexicon
(``resources/events_<lang>.toml``), decides the voice (active, passive, nominal), and
reads the actor and recipient off the clause:

- active: the actor is the subject (the leftmost actor phrase of the clause that is not
  inside a prepositional phrase), the recipient the first actor phrase after the verb;
- passive: the subject is the recipient, the actor follows "oleh"/"by" (or, in
  Indonesian, stands right after the verb); without one the event has no actor and is
  dropped;
- nominal: the event noun takes the subject of its light verb ("menggelar aksi",
  "staged demonstrations"), a genitive ("serangan Israel"), or a possessive ("Israel's
  invasion"); a noun inside a prepositional phrase is a topic, not an event;
- serial verbs ("... oleh X dan mendesak ...") share the previous event's actor;
  complements of a verbal event ("threatened to shell", "mendesak pemerintah memutus
  relasi") are part of it and give it its mode, not events of their own.

Negated events are dropped (or recoded, "not accept" = REJECT); future, hypothetical
and historical events are flagged in ``context`` as the manual's auxiliary modes, and a
promised cooperative act is AGREE, a promised or conditional conflictual act THREATEN.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from warta.events.actors import Actor, find_actors
from warta.events.lexicon import Form, Lexicon, actor_words, lexicon, plover, score
from warta.nlp.tokenize import Token, split_sentences, tokenize

# verbal events whose complement clause is their content, and protests, whose demand is their topic
GOVERNING = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE", "SUPPORT", "CONCEDE", "PROTEST"})
COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})
# sectors that make an actor political even when its state is unknown (CAMEO actor sectors)
# organs of a state and organised armed or political groups: political even without a named state
ORGAN_SECTORS = frozenset({"GOV", "LEG", "JUD", "DIP", "MIL", "COP", "SPY", "OPP", "REB", "IGO", "NGO"})
POLITICAL_SECTORS = frozenset({"GOV", "LEG", "JUD", "DIP", "MIL", "COP", "SPY", "OPP", "REB", "IGO", "NGO", "CVL",
                               "LAB", "EDU", "REF", "REL", "CRM", "MED", "HLH"})
ACTOR_KINDS = frozenset({"person", "org", "state", "crowd", "igo", "ngo", "place"})
MAX_SENTENCE_TOKENS = 400  # longer "sentences" are run-on junk: coded on their first tokens only

_ID_WORDS = frozenset("yang dan di ke dari itu ini dengan untuk tidak dalam akan pada juga oleh sebagai atas bahwa "
                      "telah sudah tak para".split())
_EN_WORDS = frozenset("the of and to in is that for on was with by said as at from has have were will would near "
                      "against an its their".split())


def guess_language(text: str) -> str:
    """"id" or "en" from function words (the article's own ``language`` wins when set)."""
    words = re.findall(r"[a-z]+", text[:4000].lower())
    i = sum(1 for w in words if w in _ID_WORDS)
    e = sum(1 for w in words if w in _EN_WORDS)
    if i == e:  # no telling function words: Indonesian verb prefixes against English suffixes
        i = sum(1 for w in words if w.startswith(("meng", "meny", "mem", "men", "ber", "di", "ter")) and len(w) > 5)
        e = sum(1 for w in words if w.endswith(("ed", "ing", "tion", "ly")) and len(w) > 4)
    return "id" if i >= e else "en"


@dataclass
class _Trigger:
    k: int  # first token
    end: int  # token after the last
    form: Form


@dataclass
class _Event:
    type: str
    modes: list[str]
    context: list[str]
    actor: Actor
    recipient: Actor | None
    trig: _Trigger
    voice: str
    sent: tuple[int, int]  # char span
    confidence: float
    actor_country: str | None = None
    recipient_country: str | None = None
    location: dict[str, Any] | None = None
    date: dict[str, Any] | None = None
    reported_by: dict[str, Any] | None = None
    reporter: Actor | None = None
    extra_sentences: list[tuple[int, int]] = field(default_factory=list)
    absorbed: bool = False  # a complement has been read into this event


def _dicts(items: Any) -> list[dict[str, Any]]:
    """The dict items of an analysis list (a malformed analysis must not break the coder)."""
    return [x for x in items if isinstance(x, dict)] if isinstance(items, list) else []


class _Doc:
    """Tokens, actor phrases, sentences and dates of one text, with index helpers."""

    def __init__(self, text: str, analysis: dict[str, Any], lang: str, published: date | None) -> None:
        self.text = text
        self.lang = lang
        self.lex: Lexicon = lexicon(lang)
        self.tokens: list[Token] = tokenize(text)
        self.lows = [t.text.lower() for t in self.tokens]
        if lang == "id":
            # clitic -nya: "kekhawatirannya" matches "kekhawatiran"
            self.norm = [w[:-3] if w.endswith("nya") and len(w) > 6 else w for w in self.lows]
        else:
            self.norm = self.lows
        self.starts = [t.start for t in self.tokens]
        preps = self.lex.words.get("prepositions", frozenset())
        self.sentences = _join_abbreviations(text, split_sentences(text))
        # triggers first: actors are only looked for in sentences with a trigger and the two before
        self.triggers: dict[int, list[list[_Trigger]]] = {}
        spans: list[tuple[int, int]] = []
        bounds = [(self.tok(a), self.tok(b)) for a, b in self.sentences]
        for i, (t0, t1) in enumerate(bounds):
            found = _find_triggers(self, t0, min(t1, t0 + MAX_SENTENCE_TOKENS))
            if found:
                self.triggers[i] = found
                spans.append((bounds[max(0, i - 2)][0], t1))
        self.actors: list[Actor] = find_actors(text, self.tokens, analysis, lang, preps, spans)
        self.actor_starts = [a.t0 for a in self.actors]
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
        self.dates = sorted(
            (d for d in _dicts(analysis.get("dates")) if d.get("field", "text") == "text" and d.get("value")
             and isinstance(d.get("start"), int)),
            key=lambda d: d["start"],
        )
        self.quotes = [q for q in _dicts(analysis.get("quotes")) if q.get("field", "text") == "text"
                       and isinstance(q.get("start"), int) and isinstance(q.get("end"), int)]
        self.entities = {e["id"]: e for e in _dicts(analysis.get("entities")) if e.get("id")}
        self.published = published
        self.home: str | None = None
        days = [d["value"] for d in self.dates if d.get("precision") == "day" and not d.get("relative")]
        self.reference = published or (date.fromisoformat(max(days)[:10]) if days else None)

    def tok(self, char: int) -> int:
        return bisect.bisect_left(self.starts, char)

    def actors_in(self, t0: int, t1: int) -> list[Actor]:
        i = bisect.bisect_left(self.actor_starts, t0)
        out = []
        while i < len(self.actors) and self.actors[i].t0 < t1:
            if self.actors[i].t1 <= t1:
                out.append(self.actors[i])
            i += 1
        return out

    def has_phrase(self, key: str, t0: int, t1: int) -> bool:
        index = self.lex.phrase_index(key)
        norm = self.norm
        for k in range(max(t0, 0), t1):
            for ph in index.get(norm[k], ()):
                n = len(ph)
                if k + n <= t1 and (n == 1 or tuple(norm[k : k + n]) == ph):
                    return True
        return False

    def ends_with_phrase(self, key: str, k: int, floor: int) -> int | None:
        """Start token of a grammar phrase ending right before token ``k``."""
        best = None
        for ph in self.lex.grammar.get(key, ()):
            n = len(ph)
            if k - n >= floor and tuple(self.norm[k - n : k]) == ph:
                best = k - n if best is None else min(best, k - n)
        return best


_OPENERS = frozenset("The A An He She It They We I In On At But And This That These Those Meanwhile However".split())


def _join_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo sentence breaks after dotted initialisms ("a U.N. Security Council resolution")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            first = text[s:e].split(" ", 1)[0]
            if re.search(r"(?:\b[A-Z]\.){2,}$", text[ps:pe]) and first not in _OPENERS and "\n" not in text[pe:s]:
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _match_form(words: tuple[str, ...], norm: list[str], k: int, limit: int) -> int | None:
    i = k
    gap = False
    for w in words:
        if w == "*":
            gap = True
            continue
        if gap:
            for j in range(i, min(i + 4, limit)):
                if norm[j] == w or (norm[j].startswith(w) and len(norm[j]) - len(w) <= 3):
                    i = j + 1
                    break
            else:
                return None
            gap = False
        else:
            if i >= limit or norm[i] != w:
                return None
            i += 1
    return i


def _find_triggers(doc: _Doc, t0: int, t1: int) -> list[list[_Trigger]]:
    """Trigger candidates per position (longest first), non-overlapping across positions."""
    out: list[list[_Trigger]] = []
    k = t0
    forms = doc.lex.forms
    while k < t1:
        cands = forms.get(doc.norm[k]) or (forms.get(doc.lows[k]) if doc.norm[k] != doc.lows[k] else None)
        found: list[_Trigger] = []
        if cands:
            for f in cands:
                end = _match_form(f.words, doc.norm, k, t1)
                if end is not None:
                    found.append(_Trigger(k, end, f))
        if found:
            out.append(found)
            k = max(t.end for t in found[:1])
        else:
            k += 1
    return out


def _requires_ok(doc: _Doc, trig: _Trigger, s0: int, s1: int) -> bool:
    req = trig.form.entry.requires
    if not req:
        return True
    lo, hi = max(s0, trig.k - 8), min(s1, trig.end + 8)
    window = doc.norm[lo:hi]
    for ph in req:
        n = len(ph)
        for i in range(len(window) - n + 1):
            if tuple(window[i : i + n]) == ph:
                return True
    return False


def _clause_start(doc: _Doc, k: int, s0: int) -> int:
    words = doc.lex.words.get("clause_openers", frozenset())
    for i in range(k - 1, s0 - 1, -1):
        if doc.lows[i] in words:
            return i + 1
    return s0


def _clause_end(doc: _Doc, k: int, s1: int, etype: str = "") -> int:
    words = doc.lex.words.get("clause_openers", frozenset())
    keep = {"that", "yang", "bahwa"}
    if etype == "THREATEN":
        keep |= {"unless", "if", "jika", "kecuali", "apabila", "bila"}
    for i in range(k, s1):
        if doc.lows[i] in words and doc.lows[i] not in keep:
            if doc.lows[i] == "as" and i + 1 < s1 and doc.lows[i + 1] in _AS_PREPOSITION:
                continue  # "denounced as an ugly crime": a preposition here
            return i
    return s1


_DETS = frozenset({"ratusan", "ribuan", "puluhan", "sejumlah", "beberapa", "seorang", "sekelompok", "the", "a", "an",
                   "all", "any", "this", "these", "those", "its", "their", "his", "her", "para", "sang", "kota",
                   "southern", "northern",
                   "eastern", "western", "central", "south", "north", "east", "west", "southeastern", "southwestern",
                   "northeastern", "northwestern", "neighboring", "neighbouring", "two", "three", "four", "five", "six",
                   "several", "some", "many", "most", "other", "war-torn", "occupied", "selatan", "utara",
                   "timur", "barat", "tengah", "wilayah", "provinsi"})
_NOUN_DETS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                        "all", "any", "every", "each", "no", "such"})
_NOUN_PREPS = frozenset({"in", "of", "for", "with", "from", "on", "at", "by", "into", "about", "over", "under",
                         "without", "after", "before", "against", "between"})
_VERBAL = frozenset({"will", "would", "to", "not", "can", "could", "may", "might", "must", "should", "shall",
                     "did", "does", "do", "also", "and", "then"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my"})
_RECIPIENT_BOUNDARIES = frozenset({"following", "after", "during", "despite", "amid", "before", "setelah", "sesudah",
                                   "sebelum", "selama", "meski", "menyusul", "usai"})
_SUBORDINATORS = frozenset({"after", "as", "when", "while", "because", "since", "although", "though", "whereas",
                            "setelah", "sesudah", "ketika", "saat", "karena", "sebab", "meski", "meskipun",
                            "walaupun", "sementara", "before", "sebelum", "until", "hingga", "who", "which", "whose",
                            "yang", "where"})
_AS_PREPOSITION = frozenset({"a", "an", "the", "part", "well", "such", "much", "long", "far", "many", "its", "their"})
# readiness or a promise to do something conflictual is a threat ("vowed to retaliate")
_READINESS = frozenset({"prepared", "ready", "willing", "siap", "bersedia", "vow", "vowed", "vows", "pledged",
                        "pledge", "pledges", "promised", "promise", "promises", "bertekad", "berjanji", "bersumpah"})
_COMPLEMENT_OPENERS = frozenset({"that", "bahwa", "agar", "supaya", "untuk", "to", "guna"})


def _prev_word(doc: _Doc, t: int) -> str:
    k = t - 1
    while k >= 0 and doc.lows[k] in _DETS:
        k -= 1
    return doc.lows[k] if k >= 0 else ""


def _usable(a: Actor) -> bool:
    return a.kind in ACTOR_KINDS or a.kind == "pronoun"


def _subject(doc: _Doc, k: int, cs: int, s0: int) -> Actor | None:
    cands = [a for a in doc.actors_in(cs, k) if not a.oblique and _usable(a)]
    if cands:
        # prefer an actor over a bare place ("in Hong Kong" aside): places only as metonyms
        best = next((a for a in cands if a.kind != "place"), cands[0])
        return best
    return None


def _after_marker(doc: _Doc, key: str, t: int, ce: int) -> Actor | None:
    marks = doc.lex.words.get(key, frozenset())
    for i in range(t, min(ce, t + 12)):
        if doc.lows[i] in marks:
            for a in doc.actors_in(i + 1, ce):
                if _usable(a):
                    return a
            return None
    return None


# where a mobilisation is directed: "against X", "near X", "ke perbatasan X", "di sekitar X"
_MOBILIZE_TOWARD = frozenset({"against", "terhadap", "melawan", "toward", "towards", "near", "dekat", "around",
                              "sekitar", "perbatasan", "border", "borders", "off"})
_ADDRESSEE = frozenset({"to", "kepada"})
_ABOUT = frozenset({"over", "about", "against", "at", "atas", "terhadap", "soal", "mengenai", "tentang", "of", "for"})


def _weak(a: Actor) -> bool:
    """A bare sector noun ("pasukan", "the troops") or a place of no known state."""
    return (a.kind in ("org", "crowd") and not a.country and not a.entity) or (a.kind == "place" and not a.country)


def _object(doc: _Doc, end: int, ce: int, actor: Actor | None, etype: str,
            passive: bool = False) -> tuple[Actor | None, bool]:
    """The recipient after ``end``; the flag says it is the place where the event happened.

    In order of preference: the first actor phrase after the verb that names a state or an
    entity (skipping the passive agent and places after a location preposition); a place
    after a location preposition; a bare sector noun right after the verb ("mendesak
    pemerintah"); an actor phrase after "following", "after", "during" (background); any
    bare sector noun. A bare noun followed by "of/from X" gives X ("a mission of observers
    from the OSCE").
    """
    locp = doc.lex.words.get("location_prepositions", frozenset())
    agent = doc.lex.words.get("passive_agent", frozenset())
    boundary = ce
    for i in range(end, ce):
        if doc.lows[i] in _RECIPIENT_BOUNDARIES:
            boundary = i
            break
    cands = [a for a in doc.actors_in(end, ce) if _usable(a) and a.kind != "pronoun"]
    if actor is not None:
        cands = [a for a in cands
                 if not (a is actor or (a.entity and a.entity == actor.entity) or a.name == actor.name)]
    if passive:
        cands = [a for a in cands if _prev_word(doc, a.t0) not in agent]
    if etype in ("ACCUSE", "PROTEST") and len(cands) > 1:
        # "complained to the UN over Israeli air raids": the recipient is what is complained about
        about = [a for a in cands if _prev_word(doc, a.t0) in _ABOUT]
        addressed = [a for a in cands if _prev_word(doc, a.t0) in _ADDRESSEE]
        if about and addressed and addressed[0].t0 < about[0].t0:
            cands = [a for a in cands if a not in addressed]
    if etype == "MOBILIZE":
        against = [a for a in cands if _prev_word(doc, a.t0) in _MOBILIZE_TOWARD
                   or (_prev_word(doc, a.t0) in ("with", "dengan", "of") and a.t0 > 1 and
                       doc.lows[a.t0 - 2] in ("border", "borders", "perbatasan"))]
        return (against[0], False) if against else (None, False)
    fallback: Actor | None = None
    late: Actor | None = None
    weak_any: Actor | None = None
    for a in cands:
        before = _prev_word(doc, a.t0)
        if a.t0 >= boundary:
            if late is None and not _weak(a) and before not in locp:
                late = a
            elif weak_any is None and _weak(a) and a.kind != "place":
                weak_any = a
            continue
        if before in locp:
            if fallback is None:
                fallback = a
            continue
        if _weak(a):
            direct = a.t0 - end <= 2 and not (a.t0 > 0 and doc.lows[a.t0 - 1] in _POSSESSIVE_PRONOUNS)
            nxt = next((b for b in cands if b.t0 >= a.t1 and b.t0 - a.t1 <= 4 and not _weak(b) and
                        _prev_word(doc, b.t0) in ("of", "from", "dari")), None)
            if nxt is not None:
                return nxt, False
            if direct:
                return a, False
            if weak_any is None:
                weak_any = a
            continue
        return a, False
    if fallback is not None:
        return fallback, True
    if late is not None:
        return late, False
    return weak_any, False


def _location(doc: _Doc, s0: int, s1: int, k: int) -> Actor | None:
    locp = doc.lex.words.get("location_prepositions", frozenset())
    best = None
    for a in doc.actors_in(s0, s1):
        if a.kind in ("place", "state") and a.t0 > 0 and _prev_word(doc, a.t0) in locp and (
                best is None or abs(a.t0 - k) < abs(best.t0 - k)):
            best = a
    return best


def _quote_at(doc: _Doc, char: int) -> dict[str, Any] | None:
    for q in doc.quotes:
        if q["start"] <= char < q["end"]:
            return q
    return None


def _resolve_pronoun(doc: _Doc, a: Actor, prev_events: list[_Event], quote: dict[str, Any] | None,
                     sent_start: int) -> tuple[Actor | None, float]:
    low = a.name.lower()
    aw = actor_words()
    first = aw.pronouns.get(f"{doc.lang}_first", frozenset())
    if low in first:
        if quote is None:
            return None, 0.0
        spk = quote.get("speaker") or {}
        ent = doc.entities.get(spk.get("entity") or "")
        if not ent:
            return None, 0.0
        country = ent.get("country")
        if not country:
            return None, 0.0
        return Actor(a.t0, a.t1, a.start, a.end, f"{ent['name']} ({a.name})", "state", country, "GOV",
                     ent["id"]), -0.15
    if quote is not None:
        return None, 0.0  # third persons inside quoted speech are too loose to resolve
    # third person: the latest actor of an event in this paragraph, else a person just before
    para = next((p for p in doc.paragraphs if p[0] <= sent_start < p[1] + 1), (sent_start, sent_start))
    for ev in reversed(prev_events):
        if ev.sent[0] >= para[0] and ev.actor.kind != "pronoun":
            return ev.actor, -0.2
    if low in ("ia", "dia", "beliau", "he", "she"):
        for b in reversed(doc.actors_in(doc.tok(para[0]), a.t0)):
            if b.kind == "person":
                return b, -0.2
    return None, 0.0


def _date_for(doc: _Doc, s0c: int, s1c: int, trig_char: int) -> tuple[dict[str, Any] | None, float]:
    in_sent = [d for d in doc.dates if s0c <= d["start"] < s1c]
    if in_sent:
        best = min(in_sent, key=lambda d: abs(d["start"] - trig_char))
        conf = 0.1 if len({d["value"] for d in in_sent}) == 1 else 0.0
        return best, conf
    para = next((p for p in doc.paragraphs if p[0] <= s0c < p[1] + 1), None)
    if para is not None:
        before = [d for d in doc.dates if para[0] <= d["start"] < s0c]
        if before:
            return before[-1], 0.0
    if doc.published is not None:
        iso = doc.published.isoformat()
        return {"value": iso, "precision": "day", "text": None, "published": True}, -0.05
    return None, 0.0


def _cues(doc: _Doc, etype: str, t0: int, t1: int) -> list[str]:
    table = doc.lex.mode_cues.get(etype)
    if not table:
        return []
    lows = doc.lows
    found: set[str] = set()
    index = doc.lex.cue_index(etype)
    for i in range(t0, t1):
        for ph, mode in index.get(lows[i], ()):
            if mode not in found and (len(ph) == 1 or tuple(lows[i : i + len(ph)]) == ph):
                found.add(mode)
    return [m for m in table if m in found]


def _prev_is(doc: _Doc, key: str, k: int, floor: int, span: int = 3) -> bool:
    words = doc.lex.words.get(key, frozenset())
    for i in range(k - 1, max(floor, k - span) - 1, -1):
        if doc.lows[i] in words:
            return True
        if doc.lows[i] in (",", ";", ":"):
            return False
    return doc.ends_with_phrase(key, k, floor) is not None


def _negated(doc: _Doc, k: int, floor: int) -> bool:
    neg = doc.lex.words.get("negators", frozenset())
    for i in range(k - 1, max(floor, k - 3) - 1, -1):
        w = doc.lows[i]
        if w in neg:
            return True
        if w in (",", ";", ":", "dan", "and", "but", "namun"):
            return False
    for back in (2, 3):
        if k - back >= floor and tuple(doc.lows[k - back : k]) in set(doc.lex.grammar.get("negators", ())):
            return True
    return False


def _english_passive(doc: _Doc, trig: _Trigger, floor: int) -> bool:
    if not trig.form.participle:
        return False
    aux = doc.lex.words.get("be_aux", frozenset())
    for i in range(trig.k - 1, max(floor, trig.k - 4) - 1, -1):
        w = doc.lows[i]
        if w in aux:
            return True
        if not (w.endswith("ly") or w in ("not", "also", "reportedly", "allegedly", "since", "been", "n't", "later",
                                          "then", "again", "already", "still", "never", "once", "being", "subsequently",
                                          "eventually", "soon", "just")):
            return False
    return False


def _is_crowd(a: Actor) -> bool:
    if a.kind == "state" and a.atoms and all(x.kind == "demonym" for x in a.atoms):
        return True  # "Palestinian riots": the people of a state, not its government
    return a.kind == "crowd" or (a.kind in ("org",) and a.sector in ("OPP", "CVL", "LAB", "EDU"))


def code_sentences(doc: _Doc) -> list[_Event]:
    """The events of every sentence that holds a trigger, in reading order."""
    events: list[_Event] = []
    for si, (s0c, s1c) in enumerate(doc.sentences):
        if si not in doc.triggers:
            continue
        s0, s1 = doc.tok(s0c), doc.tok(s1c)
        if s1 - s0 > MAX_SENTENCE_TOKENS:
            s1 = s0 + MAX_SENTENCE_TOKENS
        if s1 <= s0:
            continue
        sent_text = doc.text[s0c:s1c]
        is_question = sent_text.rstrip("\"'”’ )").endswith("?")
        sent_events: list[_Event] = []
        s1 = _attribution_start(doc, s0, s1)
        for cands in (c for c in doc.triggers[si] if c[0].k < s1):
            ev = _code_trigger(doc, cands, s0, s1, s0c, s1c, sent_events, events)
            if ev is None or is_question:
                continue
            sent_events.append(ev)
        _speech_requests(doc, s0, s1, s0c, s1c, sent_events)
        _allegations(doc, s0, s1, sent_events)
        events.extend(sent_events)
    return events


def _attribution_start(doc: _Doc, s0: int, s1: int) -> int:
    """Where a closing attribution (", police said", ", according to ...", ", ujarnya") starts."""
    speech = doc.lex.words.get("speech_verbs", frozenset())
    for c in range(s1 - 1, s0, -1):
        if doc.lows[c] == ",":
            tail = doc.lows[c + 1 : s1]
            words = [w for w in tail if w not in (".", "!", "?", '"', "”", "'")]
            if len(words) <= 14 and (any(w in speech for w in words[-6:]) or words[:1] in (["according"], ["menurut"])):
                return c
            return s1
    return s1


def _code_trigger(doc: _Doc, cands: list[_Trigger], s0: int, s1: int, s0c: int, s1c: int,
                  sent_events: list[_Event], all_events: list[_Event]) -> _Event | None:
    first = cands[0]
    k = first.k
    # a purpose phrase ("sebagai bentuk protes", "in protest at") names the point of the event
    # just reported: it strengthens that event, it is not a new one
    if doc.ends_with_phrase("purpose_markers", k, s0) is not None:
        prev = sent_events[-1] if sent_events else (all_events[-1] if all_events else None)
        if prev is not None and prev.sent[0] >= s0c - 600:
            prev.confidence = min(0.99, prev.confidence + 0.1)
            if (s0c, s1c) != prev.sent and (s0c, s1c) not in prev.extra_sentences:
                prev.extra_sentences.append((s0c, s1c))
        return None
    cs = _clause_start(doc, k, s0)
    # complement of a verbal event in the same clause: part of that event
    if sent_events:
        prev = sent_events[-1]
        between = doc.lows[prev.trig.end : k]
        conj = doc.lex.words.get("conjunctions", frozenset())
        serial = any(w in conj for w in between)
        opener = any(w in doc.lex.words.get("clause_openers", frozenset()) and w not in _COMPLEMENT_OPENERS
                     for w in between)
        if prev.type in GOVERNING and not serial and not opener and prev.trig.end <= k and len(between) <= 12:
            valid = next((t for t in cands if _requires_ok(doc, t, s0, s1) and not (
                t.end < s1 and doc.lows[t.end] in t.form.entry.excludes)), None)
            if prev.type == "AGREE" and not prev.absorbed and valid is not None and \
                    valid.form.entry.type in MATERIAL_CONFLICT and any(
                    w in _READINESS for w in doc.lows[prev.trig.k : prev.trig.end]):
                # "is prepared to impose martial law": readiness for a conflictual act is a threat
                prev.type, prev.modes = "THREATEN", []
            if valid is not None:
                prev.absorbed = True
            for m in _cues(doc, prev.type, k, min(s1, first.end + 6)):
                if m not in prev.modes:
                    prev.modes.append(m)
            return None
    if doc.lang == "en" and sent_events and sent_events[-1].trig.end == k and not first.form.participle and \
            not doc.lows[k].endswith(("ed", "ing")):
        return None  # "shelled positions of ...": a bare form right after a verb is its object noun
    for trig in cands:
        ev = _try_form(doc, trig, s0, s1, s0c, s1c, cs, sent_events, all_events)
        if ev is not None:
            return ev
    return None


def _try_form(doc: _Doc, trig: _Trigger, s0: int, s1: int, s0c: int, s1c: int, cs: int,
              sent_events: list[_Event], all_events: list[_Event]) -> _Event | None:
    entry = trig.form.entry
    k, end = trig.k, trig.end
    if end < s1 and doc.lows[end] in entry.excludes:
        return None
    if not _requires_ok(doc, trig, s0, s1):
        return None
    etype = entry.type
    if doc.lang == "en" and doc.lows[k].endswith("ing") and k > s0 and doc.lows[k - 1] in (
            "for", "of", "about", "over", "after", "before", "without", "by", "against", "on", "despite"):
        return None  # "arrested for collaborating": a gerund after a preposition is a topic
    negated = _negated(doc, k, cs)
    if negated:
        if entry.if_negated:
            etype = entry.if_negated
        else:
            return None
    voice = trig.form.voice
    if doc.lang == "en" and voice == "active" and _english_passive(doc, trig, cs):
        voice = "passive"
    if doc.lang == "en" and voice == "active" and len(trig.form.words) == 1 and not trig.form.participle and \
            not doc.lows[k].endswith("ing") and k > s0 and (
            doc.lows[k - 1] in _NOUN_DETS or any(
                doc.lows[j] in _NOUN_DETS and not any(w in _VERBAL for w in doc.lows[j + 1 : k])
                for j in range(max(s0, k - 3), k - 1))):
        voice = "nominal"  # "an attack", "a suspected weapons supply": the noun, not the verb
    if doc.lang == "en" and voice == "active" and len(trig.form.words) == 1 and not trig.form.participle and \
            not doc.lows[k].endswith("ing") and k > s0 and doc.lows[k - 1] in _NOUN_PREPS:
        voice = "nominal"  # "in order to", "for support": after a preposition, a noun
    if doc.lang == "en" and voice == "active" and len(trig.form.words) == 1 and not trig.form.participle and \
            not doc.lows[k].endswith("ing") and any(
            a.t1 == k and a.atoms and a.atoms[-1].kind == "demonym" and not a.atoms[-1].name.endswith("s")
            for a in doc.actors_in(max(s0, k - 3), k)):
        voice = "nominal"  # "Palestinian positions": after a demonym adjective, a noun
    if voice == "active" and (trig.form.words, entry.idx) in doc.lex.nominal_too and not any(
            _usable(a) and not a.oblique for a in doc.actors_in(cs, k)):
        voice = "nominal"  # "Demonstrasi mahasiswa di Jakarta ...": the noun opening its clause
    ce = _clause_end(doc, end, s1, etype)
    conf = 0.6
    opener = doc.lows[cs - 1] if cs > s0 else ""
    if opener in _SUBORDINATORS:
        conf -= 0.15  # a subordinate clause: background to the sentence's main event
    actor: Actor | None = None
    recipient: Actor | None = None
    reporter: Actor | None = None
    place_recipient: Actor | None = None
    if voice == "nominal":
        light = _prev_is(doc, "light_verbs", k, cs, span=4)
        preps = doc.lex.words.get("prepositions", frozenset())
        topic = False
        for i in range(k - 1, max(s0, k - 4) - 1, -1):
            if doc.lows[i] in preps:
                topic = not any(a.t0 <= i < a.t1 for a in doc.actors_in(max(s0, i - 6), k))
                break
            if any(a.t0 <= i < a.t1 for a in doc.actors_in(max(s0, i - 6), k)) or doc.lows[i] in (",", ";"):
                break
        if not light and topic:
            return None  # a topic ("soal demonstrasi", "after tribal clashes"), not an event
        modifier = next((a for a in doc.actors_in(max(cs, k - 4), k) if a.t1 >= k - 1 and not a.oblique and (
            a.kind in ("state", "igo") or any(x.kind in ("state", "demonym") for x in a.atoms))), None)
        genitive = next((a for a in doc.actors_in(end, min(ce, end + 3)) if a.t0 <= end + 1 and _usable(a)
                         and a.kind != "pronoun"), None)
        possessive = next((a for a in doc.actors_in(max(cs, k - 4), k) if a.t1 == k and
                           doc.tokens[a.t1 - 1].text.endswith(("'s", "’s"))), None)
        if light:
            actor = _subject(doc, k, cs, s0)
            recipient, _ = _object(doc, end, ce, actor, etype)
        elif doc.lang == "id" and (agent := _after_marker(doc, "passive_agent", end, min(ce, end + 6))) is not None:
            actor = agent  # "penangkapan aktivis oleh polisi": the agent acts, the genitive undergoes
            recipient = genitive if genitive is not None and genitive is not agent else None
        elif doc.lang == "id" and genitive is not None and genitive.kind != "place":
            actor = genitive
            recipient, _ = _object(doc, genitive.t1, ce, actor, etype)
        elif doc.lang == "id" and end < s1 and doc.lows[end] == "dari" and (src := next(iter(
                doc.actors_in(end + 1, min(ce, end + 5))), None)) is not None and _usable(src):
            actor = src  # "kecaman dari Amerika Serikat": the source of the criticism
            recipient, _ = _object(doc, src.t1, ce, actor, etype)
        elif possessive is not None:
            actor = possessive
            recipient, _ = _object(doc, end, ce, actor, etype)
        elif doc.lang == "en" and modifier is not None and not light:
            actor = modifier  # "Palestinian riots", "US Predator attacks"
            recipient, _ = _object(doc, end, ce, actor, etype)
        elif k == cs or (k - cs <= 2 and all(w in ("the", "a", "an") for w in doc.lows[cs:k])):
            return None  # a bare event noun opening the clause, no actor
        else:
            return None
        conf = 0.55 if light else 0.45
    elif voice == "passive":
        recipient = _subject(doc, k, cs, s0)
        actor = _after_marker(doc, "passive_agent", end, ce)
        if actor is None and doc.lang == "id":
            # "didemo ratusan mahasiswa", "dikecam Amerika": the agent right after the verb
            nxt = next(iter(doc.actors_in(end, min(ce, end + 4))), None)
            if nxt is not None and all(w in _DETS for w in doc.lows[end : nxt.t0]) and nxt.kind in (
                    "state", "org", "person", "igo", "crowd"):
                actor = nxt
        if recipient is None:
            recipient, _ = _object(doc, end, ce, actor, etype, passive=True)
        if actor is None:
            return None
    else:
        conj = doc.lex.words.get("conjunctions", frozenset())
        serial = k > s0 and doc.lows[k - 1] in conj
        complement = k > s0 and (doc.lows[k - 1] in doc.lex.words.get("complementizers", frozenset()))
        actor = None
        if complement and not serial:
            # "masuknya tentara CSTO untuk membantu": the nearest phrase controls the complement
            near = [a for a in doc.actors_in(cs, k - 1) if _usable(a) and a.kind not in ("place", "pronoun")
                    and not a.oblique]
            actor = near[-1] if near else None
        if actor is None and not serial:
            actor = _subject(doc, k, cs, s0)
        # reported speech: "X said (that) Y ...", "X sebut Y menolak ...": Y acts, X reports
        speech = doc.lex.words.get("speech_verbs", frozenset())
        floor = cs
        if cs > s0 and doc.lows[cs - 1] in _COMPLEMENT_OPENERS:
            # "X announced that it will ...": the speech verb stands before "that"
            floor = _clause_start(doc, cs - 1, s0)
        sv = next((i for i in range(k - 1, floor - 1, -1) if doc.lows[i] in speech), None)
        if sv is not None and not serial and not complement:
            speaker = _subject(doc, sv, floor, s0)
            inner = _subject(doc, k, sv + 1, s0)
            if inner is not None and inner.kind == "pronoun" and speaker is not None and speaker.kind != "pronoun":
                actor = speaker
            elif inner is not None:
                actor = inner
                if speaker is not None and speaker is not inner:
                    reporter = speaker
            elif speaker is not None:
                actor = speaker
        if actor is None and (serial or complement) and sent_events:
            actor = sent_events[-1].actor
            conf -= 0.05
        if actor is None and complement:
            before = [a for a in doc.actors_in(s0, k - 1) if _usable(a) and a.kind != "place" and not a.oblique]
            actor = before[-1] if before else None
        if actor is None and cs > s0:
            # relative clause: the antecedent acts ("X, yang kemudian menolak ...")
            before = [a for a in doc.actors_in(s0, cs) if _usable(a) and not a.oblique]
            actor = before[-1] if before else None
        if actor is None:
            before = [a for a in doc.actors_in(s0, k) if _usable(a) and not a.oblique]
            actor = before[0] if before else None
        recipient, at_place = _object(doc, end, ce, actor, etype)
        if at_place:
            place_recipient = recipient
    if actor is None:
        return None
    quote = _quote_at(doc, doc.tokens[k].start)
    if actor.kind == "pronoun":
        resolved, delta = _resolve_pronoun(doc, actor, all_events + sent_events, quote, s0c)
        if resolved is None:
            return None
        actor, conf = resolved, conf + delta
    if recipient is not None and recipient.kind == "pronoun":
        recipient = None
    if (recipient is None or recipient is place_recipient) and voice != "passive":
        # "India and Pakistan exchanged lists": the second of a compound subject
        partner = next((a for a in doc.actors_in(actor.t1, k) if a.t0 - actor.t1 == 1 and
                        doc.lows[actor.t1] in ("and", "dan", "serta") and a.kind in ("state", "org", "person",
                                                                                      "igo")), None)
        if partner is not None and partner.code != actor.code:
            recipient = partner
    if entry.actor == "crowd" and not _is_crowd(actor):
        return None
    if entry.actor == "official" and _is_crowd(actor):
        return None
    # future, hypothetical, historical (auxiliary modes: into context)
    context = list(entry.context)
    future = _prev_is(doc, "future", k, cs, span=4)
    # the trigger inside an if-clause is a condition ("Jika Iran menyerang, ..."): flagged, kept
    condition = doc.has_phrase("hypothetical", max(s0, cs - 1), k)
    # a conditional consequence ("would withdraw ... unless", "akan menyerang jika ...") is a threat
    conditional = not condition and (doc.has_phrase("hypothetical", k, s1) or doc.has_phrase("hypothetical", s0, k))
    hypothetical = condition or conditional
    historical = doc.has_phrase("historical", s0, s1)
    if future and etype in COOPERATIVE:
        etype = "AGREE"
    elif (future or conditional) and etype in MATERIAL_CONFLICT and voice != "nominal":
        etype = "THREATEN"
    if condition:
        conf -= 0.1
        if recipient is not None:
            comma = next((i for i in range(end, s1) if doc.lows[i] == ","), None)
            if comma is not None and recipient.t0 > comma:
                recipient = None  # the condition ends at its comma
    if future:
        context.append("future")
    if hypothetical:
        context.append("hypothetical")
        conf -= 0.1
    modes = list(entry.modes) if etype == entry.type else []
    for m in _cues(doc, etype, s0, s1):
        if m not in modes and (etype in ("REQUEST", "REJECT", "THREATEN", "MOBILIZE", "CONSULT") or not modes or
                               etype in ("PROTEST",) or (etype == "ASSAULT" and m != "targeted")):
            modes.append(m)
    if etype == "ASSAULT" and len(modes) > 1 and "targeted" in modes:
        modes.remove("targeted")
    if etype in ("REQUEST", "REJECT") and len(modes) > 1:
        modes = _closest_mode(doc, etype, end, s1, modes)
    valid = plover()[etype].modes
    modes = [m for m in modes if m in valid]
    if recipient is not None:
        conf += 0.15
    else:
        conf -= 0.05
    if entry.requires:
        conf += 0.1
    if quote is not None:
        conf -= 0.1
    for ctx in _cues(doc, "_CONTEXT", s0, s1):  # PLOVER contexts from the sentence's words
        if ctx not in context:
            context.append(ctx)
    if "diplomatic" not in context and "DIP" in (actor.sector, recipient.sector if recipient else None):
        context.append("diplomatic")
    ev = _Event(etype, modes, context, actor, recipient, trig, voice, (s0c, s1c), conf)
    loc = _location(doc, s0, s1, k)
    if loc is not None:
        # a place the world gazetteer does not know, named by the home press, is a home place ("Abepura")
        ev.location = {"name": loc.name, "country": loc.country or doc.home, "entity": loc.entity}
    if ev.recipient is None and loc is not None and loc.t0 < k and etype not in ("CONSULT",):
        ev.recipient = loc  # the place the event is directed at ("dispatched inspectors to ... in Iran")
    d, dc = _date_for(doc, s0c, s1c, doc.tokens[k].start)
    if d is not None:
        ev.date = d
        ev.confidence += dc
        if doc.reference is not None and d.get("value") and not d.get("published"):
            try:
                year, month = int(str(d["value"])[:4]), int(str(d["value"])[5:7] or 1)
                if (doc.reference.year - year) * 12 + doc.reference.month - month > 12:
                    historical = True
            except ValueError:
                pass
    if historical:
        ev.context.append("historical")
    if quote is not None:
        spk = quote.get("speaker") or {}
        ev.reported_by = {"entity": spk.get("entity"), "name": spk.get("name")}
    elif reporter is not None:
        ev.reported_by = {"entity": reporter.entity, "name": reporter.name}
        ev.reporter = reporter
        ev.confidence -= 0.05
    # consulting an ambassador in one's own country is coded by its content (manual)
    if etype == "CONSULT" and recipient is not None and recipient.sector == "DIP":
        return None
    _states(doc, ev, s0, s1)
    if not ev.actor_country and actor.kind not in ("igo", "ngo") and actor.sector not in ORGAN_SECTORS:
        return None  # no state, no international body, no organ of a state: a footballer, a firm, "setiap orang"
    if etype in ("ASSAULT", "REJECT", "COERCE", "THREATEN", "PROTEST") and doc.has_phrase("sport_words", s0, s1):
        return None  # "serangan Arema", "Navas menepis bola": sport reports use the words of conflict
    if not ev.actor_country and not actor.entity and actor.kind in ("crowd", "org"):
        ev.confidence -= 0.15  # a bare noun ("orang", "officials") with no state: an actor, but a vague one
    if plover()[etype].recipient and ev.recipient is None:
        return None
    return ev


def _closest_mode(doc: _Doc, etype: str, end: int, s1: int, modes: list[str]) -> list[str]:
    table = doc.lex.mode_cues.get(etype, {})
    best, best_pos = modes[0], 10**9
    for mode in modes:
        for ph in table.get(mode, []):
            n = len(ph)
            for i in range(end, s1 - n + 1):
                if tuple(doc.lows[i : i + n]) == ph and i < best_pos:
                    best, best_pos = mode, i
    return [best]


_HOME_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})


def _states(doc: _Doc, ev: _Event, s0: int, s1: int) -> None:
    """States of actor and recipient: named, else where the event happens, else the one state
    the sentence names (an official or a crowd without a named state is of that state)."""
    where = ev.location.get("country") if ev.location else None
    if where is None:
        states = {x.country for a in doc.actors_in(s0, s1) for x in a.atoms
                  if x.kind in ("state", "demonym", "place") and x.country}
        where = states.pop() if len(states) == 1 else None
    open_kinds = ("crowd", "org")  # a named person's state is their role's, never guessed from the place
    ev.actor_country = ev.actor.country or (where if ev.actor.kind in open_kinds else None)
    if ev.recipient is not None:
        ev.recipient_country = ev.recipient.country or (where if ev.recipient.kind in open_kinds else None)
    # courts and police act within their state, and so do arrests and bans: their object is theirs
    if ev.recipient is not None and not ev.recipient_country and ev.actor_country and ev.recipient.kind in (
            "person", "org", "crowd") and (ev.actor.sector in ("JUD", "COP") or ev.type == "COERCE"):
        ev.recipient_country = ev.actor_country
    # an organ of state named without its state ("Presiden Jokowi", "TNI", "polisi") in the home
    # press (the dateline's state, or Indonesia for Indonesian-language news) is the home state's
    if doc.home:
        if not ev.actor_country and ev.actor.sector in _HOME_SECTORS and ev.actor.kind in ("person", "org"):
            ev.actor_country = doc.home
        if ev.recipient is not None and not ev.recipient_country and ev.recipient.sector in _HOME_SECTORS and \
                ev.recipient.kind in ("person", "org"):
            ev.recipient_country = doc.home


def _speech_requests(doc: _Doc, s0: int, s1: int, s0c: int, s1c: int, sent_events: list[_Event]) -> None:
    """"X said that Y must Z" / "X menegaskan Y harus Z": a demand of X on Y (REQUEST)."""
    must = doc.lex.words.get("modals_must", frozenset())
    speech = doc.lex.words.get("speech_verbs", frozenset())
    for m in range(s0, s1):
        if doc.lows[m] not in must:
            continue
        sv = next((i for i in range(m - 1, s0 - 1, -1) if doc.lows[i] in speech), None)
        if sv is None:
            continue
        if any(sv <= e.trig.k <= m for e in sent_events):
            continue
        actor = _subject(doc, sv, s0, s0)
        near = [a for a in doc.actors_in(sv + 1, m) if _usable(a)]
        between = [a for a in near if a.kind != "pronoun"]
        if actor is None or not between:
            continue
        recipient = between[-1]
        # "reminded Iraq that it must ...": a pronoun before the modal stands for the last phrase named
        adjacent = near[-1].t1 if near else -1
        if recipient.name == actor.name or m - adjacent > 1 or not (recipient.code or recipient.sector):
            continue  # the one who must act stands right before the modal ("Libya must hand over")
        nxt = doc.lows[m + 1] if m + 1 < s1 else ""
        if doc.lang == "id" and ((nxt.startswith("di") and len(nxt) > 4) or nxt in ("sama", "ada", "menjadi")):
            continue  # "harus diapresiasi", "harus sama": an opinion, not a demand on someone
        form = Form((doc.lows[m],), _REQUEST_ENTRY, "active")
        trig = _Trigger(sv, m + 1, form)
        modes = _cues(doc, "REQUEST", m, s1)
        if len(modes) > 1:
            modes = _closest_mode(doc, "REQUEST", m, s1, modes)
        ev = _Event("REQUEST", modes, [], actor, recipient, trig, "active", (s0c, s1c), 0.55)
        loc = _location(doc, s0, s1, m)
        if loc is not None:
            ev.location = {"name": loc.name, "country": loc.country, "entity": loc.entity}
        d, _ = _date_for(doc, s0c, s1c, doc.tokens[m].start)
        ev.date = d
        _states(doc, ev, s0, s1)
        # what follows the modal is the content of the demand, not an event of its own
        for other in [e for e in sent_events if e.trig.k > m]:
            for mode in _cues(doc, "REQUEST", other.trig.k, other.trig.end):
                if not ev.modes:
                    ev.modes.append(mode)
            sent_events.remove(other)
        sent_events.append(ev)


_CONFLICT = frozenset({"REJECT", "ACCUSE", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


def _allegations(doc: _Doc, s0: int, s1: int, sent_events: list[_Event]) -> None:
    """"Lukashenko sebut Kazakhstan menolak membantu Rusia": a speaker of one state saying that
    another state did something hostile accuses it (ACCUSE allege), besides the reported event."""
    for ev in list(sent_events):
        rep = ev.reporter
        if rep is None or ev.type not in _CONFLICT:
            continue
        rep_state = rep.country or (doc.home if rep.sector in _HOME_SECTORS else None)
        if not rep_state or not ev.actor_country or rep_state == ev.actor_country:
            continue
        if rep.sector not in ORGAN_SECTORS and rep.kind not in ("state", "igo"):
            continue
        alleged = _Event("ACCUSE", ["allege"], [], rep, ev.actor, ev.trig, "active", ev.sent,
                         ev.confidence - 0.1, actor_country=rep_state, recipient_country=ev.actor_country,
                         location=ev.location, date=ev.date)
        sent_events.append(alleged)


def _make_request_entry() -> Any:
    from warta.events.lexicon import Entry

    return Entry(idx=-1, type="REQUEST", note="speech verb + modal of obligation")


_REQUEST_ENTRY = _make_request_entry()


def _actor_dict(doc: _Doc, a: Actor, country: str | None) -> dict[str, Any]:
    code = country or ("IGO" if a.kind == "igo" else "NGO" if a.kind == "ngo" else None)
    name = a.name
    if a.kind == "person" and len(a.atoms) == 1 and a.entity in doc.entities:
        name = doc.entities[a.entity].get("name") or name  # "Lukashenko" -> "Alexander Lukashenko"
    return {"entity": a.entity, "name": name, "country": country, "sector": a.sector, "code": code}


def _record(doc: _Doc, ev: _Event, article_id: str | None, outlet: str | None) -> dict[str, Any]:
    t = doc.tokens
    trig_start, trig_end = t[ev.trig.k].start, t[ev.trig.end - 1].end
    d = ev.date or {}
    rec: dict[str, Any] = {
        "event": ev.type,
        "modes": ev.modes,
        "context": ev.context,
        "actor": _actor_dict(doc, ev.actor, ev.actor_country),
        "recipient": _actor_dict(doc, ev.recipient, ev.recipient_country) if ev.recipient is not None else None,
        "date": d.get("value"),
        "date_precision": d.get("precision"),
        "date_text": d.get("text"),
        "location": {"name": ev.location["name"], "country": ev.location["country"]} if ev.location else None,
        "trigger": doc.text[trig_start:trig_end],
        "sentence": doc.text[ev.sent[0] : ev.sent[1]],
        "start": trig_start,
        "end": trig_end,
        "voice": ev.voice,
        "confidence": round(max(0.05, min(0.99, ev.confidence)), 2),
        "score": score(ev.type, ev.modes),
        "reported_by": ev.reported_by,
        "language": doc.lang,
        "article": article_id,
        "outlet": outlet,
    }
    rec["field"] = "text"
    rec["mentions"] = [{"article": article_id, "outlet": outlet, "sentence": rec["sentence"], "trigger": rec["trigger"],
                        "start": trig_start, "end": trig_end, "field": "text"}]
    for s, e in ev.extra_sentences:
        rec["mentions"][0].setdefault("supporting", []).append(doc.text[s:e])
    return rec


def _key(rec: dict[str, Any]) -> tuple[Any, ...]:
    a, r = rec["actor"], rec["recipient"] or {}
    aux = tuple(c for c in rec["context"] if c in ("future", "hypothetical", "historical"))
    return (rec["event"], a.get("code") or a.get("name"), r.get("code") or r.get("name"), rec["date"], aux)


def code_text(text: str, analysis: dict[str, Any] | None = None, *, lang: str | None = None,
              published: date | None = None, article_id: str | None = None,
              outlet: str | None = None, home: str | None = None) -> list[dict[str, Any]]:
    """Event records of a plain text (see :func:`code_events`).

    ``home`` is the state of the press the text comes from (ISO alpha-3): organs of state
    named without a state are that state's. Default: IDN for Indonesian, none for English.
    """
    if not text:
        return []
    lang = lang or guess_language(text)
    doc = _Doc(text, analysis or {}, "id" if lang == "id" else "en", published)
    doc.home = home if home is not None else ("IDN" if doc.lang == "id" else None)
    records: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for ev in code_sentences(doc):
        rec = _record(doc, ev, article_id, outlet)
        key = _key(rec)
        if key in seen:  # the same event said twice in one article: one record, two mentions
            first = seen[key]
            first["mentions"].extend(rec["mentions"])
            first["confidence"] = max(first["confidence"], rec["confidence"])
            continue
        seen[key] = rec
        records.append(rec)
    return records
