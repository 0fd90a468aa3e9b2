"""Outlet profiles as the HTML engine reads them: every listed outlet, valid selectors and patterns."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest
from selectolax.lexbor import LexborHTMLParser

from warta.outlets import all_profiles, profile_for_url

OUTLETS = ("idntimes kompas detik tribunnews okezone liputan6 antara republika tempo viva kapanlagi suara "
           "mediaindonesia cnnindonesia cnbcindonesia kumparan tirto merdeka sindonews jpnn thejakartapost").split()


def test_every_listed_outlet_has_an_html_profile() -> None:
    ids = {p.id for p in all_profiles()}
    assert set(OUTLETS) <= ids
    for p in all_profiles():
        if p.id in OUTLETS:
            assert p.html.body, p.id
            assert p.html.chrome, p.id
            assert p.html.credit, p.id


@pytest.mark.parametrize("outlet", OUTLETS)
def test_html_table_is_versioned_and_valid(outlet: str) -> None:
    raw = tomllib.loads(resources.files("warta.outlets").joinpath("data", f"{outlet}.toml").read_text("utf-8"))
    html = raw["html"]
    assert html["version"] and html["valid_from"]
    tree = LexborHTMLParser("<html><body><div class='x'><p>t</p></div></body></html>")
    for key in ("body", "drop", "title", "authors", "editors", "published", "key_points", "caption"):
        for selector in html.get(key, []):
            tree.css(selector)  # lexbor accepts it
    for key in ("chrome", "credit"):
        for pattern in html.get(key, []):
            re.compile(pattern)


def test_profile_found_from_url() -> None:
    p = profile_for_url("https://news.detik.com/berita/d-123/judul")
    assert p is not None and p.id == "detik"
    assert profile_for_url("https://example.org/a") is None
