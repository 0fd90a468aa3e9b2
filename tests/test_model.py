"""The Article contract: JSON out and back in without loss, a schema, strict validation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from warta.model import SCHEMA_VERSION, Article, Author, Image, Related, Section, json_schema

REPO = Path(__file__).resolve().parents[1]


def full_article() -> Article:
    wib = timezone(timedelta(hours=7))
    article = Article(
        url="https://www.idntimes.com/news/world/x",
        title="Judul",
        subtitle="Dek",
        key_points=["Satu", "Dua"],
        authors=[Author(name="Brahm", role="Verified Writer")],
        published=datetime(2024, 8, 22, 14, 30, tzinfo=wib),
        sections=[Section(paragraphs=["Paragraf satu."]), Section(heading="Bagian", number=1, paragraphs=["Dua."])],
        images=[Image(caption="bendera", credit="unsplash.com/x", is_cover=True, section=0)],
        related=[Related(title="Baca ini", kind="read_also")],
        tags=["diplomasi"],
        notes=["Catatan"],
        removed=["TUTUP"],
    )
    article.refresh_text()
    return article


def test_json_round_trip_is_lossless() -> None:
    article = full_article()
    again = Article.from_json(article.to_json())
    assert again == article
    assert again.published is not None and again.published.utcoffset() == timedelta(hours=7)
    assert json.loads(article.to_json())["published"] == "2024-08-22T14:30:00+07:00"


def test_text_is_headings_and_paragraphs() -> None:
    assert full_article().text == "Paragraf satu.\n\nBagian\n\nDua."


def test_schema_version_and_unknown_fields() -> None:
    assert Article().schema_version == SCHEMA_VERSION
    with pytest.raises(ValidationError):
        Article.model_validate({"titel": "typo"})


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationError, match="UTC offset"):
        Article(published=datetime(2024, 8, 22, 14, 30))


def test_related_kind_is_a_closed_vocabulary() -> None:
    with pytest.raises(ValidationError):
        Related(title="x", kind="sometimes")  # type: ignore[arg-type]


def test_schema_in_docs_is_current() -> None:
    on_disk = json.loads((REPO / "docs" / "article.schema.json").read_text("utf-8"))
    assert on_disk == json_schema(), "run `make schema` to regenerate docs/article.schema.json"
