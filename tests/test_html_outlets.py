"""Real pages from Indonesian outlets (../shared/data/id/html).

Media Indonesia is checked against its published expected fields; every other outlet page against
expectations written by reading the page (tests/pages/outlets_expected.json): title, published
date with its zone, authors (and editors when the page names them), the dateline, first and last body text, and
chrome lines that must not appear in the body.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

import warta

EXPECTED = json.loads((Path(__file__).parent / "pages" / "outlets_expected.json").read_text("utf-8"))
pytestmark = pytest.mark.shared_data


def fold(s: str | None) -> str:
    return re.sub(r"\W+", " ", (s or "").casefold()).strip()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_page(shared_data: Path, name: str) -> None:
    exp = EXPECTED[name]
    path = shared_data / "id" / "html" / "outlets" / name
    if not path.exists():
        pytest.skip(f"{name} not in this copy of the data")
    art = warta.extract(path.read_bytes(), url=exp["url"], source=str(path))
    assert art.is_article
    assert art.provenance.outlet_profile is not None
    assert art.title == exp["title"]
    assert art.published is not None
    want = datetime.fromisoformat(exp["published"])
    assert art.published == want and art.published.utcoffset() == want.utcoffset()
    assert [a.name for a in art.authors] == exp["authors"]
    assert [e.name for e in art.editors] == exp["editors"]
    # the dateline is read off the first paragraph into its own field
    got = {"place": art.dateline.place, "outlet": art.dateline.outlet} if art.dateline else None
    assert got == exp["dateline"]
    paras = art.body_paragraphs()
    assert paras[0].startswith(exp["first"])
    assert paras[-1].endswith(exp["last"])
    for chrome in exp["chrome"]:
        assert chrome not in art.text, chrome
    assert art.text == "\n\n".join(paras)


@pytest.mark.parametrize("stem", ["MediaIndonesia_2025_10_22", "MediaIndonesia_2026_01_08"])
def test_media_indonesia_expected_fields(shared_data: Path, stem: str) -> None:
    folder = shared_data / "id" / "html" / "mediaindonesia"
    expected = next(iter(json.loads((folder / f"{stem}.expected.json").read_text("utf-8")).values()))
    art = warta.extract(gzip.decompress((folder / f"{stem}.html.gz").read_bytes()))
    assert fold(art.title) == fold(expected["title"])
    want = datetime.fromisoformat(expected["publishing_date"])
    assert art.published == want and art.published is not None and art.published.utcoffset() == want.utcoffset()
    # Media Indonesia prints the account that filed the story as "Editor" and publishes it as the
    # JSON-LD author; the byline above the story is that person's full name, the outlet's name, or
    # another writer (common.authors.reconcile_people)
    assert [a.name for a in art.authors] == expected["authors"]
    # body: every expected paragraph's text is in ours (the expected body also carries the caption,
    # "Baca juga" lines and the editor credit run together; we keep those out of the body)
    exp_sections = expected["body"]["sections"]
    exp_headings = [h for s in exp_sections for h in s["headline"]]
    assert [s.heading for s in art.sections if s.heading] == exp_headings
    body = fold(art.text)
    captions = [fold(f"{i.caption or ''} {i.credit or ''}") for i in art.images if i.caption]
    for sec in exp_sections:
        for para in sec["paragraphs"]:
            for sentence in re.split(r"(?<=[.!?”\"])\s+", para):
                f = fold(sentence)
                for cap in captions:  # the expected body starts with the photo caption
                    f = f.removeprefix(cap).strip()
                if len(f) > 60 and not re.search(r"baca juga|editor|google news|\(.*\)$", sentence, re.I):
                    assert f[:60] in body, sentence
    assert "baca juga" not in body and "google news" not in body
    for im in expected.get("images", []) or []:
        ours = [i for i in art.images if i.caption and fold(im.get("caption"))[:30] in fold(i.caption)]
        assert ours, im.get("caption")
        if im.get("authors"):
            assert ours[0].credit == im["authors"][0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_outlet_page_without_its_profile(shared_data: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The generic engine alone (no outlet profile) gets the same people and title, and the same
    published instant wherever the page prints a zone or its text is Indonesian."""
    from warta.extract.html import engine

    exp = EXPECTED[name]
    path = shared_data / "id" / "html" / "outlets" / name
    if not path.exists():
        pytest.skip(f"{name} not in this copy of the data")
    monkeypatch.setattr(engine, "_profile_for", lambda url, meta: None)
    art = warta.extract(path.read_bytes(), url=exp["url"], source=str(path))
    assert art.provenance.outlet_profile is None
    assert art.title == exp["title"]
    assert [a.name for a in art.authors] == exp["authors"]
    assert [e.name for e in art.editors] == exp["editors"]
    if art.language == "id":
        want = datetime.fromisoformat(exp["published"])
        assert art.published == want and art.published is not None
        assert art.published.utcoffset() == want.utcoffset()
