"""The HTML engine, feature by feature, on small pages written for the purpose (tests/pages)."""

from __future__ import annotations

import codecs
from datetime import datetime
from pathlib import Path

import pytest

import warta
from warta.extract.common import WIB, WITA
from warta.extract.html import extract_html
from warta.extract.html.meta import parse_json_ld

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


@pytest.fixture(scope="module")
def beras() -> warta.Article:
    return extract_html(page("jsonld_graph.html"), url="https://contoh.id/ekonomi/2024/08/22/harga-beras")


def test_jsonld_graph_metadata(beras: warta.Article) -> None:
    assert beras.title == "Harga Beras Naik Lagi di Pasar Induk"
    assert [a.name for a in beras.authors] == ["Siti Aminah", "Budi Santoso"]  # the Organization is no author
    assert [e.name for e in beras.editors] == ["Rina Kartika"]
    assert beras.published == datetime(2024, 8, 22, 14, 30, tzinfo=WIB)
    assert beras.modified == datetime(2024, 8, 22, 16, 0, tzinfo=WIB)
    assert beras.tags == ["beras", "pangan", "inflasi"]
    assert beras.category == "Ekonomi"
    assert beras.language == "id"
    assert beras.outlet.name == "Warta Contoh"


def test_body_keeps_structure_and_drops_chrome(beras: warta.Article) -> None:
    assert beras.sections[1].heading == "Pasokan dari daerah"
    text = beras.text
    assert text.startswith("Harga beras medium")  # the dateline is in its own field
    assert beras.dateline is not None and (beras.dateline.place, beras.dateline.outlet) == ("Jakarta", "Warta Contoh")
    assert text.endswith("untuk menahan laju kenaikan harga.")
    assert "Beras medium: Rp13.500 per kilogram, naik Rp500." in beras.sections[1].paragraphs  # list item
    assert any(p.startswith('"Kalau pasokan') for p in beras.sections[1].paragraphs)  # block quote
    assert "Medium | Rp13.000 | Rp13.500" in beras.sections[1].paragraphs  # table row
    for chrome in ("Beranda", "cookie", "Facebook", "Berita Terkait", "Komentar", "kampung saya", "Hak cipta",
                   "Baca juga", "Penulis:", "Harga cabai turun"):
        assert chrome not in text, chrome
    assert beras.text == "\n\n".join(beras.body_paragraphs())


def test_read_also_goes_to_related(beras: warta.Article) -> None:
    assert [(r.title, r.url, r.kind) for r in beras.related] == [
        ("Stok Beras Bulog Dinyatakan Aman", "https://contoh.id/ekonomi/2024/08/20/stok-beras-bulog-aman", "read_also")
    ]


def test_figure_caption_and_credit(beras: warta.Article) -> None:
    cover = beras.images[0]
    assert cover.is_cover and cover.url == "https://contoh.id/img/beras.jpg"
    assert cover.caption == "Pedagang beras di Pasar Induk Cipinang."
    assert cover.credit == "ANTARA FOTO/Asprilla Dwi Adha"


def test_visible_page_only_legacy_encoding() -> None:
    raw = (PAGES / "visible_only.html").read_bytes()
    art = warta.extract(raw, url="https://kabarkaltim.example/daerah/banjir-samarinda")
    assert art.title == "Banjir Rendam Ratusan Rumah di Samarinda"
    assert art.published == datetime(2024, 8, 22, 14, 30, tzinfo=WITA)
    assert [a.name for a in art.authors] == ["Andi Rahman"]
    assert art.dateline is not None and art.dateline.place == "Samarinda"
    assert len(art.sections[0].paragraphs) == 3  # <br><br> separated paragraphs
    assert "Terpopuler" not in art.text and "Harga emas" not in art.text
    assert "(ant/rah)" not in art.text


def test_listing_page_is_not_an_article() -> None:
    art = extract_html(page("listing.html"), url="https://portal.example/")
    assert art.is_article is False
    assert art.sections == [] and art.text == ""
    assert any("not an article" in w for w in art.provenance.warnings)


def test_pagination_reported_and_merged() -> None:
    url = "https://contoh.id/tips/2024/03/05/hemat-listrik"
    first = extract_html(page("paginated.html"), url=url)
    assert first.pages == [url + "?page=2", url + "?page=3"]
    merged = extract_html(page("paginated.html"), url=url, pages=[page("paginated_2.html")],
                          page_urls=[url + "?page=2"])
    paras = merged.body_paragraphs()
    assert paras[0].startswith("Tagihan listrik") and paras[-1].startswith("Cara ketiga")
    assert len(paras) == 4
    assert [s.number for s in merged.sections] == list(range(1, len(merged.sections) + 1))


def test_key_points_and_meta_authors_and_zoneless_time() -> None:
    art = extract_html(page("keypoints.html"), url="https://contoh.id/nasional/libur-2025")
    assert art.key_points == ["Ada 17 hari libur nasional pada 2025.", "Cuti bersama ditetapkan delapan hari.",
                              "Keputusan ditandatangani tiga menteri."]
    assert "17 hari libur nasional pada 2025." not in art.text.split("\n\n")[0][:40]
    assert [a.name for a in art.authors] == ["Dewi Lestari", "Agus Salim", "Rudi Hartono"]
    assert art.published == datetime(2024, 9, 10, 10, 15, tzinfo=WIB)  # an Indonesian page without a zone: WIB
    photo = next(im for im in art.images if not im.is_cover)
    assert photo.caption == "Suasana Stasiun Gambir saat libur panjang." and photo.credit == "Dok. KAI"
    assert "Suasana Stasiun Gambir" not in art.text


def test_encoding_bom_and_meta_charset() -> None:
    html = page("jsonld_graph.html").replace('<meta charset="utf-8">', "")
    art = warta.extract(codecs.BOM_UTF8 + html.encode("utf-8"), url="https://contoh.id/a")
    assert art.title == "Harga Beras Naik Lagi di Pasar Induk"
    latin = "<html><head><meta charset='iso-8859-1'><title>Café</title></head><body>" + (
        "<p>Le café est fermé aujourd'hui à cause de la grève générale des employés municipaux.</p>" * 3
    ) + "</body></html>"
    art2 = warta.extract(latin.encode("latin-1"))
    assert "Le café est fermé" in art2.text


def test_mojibake_repaired() -> None:
    good = "Ketua DPR berkata: ‘Kami sepakat’ — rapat di kafe ditunda hingga pekan depan karena kuorum tak tercapai."
    broken = good.encode("utf-8").decode("cp1252", errors="replace")
    html = (f"<html><head><title>Rapat</title></head><body><article><p>{broken}</p><p>{broken}</p></article>"
            "</body></html>")
    art = extract_html(html)
    assert "‘Kami sepakat’ — rapat" in art.text


def test_broken_json_ld_is_repaired_where_safe() -> None:
    assert parse_json_ld('{"@type": "NewsArticle", "headline": "A",}') == {"@type": "NewsArticle", "headline": "A"}
    assert parse_json_ld('{"@type":"NewsArticle","headline":"Baris\nbaru"}')["headline"] == "Baris baru"
    assert parse_json_ld('<!-- {"@type": "NewsArticle"} -->') == {"@type": "NewsArticle"}
    two = parse_json_ld('{"@type": "WebSite"}{"@type": "NewsArticle", "headline": "B"}')
    assert isinstance(two, list) and two[1]["headline"] == "B"
    assert parse_json_ld("{not json at all") is None


def test_json_ld_array_and_article_body_guides_selection() -> None:
    first = "Paragraf pertama berita ini menjelaskan duduk perkara dengan cukup panjang agar terbaca sebagai isi."
    second = ("Paragraf kedua menambahkan keterangan saksi di lokasi kejadian pada malam itu juga, lengkap dengan "
              "jam kejadian dan nama jalan.")
    body = first + " " + second
    html = f"""<html><head><script type="application/ld+json">[{{"@type":"BreadcrumbList"}},
    {{"@type":"ReportageNewsArticle","headline":"Judul Berita","articleBody":"{body}",
      "datePublished":"2024-01-02T03:04:05+09:00","author":"Penulis: Yohanes Wenda"}}]</script></head>
    <body><div class="a"><p>{first}</p><p>{second}</p></div>
    <div class="b"><p>Teks promosi yang panjang sekali, dengan banyak koma, koma, koma, koma, koma, koma, koma,
    koma, koma, koma, agar skor kepadatannya tinggi walaupun bukan isi berita sama sekali, sungguh.</p></div>
    </body></html>"""
    art = extract_html(html)
    assert art.title == "Judul Berita"
    assert [a.name for a in art.authors] == ["Yohanes Wenda"]
    assert art.published is not None and art.published.utcoffset().total_seconds() == 9 * 3600  # WIT
    assert "Teks promosi" not in art.text and art.text.startswith("Paragraf pertama")


def test_key_points_under_a_heading_and_inline_simak_links() -> None:
    body = "".join(
        f"<p>Paragraf isi nomor {i} menjelaskan perkembangan terbaru kasus ini, menurut keterangan polisi setempat.</p>"
        for i in range(4)
    )
    html = f"""<html><head><title>Polisi Tangkap Pelaku Pencurian Motor</title></head><body><article>
    <h1>Polisi Tangkap Pelaku Pencurian Motor</h1>
    <p><strong>Intinya Sih...</strong></p>
    <ul><li>Pelaku ditangkap di rumahnya pada Senin dini hari.</li><li>Barang bukti tiga sepeda motor disita.</li></ul>
    {body}
    <p>Simak: <a href="https://contoh.id/berita/lain">Tips Mengamankan Motor di Rumah</a></p>
    <p>Lihat juga: <a href="/video/1">Video Penangkapan</a></p>
    </article></body></html>"""
    art = extract_html(html, url="https://contoh.id/2024/05/06/polisi")
    assert art.key_points == [
        "Pelaku ditangkap di rumahnya pada Senin dini hari.",
        "Barang bukti tiga sepeda motor disita.",
    ]
    assert "Intinya" not in art.text and "Pelaku ditangkap" not in art.text
    assert [(r.title, r.url) for r in art.related] == [
        ("Tips Mengamankan Motor di Rumah", "https://contoh.id/berita/lain"),
        ("Video Penangkapan", "https://contoh.id/video/1"),
    ]
    assert len(art.body_paragraphs()) == 4


def test_pagination_by_path_numbers() -> None:
    base = "https://contoh.id/read/2024/05/06/123/judul-berita"
    html = f"""<html><head><title>Judul Berita Panjang Sekali</title></head><body><div class="content">
    <h1>Judul Berita Panjang Sekali</h1>
    <p>{"Isi halaman pertama yang cukup panjang untuk dianggap sebagai paragraf berita, dengan koma. " * 3}</p>
    <div class="paging">Halaman <span>1</span> <a href="{base}/2">2</a> <a href="{base}/3">3</a>
    <a href="{base}/2">Selanjutnya</a></div></div></body></html>"""
    art = extract_html(html, url=base)
    assert art.pages == [base + "/2", base + "/3"]


def test_home_page_with_site_name_heading_is_not_an_article() -> None:
    for url in ("https://portalcontoh.example/", "https://portalcontoh.example/beranda"):
        art = extract_html(page("home.html"), url=url)
        assert art.is_article is False and art.text == ""
