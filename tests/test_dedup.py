"""Exact and near-duplicate clustering, origins, persistence."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warta.dedup import DedupIndex, normalize_for_hash, shingles, text_hash

WORDS = [
    "pemerintah",
    "presiden",
    "menteri",
    "jakarta",
    "rakyat",
    "ekonomi",
    "harga",
    "beras",
    "naik",
    "turun",
    "kebijakan",
    "baru",
    "rapat",
    "kabinet",
    "gubernur",
    "banjir",
    "jalan",
    "tol",
    "bandara",
    "pelabuhan",
    "investasi",
    "asing",
    "pajak",
    "subsidi",
    "listrik",
    "warga",
    "desa",
    "kota",
    "polisi",
    "pengadilan",
    "hakim",
    "jaksa",
    "korupsi",
    "anggaran",
    "sekolah",
    "guru",
    "murid",
    "rumah",
    "sakit",
    "dokter",
    "vaksin",
    "pemilu",
    "partai",
    "suara",
    "kampanye",
    "debat",
    "calon",
    "wakil",
    "daerah",
    "provinsi",
    "kabupaten",
    "laut",
    "hutan",
    "api",
    "gempa",
    "bumi",
    "tsunami",
    "bantuan",
    "relawan",
]


def article(seed: int, n: int = 220) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n)) + "."


def edit(text: str, seed: int, changes: int = 3) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def at(day: int) -> datetime:
    return datetime(2026, 9, day, 8, tzinfo=UTC)


def test_normalisation_and_hash():
    a = "Presiden  Joko Widodo — “meresmikan” jalan tol!\u200b"
    b = "presiden joko widodo meresmikan JALAN TOL"
    assert normalize_for_hash(a) == normalize_for_hash(b) == "presiden joko widodo meresmikan jalan tol"
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash(a + " lagi")
    assert shingles("a b c", k=5) == [b"a b c"]
    assert len(shingles("a b c d e f g", k=5)) == 3


def test_exact_duplicates_join_the_first_and_origin_is_earliest_published():
    ix = DedupIndex()
    text = article(1)
    r1 = ix.add("kompas-1", text, published=at(3))
    r2 = ix.add("detik-1", text.upper() + " ", published=at(2))  # same text, published earlier
    assert r1.cluster_id == r2.cluster_id == "kompas-1"
    assert r2.exact_duplicate_of == "kompas-1" and r2.is_duplicate
    assert r2.is_origin and r2.previous_origin == "kompas-1"
    assert ix.origin_of("kompas-1") == "detik-1"
    r3 = ix.add("tribun-1", text, published=None)  # undated: never beats a dated copy
    assert not r3.is_origin and r3.origin_id == "detik-1"


def test_near_duplicates_cluster_across_outlets():
    ix = DedupIndex(threshold=0.7)
    base = article(7)
    ix.add("antara-7", base, published=at(1))
    copies = [ix.add(f"outlet{i}-7", edit(base, i), published=at(2)) for i in range(5)]
    assert all(c.cluster_id == "antara-7" and c.near_duplicate_of and c.similarity >= 0.7 for c in copies)
    assert all(not c.is_origin for c in copies)
    others = [ix.add(f"other-{i}", article(100 + i)) for i in range(20)]
    assert all(o.cluster_id == o.doc_id and not o.is_duplicate for o in others)


def test_first_seen_is_origin_without_dates():
    ix = DedupIndex()
    a = ix.add("a", article(3))
    b = ix.add("b", edit(article(3), 1, changes=2))
    assert a.is_origin and not b.is_origin and b.origin_id == "a"


def test_short_texts_get_no_near_duplicate_lookup():
    ix = DedupIndex()
    ix.add("a", "Foto: Antara/Hafidz Mubarak")
    r = ix.add("b", "Foto: Antara/Aditya Pradana")
    assert not r.is_duplicate


def test_add_is_idempotent_and_index_persists(tmp_path: Path):
    ix = DedupIndex()
    first = ix.add("a", article(5), published=at(5))
    ix.add("b", edit(article(5), 2), published=at(4))
    again = ix.add("a", article(5), published=at(5))
    assert again.cluster_id == first.cluster_id and len(ix) == 2
    path = tmp_path / "dedup.idx"
    ix.save(path)
    loaded = DedupIndex.load(path)
    assert len(loaded) == 2 and loaded.origin_of("a") == "b"
    r = loaded.add("c", edit(article(5), 3), published=at(6))
    assert r.cluster_id == "a" and r.origin_id == "b"
    with pytest.raises(ValueError):
        DedupIndex.from_bytes(b"\x80\x04K\x01.")


def test_an_updated_text_keeps_its_placement_and_gets_its_own_hash():
    ix = DedupIndex()
    first = ix.add("a", article(5), published=at(5))
    updated = ix.add("a", article(6), published=at(5))
    assert updated.cluster_id == first.cluster_id and len(ix) == 1
    assert updated.text_hash == text_hash(article(6)) != first.text_hash
    assert ix.add("a", text_hash="h", signature=None).text_hash == "h"


@pytest.mark.shared_data
def test_near_duplicates_on_real_indonesian_news(shared_data: Path):
    path = shared_data / "id" / "indosum" / "dev.01.jsonl"
    texts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            paras = obj.get("paragraphs") or []
            words = [w for p in paras for s in p for w in s]
            if len(words) > 150:
                texts.append(" ".join(words))
            if len(texts) >= 150:
                break
    ix = DedupIndex()
    for i, t in enumerate(texts):
        ix.add(f"orig-{i}", t)
    found = 0
    for i, t in enumerate(texts[:50]):
        words = t.split()
        copy = "Baca juga: berita lain . " + " ".join(words[: int(len(words) * 0.9)]) + " ( ant )"
        r = ix.add(f"copy-{i}", copy)
        found += r.cluster_id == f"orig-{i}"
    assert found >= 45
    assert sum(1 for i in range(len(texts)) if ix.cluster_of(f"orig-{i}") != f"orig-{i}") <= 2


def test_rebuild_from_stored_hashes_and_signatures():
    ix = DedupIndex()
    rows = []
    for doc_id, text, day in (("a", article(11), 3), ("b", edit(article(11), 1), 2), ("c", article(12), 1)):
        r = ix.add(doc_id, text, published=at(day))
        rows.append((doc_id, r.text_hash, r.signature, at(day)))
    assert rows[0][2] is not None and len(rows[0][2]) == 128 * 4
    rebuilt = DedupIndex()
    for doc_id, h, sig, published in rows:
        rebuilt.add(doc_id, text_hash=h, signature=sig, published=published)
    new = rebuilt.add("d", edit(article(11), 2), published=at(5))
    old = ix.add("d", edit(article(11), 2), published=at(5))
    assert (new.cluster_id, new.origin_id) == (old.cluster_id, old.origin_id) == ("a", "b")
    with pytest.raises(ValueError):
        DedupIndex().add("x")
