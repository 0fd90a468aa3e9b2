"""The 12 real text dumps in ../shared/data/id/dumps: title, chrome gone, no sentence lost.

Expectations were written by reading each file (tests/expectations/dumps.json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import warta

EXPECTATIONS = json.loads((Path(__file__).parent / "expectations" / "dumps.json").read_text("utf-8"))
CASES = sorted(k for k in EXPECTATIONS if not k.startswith("_"))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", CASES)
def test_dump(shared_data: Path, name: str) -> None:
    path = shared_data / "id" / "dumps" / name
    expected = EXPECTATIONS[name]
    raw = path.read_text("utf-8")
    article = warta.extract(path.read_bytes(), source=str(path))

    if expected["title"] is None:
        assert article.title is None
    else:
        assert article.title is not None and squash(article.title) == squash(expected["title"])
    if "dateline" in expected:
        assert article.dateline is not None
        assert article.dateline.model_dump() == expected["dateline"]
    if "authors" in expected:
        assert [a.name for a in article.authors] == expected["authors"]
    if "editors" in expected:
        assert [a.name for a in article.editors] == expected["editors"]
    for heading in expected.get("headings", []):
        assert heading in [s.heading for s in article.sections]

    body = squash(article.text)
    assert body, "the body is empty"
    remainder = squash(raw)
    for chrome in expected["not_in_body"]:
        piece = squash(chrome)
        assert piece not in body, f"chrome left in the body: {chrome!r}"
        remainder = remainder.replace(piece, "\x00")
    if article.title:
        remainder = remainder.replace(squash(article.title), "\x00", 1)
    if article.subtitle:
        remainder = remainder.replace(squash(article.subtitle), "\x00", 1)
    # every sentence left over is article text and must be in the body
    for block in remainder.split("\x00"):
        for sentence in re.split(r"(?<=[.!?])(?=[A-Z\"“])", block):
            if len(sentence) >= 20:
                assert sentence in body, f"sentence lost from the body: {sentence[:80]!r}"
