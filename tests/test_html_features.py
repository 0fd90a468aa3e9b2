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


# --- content selection on blog and magazine layouts (small pages written for each rule) ---------

_PROSE = ("The council met on Tuesday evening to discuss the new bus routes, and residents spoke for "
          "almost two hours about the changes, the costs and the timetable. ")
_OTHER = ("Our newsletter brings you the best stories of the week, with tips, offers, and events from "
          "around the city, every Friday morning, straight to your inbox. ")


def _para(i: int) -> str:
    return f"Part {i}. {_PROSE.strip()}"


def _sidebar(n: int = 4) -> str:
    items = "".join(f"<div class='box'><h3>About</h3><p>{i}. {_OTHER}</p></div>" for i in range(n))
    return f"<div class='sidebar'>{items}</div>"


def test_chrome_named_wrapper_around_the_article_is_read() -> None:
    # "share_wrapper" names the share buttons it also holds; the story is the content-named box inside
    html = f"""<html><head><title>Bus routes change next month</title></head><body>
    <div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>
    <div class="share_wrapper"><div class="share_tools"><a href="#">Share</a></div>
    <div class="article"><h1>Bus routes change next month</h1><div id="main_text">
    <p>{_para(1)}</p><p>{_para(2)} {_para(3)}</p><p>{_para(4)}</p></div></div></div>
    {_sidebar(2)}</body></html>"""
    art = extract_html(html, url="https://example.org/news/bus-routes")
    assert art.is_article and len(art.body_paragraphs()) == 3
    assert "newsletter" not in art.text


def test_sidebar_holding_most_of_a_short_post_page_does_not_win() -> None:
    html = f"""<html><head><title>A short note on the bus routes</title></head><body>
    <div class="content"><div class="post"><h2>A short note on the bus routes</h2>
    <div class="post-body"><p>{_PROSE}</p></div></div></div>
    {_sidebar(6)}</body></html>"""
    art = extract_html(html)
    assert art.text == _PROSE.strip()


def test_cms_taxonomy_and_page_builder_classes_are_not_chrome() -> None:
    # TypePad labels the entry with its categories ("social_media"); Elementor calls every block a widget
    menu = "".join(f"<li><a href='/c/{i}'>Category number {i}</a></li>" for i in range(30))
    menu = f"<ul class='links'>{menu}</ul>"
    typepad = f"""<html><head><title>Notes</title></head><body>{menu}
    <div class="entry-category-social_media entry-author-ana entry"><div class="entry-body">
    <p>{_para(1)}</p><p>{_para(2)}</p></div></div><div class="footer">About us</div></body></html>"""
    assert len(extract_html(typepad).body_paragraphs()) == 2
    elementor = f"""<html><head><title>Notes</title></head><body>{menu}<div class="elementor-widget-wrap">
    <div class="elementor-element"><div class="elementor-widget-container"><p>{_para(1)}</p><p>{_para(2)}</p>
    </div></div></div><div class="footer">About us</div></body></html>"""
    assert len(extract_html(elementor).body_paragraphs()) == 2


def test_short_post_under_its_own_headline_is_an_article() -> None:
    html = """<html><head><title>Lunch at the harbour today</title></head><body>
    <div class="post"><h1>Lunch at the harbour today</h1><img src="/p/harbour.jpg" width="600" height="400">
    <p>Sunny, windy, and loud.</p></div><div class="footer">About us</div></body></html>"""
    art = extract_html(html, url="https://blog.example.org/lunch-at-the-harbour")
    assert art.is_article is True
    assert "not an article" not in " ".join(art.provenance.warnings)


def test_item_query_url_is_not_the_home_page() -> None:
    html = """<html><head><title>Pixel heroes</title><meta property="og:type" content="article"></head><body>
    <div class="post"><h2><a href="/?p=34524">Pixel heroes</a></h2><div class="storycontent">
    <p>You know me, I love pixels and I love superheroes. Created by a friend.</p></div></div></body></html>"""
    assert extract_html(html, url="https://blog.example.org/?p=34524").is_article is True
    assert extract_html(html, url="https://blog.example.org/").is_article is False


def test_single_slide_caption_is_the_body() -> None:
    caption = ("You probably know a few chocoholics or coffee fiends, but what about serious cheese lovers, "
               "who cannot resist a fancy wedge whenever the chance comes?")
    html = f"""<html><head><title>Gifts for cheese lovers</title><meta property="og:type" content="article">
    </head><body><article class="post gallery"><h1>Gifts for cheese lovers</h1><div class="slide-body">
    <p><a href="?s=0">Previous</a> 1 / 13 <a href="?s=2">Next</a></p>
    <p>Posted on November 12, 2012 5:30AM by <a href="/author/anna">Anna Roberts</a></p>
    <div class="slide"><img src="/img/cheese.jpg" width="600" height="400"><div class="caption">{caption}</div></div>
    </div></article></body></html>"""
    art = extract_html(html, url="https://example.org/gifts-for-cheese-lovers-25840989")
    assert art.is_article and caption in art.text


def test_related_aside_paragraph_is_prose_but_related_link_is_not() -> None:
    aside = ("RELATED: the group's endorsees did not fare very well last night. Aside from the incumbents, who "
             "were never in danger, most of them lost by wide margins in their districts.")
    html = f"""<html><head><title>Group changes its stance</title></head><body><div class="post">
    <h1>Group changes its stance</h1><p>{_PROSE}</p><p>{aside}</p>
    <p>Related: <a href="/news/older-story">An older story about the group</a></p></div></body></html>"""
    art = extract_html(html, url="https://example.org/news/group-changes-stance")
    assert art.body_paragraphs() == [_PROSE.strip(), aside]
    assert [r.title for r in art.related] == ["An older story about the group"]


def test_story_split_over_like_boxes_is_read_whole() -> None:
    boxes = "".join(
        f"<div class='image-wrapper'><img src='/i/{i}.jpg' width='500' height='300'>"
        f"<div class='caption-image'><div class='inline-edit'><p>Part {i}. {_PROSE}</p></div></div></div>"
        for i in range(1, 5))
    html = f"""<html><head><title>Merchandise for the festival</title></head><body><div class="post-wrapper">
    <h1>Merchandise for the festival</h1><div class="post-body">{boxes}</div></div>
    <div class="footer">About us</div></body></html>"""
    art = extract_html(html)
    assert [p.split(".")[0] for p in art.body_paragraphs()] == ["Part 1", "Part 2", "Part 3", "Part 4"]


def test_quoted_press_release_does_not_replace_the_story() -> None:
    release = "".join(f"<p>DETROIT - The maker is recalling {n} sedans, to replace parts, at no cost.</p>"
                      for n in (100, 200, 300, 400, 500, 600))
    html = f"""<html><head><title>Maker recalls police sedans</title></head><body><article class="post">
    <h1>Maker recalls police sedans</h1><div class="post-body"><div class="entry-content">
    <p>{_para(1)}</p><p>{_para(2)}</p><p>{_para(3)}</p>
    <p>Scroll down for the maker's statement, which says no crashes, injuries, or deaths are known.</p>
    <div class="continued"><div class="pr_box"><div class="pr_text">{release}</div></div></div>
    </div></div></article></body></html>"""
    art = extract_html(html, url="https://example.org/2012/08/09/maker-recalls")
    paras = art.body_paragraphs()
    assert paras[0] == _para(1) and len(paras) == 10


def test_long_comments_beside_the_post_stay_out() -> None:
    # the comment thread repeats the post's first class ("post comments"); a long comment is still chrome
    comments = "".join(
        f"<div class='comment'><h4>Reader {i} on Thursday</h4><div class='comment-text'><p>{i}. {_OTHER * 2}</p>"
        "</div></div>" for i in range(5))
    html = f"""<html><head><title>The wrong pickup</title></head><body><div class="entry">
    <div class="post"><h1>The wrong pickup</h1><p>{_para(1)}</p><p>{_para(2)}</p><p>{_para(3)}</p></div>
    <div class="post comments-area"><h3>5 comments</h3>{comments}</div></div></body></html>"""
    art = extract_html(html)
    assert art.body_paragraphs() == [_para(1), _para(2), _para(3)]


def test_footer_and_aside_elements_are_chrome_without_a_class() -> None:
    about = ("Take a look inside the studio where every bag is cut, stitched, and finished by hand, one at a time, "
             "by the same three people who started the company, and have run it since.")
    html = f"""<html><head><title>Portrait of a craftsman</title></head><body><article class="post-page">
    <h1><a href="/portrait">Portrait of a craftsman</a></h1><div class="body entry-content"><p>{_para(1)}</p></div>
    </article><footer class="global"><div class="about-body"><p>{about}</p><p>{about}, again.</p></div></footer>
    </body></html>"""
    art = extract_html(html)
    assert art.body_paragraphs() == [_para(1)]


def test_sentence_with_long_links_is_prose_and_quote_is_not_the_story() -> None:
    linked = ('So back in August I asked <a href="/a">educators to share their details if they were willing</a> to '
              'help and <a href="/b">mentor other educators on Twitter</a>.')
    quote = "".join(f"<p>{i}. We honour a man whose life, whose courage, and whose example, inspire us all.</p>"
                    for i in range(1, 6))
    html = f"""<html><head><title>Who is who: the help desk</title></head><body><div class="content-inner">
    <h1>Who is who: the help desk</h1><p>{linked}</p><p>{_para(1)}</p><blockquote>{quote}</blockquote>
    <p>{_para(2)}</p></div><ul class="links"><li><a href="/x">Home</a></li><li><a href="/y">About</a></li></ul>
    </body></html>"""
    paras = extract_html(html).body_paragraphs()
    assert paras[0].startswith("So back in August") and paras[1] == _para(1) and paras[-1] == _para(2)
    assert len(paras) == 8


def test_author_box_is_not_the_story() -> None:
    bio = "".join(f"<p>{i}. The speaker, a primatologist, studies behaviour, cooperation, and fairness in apes, "
                  "monkeys, elephants, and other animals, at a research centre.</p>" for i in range(1, 5))
    html = f"""<html><head><title>Moral behaviour in animals</title></head><body><article>
    <h1>Moral behaviour in animals</h1><div class="body"><p>{_para(1)}</p><p>{_para(2)}</p></div>
    <div class="author-profile"><h2>About the speaker</h2>{bio}</div></article></body></html>"""
    assert extract_html(html).body_paragraphs() == [_para(1), _para(2)]
