"""The shipped key-point ranker: weights in a JSON file, scored with numpy only.

Two model kinds are understood (``scripts/train_key_points.py`` writes both):

* ``logistic``: standardised features, one weight per feature and an intercept;
* ``gbdt``: gradient-boosted regression trees (from scikit-learn's
  ``GradientBoostingClassifier``) stored as padded node arrays and evaluated for
  all trees and all sentences at once.

The file also carries the selection settings tuned with the model (redundancy
threshold, minimum score for points after the first) and the feature names, which
must match :data:`warta.keypoints.features.FEATURE_NAMES`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from warta.keypoints.features import FEATURE_NAMES

DEFAULT_MODEL = "keypoints_v1.json"


@dataclass
class Ranker:
    kind: str
    feature_names: list[str]
    max_overlap: float = 0.6
    min_score: float = 0.0
    long_words: int = 60
    meta: dict[str, Any] = field(default_factory=dict)
    # logistic
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    coef: np.ndarray | None = None
    intercept: float = 0.0
    # gbdt
    init: float = 0.0
    learning_rate: float = 0.1
    feature: np.ndarray | None = None  # (trees, nodes) int, -1 at leaves
    threshold: np.ndarray | None = None  # (trees, nodes)
    left: np.ndarray | None = None
    right: np.ndarray | None = None
    value: np.ndarray | None = None
    depth: int = 0

    def score(self, x: np.ndarray) -> np.ndarray:
        """Probability-like score (0..1) for each row of ``x`` (sentences x features)."""
        if x.shape[0] == 0:
            return np.zeros(0)
        if self.kind == "logistic":
            assert self.mean is not None and self.scale is not None and self.coef is not None
            z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        elif self.kind == "gbdt":
            assert self.feature is not None and self.threshold is not None
            assert self.left is not None and self.right is not None and self.value is not None
            n_trees = self.feature.shape[0]
            rows = np.arange(n_trees)[None, :]
            node = np.zeros((x.shape[0], n_trees), dtype=np.int64)
            samples = np.arange(x.shape[0])[:, None]
            for _ in range(self.depth):
                feat = self.feature[rows, node]
                leaf = feat < 0
                go_left = x[samples, np.where(leaf, 0, feat)] <= self.threshold[rows, node]
                nxt = np.where(go_left, self.left[rows, node], self.right[rows, node])
                node = np.where(leaf, node, nxt)
            z = self.init + self.learning_rate * self.value[rows, node].sum(axis=1)
        else:  # pragma: no cover - guarded by load_ranker
            raise ValueError(f"unknown model kind {self.kind!r}")
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "feature_names": self.feature_names,
            "selection": {
                "max_overlap": self.max_overlap,
                "min_score": self.min_score,
                "long_words": self.long_words,
            },
            "meta": self.meta,
        }
        if self.kind == "logistic":
            assert self.mean is not None and self.scale is not None and self.coef is not None
            data["logistic"] = {
                "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "coef": [round(float(v), 6) for v in self.coef],
                "intercept": round(float(self.intercept), 6),
            }
        else:
            assert self.feature is not None and self.threshold is not None
            assert self.left is not None and self.right is not None and self.value is not None
            data["gbdt"] = {
                "init": round(float(self.init), 6),
                "learning_rate": self.learning_rate,
                "depth": self.depth,
                "feature": self.feature.tolist(),
                "threshold": [[round(float(v), 6) for v in row] for row in self.threshold],
                "left": self.left.tolist(),
                "right": self.right.tolist(),
                "value": [[round(float(v), 6) for v in row] for row in self.value],
            }
        return data


def ranker_from_json(data: dict[str, Any]) -> Ranker:
    names = list(data["feature_names"])
    if tuple(names) != FEATURE_NAMES:
        raise ValueError("key-point model was trained on other features than this warta computes")
    sel = data.get("selection", {})
    ranker = Ranker(
        kind=data["kind"],
        feature_names=names,
        max_overlap=float(sel.get("max_overlap", 0.6)),
        min_score=float(sel.get("min_score", 0.0)),
        long_words=int(sel.get("long_words", 60)),
        meta=dict(data.get("meta", {})),
    )
    if ranker.kind == "logistic":
        lg = data["logistic"]
        ranker.mean = np.asarray(lg["mean"], dtype=float)
        ranker.scale = np.asarray(lg["scale"], dtype=float)
        ranker.coef = np.asarray(lg["coef"], dtype=float)
        ranker.intercept = float(lg["intercept"])
    elif ranker.kind == "gbdt":
        gb = data["gbdt"]
        ranker.init = float(gb["init"])
        ranker.learning_rate = float(gb["learning_rate"])
        ranker.depth = int(gb["depth"])
        ranker.feature = np.asarray(gb["feature"], dtype=np.int64)
        ranker.threshold = np.asarray(gb["threshold"], dtype=float)
        ranker.left = np.asarray(gb["left"], dtype=np.int64)
        ranker.right = np.asarray(gb["right"], dtype=np.int64)
        ranker.value = np.asarray(gb["value"], dtype=float)
    else:
        raise ValueError(f"unknown key-point model kind {ranker.kind!r}")
    return ranker


def load_ranker(path: str | Path | None = None) -> Ranker:
    """The ranker in ``path``, or the one shipped in ``warta/models/`` (cached)."""
    if path is None:
        return _shipped()
    return ranker_from_json(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _shipped() -> Ranker:
    text = resources.files("warta").joinpath("models", DEFAULT_MODEL).read_text(encoding="utf-8")
    return ranker_from_json(json.loads(text))
