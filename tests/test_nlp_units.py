"""Unit tests of the NLP parts: aliases, roles, quotes, dates, tokenizer, gazetteers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import warta
from warta.model import Article, Section
from warta.nlp.aliases import same_person
from warta.nlp.dates import find_dates
from warta.nlp.gazetteer import gazetteer
from warta.nlp.quotes import find_quotes
from warta.nlp.roles import role_after, role_before
from warta.nlp.tokenize import split_sentences, tokenize


def test_transliteration_variants_merge() -> None:
    assert same_person("Kassym-Jomart Tokayev", "Qasym-Zhomart Tokayev")
    assert same_person("Paval Utsyupin", "Utyupin")
    assert same_person("Alexander Lukashenko", "Lukashenko")
    assert same_person("Yevgeny Prigozhin", "Evgeny Prigozhin")
    assert same_person("Sri Mulyani Indrawati", "Sri Mulyani")
    assert same_person("Mohammad Hatta", "Muhammad Hatta")


def test_similar_names_of_different_people_stay_apart() -> None:
    assert not same_person("Joko Widodo", "Joko Anwar")
    assert not same_person("Vladimir Putin", "Vladimir Zelensky")
    assert not same_person("Ahmad Yani", "Ahmad Dhani")


def test_guard_in_analyze() -> None:
    text = (
        "Presiden Joko Widodo meresmikan bandara itu. Sutradara Joko Anwar hadir dalam acara tersebut. "
        "Widodo mengatakan bandara akan membantu warga. Anwar memuji desain bandara."
    )
    res = warta.analyze(text)
    people = {e["name"]: e for e in res["entities"] if e["type"] == "PERSON"}
    assert "Joko Widodo" in people and "Joko Anwar" in people
    assert people["Joko Widodo"]["id"] != people["Joko Anwar"]["id"]
    assert "Widodo" in people["Joko Widodo"]["aliases"]


def test_roles_before_and_apposition() -> None:
    t = "Menurut Wakil Menteri Luar Negeri Kazakhstan, Murat Nurtleu, hubungan tetap baik."
    r = role_before(t, t.index("Murat"), 0)
    assert r is not None and r.title == "Wakil Menteri Luar Negeri Kazakhstan" and r.country == "KAZ"
    t2 = "Dalam pertemuannya dengan Dubes Utyupin, ia protes."
    r2 = role_before(t2, t2.index("Utyupin"), 0)
    assert r2 is not None and r2.title == "Dubes"
    t3 = "Kata Aziz Yanuar, anggota tim kuasa hukum."
    r3 = role_after(t3, t3.index(" Yanuar") + len(" Yanuar"), len(t3))
    assert r3 is not None and r3.title == "anggota tim kuasa hukum"
    t4 = "Ia bertemu di bawah pimpinan Presiden Qasym-Zhomart Tokayev."
    r4 = role_before(t4, t4.index("Qasym"), 0)
    assert r4 is not None and r4.title == "Presiden"


def test_roles_in_analyze() -> None:
    res = warta.analyze("Presiden Rusia Vladimir Putin bertemu Perdana Menteri India Narendra Modi di Moskwa.")
    people = {e["name"]: e for e in res["entities"] if e["type"] == "PERSON"}
    assert people["Vladimir Putin"]["roles"][0] == {"title": "Presiden Rusia", "country": "RUS"}
    assert people["Vladimir Putin"]["country"] == "RUS"
    assert people["Narendra Modi"]["country"] == "IND"
    places = {e["name"]: e for e in res["entities"]}
    assert places["Moskwa"]["type"] == "LOCATION" and places["Moskwa"]["country"] == "RUS"


def test_function_words_split_names_and_ambiguous_outlets_after_markers() -> None:
    res = warta.analyze("Menteri Luar Negeri Rusia Sergei Lavrov mengatakan kepada TASS bahwa Moskwa siap berunding. "
                        '"Kami siap berunding kapan saja di mana saja," katanya, dikutip Antara.')
    types = {e["name"]: e["type"] for e in res["entities"]}
    assert types["TASS"] == "MEDIA" and types["Moskwa"] == "LOCATION" and types["Antara"] == "MEDIA"
    direct = [q for q in res["quotes"] if q["direct"]]
    assert direct[0]["source"] == "Antara" and direct[0]["speaker"]["name"] == "Sergei Lavrov"
    assert "Antara" not in {e["name"] for e in warta.analyze("Antara lain hadir Budi dan Ani.")["entities"]}


def _quotes(text: str) -> list[dict[str, object]]:
    return list(warta.analyze(text)["quotes"])


def test_direct_quote_with_cue_speaker_and_source() -> None:
    text = '"Kami tidak akan mundur dari perundingan ini," kata Menteri Luar Negeri Retno Marsudi, dilansir Reuters.'
    q = _quotes(text)[0]
    assert q["direct"] and q["cue"] == "kata" and q["source"] == "Reuters"
    assert q["speaker"]["name"] == "Retno Marsudi"  # type: ignore[index]
    assert text[q["start"] : q["end"]] == q["text"]  # type: ignore[misc]


def test_pronoun_speaker_resolves() -> None:
    text = (
        "Direktur Utama PT Maju, Budi Santoso, mengatakan penjualan naik. "
        '"Kami optimistis target tahun ini akan tercapai dengan baik," ujarnya.'
    )
    q = next(x for x in _quotes(text) if x["direct"])
    assert q["cue"] == "ujarnya"
    assert q["speaker"]["name"] == "Budi Santoso"  # type: ignore[index]


def test_indirect_quote_marked() -> None:
    text = "Gubernur Jawa Barat Ridwan Kamil mengatakan bahwa banjir sudah mulai surut di sebagian besar wilayah."
    qs = _quotes(text)
    assert qs and qs[0]["direct"] is False and qs[0]["cue"] == "mengatakan"
    assert qs[0]["speaker"]["name"] == "Ridwan Kamil"  # type: ignore[index]


def test_scare_quotes_are_not_statements() -> None:
    assert not [q for q in _quotes('Program "Kartu Prakerja" dimulai bulan depan.') if q["direct"]]


def test_unbalanced_quotes() -> None:
    text = '"Kami akan terus berjuang sampai akhir demi rakyat kecil di desa-desa," kata Andi.\n\n"Ini belum selesai'
    qs = find_quotes(text, split_sentences(text), [(text.index("Andi"), text.index("Andi") + 4)])
    assert len(qs) >= 1
    assert all(0 <= q.start <= q.end <= len(text) for q in qs)


def test_dates_absolute_partial_relative() -> None:
    text = "Rapat digelar Kamis (22/8/2024). Sehari sebelumnya, demo pecah. Pada Januari 2022 terjadi kerusuhan."
    ds = {d.text: d for d in find_dates(text)}
    assert ds["Kamis (22/8/2024)"].value == "2024-08-22" and ds["Kamis (22/8/2024)"].precision == "day"
    assert ds["Sehari sebelumnya"].value == "2024-08-21"
    assert ds["Januari 2022"].value == "2022-01" and ds["Januari 2022"].precision == "month"


def test_dates_relative_to_published() -> None:
    ref = date(2024, 8, 22)  # a Thursday
    text = ("Kemarin polisi menangkap dua orang. Senin lalu ada razia. Pekan lalu juga. Tahun lalu tidak. "
            "Pada 22 Agustus")
    ds = {d.text.lower(): d for d in find_dates(text, ref)}
    assert ds["kemarin"].value == "2024-08-21"
    assert ds["senin lalu"].value == "2024-08-19"
    assert ds["pekan lalu"].precision == "week" and ds["pekan lalu"].value == "2024-W33"
    assert ds["tahun lalu"].value == "2023" and ds["tahun lalu"].precision == "year"
    assert ds["22 agustus"].value == "2024-08-22"


def test_published_is_the_reference_date() -> None:
    art = Article(
        sections=[Section(paragraphs=["Kemarin, Presiden Prabowo Subianto berpidato di Jakarta."])],
        published=datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
    )
    art.refresh_text()
    res = warta.analyze(art)
    assert [d["value"] for d in res["dates"]] == ["2025-03-03"]


def test_tokenizer_offsets() -> None:
    text = "Kassym-Jomart Tokayev, 22/8/2024, RFE/RL (CSTO)."
    toks = tokenize(text)
    assert [t.text for t in toks] == [
        "Kassym-Jomart", "Tokayev", ",", "22/8/2024", ",", "RFE/RL", "(", "CSTO", ")", ".",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_gazetteer_countries_codes() -> None:
    gaz = gazetteer()
    for name, code in [("Rusia", "RUS"), ("Ukraina", "UKR"), ("Belarus", "BLR"), ("Kazakhstan", "KAZ"),
                       ("Tiongkok", "CHN"), ("China", "CHN"), ("Amerika Serikat", "USA"), ("Inggris", "GBR")]:
        e = gaz.lookup(name)
        assert e is not None and e.type == "COUNTRY" and e.code == code, name
    assert gaz.lookup("PBB").type == "ORGANIZATION"  # type: ignore[union-attr]
    assert gaz.lookup("RFE/RL").type == "MEDIA"  # type: ignore[union-attr]


def test_corpus_entity_index_merges_across_documents_with_guard() -> None:
    from warta.nlp.corpus import EntityIndex

    idx = EntityIndex()
    a = {"entities": [
        {"id": "E1", "name": "Kassym-Jomart Tokayev", "type": "PERSON", "aliases": ["Tokayev"],
         "roles": [{"title": "Presiden Kazakhstan", "country": "KAZ"}], "country": "KAZ", "code": None, "count": 2},
        {"id": "E2", "name": "Kazakhstan", "type": "COUNTRY", "aliases": [], "roles": [], "country": "KAZ",
         "code": "KAZ", "count": 3},
        {"id": "E3", "name": "Joko Widodo", "type": "PERSON", "aliases": [], "roles": [], "country": None,
         "code": None, "count": 1},
    ]}  # fmt: skip
    b = {"entities": [
        {"id": "E1", "name": "Qasym-Zhomart Tokayev", "type": "PERSON", "aliases": [], "roles": [],
         "country": "KAZ", "code": None, "count": 1},
        {"id": "E2", "name": "Joko Anwar", "type": "PERSON", "aliases": ["Joko"], "roles": [], "country": None,
         "code": None, "count": 1},
        {"id": "E3", "name": "Kazakhstan", "type": "COUNTRY", "aliases": [], "roles": [], "country": "KAZ",
         "code": "KAZ", "count": 1},
    ]}  # fmt: skip
    ma = idx.add("a", a, "2024-08-22")
    mb = idx.add("b", b, "2024-08-23")
    assert ma["E1"] == mb["E1"] and ma["E2"] == mb["E3"]
    assert ma["E3"] != mb["E2"]
    rows = {r["entity_id"]: r for r in idx.rows()}
    tok = rows[ma["E1"]]
    assert tok["mention_count"] == 3 and tok["article_count"] == 2 and "Qasym-Zhomart Tokayev" in tok["aliases"]
    assert tok["first_seen"] == "2024-08-22" and tok["last_seen"] == "2024-08-23"
    assert idx.role_rows()[0]["title"] == "Presiden Kazakhstan"


def test_source_named_before_the_quote() -> None:
    text = ("Mengutip Reuters, Menteri Luar Negeri Rusia Sergei Lavrov mengatakan bahwa Moskwa siap berunding "
            "dengan Kyiv tanpa syarat apa pun.")
    qs = _quotes(text)
    assert qs and qs[0]["direct"] is False and qs[0]["source"] == "Reuters"


def test_contractions_and_initials() -> None:
    assert same_person("Jokowi", "Joko Widodo")
    assert same_person("SBY", "Susilo Bambang Yudhoyono")
    assert not same_person("Jokowi", "Joko Anwar")
    assert not same_person("AS", "Anwar Sadat")


def test_every_mention_links_an_entity_and_offsets_hold() -> None:
    text = ('Kapolda Metro Jaya Irjen Fadil Imran bertemu Gubernur DKI Jakarta Anies Baswedan di Balai Kota, '
            'Jumat (11/12/2020). "Kami akan terus menindak kerumunan," kata Fadil. Anies mengatakan bahwa warga '
            'harus patuh.')
    res = warta.analyze(text)
    ids = {e["id"] for e in res["entities"]}
    for m in res["mentions"]:
        assert m["entity"] in ids and text[m["start"] : m["end"]] == m["text"]
    people = {e["name"]: e for e in res["entities"] if e["type"] == "PERSON"}
    assert "Fadil Imran" in people and "Fadil" in people["Fadil Imran"]["aliases"]
    q = next(q for q in res["quotes"] if q["direct"])
    assert q["speaker"]["name"] == "Fadil Imran"
    ind = next(q for q in res["quotes"] if not q["direct"])
    assert ind["speaker"]["name"] == "Anies Baswedan"


def test_region_names_longest_match() -> None:
    from warta.nlp.features import region_tags

    words = "Kabupaten Pidie Jaya , Aceh Tengah , Surrey dan Prefektur Yamagata".split()
    assert region_tags(words) == ["", "B", "I", "", "B", "I", "", "B", "", "", "B"]


def test_pos_tags_do_not_depend_on_case() -> None:
    from warta.nlp.ner_pos import pos_tags

    text = "Presiden Joko Widodo mengunjungi Kabupaten Pidie Jaya di Aceh"
    tags = pos_tags(text.split())
    assert tags == pos_tags(text.upper().split()) == pos_tags(text.lower().split())
    assert tags[1:3] == ["NNP", "NNP"] and tags[3].startswith("VB")
