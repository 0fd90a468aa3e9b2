"""Direct and indirect quotes with their cue, speaker and cited source.

Direct quotes are spans between double quotation marks. Marks are paired left to right
within a paragraph; a mark's direction is read from its glyph (“ ”) and its neighbours,
and a straight or ambiguous mark toggles. A quote left open at the end of a paragraph
ends there (newswire continues multi-paragraph quotes with a fresh opening mark).

Attribution, in order of preference:

1. after the quote: ``," CUE SPEAKER`` ("kata Parwati", "tutur Lukashenko") or ``," CUE-nya``
   ("tegasnya": the speaker is a pronoun, resolved below);
2. before it: ``SPEAKER SAY-VERB, "..."``, ``Menurut SPEAKER, "..."``, ``SPEAKER: "..."``;
3. none: the quote continues the previous speaker (or, for a quote left open at the end of a
   paragraph, the speaker of the quote that carries on in the next paragraph).

Pronoun speakers ("-nya", "ia", "dia", "beliau") resolve to the most salient person before
the quote: a person introduced with a verb of saying, else the person in subject position of
the nearest preceding sentence that names one, else the previous quote's speaker.

Indirect quotes are ``SPEAKER SAY-VERB (bahwa|,) CLAUSE`` and ``Menurut SPEAKER, CLAUSE``.
The cited outlet follows a source marker ("dikutip", "dilansir", "mengutip", "seperti
dilaporkan"), after the quote or opening the quote's sentence ("Mengutip Reuters, ...").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from warta.nlp.gazetteer import gazetteer
from warta.nlp.lexicon import CUE_WORDS, PERSON_PRONOUNS, SAY_VERBS, SOURCE_MARKERS, TITLE_WORDS

MAX_QUOTE_CHARS = 4000
_OPEN = "“„«"
_CLOSE = "”»"
_AMBIG = '"'
_QUOTE_CHARS = _OPEN + _CLOSE + _AMBIG

_WORD = re.compile(r"[^\W_]+(?:['’\-/][^\W_]+)*")
_EN_CUES = ("said", "says", "told", "added")
_CUE_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(c) for c in (*CUE_WORDS, *_EN_CUES)), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_SAY_RE = re.compile(r"\b(" + "|".join(sorted(SAY_VERBS, key=len, reverse=True)) + r")\b")
_EN_AFTER_RE = re.compile(
    r"\s*,?\s*(?P<who>he|she|[A-Z][^,.;:\"“”\n]{0,60}?)\s+(?P<cue>said|says|told|added|stated|wrote)\b"
)
_TO_SOURCE_RE = re.compile(r"[^.;\n]{0,120}?(?=,\s*(?:seperti\s+)?(?:dikutip|dilansir|mengutip|dilaporkan))")
_BEFORE_CUE_RE = re.compile(
    r"(?P<verb>" + _SAY_RE.pattern + r"|(?:ber)?kata|ujar|tutur|ucap)(?:\s+bahwa)?\s*[,:]?\s*$"
)
_SOURCE_RE = re.compile(
    r"\s*,?\s*(?:"
    + "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in SOURCE_MARKERS)
    + r")\s+(?:laman\s+|situs\s+|media\s+|kantor\s+berita\s+)?",
    re.IGNORECASE,
)
_STOP_AFTER_SPEAKER = re.compile(
    r"\s*(?:[,.;:()\[\]!?\n]|\b(?:dalam|saat|ketika|di|pada|seusai|usai|setelah|sebelum|kepada|dikutip|dilansir"
    r"|mengutip|seperti|melalui|lewat|via|yang|dan|sembari|sambil|kemarin|dengan|kala|selepas)\b)"
)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    direct: bool
    cue: str | None = None
    cue_span: tuple[int, int] | None = None
    speaker_span: tuple[int, int] | None = None  # a person mention, a pronoun, or None
    speaker_text: str | None = None
    speaker_how: str = "none"  # name, pronoun, continuation, none
    source: str | None = None
    open_ended: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        out.append((m.start(), m.end()))
    return out


def _direction(text: str, i: int) -> str:
    ch = text[i]
    if ch in _OPEN:
        return "open"
    if ch in _CLOSE and ch != "”":
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in "([") and not after.isspace() and after not in ",.;:":
        return "open?"
    if (not before.isspace()) and (after.isspace() or after in ",.;:)!?"):
        return "close?"
    return "?"


def quoted_spans(text: str) -> list[tuple[int, int, bool]]:
    """``(open_mark, close_mark_end, closed)`` spans of double-quoted text, paragraph by paragraph."""
    out: list[tuple[int, int, bool]] = []
    for ps, pe in _paragraphs(text):
        marks = [i for i in range(ps, pe) if text[i] in _QUOTE_CHARS]
        if not marks:
            continue
        open_at: int | None = None
        for i in marks:
            d = _direction(text, i)
            if open_at is None:
                if d in ("close",) and out and not out[-1][2]:
                    continue
                open_at = i
            else:
                if d == "open" and i - open_at > 1:
                    # a second opening glyph: the previous quote was never closed
                    out.append((open_at, i, False))
                    open_at = i
                    continue
                out.append((open_at, i + 1, True))
                open_at = None
        if open_at is not None and pe - open_at > 1:
            out.append((open_at, pe, False))
    return [(s, e, c) for s, e, c in out if e - s <= MAX_QUOTE_CHARS + 2] + [
        (s, s + MAX_QUOTE_CHARS, False) for s, e, c in out if e - s > MAX_QUOTE_CHARS + 2
    ]


def _inner(text: str, s: int, e: int, closed: bool) -> tuple[int, int]:
    a, b = s + 1, (e - 1 if closed else e)
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;"):
        b -= 1
    return a, b


class _Persons:
    """Sorted person mention spans with lookups."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]

    def within(self, a: int, b: int) -> list[tuple[int, int]]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.spans) and self.spans[i][0] < b:
            if self.spans[i][1] <= b:
                out.append(self.spans[i])
            i += 1
        return out


def _source_after(text: str, pos: int, limit: int) -> tuple[str | None, int]:
    m = _SOURCE_RE.match(text, pos, limit)
    if not m:
        return None, pos
    rest_start = m.end()
    words = list(_WORD.finditer(text, rest_start, min(limit, rest_start + 80)))
    toks = [w.group() for w in words]
    gaz = gazetteer()
    for i, j, entry in gaz.match(toks):
        if i == 0 and entry.type == "MEDIA":
            return text[words[0].start() : words[j - 1].end()], words[j - 1].end()
    # Fallback: a run of capitalised words (or a domain name) right after the marker.
    run: list[re.Match[str]] = []
    for w in words:
        g = w.group()
        if g[:1].isupper() or g[:1].isdigit() or (run and g.lower() in ("of", "the", "and", "for")):
            if run and text[run[-1].end() : w.start()].strip() not in ("", ".", "/"):
                break
            run.append(w)
        else:
            break
    while run and run[-1].group().lower() in ("of", "the", "and", "for"):
        run.pop()
    if run:
        return text[run[0].start() : run[-1].end()], run[-1].end()
    return None, pos


def _speaker_after(
    text: str, pos: int, limit: int, persons: _Persons
) -> tuple[tuple[int, int] | None, str | None, str]:
    """Speaker named right after a cue: a person mention, a pronoun or a capitalised run."""
    m = _STOP_AFTER_SPEAKER.search(text, pos, limit)
    end = m.start() if m else limit
    window = text[pos:end]
    if not window.strip():
        return None, None, "none"
    found = persons.within(pos, end + 1)
    if found:
        s, e = found[-1]
        return (s, e), text[s:e], "name"
    words = list(_WORD.finditer(text, pos, end))
    if words and words[0].group().lower() in PERSON_PRONOUNS:
        return (words[0].start(), words[0].end()), words[0].group(), "pronoun"
    # a title alone ("kata Presiden") or a name the tagger missed: capitalised run
    caps = [w for w in words if w.group()[:1].isupper()]
    if caps and words and words[0].group()[:1].isupper():
        names = [w for w in caps if w.group().lower() not in TITLE_WORDS]
        span_words = names or caps
        return (span_words[0].start(), span_words[-1].end()), text[span_words[0].start() : span_words[-1].end()], (
            "name" if names else "title"
        )
    return None, None, "none"


def _prepositional(text: str, s: int) -> bool:
    before = text[max(0, s - 40) : s].lower().split()
    lead = []
    for w in reversed(before):
        w = w.strip(",.")
        if w in TITLE_WORDS or (w and w[0].isupper()):
            continue
        lead.append(w)
        break
    return bool(lead) and lead[0] in {
        "dengan", "kepada", "terhadap", "oleh", "dari", "untuk", "bersama", "atas", "bagi", "pada", "tentang",
        "soal", "melawan", "menemui", "bertemu", "memanggil", "mengkritik", "menyinggung", "dan",
    }  # fmt: skip


def find_quotes(
    text: str,
    sentences: list[tuple[int, int]],
    person_spans: list[tuple[int, int]],
    *,
    indirect: bool = True,
) -> list[Quote]:
    """Quotes of ``text``; ``person_spans`` are PERSON mentions as character spans."""
    persons = _Persons(person_spans)
    sent_starts = [s for s, _ in sentences]
    paragraphs = _paragraphs(text)
    para_ends = [e for _, e in paragraphs]
    quotes: list[Quote] = []

    def para_end(pos: int) -> int:
        i = bisect.bisect_left(para_ends, pos)
        return para_ends[i] if i < len(para_ends) else len(text)

    def para_start(pos: int) -> int:
        i = bisect.bisect_left(para_ends, pos)
        return paragraphs[i][0] if i < len(paragraphs) else 0

    for qs, qe, closed in quoted_spans(text):
        a, b = _inner(text, qs, qe, closed)
        inner = text[a:b]
        n_words = len(inner.split())
        if n_words == 0:
            continue
        q = Quote(inner, a, b, True, open_ended=not closed)
        # 1. attribution after the quote
        pe = para_end(qe)
        tail_limit = min(pe, qe + 300)
        after = text[qe:tail_limit]
        m = re.match(r"\s*,?\s*(?:—|-|–)?\s*", after)
        p = qe + (m.end() if m else 0)
        cm = _CUE_RE.match(text, p, tail_limit)
        if cm and closed:
            cue = cm.group(1)
            q.cue, q.cue_span = cue, (cm.start(1), cm.end(1))
            if cue.lower().endswith("nya"):
                q.speaker_how = "pronoun"
                pos = cm.end()
            else:
                span, stext, how = _speaker_after(text, cm.end(), tail_limit, persons)
                q.speaker_span, q.speaker_text, q.speaker_how = span, stext, how
                pos = span[1] if span else cm.end()
                if how == "pronoun":
                    q.speaker_span = None
            # skip a role apposition ", Ketua X," before the source marker
            src, _ = _source_after(text, pos, tail_limit)
            if src is None:
                nxt = _TO_SOURCE_RE.match(text[pos:tail_limit])
                if nxt:
                    src, _ = _source_after(text, pos + nxt.end(), tail_limit)
            q.source = src
        elif closed:
            # also "SPEAKER berkata," and "kata SPEAKER" right after the quote, or a source alone
            sm = re.match(r"\s*,?\s*(?:(ia|dia|beliau)\s+)?(" + _SAY_RE.pattern + r")", text[qe:tail_limit], re.I)
            if sm:
                q.cue = sm.group(2)
                q.cue_span = (qe + sm.start(2), qe + sm.end(2))
                q.speaker_how = "pronoun"
            else:
                # English order in mixed text: '"...," John Kirby said' / '"...," he said'
                em = _EN_AFTER_RE.match(text, qe, tail_limit)
                if em:
                    q.cue, q.cue_span = em.group("cue"), em.span("cue")
                    found = persons.within(em.start("who"), em.end("who"))
                    if found:
                        q.speaker_span, q.speaker_how = found[-1], "name"
                    elif em.group("who").lower() in ("he", "she"):
                        q.speaker_how = "pronoun"
                    elif em.group("who")[:1].isupper() and len(em.group("who").split()) <= 4:
                        q.speaker_span, q.speaker_how = em.span("who"), "name"
        # 2. attribution before the quote (same paragraph)
        if q.speaker_how == "none":
            ps0 = max(para_start(qs), qs - 300)
            before = text[ps0:qs]
            clause_start = max(before.rfind(c) for c in ".\n\"“”!?") + 1
            clause = before[clause_start:]
            cue_m = _BEFORE_CUE_RE.search(clause)
            mm = re.search(r"\b[Mm]enurut\s+([^,\n]{1,120}),?\s*$", clause)
            if mm or cue_m or clause.rstrip().endswith(":"):
                off = ps0 + clause_start
                if mm:
                    who_start, who_end = off + mm.start(1), off + mm.end(1)
                    q.cue = "menurut" if clause[mm.start()] == "m" else "Menurut"
                    q.cue_span = (off + mm.start(), off + mm.start() + 7)
                elif cue_m:
                    who_start, who_end = off, off + cue_m.start("verb")
                    q.cue = cue_m.group("verb")
                    q.cue_span = (off + cue_m.start("verb"), off + cue_m.end("verb"))
                else:
                    who_start, who_end = off, off + len(clause.rstrip()) - 1
                found = persons.within(who_start, who_end)
                found = [f for f in found if not _prepositional(text, f[0])] or found
                words = _WORD.findall(text[who_start:who_end])
                if found:
                    q.speaker_span = found[-1] if mm else found[0]
                    q.speaker_how = "name"
                elif words and words[-1].lower() in PERSON_PRONOUNS | {"saya"}:
                    q.speaker_how = "pronoun"
        if q.speaker_how == "none" and n_words < 4:
            continue  # scare quotes, titles, nicknames: not a statement
        if q.speaker_how == "none" and q.cue is None:
            # without a cue, only a quote standing as its own paragraph is speech (the
            # continuation of a multi-paragraph quote); inside a sentence it names a title,
            # a slogan or an event ("seminar daring ”Pelestarian Budaya”")
            own_paragraph = not text[para_start(qs) : qs].strip() and not text[qe:para_end(qe)].strip(" .,")
            if not own_paragraph or n_words < 6:
                continue
        if q.speaker_span:
            q.speaker_text = text[q.speaker_span[0] : q.speaker_span[1]]
        quotes.append(q)

    # 3. resolve pronouns and continuations
    for idx, q in enumerate(quotes):
        if q.speaker_how == "name":
            continue
        if q.speaker_how == "title":
            q.extra["fallback"] = _salient_person(text, q.start - 1, sentences, sent_starts, persons, quotes[:idx])
            continue
        if q.speaker_how == "none" and q.open_ended and idx + 1 < len(quotes):
            follower = quotes[idx + 1]
            if follower.start - q.end < 5 and follower.speaker_how == "name":
                q.speaker_span, q.speaker_how = follower.speaker_span, "continuation"
                continue
        span = _salient_person(text, q.start - 1, sentences, sent_starts, persons, quotes[:idx])
        if span is not None:
            q.speaker_span = span
            if q.speaker_how == "none":
                q.speaker_how = "continuation"
        if q.speaker_span:
            q.speaker_text = text[q.speaker_span[0] : q.speaker_span[1]]

    if indirect:
        quotes.extend(_indirect(text, sentences, persons, quotes))
        quotes.sort(key=lambda x: x.start)
    # "Mengutip Reuters, ..." / "Dilansir dari AFP, ...": a source named before the quote
    for q in quotes:
        if q.source is None:
            k = bisect.bisect_right(sent_starts, q.start) - 1
            lo = sentences[k][0] if k >= 0 else 0
            if q.direct and lo >= q.start - 1 and k > 0:
                lo = sentences[k - 1][0]  # a quote opening its sentence: look at the one before
            q.source = _source_before(text, lo, q.start)
    return quotes


_SOURCE_BEFORE_RE = re.compile(
    r"(?:^|(?<=[.\n]))\s*(?:Mengutip|Melansir|Dilansir(?:\s+dari)?|Dikutip(?:\s+dari)?|Seperti\s+dilaporkan"
    r"(?:\s+oleh)?|Seperti\s+dikutip(?:\s+dari)?|Menurut\s+laporan)\s+"
)


def _source_before(text: str, lo: int, hi: int) -> str | None:
    m = _SOURCE_BEFORE_RE.search(text, lo, hi)
    if not m:
        return None
    src, _ = _source_after(text, m.start(), hi)
    if src is None:
        # the marker is sentence-initial here; re-read it in lower case
        tail = text[m.start() : hi]
        low = tail[: m.end() - m.start()].lower() + tail[m.end() - m.start() :]
        src, _ = _source_after(low, 0, len(low))
    return src


def _salient_person(
    text: str,
    pos: int,
    sentences: list[tuple[int, int]],
    sent_starts: list[int],
    persons: _Persons,
    previous: list[Quote],
) -> tuple[int, int] | None:
    """The person a pronoun or an unattributed quote at ``pos`` refers to."""
    last_quote = previous[-1] if previous else None
    i = bisect.bisect_right(sent_starts, pos) - 1
    steps = 0
    while i >= 0 and steps < 6:
        s, e = sentences[i]
        e = min(e, pos)
        if last_quote and last_quote.speaker_span and last_quote.end >= s and last_quote.start < e:
            # the nearest sentence is a quote: its speaker carries on
            return last_quote.speaker_span
        found = persons.within(s, e)
        if found:
            for f in found:
                after = text[f[1] : min(e, f[1] + 80)]
                if re.match(r"\s*,?\s*(?:[^,.]{0,60},\s*)?(?:juga\s+|pun\s+|kembali\s+|lalu\s+|telah\s+|sudah\s+)?(?:"
                            + _SAY_RE.pattern + r")", after):
                    return f
            for f in found:
                if re.search(r"\b[Mm]enurut\s+(?:\w+\s+){0,4}$", text[max(s, f[0] - 40) : f[0]]):
                    return f
            subjects = [f for f in found if not _prepositional(text, f[0])]
            return (subjects or found)[0]
        i -= 1
        steps += 1
    if last_quote and last_quote.speaker_span:
        return last_quote.speaker_span
    return None


def _indirect(
    text: str, sentences: list[tuple[int, int]], persons: _Persons, direct: list[Quote]
) -> list[Quote]:
    out: list[Quote] = []
    covered = [(q.start, q.end) for q in direct]
    for s, e in sentences:
        if any(not (e <= a or s >= b) for a, b in covered):
            continue
        sent = text[s:e]
        m = re.match(r"\s*[Mm]enurut\s+([^,]{2,120}),\s*(.+)$", sent, re.S)
        if m:
            found = persons.within(s + m.start(1), s + m.end(1))
            words = m.group(1).split()
            if found or (words and words[-1].lower() in PERSON_PRONOUNS):
                a, b = s + m.start(2), e
                while b > a and text[b - 1] in ".!? ":
                    b -= 1
                q = Quote(text[a:b], a, b, False, cue="menurut", cue_span=(s + m.start(), s + m.start() + 7))
                if found:
                    q.speaker_span, q.speaker_how = found[-1], "name"
                else:
                    q.speaker_how = "pronoun"
                out.append(q)
                continue
        for vm in _SAY_RE.finditer(sent):
            head = sent[: vm.start()]
            rest = sent[vm.end() :]
            cm = re.match(r"\s*(?:bahwa\s+|,\s*(?:bahwa\s+)?)", rest)
            if not cm:
                break
            found = persons.within(s, s + vm.start())
            found = [f for f in found if not _prepositional(text, f[0])]
            head_words = head.split()
            how = "name" if found else "pronoun" if head_words and head_words[-1].lower() in PERSON_PRONOUNS else ""
            if not how:
                # "Ia pun mengatakan": pronoun a little further back
                if any(w.lower().strip(",") in PERSON_PRONOUNS for w in head_words[-4:]):
                    how = "pronoun"
                else:
                    break
            a = s + vm.end() + cm.end()
            b = e
            while b > a and text[b - 1] in ".!? ":
                b -= 1
            if b - a < 10:
                break
            q = Quote(text[a:b], a, b, False, cue=vm.group(1), cue_span=(s + vm.start(), s + vm.end()))
            if found:
                q.speaker_span, q.speaker_how = found[0], "name"
            else:
                q.speaker_how = "pronoun"
            out.append(q)
            break
    # resolve pronoun speakers of indirect quotes
    sent_starts = [s for s, _ in sentences]
    for q in out:
        if q.speaker_how == "pronoun":
            prev = [d for d in direct if d.end <= q.start]
            q.speaker_span = _salient_person(text, q.start - 1, sentences, sent_starts, persons, prev)
            # the pronoun's own sentence must not be searched from its start: go to the previous one
        if q.speaker_span:
            q.speaker_text = text[q.speaker_span[0] : q.speaker_span[1]]
    return out
