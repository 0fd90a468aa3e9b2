"""Named-entity recognition on the development splits: per-type P/R/F1 and speed.

    python benchmarks/ner.py [--data ../shared/data] [--no-write]

Entity-level exact-span scoring (a span counts only with both boundaries and the type right)
on IDNer-news-2k ``dev.txt`` and NERGrit ``valid_preprocess.txt``, tag sets mapped to
PERSON / ORGANIZATION / LOCATION. Two rows per corpus:

- **CRF**: the shipped model alone, with the corpus' own domain features ("news" for IDNer,
  "grit" for NERGrit; see docs/nlp.md on domain adaptation);
- **recognizer**: what ``warta.analyze`` runs on news (CRF in the "news" domain, title
  trimming, organ-of-state patterns, gazetteers), its COUNTRY mapped to LOCATION and MEDIA to
  ORGANIZATION so it can be scored against the three-type gold.

Speed is the CRF tagger with feature extraction (POS tagger and word lists included), in tokens
per second of CPU time (``time.process_time``; the work is single-threaded, so this is one core,
and it does not depend on what else the machine is running). Size: the NER and POS models and
the whole ``warta`` package directory as shipped (no ``__pycache__``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.nlp import ner, ner_pos  # noqa: E402
from warta.nlp.mentions import sentence_mentions  # noqa: E402

SPLITS = [
    ("IDNer-news-2k dev", "idner-news-2k/dev.txt", "news", 0.85),
    ("NERGrit valid", "nergrit/valid_preprocess.txt", "grit", 0.80),
]
MAP = {"COUNTRY": "LOCATION", "MEDIA": "ORGANIZATION"}


def recognizer_tags(words: list[str]) -> list[str]:
    text = " ".join(words)
    offsets = []
    pos = 0
    for w in words:
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    tags = ["O"] * len(words)
    for m in sentence_mentions(text, 0, len(text)):
        idx = [i for i, (a, b) in enumerate(offsets) if a >= m.start and b <= m.end]
        if not idx:
            continue
        typ = MAP.get(m.type, m.type)
        tags[idx[0]] = f"B-{typ}"
        for i in idx[1:]:
            tags[i] = f"I-{typ}"
    return tags


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    models = REPO / "src" / "warta" / "models"
    ner_mb = (models / ner.MODEL_NAME).stat().st_size / 1e6
    pos_mb = (models / ner_pos.MODEL_NAME).stat().st_size / 1e6 if (models / ner_pos.MODEL_NAME).is_file() else 0.0
    package = REPO / "src" / "warta"
    package_mb = sum(p.stat().st_size for p in package.rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts) / 1e6
    lines = ["## NER: development splits", "",
             "`python benchmarks/ner.py`; entity-level exact-span scores; models "
             f"`src/warta/models/{ner.MODEL_NAME}` ({ner_mb:.1f} MB) and `{ner_pos.MODEL_NAME}` ({pos_mb:.1f} MB); "
             f"the whole `warta` package directory {package_mb:.1f} MB.", "",
             "| corpus | system | type | P | R | F1 | gold |", "|---|---|---|---|---|---|---|"]
    speed_tokens = 0
    speed_time = 0.0
    for name, rel, domain, target in SPLITS:
        sents = ner.read_conll(args.data / "id" / "ner" / rel)
        gold = [t for _, t in sents]
        ner.tag(sents[0][0], domain)  # models loaded outside the timing
        t0 = time.process_time()
        pred = [ner.tag(w, domain) for w, _ in sents]
        speed_time += time.process_time() - t0
        speed_tokens += sum(len(w) for w, _ in sents)
        rec = [recognizer_tags(w) for w, _ in sents]
        for system, p in (("CRF", pred), ("recognizer", rec)):
            res = ner.evaluate(gold, p)
            print(f"{name} — {system}" + (f" (target F1 >= {target})" if system == "CRF" else ""))
            for typ, r in res.items():
                print(f"  {typ:13s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} n={int(r['support'])}")
                lines.append(f"| {name} | {system} | {typ} | {r['precision']:.3f} | {r['recall']:.3f} | "
                             f"{r['f1']:.3f} | {int(r['support'])} |")
    speed = speed_tokens / speed_time
    print(f"speed: {speed:,.0f} tokens per CPU second (CRF tagging with features, one core); "
          f"models {ner_mb:.1f} + {pos_mb:.1f} MB, package {package_mb:.1f} MB")
    lines += ["", f"Speed: {speed:,.0f} tokens per CPU second (CRF with feature extraction and POS tags, "
              "single-threaded, `time.process_time`).", ""]
    if not args.no_write:
        sys.path.insert(0, str(REPO / "benchmarks"))
        from quotes import _write_section

        _write_section(REPO / "docs" / "nlp-benchmarks.md", "## NER:", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
