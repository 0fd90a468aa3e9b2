"""Key points against IndoSum's gold summaries: warta, LEAD-3 and the extractive oracle in one run.

    .venv/bin/python benchmarks/key_points.py                    # fold 4, prints a Markdown table
    .venv/bin/python benchmarks/key_points.py --write    # ... and updates docs/benchmarks.md
    .venv/bin/python benchmarks/key_points.py --folds 1 2 3      # training folds (sanity check only)
    .venv/bin/python benchmarks/key_points.py --files other/test.01.jsonl   # any IndoSum-format JSONL
    .venv/bin/python benchmarks/key_points.py --model /tmp/kp.json

Systems (ROUGE-1/2/L F1 from ``rouge-score``, no stemming, averaged over articles):

* **LEAD-3**: the first three sentences of the article as IndoSum segments it, dateline included;
* **LEAD-3, cleaned**: the first three sentences warta would consider (warta's splitter, dateline,
  chrome, caption and speakerless-quote filters), to show how much comes from cleaning alone;
* **warta**: ``warta.keypoints.generate_key_points(article, n=3)`` on the detokenised article
  (no title; the URL slug stands in for it);
* **oracle**: the sentences IndoSum marks as the gold extractive summary (an upper bound).

Speed is measured on the same articles, one process, single-threaded (BLAS threads pinned to 1), for
``generate_key_points`` only (model already loaded): CPU time, which is what one core delivers, and wall
clock, which depends on what else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from warta.keypoints import generate_key_points
from warta.keypoints.features import candidates
from warta.keypoints.indosum import IndoSumDoc, fold_path, read_fold
from warta.keypoints.ranker import load_ranker

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "id" / "indosum"
DOC = REPO / "docs" / "benchmarks.md"
METRICS = ("rouge1", "rouge2", "rougeL")


def _tok(sentences: list[list[str]]) -> str:
    return " ".join(" ".join(s) for s in sentences)


def splitter_agreement(docs: list[IndoSumDoc]) -> tuple[float, float, int]:
    """Precision, recall and count of IndoSum's gold sentence ends found by warta's splitter."""
    from warta.text.sentences import split_sentences

    tp = fp = fn = 0
    for doc in docs:
        for p_index, para in enumerate(doc.text_paragraphs):
            gold: set[int] = set()
            pos = 0
            for text, owner in zip(doc.sentences, doc.sentence_paragraph, strict=True):
                if owner == p_index:
                    start = para.find(text, pos)
                    if start >= 0:
                        pos = start + len(text)
                        gold.add(pos)
            pred = {end for _start, end in split_sentences(para)}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp + fn


def run(
    data: Path,
    folds: list[int],
    model: Path | None = None,
    limit: int | None = None,
    files: list[Path] | None = None,
) -> dict[str, object]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=False)
    ranker = load_ranker(model)
    paths = files or [fold_path(data, f) for f in folds]
    docs: list[IndoSumDoc] = [d for path in paths for d in read_fold(path)]
    if limit:
        docs = docs[:limit]
    articles = [d.article() for d in docs]
    t0, c0 = time.perf_counter(), time.process_time()
    outputs = [generate_key_points(a, n=3, ranker=ranker) for a in articles]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    systems: dict[str, list[str]] = {"LEAD-3": [], "LEAD-3, cleaned": [], "warta": [], "oracle": []}
    n_points = 0
    for doc, article, points in zip(docs, articles, outputs, strict=True):
        sents = [s for p in doc.paragraphs for s in p]
        systems["LEAD-3"].append(_tok(sents[:3]))
        kept = [c.text for c in candidates(article) if c.drop is None][:3]
        systems["LEAD-3, cleaned"].append(" ".join(kept))
        systems["warta"].append(" ".join(points))
        systems["oracle"].append(_tok([s for s, lab in zip(sents, doc.flat_labels, strict=True) if lab]))
        n_points += len(points)
    results: dict[str, dict[str, float]] = {}
    for name, hyps in systems.items():
        totals = dict.fromkeys(METRICS, 0.0)
        for doc, hyp in zip(docs, hyps, strict=True):
            score = scorer.score(doc.summary_text, hyp)
            for m in METRICS:
                totals[m] += score[m].fmeasure
        results[name] = {m: 100 * totals[m] / len(docs) for m in METRICS}
    precision, recall, boundaries = splitter_agreement(docs)
    return {
        "splitter": {"precision": precision, "recall": recall, "boundaries": boundaries},
        "folds": [p.name for p in files] if files else folds,
        "articles": len(docs),
        "results": results,
        "articles_per_s": len(docs) / elapsed if elapsed else float("inf"),
        "articles_per_cpu_s": len(docs) / cpu if cpu else float("inf"),
        "points_per_article": n_points / len(docs),
        "model": ranker.kind,
    }


def markdown(report: dict[str, object]) -> str:
    results: dict[str, dict[str, float]] = report["results"]  # type: ignore[assignment]
    folds = ", ".join(str(f) for f in report["folds"])  # type: ignore[attr-defined]
    lead = results["LEAD-3"]
    lines = [
        "## Key points",
        "",
        f"Development figures: IndoSum fold {folds} ({report['articles']} articles), "
        "ROUGE F1 x 100 against the gold summaries (`rouge-score`, no stemming). "
        "The ranker was trained and tuned on folds 1-3 only. "
        "Rerun with `.venv/bin/python benchmarks/key_points.py --write`; method and other models in "
        "[key-points.md](key-points.md).",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | vs LEAD-3 (R-1 / R-2) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        delta = f"{r['rouge1'] - lead['rouge1']:+.2f} / {r['rouge2'] - lead['rouge2']:+.2f}"
        label = f"warta ({report['model']}, n=3)" if name == "warta" else name
        lines.append(f"| {label} | {r['rouge1']:.2f} | {r['rouge2']:.2f} | {r['rougeL']:.2f} | {delta} |")
    lines += [
        "",
        f"warta returned {report['points_per_article']:.2f} points per article on average. Speed: "
        f"{report['articles_per_cpu_s']:.0f} articles per CPU-second on one core "
        f"({report['articles_per_s']:.0f}/s wall clock on the shared machine), single-threaded, model loaded, "
        "key-point selection only.",
        "",
        f"Sentence splitter against IndoSum's gold segmentation of the same articles (detokenised "
        f"paragraphs, {report['splitter']['boundaries']} sentence ends): "  # type: ignore[index]
        f"precision {100 * report['splitter']['precision']:.1f}%, "  # type: ignore[index]
        f"recall {100 * report['splitter']['recall']:.1f}%.",  # type: ignore[index]
        "",
    ]
    return "\n".join(lines)


def write_section(section: str, path: Path = DOC) -> None:
    """Replace the ``## Key points`` section of docs/benchmarks.md, leaving others' sections alone."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Benchmarks\n\n" + section, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^## Key points\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--folds", type=int, nargs="+", default=[4])
    ap.add_argument("--files", type=Path, nargs="+", default=None, help="IndoSum-format JSONL files instead of folds")
    ap.add_argument("--model", type=Path, default=None, help="a model JSON other than the shipped one")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args(argv)
    if not args.files and not args.data.is_dir():
        print(f"IndoSum not found at {args.data}", file=sys.stderr)
        return 2
    report = run(args.data, args.folds, args.model, args.limit, args.files)
    section = markdown(report)
    print(section)
    if args.write:
        write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
