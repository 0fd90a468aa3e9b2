"""The mission's example page comes out as a careful reader says it holds."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

import warta

SHARED = Path(__file__).resolve().parents[2] / "shared"


def fold(value: Any) -> Any:
    """Strings compared after NFC and white-space folding (NBSP counts as a space)."""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).replace("\u00a0", " ").split())
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


def project(actual: Any, expected: Any) -> Any:
    """The part of ``actual`` that ``expected`` speaks about (keys it names; missing = null)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: project(actual.get(k), v) for k, v in expected.items()}
    if isinstance(expected, list) and isinstance(actual, list) and len(actual) == len(expected):
        return [project(a, e) for a, e in zip(actual, expected, strict=True)]
    return actual


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    path = SHARED / "examples" / "idntimes-kazakhstan-belarus.expected.json"
    if not path.is_file():
        pytest.skip("the mission page's expected reading is in ../shared/examples, which is absent")
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def article_json(mission_page: Path) -> dict[str, Any]:
    article = warta.extract(mission_page.read_bytes(), source=str(mission_page))
    return json.loads(article.model_dump_json())


FIELDS = [
    "outlet", "language", "title", "subtitle", "key_points", "authors", "published", "dateline", "sections",
    "images", "related", "notes", "removed",
]


@pytest.mark.parametrize("field", FIELDS)
def test_field_equals_reference(article_json: dict[str, Any], expected: dict[str, Any], field: str) -> None:
    want = expected["article"][field]
    got = project(article_json[field], want)
    assert fold(got) == fold(want)


def test_expected_names_only_known_fields(article_json: dict[str, Any], expected: dict[str, Any]) -> None:
    assert set(expected["article"]) <= set(article_json)
    assert set(expected["article"]) == set(FIELDS)


def test_text_is_headings_and_paragraphs_in_order(article_json: dict[str, Any]) -> None:
    parts = []
    for section in article_json["sections"]:
        if section["heading"]:
            parts.append(section["heading"])
        parts.extend(section["paragraphs"])
    assert article_json["text"] == "\n\n".join(parts)
    for chrome in article_json["removed"]:
        if len(chrome) > 2:
            assert chrome not in article_json["text"]
    assert "Baca Juga" not in article_json["text"]
    assert "unsplash.com" not in article_json["text"]


def test_cli_prints_the_same_article(mission_page: Path, article_json: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from warta.cli.main import cli

    result = CliRunner().invoke(cli, ["extract", str(mission_page)])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["sections"] == article_json["sections"]
    assert printed["title"] == article_json["title"]
