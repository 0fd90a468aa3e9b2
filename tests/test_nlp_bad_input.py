"""Bad input: nothing to find, all caps, huge documents, mixed languages, unbalanced quotes."""

from __future__ import annotations

import random
import time

import warta


def _ok(res: dict[str, object]) -> None:
    assert set(res) >= {"entities", "mentions", "quotes", "dates"}


def test_empty_and_no_entities() -> None:
    for text in ["", "   ", "\n\n", "ini adalah kalimat biasa tanpa nama apa pun.", "12345 !!! ???", '"']:
        res = warta.analyze(text)
        _ok(res)
        assert res["entities"] == [] or text.strip()


def test_all_caps_headline() -> None:
    res = warta.analyze("PRESIDEN JOKO WIDODO BERTEMU PERDANA MENTERI JEPANG DI TOKYO, KAMIS (22/8/2024)")
    _ok(res)
    assert any(d["value"] == "2024-08-22" for d in res["dates"])
    types = {e["name"]: e["type"] for e in res["entities"]}
    assert types.get("JEPANG") == "COUNTRY" and types.get("TOKYO") == "LOCATION"


def test_mixed_indonesian_english() -> None:
    text = ('Juru bicara Gedung Putih mengatakan, "We will not negotiate with terrorists," kata Karine '
            "Jean-Pierre kepada wartawan di Washington, Senin lalu.")
    res = warta.analyze(text)
    _ok(res)
    assert res["quotes"]


def test_unbalanced_quotation_marks() -> None:
    texts = ['"Kami akan datang besok pagi ke kantor itu, kata Budi.',
             'Ia berkata "tidak" lalu "ya" lalu " lalu pergi.',
             "“Mulai \n\n”akhir” “ ” ” “"]
    for t in texts:
        res = warta.analyze(t)
        _ok(res)
        for q in res["quotes"]:
            assert 0 <= q["start"] <= q["end"] <= len(t)


def test_200k_word_document_in_bounded_time() -> None:
    rng = random.Random(5)
    vocab = ("kata ujar Presiden Joko Widodo mengatakan bahwa pemerintah akan Kementerian Luar Negeri Rusia "
             "di Jakarta pada Senin (12/3/2023) sehari sebelumnya \" , . dan yang itu untuk Belarus Lukashenko "
             "tegasnya dilansir Reuters PBB ASEAN rakyat harga beras naik turun").split()
    words = [rng.choice(vocab) for _ in range(200_000)]
    for k in range(0, len(words), 40):
        words[k] = words[k] + "."
    text = " ".join(words)
    t0 = time.time()
    res = warta.analyze(text)
    elapsed = time.time() - t0
    _ok(res)
    assert elapsed < 120, elapsed


def test_one_giant_sentence_without_punctuation() -> None:
    text = " ".join(["Budi Santoso berkata bahwa harga naik"] * 5000)
    t0 = time.time()
    _ok(warta.analyze(text))
    assert time.time() - t0 < 60


def test_english_quotes_in_mixed_text() -> None:
    res = warta.analyze('"We will not negotiate with terrorists," White House spokesperson John Kirby said on Monday.')
    q = next(q for q in res["quotes"] if q["direct"])
    assert q["cue"] == "said" and q["speaker"]["name"] == "John Kirby"
