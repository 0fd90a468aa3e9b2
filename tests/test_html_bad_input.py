"""Hostile and broken HTML: bounded time and memory, no crash, and an honest result."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warta
from warta.errors import InputError
from warta.extract.html import extract_html
from warta.extract.html.meta import parse_json_ld
from warta.model import Article

PARA = ("<p>Menteri Keuangan menyampaikan bahwa penerimaan negara hingga akhir Juli tumbuh, kata juru bicara "
        "kementerian kepada wartawan di Jakarta, Senin.</p>")


def _ok(art: Article) -> None:
    assert isinstance(art, Article)
    assert art.text == "\n\n".join(art.body_paragraphs())
    Article.model_validate_json(art.to_json())  # the result is always a valid Article


def test_truncated_html() -> None:
    page = "<html><head><title>Judul</title></head><body><div class='content'>" + PARA * 5
    for cut in (len(page), len(page) - 7, len(page) // 2, 60, 20):
        art = extract_html(page[:cut])
        _ok(art)
    assert "Menteri Keuangan" in extract_html(page[: len(page) - 7]).text


def test_malformed_markup() -> None:
    page = ("<html><body><div><p>Unclosed <b>bold <i>italic</div></p></b>" + PARA * 3 +
            "<table><td>cell without row<tr></div></span><<<>>>&&&;</body></html></html><p>after end</p>")
    art = extract_html(page)
    _ok(art)
    assert "Menteri Keuangan" in art.text


def test_deeply_nested_elements() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + PARA * 3 + "</div>" * depth + "</body></html>"
    t0 = time.process_time()  # CPU time: the bound should not depend on other work on the machine
    art = extract_html(page)
    assert time.process_time() - t0 < 30
    _ok(art)


def test_many_inline_elements_deep() -> None:
    page = "<html><body><p>" + "<span>" * 50_000 + "teks dalam" + "</span>" * 50_000 + "</p>" + PARA + "</body></html>"
    _ok(extract_html(page))


def test_thirty_megabyte_page() -> None:
    # What makes real pages this large: inline scripts and data, base64 images, long link farms.
    import resource

    script = "<script>var data = [" + "1234567890," * 1_800_000 + "0];</script>"
    image = '<img src="data:image/png;base64,' + "QUJD" * 2_000_000 + '">'
    block = "<div class='item'><a href='/x'>tautan</a> " + "kata " * 40 + "</div>\n"
    page = ("<html><head><title>Besar</title>" + script + "</head><body>" + image + block * 9_000 + PARA * 3
            + "</body></html>")
    assert len(page) >= 30_000_000
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    art = extract_html(page)
    elapsed = time.process_time() - t0
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    _ok(art)
    assert elapsed < 60
    assert grown_mb < 1500


def test_many_elements_page() -> None:
    block = "<div class='item'><a href='/x'>tautan</a> " + "kata " * 40 + "</div>\n"
    page = "<html><body>" + block * 25_000 + PARA * 3 + "</body></html>"  # 6 MB, 50,000 elements
    t0 = time.process_time()
    art = extract_html(page)
    assert time.process_time() - t0 < 60
    _ok(art)


def test_binary_and_empty_input_are_refused() -> None:
    with pytest.raises(InputError):
        warta.extract(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    with pytest.raises(InputError):
        warta.extract(b"")


def test_binary_garbage_as_text_does_not_crash() -> None:
    junk = os.urandom(20_000).decode("latin-1")
    _ok(extract_html("<html><body>" + junk + "</body></html>"))
    _ok(extract_html(junk))


def test_no_body_and_not_html() -> None:
    _ok(extract_html("<html><head><title>Hanya judul</title></head></html>"))
    _ok(extract_html("bukan html sama sekali"))
    _ok(extract_html("<!-- hanya komentar -->"))


def test_hostile_json_ld() -> None:
    nested = "[" * 5000 + "]" * 5000
    page = f'<html><head><script type="application/ld+json">{nested}</script></head><body>{PARA * 3}</body></html>'
    _ok(extract_html(page))
    assert parse_json_ld('{"a": ' * 3000) is None


def test_empty_page_is_not_an_article() -> None:
    art = extract_html("<html><head><title>Kosong</title></head><body><div></div></body></html>")
    assert art.is_article is False and art.text == ""


_TAGS = st.sampled_from(["div", "p", "span", "a", "h1", "h2", "li", "ul", "table", "td", "tr", "script", "style",
                         "figure", "figcaption", "img", "br", "article", "main", "nav", "footer", "blockquote"])
_ATTRS = st.sampled_from(["", " class='content'", " class='share'", " id='comments'", " style='display:none'",
                          " href='/x?page=2'", " class='caption'", " itemprop='articleBody'", " hidden"])
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(_TAGS)}{draw(_ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{draw(_TAGS)}>")
        else:
            parts.append(draw(_TEXT))
    head = draw(st.sampled_from(["", "<html><head><title>T</title></head><body>",
                                 '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",'
                                 '"datePublished":"2024-13-45T99:99"</script>']))
    return head + "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_fuzz_structured_soup(page: str) -> None:
    _ok(extract_html(page, url="https://contoh.id/2024/01/02/berita"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_bytes_through_the_dispatcher(data: bytes) -> None:
    try:
        art = warta.extract(b"<html><body>" + data + b"</body></html>", kind="html")
    except InputError:
        return
    _ok(art)
