"""``analyze``: entities, mentions, roles, quotes and dates of an article or a plain text."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from functools import lru_cache
from typing import Any

from warta.model import Article
from warta.nlp.aliases import name_tokens, same_person, token_key
from warta.nlp.dates import find_dates
from warta.nlp.features import common_words
from warta.nlp.gazetteer import gazetteer
from warta.nlp.lexicon import TITLE_WORDS
from warta.nlp.mentions import Mention, media_mentions_after_markers, sentence_mentions
from warta.nlp.quotes import Quote, find_quotes
from warta.nlp.roles import Role, expand_title, role_after, role_before
from warta.nlp.tokenize import split_sentences, tokenize

BODY = "text"
HEADLINE_FIELDS = ("title", "subtitle")


@dataclass
class Segment:
    field: str
    text: str
    order: float  # reading position, comparable across segments
    sentences: list[tuple[int, int]] = dc_field(default_factory=list)
    mentions: list[Mention] = dc_field(default_factory=list)
    roles: dict[int, list[Role]] = dc_field(default_factory=dict)  # mention index -> roles
    starts: list[int] = dc_field(default_factory=list)  # mention starts, for bisect


@dataclass
class _Cluster:
    type: str
    mentions: list[tuple[Segment, int]] = dc_field(default_factory=list)
    names: set[str] = dc_field(default_factory=set)  # distinct surfaces
    orders: list[float] = dc_field(default_factory=list)  # sorted reading positions
    code: str | None = None

    def add(self, seg: Segment, i: int) -> None:
        self.mentions.append((seg, i))
        self.names.add(seg.mentions[i].text)
        bisect.insort(self.orders, seg.order + seg.mentions[i].start / 1e7)

    def distance(self, pos: float) -> float:
        k = bisect.bisect_left(self.orders, pos)
        near = [abs(self.orders[j] - pos) for j in (k - 1, k) if 0 <= j < len(self.orders)]
        return min(near) if near else 9e9

    def surfaces(self) -> list[str]:
        return [seg.mentions[i].text for seg, i in self.mentions]

    def first(self) -> float:
        return self.orders[0] if self.orders else 9e9


def _segments(article: Article | str) -> list[Segment]:
    if isinstance(article, str):
        return [Segment(BODY, article, 0.0)]
    # offsets are into article.text; an Article whose producer left text empty is read as the
    # text its sections make (what Article.refresh_text() would set)
    text = article.text or "\n\n".join(article.body_paragraphs())
    segs = [Segment(BODY, text, 0.0)]
    # where each section starts in the body, to place captions in reading order
    section_start: dict[int, int] = {}
    pos = 0
    for k, section in enumerate(article.sections):
        first = section.heading or (section.paragraphs[0] if section.paragraphs else None)
        if first:
            found = text.find(first, pos)
            if found >= 0:
                section_start[k] = found
                pos = found
    if article.title:
        segs.append(Segment("title", article.title, -2.0))
    if article.subtitle:
        segs.append(Segment("subtitle", article.subtitle, -1.0))
    for i, image in enumerate(article.images):
        if image.caption:
            at = section_start.get(image.section if image.section is not None else -1, len(text))
            segs.append(Segment(f"images[{i}].caption", image.caption, (at - 0.5) / 1e7))
    return segs


def _resolve_segment(seg: Segment) -> None:
    text = seg.text
    seg.sentences = split_sentences(text)
    for s, e in seg.sentences:
        seg.mentions.extend(sentence_mentions(text, s, e))
    extra = media_mentions_after_markers(text, seg.mentions)
    if extra:
        seg.mentions = sorted(seg.mentions + extra, key=lambda m: m.start)
    # source markers make ambiguous outlet names ("Antara", "Tempo") MEDIA
    gaz = gazetteer()
    for m in seg.mentions:
        if m.type != "MEDIA":
            entry = gaz.lookup(m.text)
            if entry is not None and entry.type == "MEDIA" and re.search(
                r"(?:dikutip|dilansir|mengutip|melansir|dilaporkan|laporan|kepada)(?:\s+dari|\s+oleh)?\s+$",
                text[max(0, m.start - 30) : m.start],
            ):
                m.type, m.code = "MEDIA", entry.code or None


def _filter_headlines(segs: list[Segment]) -> None:
    """Title-case headlines: keep only names with evidence outside the capitalisation.

    In a title or subtitle every word is capitalised, so the tagger's spans there
    ("Tokayev Kunjungi Moskow" as one PERSON) are no evidence. A headline mention is kept when
    it is a gazetteer or pattern match; otherwise it is cut, token by token, into its longest
    parts that are gazetteer names or that also occur as an entity (or a token-aligned part of
    one) in the body or the captions, and only those parts are kept, typed as there. A part
    that is a single ordinary or title word must be a whole entity elsewhere ("Bank" from
    "Bank Mandiri" is not kept).
    """
    heads = [seg for seg in segs if seg.field in HEADLINE_FIELDS and seg.mentions]
    if not heads:
        return
    gaz = gazetteer()
    common = common_words()
    whole: dict[tuple[str, ...], Mention] = {}
    parts: dict[tuple[str, ...], Mention] = {}
    for seg in segs:
        if seg.field in HEADLINE_FIELDS:
            continue
        for m in seg.mentions:
            low = tuple(t.text.lower() for t in tokenize(m.text))
            if not low or len(low) > 8:
                continue
            whole.setdefault(low, m)
            for a in range(len(low)):
                for b in range(a + 1, len(low) + 1):
                    parts.setdefault(low[a:b], m)

    def evidence(words: list[str]) -> tuple[str, str | None] | None:
        entry = gaz.lookup(" ".join(words))
        if entry is not None:
            return entry.type, entry.code or None
        key = tuple(w.lower() for w in words)
        m = whole.get(key)
        if m is None:
            m = parts.get(key)
            if m is None or (len(key) == 1 and (key[0] in common or key[0] in TITLE_WORDS)):
                return None
        return m.type, m.code

    for seg in heads:
        kept: list[Mention] = []
        for m in seg.mentions:
            if m.source in ("gazetteer", "pattern") or gaz.lookup(m.text) is not None:
                kept.append(m)
                continue
            toks = tokenize(seg.text, m.start, m.end)
            i = 0
            while i < len(toks):
                for j in range(len(toks), i, -1):
                    if not toks[i].text[:1].isupper() and not toks[i].text[:1].isdigit():
                        continue
                    ev = evidence([t.text for t in toks[i:j]])
                    if ev is not None:
                        s, e = toks[i].start, toks[j - 1].end
                        kept.append(Mention(s, e, seg.text[s:e], ev[0], ev[1], m.source))
                        i = j
                        break
                else:
                    i += 1
        seg.mentions = sorted(kept, key=lambda x: x.start)


def _propagate_names(segs: list[Segment]) -> None:
    """Occurrences of a person's name the tagger missed elsewhere in the document.

    A full name (two or more tokens) tagged once makes its exact string, and its surname when
    that is not an ordinary word, a place or a title, person mentions wherever they appear
    untagged in the document (news repeats a name, the tagger does not always see it). Given
    names alone are not propagated: they are shared by too many people.
    """
    common = common_words()
    gaz = gazetteer()
    forms: set[str] = set()
    for seg in segs:
        for m in seg.mentions:
            if m.type != "PERSON":
                continue
            toks = m.text.split()
            if len(toks) < 2 or len(toks) > 5:
                continue
            forms.add(m.text)
            for t in (toks[-1],):
                if (len(t) >= 4 and t[:1].isupper() and t.lower() not in common and gaz.lookup(t) is None
                        and t.lower() not in TITLE_WORDS):
                    forms.add(t)
    if not forms or len(forms) > 2000:
        return
    rx = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                    + r")(?![\w-])")
    for seg in segs:
        starts = [m.start for m in seg.mentions]
        added = []
        for hit in rx.finditer(seg.text):
            s, e = hit.span()
            k = bisect.bisect_right(starts, s)
            near = seg.mentions[max(0, k - 1) : k + 1]
            if any(not (e <= x.start or s >= x.end) for x in near):
                continue
            added.append(Mention(s, e, hit.group(), "PERSON", None, "propagated"))
        if added:
            seg.mentions = sorted(seg.mentions + added, key=lambda m: m.start)


def _resolve_roles(seg: Segment) -> None:
    text = seg.text
    gaz = gazetteer()
    # "Presiden Kazakhstan, Kassym-Jomart Tokayev": an office with its state and an apposition
    # comma names a person, whatever the tagger thought
    for m in seg.mentions:
        if m.type in ("ORGANIZATION", "LOCATION") and m.source == "crf" and gaz.lookup(m.text) is None:
            r = role_before(text, m.start, max(0, m.start - 120))
            if r and r.country and re.match(r"\s*,\s*$", text[r.end : m.start]) and m.text[:1].isupper():
                m.type, m.code = "PERSON", None
    # roles of person mentions
    sent_idx = 0
    prev_person_end = 0
    for k, m in enumerate(seg.mentions):
        if m.type != "PERSON":
            continue
        prev_end, prev_person_end = prev_person_end, m.end
        while sent_idx + 1 < len(seg.sentences) and seg.sentences[sent_idx][1] < m.start:
            sent_idx += 1
        floor = seg.sentences[sent_idx][0] if seg.sentences else 0
        roles = []
        before = role_before(text, m.start, max(floor, prev_end))
        if before:
            roles.append(before)
        limit = seg.sentences[sent_idx][1] if seg.sentences else len(text)
        nxt = next((x.start for x in seg.mentions[k + 1 : k + 4] if x.type == "PERSON"), None)
        after = role_after(text, m.end, limit, nxt)
        if after:
            roles.append(after)
        if roles:
            seg.roles[k] = roles


def _cluster(segs: list[Segment]) -> list[_Cluster]:
    gaz = gazetteer()
    persons: list[tuple[Segment, int]] = []
    others: list[tuple[Segment, int]] = []
    for seg in segs:
        for i, m in enumerate(seg.mentions):
            (persons if m.type == "PERSON" else others).append((seg, i))

    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = defaultdict(list)  # token key (and its prefix) -> cluster ids

    def order(item: tuple[Segment, int]) -> float:
        seg, i = item
        return seg.order + seg.mentions[i].start / 1e7

    persons.sort(key=lambda it: (-len(name_tokens(it[0].mentions[it[1]].text)), order(it)))
    seen_full: dict[str, int] = {}
    for seg, i in persons:
        m = seg.mentions[i]
        toks = name_tokens(m.text)
        if not toks:
            continue
        cands: set[int] = set()
        for t in toks:
            cands.update(index.get(t, ()))
        if not cands:  # spelling variants: clusters sharing a token's first letters
            for t in toks:
                cands.update(index.get("^" + t[:3], ()))
        if m.text.isupper():
            cands.update(index.get("#" + m.text, ()))
        if len(cands) > 64:  # pathological input: compare with the 64 most recent clusters only
            cands = set(sorted(cands)[-64:])
        cached = seen_full.get(m.text) if len(toks) > 1 else None
        if cached is not None:
            clusters[cached].add(seg, i)
            continue
        compatible = [c for c in sorted(cands) if any(_same_person(m.text, s) for s in clusters[c].names)]
        if compatible:
            if len(compatible) > 1:
                here = order((seg, i))
                compatible.sort(key=lambda c: clusters[c].distance(here))
            cid = compatible[0]
        else:
            clusters.append(_Cluster("PERSON"))
            cid = len(clusters) - 1
        clusters[cid].add(seg, i)
        if len(toks) > 1 and len(compatible) <= 1:
            seen_full[m.text] = cid  # an unambiguous full name: its repeats go to the same person
        index_keys = [*toks, *("^" + t[:3] for t in toks)]
        words = m.text.split()
        if len(words) >= 3:
            index_keys.append("#" + "".join(w[:1].upper() for w in words))
        for ik in index_keys:
            if cid not in index[ik]:
                index[ik].append(cid)

    by_key: dict[tuple[str, str], int] = {}
    for seg, i in sorted(others, key=order):
        m = seg.mentions[i]
        entry = gaz.lookup(m.text)
        if entry is None and m.source == "crf" and m.type in ("ORGANIZATION", "LOCATION") and " " not in m.text:
            # a bare surname the tagger took for a place or organisation
            tkey = token_key(m.text)
            hits = [c for c in index.get(tkey, ()) if clusters[c].type == "PERSON"]
            if hits:
                m.type = "PERSON"
                clusters[hits[0]].add(seg, i)
                continue
        if entry is not None and entry.type == m.type:
            key = (m.type if m.type != "LOCATION" else "LOC", entry.name)
        else:
            key = ("X" if m.type in ("ORGANIZATION", "LOCATION") else m.type, m.text.lower())
        if key not in by_key:
            clusters.append(_Cluster(m.type, code=m.code))
            by_key[key] = len(clusters) - 1
        clusters[by_key[key]].add(seg, i)

    # "Long Name (ACR)": the acronym joins the long name
    where = {(id(seg), i): cid for cid, c in enumerate(clusters) for seg, i in c.mentions}
    for seg in segs:
        for k, m in enumerate(seg.mentions[:-1]):
            nxt = seg.mentions[k + 1]
            if m.type in ("ORGANIZATION", "LOCATION") and nxt.text.isupper() and \
                    seg.text[m.end : nxt.start].strip() == "(" and nxt.type != "PERSON":
                a = where.get((id(seg), k))
                b = where.get((id(seg), k + 1))
                if a is not None and b is not None and a != b and len(clusters[b].mentions) < 50:
                    for x in clusters[b].mentions:
                        clusters[a].add(*x)
                        where[(id(x[0]), x[1])] = a
                    clusters[b].mentions = []
    return [c for c in clusters if c.mentions]


@lru_cache(maxsize=65536)
def _same_person(a: str, b: str) -> bool:
    return same_person(a, b)


def _entity_name(c: _Cluster) -> str:
    surfaces = c.surfaces()
    counts = Counter(surfaces)
    first_pos: dict[str, float] = {}
    for seg, i in c.mentions:
        s = seg.mentions[i].text
        first_pos[s] = min(first_pos.get(s, 9e9), seg.order + seg.mentions[i].start / 1e7)
    if c.type == "PERSON":
        return min(counts, key=lambda s: (-len(name_tokens(s)), -counts[s], first_pos[s]))
    return min(counts, key=lambda s: (-counts[s], first_pos[s]))


def _merge_roles(roles: list[Role]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: list[tuple[str, str | None]] = []
    ordered = sorted(roles, key=lambda r: (r.country is None, -len(r.title)))
    for r in ordered:
        exp = expand_title(r.title)
        if any(exp == e or (r.country is None and e.startswith(exp)) or
               (r.country is not None and c == r.country and e.startswith(exp)) for e, c in seen):
            continue
        seen.append((exp, r.country))
        out.append({"title": r.title, "country": r.country})
    return out


def _reference_date(article: Article | str, body_dates: list[Any], other_dates: list[Any]) -> date | None:
    if isinstance(article, Article) and article.published is not None:
        return article.published.date()
    for pool in (body_dates, other_dates):
        days = [d.value for d in pool if d.precision == "day" and d.value and not d.relative]
        if days:
            return date.fromisoformat(max(days))
    return None


def analyze(article_or_text: Article | str) -> dict[str, Any]:
    """Entities, mentions (with offsets), roles, quotes and dates of an Article or a plain string.

    Offsets are character offsets into ``article.text`` (or the string) for items whose
    ``field`` is ``"text"``; items found in the title, subtitle or image captions carry that
    field name and offsets into that string.
    """
    if isinstance(article_or_text, str):
        article: Article | str = article_or_text
    elif isinstance(article_or_text, Article):
        article = article_or_text
    else:
        raise TypeError("analyze() takes an Article or a str")
    segs = _segments(article)
    for seg in segs:
        _resolve_segment(seg)
    _filter_headlines(segs)
    _propagate_names(segs)
    for seg in segs:
        _resolve_roles(seg)
    clusters = _cluster(segs)
    clusters.sort(key=lambda c: c.first())

    entities: list[dict[str, Any]] = []
    mention_entity: dict[tuple[int, int], str] = {}
    for n, c in enumerate(clusters, 1):
        eid = f"E{n}"
        name = _entity_name(c)
        types = Counter(seg.mentions[i].type for seg, i in c.mentions)
        typ = c.type if c.type == "PERSON" else types.most_common(1)[0][0]
        for t in ("COUNTRY", "MEDIA"):
            if types.get(t):
                typ = t
        roles: list[Role] = []
        codes: Counter[str] = Counter()
        for seg, i in c.mentions:
            seg.mentions[i].entity = eid
            mention_entity[(id(seg), i)] = eid
            for r in seg.roles.get(i, []):
                roles.append(r)
                if r.country:
                    codes[r.country] += 1
            code = seg.mentions[i].code
            if code and typ != "PERSON":
                codes[code] += 1
        aliases = []
        for s in c.surfaces():
            if s != name and s not in aliases:
                aliases.append(s)
        country = codes.most_common(1)[0][0] if codes else None
        entities.append({
            "id": eid,
            "name": name,
            "type": typ,
            "aliases": aliases,
            "roles": _merge_roles(roles) if typ == "PERSON" else [],
            "country": country,
            "code": country if typ == "COUNTRY" else None,
            "count": len(c.mentions),
        })

    mentions: list[dict[str, Any]] = []
    for seg in segs:
        for m in seg.mentions:
            if m.entity is None:
                continue  # e.g. an honorific alone: nothing to link
            mentions.append({
                "start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity,
                "field": seg.field,
            })  # fmt: skip

    by_id = {e["id"]: e for e in entities}
    quotes: list[dict[str, Any]] = []
    body = segs[0]
    person_spans = [(m.start, m.end) for m in body.mentions if m.type == "PERSON"]
    body.starts = [m.start for m in body.mentions]
    for q in find_quotes(body.text, body.sentences, person_spans):
        quotes.append(_quote_dict(q, body, by_id, entities))

    body_dates = find_dates(body.text, article.published.date() if isinstance(article, Article) and
                            article.published else None)
    other: list[tuple[Segment, list[Any]]] = []
    for seg in segs[1:]:
        other.append((seg, find_dates(seg.text)))
    ref = _reference_date(article, body_dates, [d for _, ds in other for d in ds])
    body_has_day = any(d.precision == "day" and d.value and not d.relative for d in body_dates)
    if ref is not None and not (isinstance(article, Article) and article.published) and not body_has_day:
        body_dates = find_dates(body.text, ref)  # the reference came from a caption
    dates = [{**d.as_dict(), "field": BODY} for d in body_dates]
    for seg, _ in other:
        dates.extend({**d.as_dict(), "field": seg.field} for d in find_dates(seg.text, ref))

    return {"entities": entities, "mentions": mentions, "quotes": quotes, "dates": dates}


def _quote_dict(q: Quote, body: Segment, by_id: dict[str, dict[str, Any]], entities: list[dict[str, Any]]) -> dict[
    str, Any
]:
    speaker: dict[str, Any] = {"entity": None, "name": None}
    if q.speaker_span is not None:
        s, e = q.speaker_span
        ent = None
        starts = body.starts
        k = bisect.bisect_right(starts, s)
        for m in body.mentions[max(0, k - 2) : k + 2]:
            if m.type == "PERSON" and not (e <= m.start or s >= m.end):
                ent = m.entity
                break
        if ent is None and q.speaker_text:
            # a bare title ("kata Presiden"): the latest person before the quote holding it;
            # a name the tagger missed: a person entity it can denote
            title = expand_title(q.speaker_text)
            k = bisect.bisect_left(starts, q.start)
            for m in reversed([x for x in body.mentions[max(0, k - 60) : k] if x.type == "PERSON"]):
                cand = by_id.get(m.entity or "")
                if cand and any(expand_title(r["title"]).split()[:len(title.split())] == title.split()
                                for r in cand["roles"]):
                    ent = cand["id"]
                    break
            if ent is None and q.speaker_how == "name":
                for cand in entities:
                    if cand["type"] == "PERSON" and same_person(q.speaker_text, cand["name"]):
                        ent = cand["id"]
                        break
        fallback = q.extra.get("fallback")
        if ent is None and q.speaker_how == "title" and isinstance(fallback, tuple):
            fs = fallback[0]
            ent = next((m.entity for m in body.mentions if m.type == "PERSON" and m.start == fs), None)
        if ent is not None:
            speaker = {"entity": ent, "name": by_id[ent]["name"]}
        elif q.speaker_text:
            speaker = {"entity": None, "name": q.speaker_text}
    return {
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
        "cue": q.cue,
        "speaker": speaker,
        "source": q.source,
        "field": BODY,
    }
