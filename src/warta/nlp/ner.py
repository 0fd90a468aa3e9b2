"""CRF named-entity tagger (PERSON, ORGANIZATION, LOCATION) and corpus helpers.

The model file ``warta/models/ner_crf.crfsuite`` is trained by ``scripts/train_ner.py``
on IDNer-news-2k and NERGrit; it is opened once, lazily, and only read.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from warta.nlp.crf import load_tagger
from warta.nlp.features import sentence_features

MODEL_NAME = "ner_crf.crfsuite"
TYPES = ("PERSON", "ORGANIZATION", "LOCATION")

TAG_MAP = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "ORGANISATION": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
    "LOC": "LOCATION",
    "PLACE": "LOCATION",
    "LOCATION": "LOCATION",
}

Sentence = tuple[list[str], list[str]]

_lock = threading.Lock()


def model_resource() -> Traversable:
    """The packaged model as an importlib resource (a file, or a member of a zip on sys.path)."""
    return resources.files("warta").joinpath("models", MODEL_NAME)


def model_path() -> Path:
    """File-system path of the model; only meaningful for an unzipped install (training, benchmarks)."""
    return Path(str(model_resource()))


@lru_cache(maxsize=1)
def _tagger() -> object | None:
    """The crfsuite tagger, loaded once (see :func:`warta.nlp.crf.load_tagger`)."""
    return load_tagger(model_resource())


RUNTIME_DOMAIN = "news"


def tag(words: list[str], domain: str | None = RUNTIME_DOMAIN) -> list[str]:
    """BIO tags for one sentence; all "O" when the model file is missing.

    ``domain`` selects the corpus-specific feature copies learnt in training ("news":
    IDNer-news-2k conventions, "grit": NERGrit's); news text uses "news".
    """
    if not words:
        return []
    tagger = _tagger()
    if tagger is None:
        return ["O"] * len(words)
    feats = sentence_features(words, domain)
    with _lock:  # a crfsuite Tagger is not safe to share between threads
        return list(tagger.tag(feats))  # type: ignore[attr-defined]


def spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(i, j, type)`` from BIO tags (an I- without B- opens a span)."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, t in enumerate([*tags, "O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != typ):
            if start >= 0:
                out.append((start, i, typ))
            start, typ = (i, t[2:]) if t != "O" else (-1, "")
    return out


def map_tag(tag: str) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, label = tag.partition("-")
    mapped = TAG_MAP.get(label)
    return f"{prefix}-{mapped}" if mapped else "O"


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of a CoNLL-style file: token first, BIO tag last (IDNer and NERGrit layouts)."""
    sents: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\r\n")
            if not line.strip():
                if words:
                    sents.append((words, tags))
                    words, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            words.append(parts[0])
            tags.append(map_tag(parts[-1].strip()))
    if words:
        sents.append((words, tags))
    return sents


def evaluate(
    gold: Iterable[list[str]], pred: Iterable[list[str]]
) -> dict[str, dict[str, float]]:
    """Entity-level exact-span precision, recall and F1 per type and micro-averaged ("ALL")."""
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in (*TYPES, "ALL")}  # tp, n_pred, n_gold
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(spans(g)), set(spans(p))
        for typ in TYPES:
            gt = {s for s in gs if s[2] == typ}
            pt = {s for s in ps if s[2] == typ}
            for key in (typ, "ALL"):
                counts[key][0] += len(gt & pt)
                counts[key][1] += len(pt)
                counts[key][2] += len(gt)
    out: dict[str, dict[str, float]] = {}
    for key, (tp, npred, ngold) in counts.items():
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[key] = {"precision": prec, "recall": rec, "f1": f1, "support": float(ngold)}
    return out
