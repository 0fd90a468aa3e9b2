"""Train the CRF named-entity model shipped as ``src/warta/models/ner_crf.crfsuite``.

Training data: IDNer-news-2k (train) and NERGrit (train) from ``../shared/data/id/ner``,
their tag sets mapped to PERSON / ORGANIZATION / LOCATION (see ``warta.nlp.ner.TAG_MAP``).
Also writes ``src/warta/resources/nlp_common_words.txt``: lower-case words seen as ordinary
(non-proper) words in the NER training splits and in the POSP corpus (IndoNLU, Apache-2.0),
one of the CRF's features. Development splits are only evaluated, never trained on.

    python scripts/train_ner.py [--data ../shared/data] [--c1 0.05 --c2 0.01 --iter 200]

Runs single-threaded (crfsuite is single-threaded) in a few minutes on one core.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.nlp import features  # noqa: E402
from warta.nlp.ner import evaluate, read_conll  # noqa: E402

COMMON_PATH = REPO / "src" / "warta" / "resources" / "nlp_common_words.txt"
PROPER_PATH = REPO / "src" / "warta" / "resources" / "nlp_proper_words.txt"
MODEL_PATH = REPO / "src" / "warta" / "models" / "ner_crf.crfsuite"


def build_common_words(data: Path, train_sets: list[list[tuple[list[str], list[str]]]]) -> None:
    lower: collections.Counter[str] = collections.Counter()
    for sents in train_sets:
        for words, tags in sents:
            for w, t in zip(words, tags, strict=True):
                if t == "O" and w.isalpha() and w.islower():
                    lower[w] += 1
    posp = data / "id" / "pos" / "posp" / "train_preprocess.txt"
    proper: collections.Counter[str] = collections.Counter()
    if posp.is_file():
        for line in posp.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0].isalpha():
                continue
            if parts[1].strip()[2:] == "NNP":
                proper[parts[0].lower()] += 1
            else:
                lower[parts[0].lower()] += 1
    names = sorted(w for w, c in proper.items() if c > lower.get(w, 0) and len(w) > 1)
    PROPER_PATH.write_text(
        "# lower-case words tagged as proper nouns (NNP) more often than not in POSP train (IndoNLU)\n"
        + "\n".join(names) + "\n", "utf-8")
    print(f"proper words: {len(names)}", file=sys.stderr)
    words = sorted(w for w, c in lower.items() if c >= 2)
    header = "# lower-case ordinary words from IDNer-news-2k/NERGrit train (O tags) and POSP train (non-NNP)\n"
    COMMON_PATH.write_text(header + "\n".join(words) + "\n", "utf-8")
    features.common_words.cache_clear()
    features.proper_words.cache_clear()
    print(f"common words: {len(words)}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iter", type=int, default=200)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--news-weight", type=int, default=3, help="times IDNer-news-2k train is repeated")
    ap.add_argument("--algorithm", default="lbfgs", choices=["lbfgs", "ap", "pa", "arow", "l2sgd"])
    ap.add_argument("--domains", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--train", choices=["both", "idner", "nergrit"], default="both")
    args = ap.parse_args()

    import pycrfsuite

    ner = args.data / "id" / "ner"
    idner_train = read_conll(ner / "idner-news-2k" / "train.txt")
    grit_train = read_conll(ner / "nergrit" / "train_preprocess.txt")
    dev = {
        "IDNer-news-2k dev": ("news", read_conll(ner / "idner-news-2k" / "dev.txt")),
        "NERGrit valid": ("grit", read_conll(ner / "nergrit" / "valid_preprocess.txt")),
    }
    build_common_words(args.data, [idner_train, grit_train])

    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.time()
    news = idner_train * args.news_weight
    chosen = {"both": [("news", news), ("grit", grit_train)], "idner": [("news", news)],
              "nergrit": [("grit", grit_train)]}[args.train]
    for domain, sents in chosen:
        for words, tags in sents:
            trainer.append(features.sentence_features(words, domain if args.domains else None), tags)
    trainer.select(args.algorithm)
    params: dict[str, object] = {"max_iterations": args.iter, "feature.possible_transitions": True}
    if args.algorithm == "lbfgs":
        params.update({"c1": args.c1, "c2": args.c2})
    elif args.algorithm == "l2sgd":
        params.update({"c2": args.c2})
    trainer.set_params(params)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.out))
    print(f"trained in {time.time() - t0:.0f}s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.out))
    for name, (domain, sents) in dev.items():
        gold = [t for _, t in sents]
        dom = domain if args.domains else None
        pred = [list(tagger.tag(features.sentence_features(w, dom))) for w, _ in sents]
        res = evaluate(gold, pred)
        print(name)
        for typ, r in res.items():
            print(f"  {typ:13s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} n={int(r['support'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
