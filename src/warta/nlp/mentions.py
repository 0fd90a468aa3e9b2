"""Entity mentions: CRF spans combined with gazetteers and patterns of organs of state.

Order of decisions for one sentence:

1. the CRF tags PERSON / ORGANIZATION / LOCATION spans (all-caps text is tagged in title case);
2. leading title words are cut from PERSON spans ("Presiden Lukashenko" -> "Lukashenko") and a
   country or place at the edge of a PERSON span is split off ("Rusia Vladimir Putin");
3. patterns of organs of state ("Kementerian Luar Negeri X", "Kedutaan Besar X",
   "Kemenlu X", "Parlemen X") make ORGANIZATION spans that win over what they overlap;
4. gazetteer matches fill the gaps and resolve types: a span equal to a country name becomes
   COUNTRY (with its ISO alpha-3 code), to an outlet MEDIA, to a known place LOCATION.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.nlp import ner
from warta.nlp.features import common_words, given_names, proper_words
from warta.nlp.gazetteer import AMBIGUOUS_MEDIA, GazEntry, gazetteer
from warta.nlp.lexicon import NOT_NAMES, ORG_HEADS, PLACE_HEADS, TITLE_WORDS
from warta.nlp.tokenize import Token, tokenize

MAX_TAG_TOKENS = 150
_OPENERS = frozenset(
    """
    kemudian namun selain sementara menurut bahkan padahal karena meski sedangkan lalu setelah sebelum saat
    ketika sejak hingga dalam pada di ke dari untuk bagi oleh dengan tetapi tapi jadi maka apalagi adapun yakni
    yaitu seperti sebab walau jika kalau bila agar supaya ini itu para kata ujar baca juga simak
    """.split()
)
_HONORIFICS = frozenset("prof dr ir drs dra h hj kh kiai ustaz ustad habib".split())
_LAW_HEADS = frozenset("uu ruu perpres perppu keppres inpres permen perda pp pergub perwali kuhp kuhap".split())
_NEVER_IN_NAME = frozenset(
    "bahwa yang kepada dengan untuk oleh pada dalam akan telah sudah tidak juga ini itu adalah ialah "
    "mengatakan menyatakan kata ujar saat ketika namun tetapi karena that said says told who which "
    '( ) , ; : " “ ” ‘ ’'.split()
)  # the CRF sees windows of at most this many tokens


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str  # PERSON, ORGANIZATION, LOCATION, COUNTRY, MEDIA
    code: str | None = None  # alpha-3 of a COUNTRY, or of the state a place/organ belongs to
    source: str = "crf"  # crf, gazetteer, pattern, quote
    entity: str | None = None


_ORGAN_HEADS = (
    r"Kementerian(?:\s+(?:Luar|Dalam)\s+Negeri|\s+[A-Z][\w-]+(?:\s+(?:dan\s+)?[A-Z][\w-]+){0,3})?"
    r"|Kemenlu|Kemlu|Kedutaan\s+Besar|Kedubes|Konsulat\s+Jenderal|Konjen|Kantor\s+Kepresidenan"
    r"|Parlemen|Pemerintah|Angkatan\s+(?:Darat|Laut|Udara|Bersenjata)|Militer|Kepolisian|Bank\s+Sentral"
    r"|Departemen(?:\s+[A-Z][\w-]+){1,3}|Dewan\s+Keamanan(?:\s+Nasional)?|Mahkamah\s+Agung|Istana\s+Kepresidenan"
    r"|Pasukan\s+Pertahanan|Kantor\s+Berita|Badan\s+Intelijen"
)
_ORGAN_RE = re.compile(r"\b(?:Kantor\s+)?(?:" + _ORGAN_HEADS + r")\s+(?P<country>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})")


def _is_all_caps(words: list[str]) -> bool:
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if len(letters) < 3:
        return False
    caps = sum(1 for w in letters if w.isupper() and len(w) > 1)
    return caps / len(letters) > 0.7


def _is_title_case(words: list[str]) -> bool:
    letters = [w for w in words if w[:1].isalpha() and len(w) > 3]
    if len(letters) < 4:
        return False
    return sum(1 for w in letters if w[:1].isupper()) / len(letters) >= 0.8


def _tag_sentence(words: list[str]) -> list[str]:
    tags: list[str] = []
    for i in range(0, len(words), MAX_TAG_TOKENS):
        tags.extend(ner.tag(words[i : i + MAX_TAG_TOKENS]))
    return tags


def _country_prefix(words: list[str], i: int, j: int) -> int:
    """Tokens at the start of words[i:j] that name a country, place, body or outlet."""
    gaz = gazetteer()
    for ii, jj, _e in gaz.match(words[i:j]):
        if ii == 0 and jj < j - i:
            return jj
        break
    return 0


def sentence_mentions(text: str, start: int, end: int) -> list[Mention]:
    tokens = tokenize(text, start, end)
    if not tokens:
        return []
    words = [t.text for t in tokens]
    caps = _is_all_caps(words)
    tag_words = [w.title() if caps and w.isupper() and len(w) > 3 else w for w in words] if caps else words
    if not caps and _is_title_case(words):
        # a headline in Title Case: ordinary words go back to lower case before tagging
        common, proper, names = common_words(), proper_words(), given_names()
        gaz0 = gazetteer()
        tag_words = [
            w.lower() if k and w.lower() in common and w.lower() not in proper and w not in names
            and gaz0.lookup(w) is None and w.lower() not in TITLE_WORDS else w
            for k, w in enumerate(words)
        ]
    tags = _tag_sentence(tag_words)
    gaz = gazetteer()

    spans: list[tuple[int, int, str]] = []
    raw: list[tuple[int, int, str]] = []
    for i, j, typ in ner.spans(tags):
        # function words never sit inside a name: "TASS bahwa Moskwa" is two names
        cut = i
        for k in range(i, j):
            if words[k] in _NEVER_IN_NAME:
                if k > cut:
                    raw.append((cut, k, typ))
                cut = k + 1
        if cut < j:
            raw.append((cut, j, typ))
    names = given_names()
    work = list(raw)
    while work:
        i, j, typ = work.pop(0)
        if all(words[k].lower() in NOT_NAMES for k in range(i, j)) or words[i].lower() in _LAW_HEADS:
            continue
        # names start and end with a capital or a digit ("kementerian dapat" is no name)
        while i < j and not (words[i][:1].isupper() or words[i][:1].isdigit()):
            i += 1
        while j > i and not (words[j - 1][:1].isupper() or words[j - 1][:1].isdigit() or words[j - 1] in ")"):
            j -= 1
        if i >= j:
            continue
        if typ != "PERSON":
            # "BPJS Kesehatan Prof Ghufron": an honorific inside a body's name starts a person
            hon = next((k for k in range(i + 1, j - 1) if words[k].lower().strip(".") in _HONORIFICS), None)
            if hon is not None:
                work.insert(0, (hon, j, "PERSON"))
                j = hon
            # "Daniel Frits Maurits Tangkilisan": a given name opening an unknown capitalised run
            elif (j - i >= 2 and words[i] in names and gaz.lookup(" ".join(words[i:j])) is None
                  and all(w[:1].isupper() for w in words[i:j])
                  and not any(w.lower() in ORG_HEADS or w.lower() in PLACE_HEADS for w in words[i:j])):
                typ = "PERSON"
        # a sentence opener capitalised by position is no part of a name ("Kemudian Bappenas")
        while j - i > 1 and words[i].lower() in _OPENERS:
            i += 1
        if typ != "PERSON":
            while j - i > 1 and words[j - 1].lower().strip(".") in TITLE_WORDS:
                j -= 1  # "Polri Brigjen" (the rank belongs to the next name)
        if typ == "PERSON":
            while i < j and words[i].lower().strip(".") in TITLE_WORDS and (j - i > 1):
                i += 1
            # "Kapolda Jatim Irjen Pol Luki Hermawan": cut after the last title word of the run
            last_title = max((k for k in range(i, j - 1) if words[k].lower().strip(".") in TITLE_WORDS
                              or words[k].lower() == "pol"), default=None)
            if last_title is not None and all(w[:1].isupper() for w in words[i:last_title]):
                i = last_title + 1
            i += _country_prefix(words, i, j)  # "Bappenas Bambang Brodjonegoro", "Rusia Vladimir Putin"
            head = words[i].lower() if i < j else ""
            if ((ge := gaz.lookup(words[j - 1])) is not None and ge.type == "ORGANIZATION") or any(
                w.lower() in ORG_HEADS for w in words[i + 1 : j]
            ):
                spans.append((i, j, "ORGANIZATION"))  # "Bareskrim Polri", "Penmas Divisi Humas Polri"
                continue
            if head in PLACE_HEADS or head in ORG_HEADS:
                # "Masjid Istiqlal", "Polda Sulut": a place or body, not a person
                spans.append((i, j, "LOCATION" if head in PLACE_HEADS else "ORGANIZATION"))
                continue
            k = _country_prefix(words, i, j)
            i += k
            if i >= j or not any(c.isalpha() for c in words[i]):
                continue
            if j - i == 1 and words[i].lower() in TITLE_WORDS:
                continue
        # "Rusia-Ukraina": compounds of known places are left to the gazetteer
        if j - i == 1 and "-" in words[i] and all(
            (pe := gaz.lookup(part)) is not None and pe.type in ("COUNTRY", "LOCATION") for part in words[i].split("-")
        ):
            continue
        # strip brackets and quotes at the edges
        while i < j and not any(c.isalnum() for c in words[i]):
            i += 1
        while j > i and not any(c.isalnum() for c in words[j - 1]):
            j -= 1
        if i < j:
            spans.append((i, j, typ))

    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def overlaps(s: int, e: int) -> list[int]:
        return [k for k, (a, b) in enumerate(taken) if not (e <= a or s >= b)]

    # organs of state by pattern
    sent = text[start:end]
    for m in _ORGAN_RE.finditer(sent):
        ctoks = m.group("country").split()
        country: GazEntry | None = None
        cut = 0
        for n in range(len(ctoks), 0, -1):
            ce = gaz.lookup(" ".join(ctoks[:n]))
            if ce is not None and ce.type == "COUNTRY":
                country, cut = ce, n
                break
        if country is None:
            continue
        cend = m.start("country") + len(" ".join(ctoks[:cut]))
        s, e = start + m.start(), start + cend
        if text[s:e].startswith("Kantor ") and not text[s:e].startswith("Kantor Kepresidenan") and \
                not text[s:e].startswith("Kantor Berita"):
            s += len("Kantor ")
        out.append(Mention(s, e, text[s:e], "ORGANIZATION", country.code, "pattern"))
        taken.append((s, e))

    # CRF spans, resolved against the gazetteer
    for i, j, typ in spans:
        s, e = tokens[i].start, tokens[j - 1].end
        if overlaps(s, e):
            continue
        surface = text[s:e]
        entry = gaz.lookup(surface) or (gaz.lookup(" ".join(tag_words[i:j])) if caps else None)
        mtype, code = str(typ), None
        if entry is not None:
            if entry.type == "MEDIA" and surface in AMBIGUOUS_MEDIA:
                pass
            else:
                mtype, code = entry.type, entry.code or None
        else:
            # a country inside an organisation or place name gives its state
            if mtype in ("ORGANIZATION", "LOCATION"):
                inner = gaz.match(words[i:j])
                for _ii, _jj, ce in inner:
                    if ce.type == "COUNTRY":
                        code = ce.code
        out.append(Mention(s, e, surface, mtype, code, "crf"))
        taken.append((s, e))

    # gazetteer matches where the CRF found nothing
    matches = gaz.match_tokens(text, tokens)
    if caps:  # "JEPANG": match the title-cased words too
        matches += [(tokens[i].start, tokens[j - 1].end, x) for i, j, x in gaz.match(tag_words)]
    for s, e, entry in matches:
        if overlaps(s, e):
            continue
        surface = text[s:e]
        if entry.type == "MEDIA" and surface in AMBIGUOUS_MEDIA:
            continue
        if surface.isupper() and len(surface) <= 2 and caps:
            continue
        out.append(Mention(s, e, surface, entry.type, entry.code or None, "gazetteer"))
        taken.append((s, e))
    out.sort(key=lambda m: m.start)
    return out


def media_mentions_after_markers(text: str, existing: list[Mention]) -> list[Mention]:
    """Ambiguous outlet names ("Antara", "Tempo") count as MEDIA after a source marker."""
    gaz = gazetteer()
    out = []
    for m in re.finditer(
        r"\b(?:dikutip(?:\s+dari)?|dilansir(?:\s+dari)?|mengutip|melansir|dilaporkan(?:\s+oleh)?|kepada)\s+", text
    ):
        toks: list[Token] = tokenize(text, m.end(), min(len(text), m.end() + 60))
        found = gaz.match([t.text for t in toks])
        if found and found[0][0] == 0 and found[0][2].type == "MEDIA":
            j = found[0][1]
            s, e = toks[0].start, toks[j - 1].end
            if not any(not (e <= x.start or s >= x.end) for x in existing):
                out.append(Mention(s, e, text[s:e], "MEDIA", found[0][2].code or None, "gazetteer"))
    return out
