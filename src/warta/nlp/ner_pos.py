"""Case-blind part-of-speech tags as features of the named-entity CRF.

A small CRF (``warta/models/ner_pos.crfsuite``) trained by ``scripts/train_ner.py`` on the
POSP corpus (IndoNLU, Apache-2.0; 6,720 news sentences, 23 tags). POSP text is lower-cased, so
the tagger learns from word forms, affixes, word classes and neighbouring words alone whether a
word is a proper noun (NNP), a common noun, a verb, ...: evidence about names that does not
depend on capitalisation, which headlines, all-caps text and sentence openers make unreliable.
It is ~96 % accurate on POSP valid (NNP precision/recall ~0.93); the NER CRF sees the tag of
each word and of its neighbours.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources

from warta.nlp.crf import load_tagger

MODEL_NAME = "ner_pos.crfsuite"

_lock = threading.Lock()


def pos_features(words: list[str]) -> list[list[str]]:
    """Features of the POS tagger: lower-cased word, affixes, shape, word classes, neighbours."""
    from warta.nlp.features import short_shape, word_clusters  # features imports this module

    clusters = word_clusters()
    lw = [w.lower() for w in words]
    cl = [clusters.get(x, ()) for x in lw]
    n = len(lw)
    out: list[list[str]] = []
    for i, w in enumerate(lw):
        f = ["b", "l=" + w, "p2=" + w[:2], "p3=" + w[:3], "s2=" + w[-2:], "s3=" + w[-3:], "s4=" + w[-4:],
             "sh=" + short_shape(w)]
        f.extend(f"c{g}={c}" for g, c in enumerate(cl[i]))
        for off in (-2, -1, 1, 2):
            k = i + off
            if 0 <= k < n:
                f.append(f"{off}l={lw[k]}")
                if cl[k]:
                    f.append(f"{off}c1={cl[k][1]}")
            else:
                f.append(f"{off}BOUND")
        out.append(f)
    return out


@lru_cache(maxsize=1)
def _tagger() -> object | None:
    return load_tagger(resources.files("warta").joinpath("models", MODEL_NAME))


def pos_tags(words: list[str]) -> list[str]:
    """POSP tags of ``words`` (empty strings when the model is missing)."""
    if not words:
        return []
    tagger = _tagger()
    if tagger is None:
        return [""] * len(words)
    feats = pos_features(words)
    with _lock:  # a crfsuite Tagger is not safe to share between threads
        return list(tagger.tag(feats))  # type: ignore[attr-defined]


def read_posp(path: str) -> list[tuple[list[str], list[str]]]:
    """Sentences of a POSP file (``word<TAB>B-TAG`` lines, blank line between sentences)."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < 2 or not parts[0]:
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            words.append(parts[0])
            tags.append(parts[1].strip()[2:] or "O")
    if words:
        sents.append((words, tags))
    return sents
