"""Train the key-point ranker on IndoSum folds 1-3 and write the model warta ships.

    .venv/bin/python scripts/train_key_points.py     # gbdt, CV-tuned, writes the shipped model
    .venv/bin/python scripts/train_key_points.py --kind logistic --out /tmp/kp_logistic.json
    .venv/bin/python scripts/train_key_points.py --cv-only             # only the 3-fold CV table

Protocol (fold 4 is never read here):

1. every article of folds 1-3 is detokenised (``warta.keypoints.indosum``), built into an
   Article and passed through warta's own candidate pipeline (sentence splitter, dateline,
   chrome, caption and quote filters, features), so training sees exactly what inference sees;
2. each warta sentence gets the gold extractive label of the IndoSum sentence it overlaps most;
3. selection settings (redundancy threshold, score floor, clause-trim length) are tuned by
   leave-one-fold-out cross-validation on folds 1-3 (train on two, ROUGE on the third);
4. the final model is trained on all three folds with the chosen settings.

Needs scikit-learn and rouge-score (test/bench extras); the shipped JSON needs only numpy.
Runs single-threaded.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from warta.keypoints import select_points
from warta.keypoints.features import FEATURE_NAMES, Candidate, candidates, compute_features
from warta.keypoints.indosum import IndoSumDoc, fold_path, read_fold
from warta.keypoints.ranker import Ranker

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "id" / "indosum"
DEFAULT_OUT = REPO / "src" / "warta" / "models" / "keypoints_v1.json"

GRID_OVERLAP = (0.65, 1.01)
GRID_MIN_SCORE = (0.0, 0.2, 0.3, 0.4)
GRID_LONG = (60, 0)


class Prepared:
    """One IndoSum document run through warta's candidate pipeline, with gold labels mapped on."""

    def __init__(self, doc: IndoSumDoc) -> None:
        self.doc = doc
        article = doc.article()
        self.kept: list[Candidate] = compute_features(article, candidates(article))
        self.x = np.asarray([c.features for c in self.kept], dtype=float).reshape(-1, len(FEATURE_NAMES))
        self.y = np.asarray([_label(doc, c) for c in self.kept], dtype=int)


def _label(doc: IndoSumDoc, cand: Candidate) -> int:
    """Gold label of the IndoSum sentence that overlaps the candidate's span most."""
    para = doc.text_paragraphs[cand.para]
    best, best_overlap, pos = 0, 0, 0
    for text, p_index, label in zip(doc.sentences, doc.sentence_paragraph, doc.flat_labels, strict=True):
        if p_index != cand.para:
            continue
        start = para.find(text, pos)
        if start < 0:
            continue
        end = start + len(text)
        pos = end
        overlap = min(end, cand.end) - max(start, cand.start)
        if overlap > best_overlap:
            best, best_overlap = int(label), overlap
    return best


def prepare(data: Path, folds: list[int]) -> list[Prepared]:
    return [Prepared(doc) for fold in folds for doc in read_fold(fold_path(data, fold))]


def fit(kind: str, docs: list[Prepared], seed: int = 0) -> Ranker:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([d.x for d in docs if len(d.y)])
    y = np.concatenate([d.y for d in docs if len(d.y)])
    names = list(FEATURE_NAMES)
    if kind == "logistic":
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        clf = LogisticRegression(C=1.0, max_iter=2000)
        clf.fit((x - mean) / scale, y)
        return Ranker(
            kind="logistic",
            feature_names=names,
            mean=mean,
            scale=scale,
            coef=clf.coef_[0].copy(),
            intercept=float(clf.intercept_[0]),
        )
    if kind == "gbdt":
        depth, rate = 4, 0.05
        gb = GradientBoostingClassifier(
            n_estimators=300, max_depth=depth, learning_rate=rate, subsample=0.8, random_state=seed
        )
        gb.fit(x, y)
        trees = [est[0].tree_ for est in gb.estimators_]
        width = max(t.node_count for t in trees)
        feature = np.full((len(trees), width), -1, dtype=np.int64)
        threshold = np.zeros((len(trees), width))
        left = np.zeros((len(trees), width), dtype=np.int64)
        right = np.zeros((len(trees), width), dtype=np.int64)
        value = np.zeros((len(trees), width))
        for t, tree in enumerate(trees):
            k = tree.node_count
            feat = tree.feature.copy()
            feat[tree.children_left < 0] = -1
            feature[t, :k] = feat
            threshold[t, :k] = tree.threshold
            left[t, :k] = np.maximum(tree.children_left, 0)
            right[t, :k] = np.maximum(tree.children_right, 0)
            value[t, :k] = tree.value[:, 0, 0]
        prior = float(y.mean())
        ranker = Ranker(
            kind="gbdt",
            feature_names=names,
            init=float(np.log(prior / (1 - prior))),
            learning_rate=rate,
            depth=depth,
            feature=feature,
            threshold=threshold,
            left=left,
            right=right,
            value=value,
        )
        sample = x[:500]
        ours = ranker.score(sample)
        theirs = gb.predict_proba(sample)[:, 1]
        if not np.allclose(ours, theirs, atol=1e-6):
            raise SystemExit(f"exported trees disagree with scikit-learn: {np.abs(ours - theirs).max()}")
        return ranker
    raise SystemExit(f"unknown kind {kind}")


def rouge_table(
    docs: list[Prepared], ranker: Ranker, grid: list[tuple[float, float, int]], n: int = 3
) -> dict[tuple[float, float, int], tuple[float, float, float]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    out: dict[tuple[float, float, int], list[tuple[float, float, float]]] = {g: [] for g in grid}
    for d in docs:
        scores = ranker.score(d.x)
        ref = d.doc.summary_text
        for g in grid:
            points = select_points(d.kept, scores, n, max_overlap=g[0], min_score=g[1], long_words=g[2] or None)
            s = scorer.score(ref, " ".join(points))
            out[g].append((s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure))
    return {g: tuple(float(v) * 100 for v in np.mean(vals, axis=0)) for g, vals in out.items()}  # type: ignore[misc]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with dev.0N.jsonl")
    ap.add_argument("--kind", choices=["gbdt", "logistic"], default="gbdt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cv-only", action="store_true", help="print the CV table, write nothing")
    ap.add_argument("--no-cv", action="store_true", help="skip tuning; use the default selection settings")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"IndoSum not found at {args.data}", file=sys.stderr)
        return 2
    t0 = time.time()
    folds = {f: prepare(args.data, [f]) for f in (1, 2, 3)}
    print(f"prepared folds 1-3 in {time.time() - t0:.1f}s", file=sys.stderr)
    grid = list(itertools.product(GRID_OVERLAP, GRID_MIN_SCORE, GRID_LONG))
    best = (0.65, 0.0, 60)
    cv: dict[str, Any] = {}
    if not args.no_cv:
        tables = []
        for held in (1, 2, 3):
            train = [d for f, docs in folds.items() if f != held for d in docs]
            ranker = fit(args.kind, train)
            tables.append(rouge_table(folds[held], ranker, grid))
            print(f"CV fold {held} done ({time.time() - t0:.0f}s)", file=sys.stderr)
        mean = {g: tuple(np.mean([t[g] for t in tables], axis=0)) for g in grid}
        best = max(grid, key=lambda g: mean[g][0] + mean[g][1])
        ranked = sorted(grid, key=lambda g: -(mean[g][0] + mean[g][1]))
        print("max_overlap min_score long_words  R1     R2     RL   (mean of 3 held-out folds)")
        for g in ranked[:10]:
            print(f"{g[0]:>11} {g[1]:>9} {g[2]:>10}  {mean[g][0]:.2f}  {mean[g][1]:.2f}  {mean[g][2]:.2f}")
        cv = {
            "selected": list(best),
            "r1": round(mean[best][0], 2),
            "r2": round(mean[best][1], 2),
            "rl": round(mean[best][2], 2),
        }
        if args.cv_only:
            return 0
    ranker = fit(args.kind, [d for docs in folds.values() for d in docs])
    ranker.max_overlap, ranker.min_score, ranker.long_words = best
    ranker.meta = {
        "trained_on": "IndoSum folds 1-3 (detokenised), gold extractive labels",
        "cv_folds_1_3": cv,
        "sentences": int(sum(len(d.y) for docs in folds.values() for d in docs)),
        "positives": int(sum(int(d.y.sum()) for docs in folds.values() for d in docs)),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(ranker.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB) in {time.time() - t0:.0f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
