"""The pure helpers in warta.extract.common: dates with zones, bylines, photo credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from warta.extract.common import (
    WIB,
    WIT,
    WITA,
    date_from_url,
    find_date_in_text,
    parse_byline,
    parse_datetime,
    split_authors,
    split_caption_credit,
)
from warta.extract.common.authors import clean_author, is_outlet_name


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamis, 22 Agu 2024 14:30 WIB", datetime(2024, 8, 22, 14, 30, tzinfo=WIB)),
        ("Selasa, 21 Oktober 2025 | 06:59 WITA", datetime(2025, 10, 21, 6, 59, tzinfo=WITA)),
        ("Senin, 5 Februari 2024 - 09.15 WIT", datetime(2024, 2, 5, 9, 15, tzinfo=WIT)),
        ("Jumat, 1 Maret 2024 pukul 07.00", datetime(2024, 3, 1, 7, 0, tzinfo=WIB)),
        ("22/08/2024, 14:30 WIB", datetime(2024, 8, 22, 14, 30, tzinfo=WIB)),
        ("14:30 WIB, 22 Agustus 2024", datetime(2024, 8, 22, 14, 30, tzinfo=WIB)),
        ("August 22, 2024 2:30 PM EDT", datetime(2024, 8, 22, 14, 30, tzinfo=tz(-4))),
        ("Fri, June 19 2015, 7:36 AM", datetime(2015, 6, 19, 7, 36, tzinfo=WIB)),
        ("on 16 Feb 2016 at 09:10 WIB", datetime(2016, 2, 16, 9, 10, tzinfo=WIB)),
        ("Rabu 04 Mei 2020 | 14.30", datetime(2020, 5, 4, 14, 30, tzinfo=WIB)),
        ("22 Desember 2023", datetime(2023, 12, 22, tzinfo=WIB)),
    ],
)
def test_find_date_in_text(text: str, expected: datetime) -> None:
    got = find_date_in_text(text)
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


def test_zone_less_text_without_default_is_naive() -> None:
    got = find_date_in_text("22 Agustus 2024 10:00", default_tz=None)
    assert got is not None and got.tzinfo is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-22T14:30:00+07:00", datetime(2024, 8, 22, 14, 30, tzinfo=WIB)),
        ("2024-08-22T14:30:00+0700", datetime(2024, 8, 22, 14, 30, tzinfo=WIB)),
        ("2023-11-02T14:34:19Z", datetime(2023, 11, 2, 14, 34, 19, tzinfo=UTC)),
        ("2023-11-02 21:34:19", datetime(2023, 11, 2, 21, 34, 19, tzinfo=WIB)),
        ("2023/11/02 20:59:53", datetime(2023, 11, 2, 20, 59, 53, tzinfo=WIB)),
        ("Thu, 22 Aug 2024 07:30:00 GMT", datetime(2024, 8, 22, 7, 30, tzinfo=UTC)),
        ("Kamis 09 Juli 2020 07:26 WIB", datetime(2020, 7, 9, 7, 26, tzinfo=WIB)),
        ("1698922226", datetime(2023, 11, 2, 10, 50, 26, tzinfo=UTC)),
    ],
)
def test_parse_datetime(value: str, expected: datetime) -> None:
    got = parse_datetime(value)
    assert got == expected and got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value", ["", "   ", "bukan tanggal", "99/99/9999", "x" * 400, "31 Februari 2024"])
def test_parse_datetime_rejects(value: str) -> None:
    assert parse_datetime(value) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://money.kompas.com/read/2023/11/02/213419026/menhub", datetime(2023, 11, 2, tzinfo=WIB)),
        ("https://x.id/2024-08-22/judul", datetime(2024, 8, 22, tzinfo=WIB)),
        ("http://nasional.republika.co.id/berita/nasional/daerah/16/02/15/o2l07x284-marcella",
         datetime(2016, 2, 15, tzinfo=WIB)),
        ("https://health.detik.com/true-story/d-7016153/curhat", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Penulis: Andi Saputra dan Budi Santoso", ["Andi Saputra", "Budi Santoso"]),
        ("Reporter: Siti Nurhaliza, Dewi Lestari & Rudi Hartono", ["Siti Nurhaliza", "Dewi Lestari", "Rudi Hartono"]),
        ("Laporan Wartawan Tribunnews.com, Danang Triatmojo", ["Danang Triatmojo"]),
        ("Laporan wartawan Kompas.com Ihsanuddin", ["Ihsanuddin"]),
        ("By John Smith and Jane Doe", ["John Smith", "Jane Doe"]),
        ("Oleh : Maya Sofia", ["Maya Sofia"]),
        ("Reza Gunadha - detikInet", ["Reza Gunadha"]),
        ("Reporter : Ihsanuddin | Editor : Sandro Gatra", ["Ihsanuddin"]),
        ("REZA GUNADHA", ["Reza Gunadha"]),
        ("Penulis: A Rahman Hakim Editor: Budi", ["A Rahman Hakim"]),
        ("Kompas.com", []),
        ("Tim Redaksi", []),
        ("Agence France-Presse, CHARLESTON, South Carolina | World | Fri, June 19 2015, 7:36 AM", []),
        ("redaksi@contoh.id", []),
        ("Follow Share Post comment as", []),
    ],
)
def test_split_authors(byline: str, expected: list[str]) -> None:
    assert split_authors(byline, ["Kompas.com", "Tribunnews"]) == expected


def test_outlet_is_never_an_author() -> None:
    assert split_authors("Penulis: Media Indonesia", ["Media Indonesia", "mediaindonesia.com"]) == []
    assert is_outlet_name("detikcom", ["detikcom"])
    assert clean_author("IDN Times", ["IDN Times"]) is None


def test_parse_byline_roles() -> None:
    assert parse_byline("Penulis: Ahmad Naufal Dzulfaroh | Editor: Inten Esti Pratiwi") == [
        ("author", "Ahmad Naufal Dzulfaroh"),
        ("editor", "Inten Esti Pratiwi"),
    ]
    assert parse_byline("Pewarta: Desca Lidya Natalia Editor: B Kunto Wibisono") == [
        ("author", "Desca Lidya Natalia"),
        ("editor", "B Kunto Wibisono"),
    ]
    assert parse_byline("Red: Yudha Manggala P Putra") == [("editor", "Yudha Manggala P Putra")]


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Presiden berjabat tangan. (ANTARA FOTO/Hafidz Mubarak A)",
         ("Presiden berjabat tangan.", "ANTARA FOTO/Hafidz Mubarak A")),
        ("Ilustrasi gaji. Foto: Shutterstock", ("Ilustrasi gaji.", "Shutterstock")),
        ("Warga antre (dok. Humas Polri)", ("Warga antre", "dok. Humas Polri")),
        ("Protesters march. REUTERS/Lucy Nicholson", ("Protesters march.", "REUTERS/Lucy Nicholson")),
        ("Menhub Budi Karya. KOMPAS.com/ELSA CATRIANA", ("Menhub Budi Karya.", "KOMPAS.com/ELSA CATRIANA")),
        ("Charlotte Church © istimewa", ("Charlotte Church", "istimewa")),
        ("seriouseats.com", ("", "seriouseats.com")),
        ("(Istimewa)", ("", "Istimewa")),
        ("Foto bersama warga di lokasi banjir", ("Foto bersama warga di lokasi banjir", None)),
        ("Tanpa kredit apa pun.", ("Tanpa kredit apa pun.", None)),
    ],
)
def test_split_caption_credit(caption: str, expected: tuple[str, str | None]) -> None:
    assert split_caption_credit(caption) == expected


@pytest.mark.parametrize(
    "caption",
    [
        "Warga antre di Jakarta, Senin (3/3/2025).",  # a date in parentheses is no credit
        "Keluarga berkumpul di halaman rumah (foto bersama)",
        "Presiden (kiri) berbincang dengan wakilnya",
    ],
)
def test_caption_without_credit(caption: str) -> None:
    assert split_caption_credit(caption) == (caption, None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the same credits in a text dump's caption line
        ("Presiden berjabat tangan. (ANTARA FOTO/Hafidz Mubarak A)",
         ("Presiden berjabat tangan.", "ANTARA FOTO/Hafidz Mubarak A")),
        ("bendera Kazakhstan (unsplash.com/vladuken)", ("bendera Kazakhstan", "unsplash.com/vladuken")),
        ("Warga antre (dok. Humas Polri)", ("Warga antre", "dok. Humas Polri")),
        ("Petugas memeriksa lokasi (Foto: Budi Santoso)", ("Petugas memeriksa lokasi", "Budi Santoso")),
        ("Ilustrasi kopi (Istimewa)", ("Ilustrasi kopi", "Istimewa")),
        ("Foto: Shutterstock", (None, "Shutterstock")),
        ("Menteri di Istana (MI/Ramdani)", ("Menteri di Istana", "MI/Ramdani")),
    ],
)
def test_find_caption_credit(line: str, expected: tuple[str | None, str | None]) -> None:
    from warta.extract.common.credits import find_caption_credit

    assert find_caption_credit(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Warga antre di Jakarta, Senin (3/3/2025).",
        "Harga cabai naik di pasar tradisional pada pekan ini.",
        "Keluarga berkumpul di halaman rumah (foto bersama)",
    ],
)
def test_find_caption_credit_rejects(line: str) -> None:
    from warta.extract.common.credits import find_caption_credit

    assert find_caption_credit(line) is None


def test_dump_and_html_read_credits_alike() -> None:
    """One implementation: a dump's caption line and an HTML figcaption give the same credit."""
    from warta.extract.common.credits import find_caption_credit
    from warta.extract.dump import match_caption

    for line in ("Presiden berjabat tangan. (ANTARA FOTO/Hafidz Mubarak A)", "Warga antre (dok. Humas Polri)",
                 "Presiden Kazakhstan, Kassym-Jomart Tokayev. (twitter.com/TokayevKZ)"):
        assert match_caption(line, None) == find_caption_credit(line)
        assert find_caption_credit(line) == split_caption_credit(line)


def test_outlet_credit_pattern_wins() -> None:
    import re

    pattern = re.compile(r"\(([^()]{2,80})\)\s*$")
    assert split_caption_credit("Kondisi tambang di Raja Ampat(Auriga Nusantara)", [pattern]) == (
        "Kondisi tambang di Raja Ampat",
        "Auriga Nusantara",
    )


# ---------------------------------------------------------------- people: who wrote, who edited


def test_same_person() -> None:
    from warta.extract.common.authors import same_person

    assert same_person("Andi", "Andi Saputra")
    assert same_person("B. Kunto Wibisono", "B Kunto Wibisono")
    assert same_person("andi saputra", "Andi Saputra")
    assert not same_person("Saputra", "Andi Saputra")  # leading words only
    assert not same_person("Andi Saputra", "Andi Wijaya")
    assert not same_person("", "Andi")


def test_reconcile_people_rules() -> None:
    from warta.extract.common.authors import reconcile_people

    # the structured author is the person the page labels editor; another writer is named
    assert reconcile_people(structured=["Yoga Sukmana"], editor_hints=["Yoga Sukmana"],
                            named=["Isna Rifka"]) == (["Isna Rifka"], ["Yoga Sukmana"])
    # ... and that "other writer" is the same person in full: one person, who wrote and edited
    assert reconcile_people(structured=["Andi"], profile_editors=["Andi"],
                            profile_authors=["Andi Saputra"]) == (["Andi"], ["Andi"])
    # no other writer named: the structured author stays
    assert reconcile_people(structured=["Rina"], byline_editors=["Rina"]) == (["Rina"], ["Rina"])
    # profile selectors before structured data when the page does not call the latter an editor
    assert reconcile_people(structured=["Desk Ekonomi"], profile_authors=["Dewi Lestari"]) == (["Dewi Lestari"], [])
    # the printed byline: a labelled editor is not made an author while a writer is named
    assert reconcile_people(byline_authors=["Budi", "Sari Dewi"], byline_editors=["Budi"]) == (["Sari Dewi"], ["Budi"])
    assert reconcile_people(signature=["Dewi Lestari"]) == (["Dewi Lestari"], [])
    # one person in two spellings is reported once, in the structured data's spelling
    assert reconcile_people(structured=["Dewi"], profile_authors=["Dewi Lestari", "Dewi"]) == (["Dewi"], [])
    assert reconcile_people(structured_editors=["Rina Kartika"], editor_hints=["Rina"]) == ([], ["Rina Kartika"])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Isna Rifka Sri Rahayu Penulis", [("author", "Isna Rifka Sri Rahayu")]),
        ("Isna Rifka Sri Rahayu Penulis Yoga Sukmana Editor",
         [("author", "Isna Rifka Sri Rahayu"), ("editor", "Yoga Sukmana")]),
        ("Editor Yoga Sukmana", [("editor", "Yoga Sukmana")]),
        ("Pewarta: Desca Lidya Natalia | Penyunting: B Kunto Wibisono",
         [("author", "Desca Lidya Natalia"), ("editor", "B Kunto Wibisono")]),
        ("Reporter: Siti Aminah, Redaktur: Rudi Hartono", [("author", "Siti Aminah"), ("editor", "Rudi Hartono")]),
    ],
)
def test_parse_byline_positions(line: str, expected: list[tuple[str, str]]) -> None:
    assert parse_byline(line)[: len(expected)] == expected


@pytest.mark.parametrize("name", ["PT. Viva Media Baru", "PT.Viva Media Baru", "CV Maju Jaya", "Kompas Gramedia Tbk",
                                  "Contoh Media Inc."])
def test_companies_are_not_authors(name: str) -> None:
    assert split_authors(name) == []


def _people_page(head: str, top: str, bottom: str = "") -> str:
    p1 = ("Harga cabai rawit di pasar tradisional Jakarta naik tajam menjelang akhir pekan ini, kata para pedagang "
          "yang ditemui pada Kamis pagi.")
    p2 = ("Pedagang menyebut pasokan dari daerah sentra berkurang karena hujan deras, sementara permintaan rumah "
          "makan tetap tinggi sepanjang pekan.")
    return (f"<html><head><title>Harga Cabai Naik Tajam di Pasar</title>{head}</head><body><article>"
            f"<header><h1>Harga Cabai Naik Tajam di Pasar</h1>{top}</header>"
            f"<div class='content'><p>{p1}</p><p>{p2}</p></div>{bottom}</article></body></html>")


def _ld(author: str, extra: str = "") -> str:
    return ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harga Cabai Naik Tajam di Pasar",'
            f'"datePublished":"2024-08-22T10:00:00+07:00","author":{author}{extra}}}</script>')


@pytest.mark.parametrize(
    ("head", "top", "bottom", "authors", "editors"),
    [
        # JSON-LD names the filing account, the page prints it as editor and names the writer
        (_ld('{"@type":"Person","name":"Rina Kartika"}'), '<div class="byline">Penulis: Dimas Pratama</div>',
         '<div class="editor">Editor: Rina Kartika</div>', ["Dimas Pratama"], ["Rina Kartika"]),
        # ... the byline is the same person's full name: one person, who filed and edited
        (_ld('{"@type":"Person","name":"Rina"}'), '<div class="author-name">Rina Kartika</div>',
         '<div class="editor">Editor : <a>Rina</a></div>', ["Rina"], ["Rina"]),
        # JSON-LD editor apart from author; an Organization author is no person
        (_ld('[{"@type":"Organization","name":"Warta Contoh"},{"@type":"Person","name":"Siti Aminah"}]',
             ',"editor":{"@type":"Person","name":"Budi Santoso"}'), "", "", ["Siti Aminah"], ["Budi Santoso"]),
        # no structured data: "Pewarta:" and "Penyunting:" in a credit line under the story
        ("", "", '<p class="credit">Pewarta: Desca Lidya | Penyunting: Agus Salim</p>', ["Desca Lidya"],
         ["Agus Salim"]),
        # a company in the author meta tag, the writer in the byline
        ('<meta name="author" content="PT. Contoh Media Nusantara">', '<div class="byline">Oleh: Dewi Lestari</div>',
         "", ["Dewi Lestari"], []),
        # a credit box stacking each name over its position
        ("", "", '<div class="credit-author"><h6>Dewi Lestari</h6><h6>Penulis</h6></div>'
                 '<div class="credit-author"><h6>Agus Salim</h6><h6>Editor</h6></div>',
         ["Dewi Lestari"], ["Agus Salim"]),
    ],
)
def test_people_on_small_pages(head: str, top: str, bottom: str, authors: list[str], editors: list[str]) -> None:
    import warta

    art = warta.extract(_people_page(head, top, bottom), url="https://contoh.id/ekonomi/2024/08/22/harga-cabai")
    assert [a.name for a in art.authors] == authors
    assert [e.name for e in art.editors] == editors
    assert art.text.startswith("Harga cabai rawit") and art.text.endswith("sepanjang pekan.")


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("text", "names", "place", "outlet", "rest"),
    [
        ("Jakarta, IDN Times - Pemerintah", (), "Jakarta", "IDN Times", "Pemerintah"),
        ("JAKARTA, KOMPAS.com -- Menteri", (), "Jakarta", "KOMPAS.com", "Menteri"),
        ("Jakarta (ANTARA News) - Peribahasa", (), "Jakarta", "ANTARA News", "Peribahasa"),
        ("WASHINGTON (Reuters) - The", (), "Washington", "Reuters", "The"),
        ("Liputan6.com, Jakarta - Indonesia", (), "Jakarta", "Liputan6.com", "Indonesia"),
        ("REPUBLIKA.CO.ID, JAKARTA -- Aktris", (), "Jakarta", "REPUBLIKA.CO.ID", "Aktris"),
        ("BANDUNG, iNews.id - Polisi", (), "Bandung", "iNews.id", "Polisi"),
        ("Suara.com - Kapolda", (), None, "Suara.com", "Kapolda"),
        ("SAMARINDA - Hujan deras", (), "Samarinda", None, "Hujan deras"),
        ("Kuala Lumpur – Pemerintah Malaysia", (), "Kuala Lumpur", None, "Pemerintah Malaysia"),
        # an outlet without a profile: its site name, og:site_name or domain tells the outlet
        ("Jakarta, Warta Contoh - Pemerintah", ("Warta Contoh",), "Jakarta", "Warta Contoh", "Pemerintah"),
        ("Jakarta, Warta Contoh - Pemerintah", ("wartacontoh.id",), "Jakarta", "Warta Contoh", "Pemerintah"),
        ("Makassar, Kabar Timur -- Warga", ("https://www.kabartimur.co.id/x",), "Makassar", "Kabar Timur", "Warga"),
        ("Medan (Kabar Sumut) - Hujan", (), "Medan", "Kabar Sumut", "Hujan"),
    ],
)
def test_match_dateline(text: str, names: tuple[str, ...], place: str | None, outlet: str | None, rest: str) -> None:
    from warta.extract.common.datelines import match_dateline

    found = match_dateline(text, names)
    assert found is not None
    dateline, end = found
    assert (dateline.place, dateline.outlet) == (place, outlet)
    assert text[end:] == rest


@pytest.mark.parametrize(
    ("sentence", "rest"),
    [
        ("Jakarta, IDN Times - Kementerian Luar Negeri", "Kementerian Luar Negeri"),
        ("JAKARTA, KOMPAS.com -- Presiden Joko Widodo", "Presiden Joko Widodo"),
        ("Jakarta (ANTARA News) - Nyamuk memilih korban", "Nyamuk memilih korban"),
        ("Jakarta, CNN Indonesia -- Menteri Koordinator", "Menteri Koordinator"),
        ("Suara.com - Ketua DPR RI", "Ketua DPR RI"),
        ("Presiden Joko Widodo mengatakan bahwa - entah", "Presiden Joko Widodo mengatakan bahwa - entah"),
        ("Kalimat biasa tanpa dateline.", "Kalimat biasa tanpa dateline."),
    ],
)
def test_dateline_offset_without_site_names(sentence: str, rest: str) -> None:
    """Key points cut a leading dateline from text with no page around it (no site name known)."""
    from warta.extract.common.datelines import match_dateline

    found = match_dateline(sentence)
    assert sentence[found[1] if found else 0 :] == rest


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Jakarta, kota terbesar di Indonesia, kembali dilanda banjir.", ("Warta Contoh",)),
        ("Jakarta, Bandung dan Surabaya menjadi tujuan utama pemudik tahun ini.", ()),
        ("Jakarta, Warta Contoh - Pemerintah", ()),  # the words are not the site's name
        ("Jakarta, Kabar Lain - Pemerintah", ("Warta Contoh",)),
        ("Presiden Joko Widodo - yang baru tiba dari Bali - meresmikan jalan tol.", ()),
        ("Menurut Budi - Ia tidak datang.", ()),
        ("Jakarta - kata warga, banjir datang tiba-tiba.", ()),
        ("Di Jakarta, harga cabai naik.", ()),
        ("Jakarta-Bandung kini bisa ditempuh dalam 40 menit.", ()),
        ("", ()),
    ],
)
def test_match_dateline_rejects(text: str, names: tuple[str, ...]) -> None:
    from warta.extract.common.datelines import match_dateline

    assert match_dateline(text, names) is None


def _dateline_page(first: str, site: str | None = "Warta Contoh") -> str:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    return (f"<html><head><title>Kuota Beasiswa Naik Jadi 25.000 Penerima</title>{meta}</head><body><article>"
            "<h1>Kuota Beasiswa Naik Jadi 25.000 Penerima</h1>"
            f"<p>{first}</p><p>Pendaftaran dibuka secara daring mulai Juni dan seleksi berlangsung hingga Agustus "
            "di seluruh perguruan tinggi negeri yang ikut program ini.</p></article></body></html>")


@pytest.mark.parametrize(
    ("first", "site", "place", "outlet", "starts"),
    [
        ("<strong>Jakarta, Warta Contoh</strong> - Pemerintah menambah kuota beasiswa menjadi 25.000 penerima.",
         "Warta Contoh", "Jakarta", "Warta Contoh", "Pemerintah menambah"),
        ("MAKASSAR (Warta Contoh) -- Pemerintah menambah kuota beasiswa menjadi 25.000 penerima.",
         None, "Makassar", "Warta Contoh", "Pemerintah menambah"),
        ("WartaContoh.example, Medan - Pemerintah menambah kuota beasiswa menjadi 25.000 penerima.",
         None, "Medan", "WartaContoh.example", "Pemerintah menambah"),
    ],
)
def test_dateline_moves_out_of_the_body(first: str, site: str | None, place: str, outlet: str, starts: str) -> None:
    import warta

    art = warta.extract(_dateline_page(first, site), url="https://wartacontoh.example/pendidikan/kuota-beasiswa")
    assert art.body_paragraphs()[0].startswith(starts)
    assert art.dateline is not None and (art.dateline.place, art.dateline.outlet) == (place, outlet)


@pytest.mark.parametrize(
    "first",
    [
        "Jakarta, kota terbesar di Indonesia, kembali menambah kuota beasiswa bagi mahasiswa dari daerah.",
        "Surabaya, yang tahun lalu menerima 2.000 beasiswa, kini mendapat tambahan kuota - kata wali kota.",
        "Presiden Joko Widodo - yang hadir di Jakarta - mengumumkan tambahan kuota beasiswa.",
    ],
)
def test_first_sentence_that_starts_with_a_place_stays(first: str) -> None:
    import warta

    art = warta.extract(_dateline_page(first), url="https://wartacontoh.example/pendidikan/kuota-beasiswa")
    assert art.dateline is None
    assert art.body_paragraphs()[0] == first


def test_sample_page_dateline() -> None:
    from pathlib import Path

    import warta

    raw = (Path(__file__).resolve().parents[1] / "examples" / "sample-news-page.html").read_bytes()
    art = warta.extract(raw)
    assert art.dateline is not None and (art.dateline.place, art.dateline.outlet) == ("Jakarta", "Warta Contoh")
    assert art.body_paragraphs()[0].startswith("Pemerintah menambah kuota beasiswa")


# ---------------------------------------------------------------- zone and language without a profile


def _plain_page(head: str, html_attrs: str = "") -> str:
    p1 = ("Harga cabai rawit di pasar tradisional Jakarta naik tajam menjelang akhir pekan ini, kata para pedagang "
          "yang ditemui pada Kamis pagi, karena pasokan dari daerah sentra berkurang.")
    p2 = ("Pedagang menyebut pasokan dari daerah sentra berkurang karena hujan deras, sementara permintaan rumah "
          "makan tetap tinggi sepanjang pekan dan harga belum akan turun dalam waktu dekat.")
    return (f"<html {html_attrs}><head><title>Harga Cabai Naik Tajam di Pasar</title>{head}</head><body><article>"
            f"<h1>Harga Cabai Naik Tajam di Pasar</h1><p>{p1}</p><p>{p2}</p></article></body></html>")


@pytest.mark.parametrize(
    ("head", "attrs"),
    [
        # "In-Id": the withdrawn ISO 639 code for Indonesian that Java locales still print
        ('<meta property="article:published_time" content="2023-11-02T14:34:19+00:00">', 'lang="In-Id"'),
        # no zone and no language named: the Indonesian text decides (WIB), the UTC instant is kept
        ('<meta property="article:published_time" content="2023-11-02T14:34:19Z">', ""),
    ],
)
def test_indonesian_page_without_profile_is_shown_in_wib(head: str, attrs: str) -> None:
    import warta

    art = warta.extract(_plain_page(head, attrs), url="https://kabar.example.com/read/harga-cabai")
    assert art.published == datetime(2023, 11, 2, 21, 34, 19, tzinfo=WIB)
    assert art.published is not None and art.published.utcoffset() == timedelta(hours=7)
    assert art.language == "id"


def test_zone_less_date_on_indonesian_text_is_wib() -> None:
    import warta

    head = '<meta property="article:published_time" content="2015-06-19 13:06">'
    art = warta.extract(_plain_page(head, 'lang="en"'), url="https://kabar.example.com/read/harga-cabai")
    assert art.published == datetime(2015, 6, 19, 13, 6, tzinfo=WIB)
    assert art.language == "id"  # lang="en" is the template's default; the text is Indonesian
    assert not any("UTC assumed" in w for w in art.provenance.warnings)


def test_english_page_without_zone_stays_utc_with_a_warning() -> None:
    import warta

    text = ("The government raised the scholarship quota to 25,000 recipients this year, and the ministry said "
            "that the new places would go to students from the poorest regions of the country first.")
    page = (f"<html lang='en'><head><title>Quota raised for scholarships</title>"
            f'<meta property="article:published_time" content="2015-06-19 13:06"></head><body><article>'
            f"<h1>Quota raised for scholarships</h1><p>{text}</p><p>{text}</p></article></body></html>")
    art = warta.extract(page, url="https://news.example.com/quota")
    assert art.published == datetime(2015, 6, 19, 13, 6, tzinfo=UTC)
    assert art.language == "en"
    assert any("UTC assumed" in w for w in art.provenance.warnings)


def test_labelled_editor_line_outside_the_article_container() -> None:
    """"Red: X" printed between the headline and the story, outside any byline or editor class."""
    import warta

    page = _people_page("", "", "").replace(
        "</header>", "</header><div class='wp-reset'><div class='red'><span></span> Red: Yudha Putra</div></div>"
    )
    art = warta.extract(page, url="https://contoh.id/ekonomi/2024/08/22/harga-cabai")
    assert [e.name for e in art.editors] == ["Yudha Putra"]
    assert art.authors == []
    assert "Red:" not in art.text
