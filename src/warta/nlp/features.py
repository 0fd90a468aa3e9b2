"""Token features for the CRF named-entity tagger (shared by training and runtime)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from warta.nlp.gazetteer import AMBIGUOUS_MEDIA, gazetteer
from warta.nlp.lexicon import CUE_WORDS, ORG_HEADS, PLACE_HEADS, SAY_VERBS, TITLE_WORDS
from warta.nlp.ner_pos import pos_tags

_SHAPE_SUBS = [(re.compile(r"[A-Z]"), "X"), (re.compile(r"[a-z]"), "x"), (re.compile(r"\d"), "d")]


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    out = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        out.append(c)
    return "".join(out)


@lru_cache(maxsize=65536)
def short_shape(word: str) -> str:
    s = shape(word)
    return re.sub(r"(.)\1+", r"\1", s)


def _words(text: str) -> frozenset[str]:
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case words that occur as ordinary (not proper) words in Indonesian text."""
    try:
        text = resources.files("warta").joinpath("resources", "nlp_common_words.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return _words(text)


@lru_cache(maxsize=1)
def proper_words() -> frozenset[str]:
    """Lower-case words seen mostly as proper nouns (POSP corpus): names the NER data lacks."""
    try:
        text = resources.files("warta").joinpath("resources", "nlp_proper_words.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return _words(text)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Common given names (curated, see scripts/build_gazetteers.py)."""
    try:
        text = resources.files("warta").joinpath("resources", "nlp_given_names.txt").read_text("utf-8")
    except FileNotFoundError:
        return frozenset()
    return _words(text)


@lru_cache(maxsize=1)
def word_clusters() -> dict[str, tuple[str, ...]]:
    """Lower-case word -> cluster ids at several granularities (coarse to fine).

    Unsupervised word classes (``nlp_word_clusters.tsv``, built by ``scripts/train_ner.py
    --build-clusters``): k-means over PPMI-SVD word vectors learnt from unlabelled Indonesian
    text. They let the CRF generalise from a name or a context word seen in training to words
    that behave alike but never occurred in the labelled data.
    """
    try:
        text = resources.files("warta").joinpath("resources", "nlp_word_clusters.tsv").read_text("utf-8")
    except FileNotFoundError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        out[parts[0]] = tuple(parts[1:])
    return out


@lru_cache(maxsize=1)
def region_index() -> dict[str, list[tuple[str, ...]]]:
    """First token -> token sequences of administrative-region names (``nlp_regions.tsv``),
    longest first: Indonesian provinces, regencies, cities and districts, and the ISO 3166-2
    subdivisions of every country (built by ``scripts/train_ner.py --build-regions``)."""
    try:
        text = resources.files("warta").joinpath("resources", "nlp_regions.tsv").read_text("utf-8")
    except FileNotFoundError:
        return {}
    index: dict[str, list[tuple[str, ...]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        toks = tuple(line.split("\t")[0].replace("-", " - ").split())
        if toks:
            index.setdefault(toks[0], []).append(toks)
    for seqs in index.values():
        seqs.sort(key=len, reverse=True)
    return index


def region_tags(words: list[str]) -> list[str]:
    """"B"/"I" on the words of region names found left to right (longest match), else ""."""
    index = region_index()
    n = len(words)
    out = [""] * n
    i = 0
    while i < n:
        hit = 0
        for seq in index.get(words[i], ()):
            if tuple(words[i : i + len(seq)]) == seq:
                hit = len(seq)
                break
        if hit:
            out[i] = "B"
            for k in range(i + 1, i + hit):
                out[k] = "I"
            i += hit
        else:
            i += 1
    return out


def _word_feats(w: str, prefix: str, common: frozenset[str], proper: frozenset[str]) -> list[str]:
    lw = w.lower()
    f = [f"{prefix}l={lw}", f"{prefix}ss={short_shape(w)}"]
    if w[:1].isupper():
        f.append(f"{prefix}cap")
    if lw in TITLE_WORDS:
        f.append(f"{prefix}title")
    if lw in CUE_WORDS or lw in SAY_VERBS:
        f.append(f"{prefix}cue")
    if lw in common:
        f.append(f"{prefix}common")
    if lw in proper:
        f.append(f"{prefix}nnp")
    if w in given_names():
        f.append(f"{prefix}gname")
    if lw in PLACE_HEADS:
        f.append(f"{prefix}plhead")
    elif lw in ORG_HEADS:
        f.append(f"{prefix}orghead")
    return f


def sentence_features(words: list[str], domain: str | None = None) -> list[list[str]]:
    """One feature list per word of a sentence.

    ``domain`` adds a domain-tagged copy of every feature ("frustratingly easy" domain
    adaptation, Daumé 2007): the model learns shared weights plus per-corpus corrections
    for the annotation conventions of each training corpus ("news" = IDNer-news-2k,
    "grit" = NERGrit). Runtime uses "news".
    """
    common = common_words()
    gaz = gazetteer()
    n = len(words)
    gtags = [""] * n
    for i, j, e in gaz.match(words):
        if e.type == "MEDIA" and " ".join(words[i:j]) in AMBIGUOUS_MEDIA:
            continue
        for k in range(i, j):
            gtags[k] = ("B-" if k == i else "I-") + e.type
    regions = region_tags(words)
    pos = pos_tags(words)
    proper = proper_words()
    per_word = [_word_feats(w, "", common, proper) for w in words]
    clusters = word_clusters()
    cl = [clusters.get(w.lower(), ()) for w in words]
    feats: list[list[str]] = []
    for i, w in enumerate(words):
        lw = w.lower()
        f = ["b", *per_word[i], f"sh={shape(w)[:8]}", f"p3={lw[:3]}", f"s3={lw[-3:]}", f"s2={lw[-2:]}"]
        if len(w) > 4:
            f.append(f"s4={lw[-4:]}")
            f.append(f"p4={lw[:4]}")
        if w.isupper() and len(w) > 1:
            f.append("allcap")
        if any(c.isdigit() for c in w):
            f.append("digit")
        if "-" in w:
            f.append("hyph")
        if w[:1].isupper() and lw in common:
            f.append("cap_common")
        if gtags[i]:
            f.append(f"g={gtags[i]}")
        if pos[i]:
            f.append(f"pos={pos[i]}")
            f.append(f"-1:pos={pos[i - 1] if i else 'BOS'}")
            f.append(f"1:pos={pos[i + 1] if i + 1 < n else 'EOS'}")
            f.append(f"pos|cap={pos[i]}|{int(w[:1].isupper())}")
        if regions[i]:
            f.append(f"rg={regions[i]}")
        if i > 0 and regions[i - 1]:
            f.append(f"-1:rg={regions[i - 1]}")
        if i + 1 < n and regions[i + 1]:
            f.append(f"1:rg={regions[i + 1]}")
        for g, c in enumerate(cl[i]):
            f.append(f"c{g}={c}")
        if i == 0:
            f.append("BOS")
        if i == n - 1:
            f.append("EOS")
        for off in (-3, -2, -1, 1, 2, 3):
            k = i + off
            if 0 <= k < n:
                p = f"{off}:"
                if off in (-1, 1):
                    f.extend(p + x for x in per_word[k])
                else:
                    f.append(f"{p}l={words[k].lower()}")
                    if words[k][:1].isupper():
                        f.append(f"{p}cap")
                    if words[k].lower() in TITLE_WORDS:
                        f.append(f"{p}title")
                if gtags[k]:
                    f.append(f"{p}g={gtags[k]}")
                if cl[k] and off in (-1, 1):
                    f.append(f"{p}c0={cl[k][0]}")
                    f.append(f"{p}c1={cl[k][1]}")
        if i > 0:
            f.append(f"-1l|sh={words[i - 1].lower()}|{short_shape(w)}")
            f.append(f"-1l|l={words[i - 1].lower()}|{lw}")
        if i + 1 < n:
            f.append(f"sh|+1l={short_shape(w)}|{words[i + 1].lower()}")
        if domain:
            f.extend([f"{domain}|{x}" for x in f])
        feats.append(f)
    return feats
