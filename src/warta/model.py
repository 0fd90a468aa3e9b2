"""The Article contract: the one data shape every warta stage reads and writes.

Every stage (sources -> extract -> nlp -> events -> store -> serve) passes an
:class:`Article` along. The model is versioned by :data:`SCHEMA_VERSION`; a change
that removes or renames a field bumps the major number, an added optional field
bumps the minor number. ``docs/article.md`` documents every field and
``docs/article.schema.json`` is generated from this module
(``make schema``).

Pydantic v2 was chosen over dataclasses and msgspec because the same classes
give validation of untrusted JSON, a JSON Schema, and FastAPI's OpenAPI
documentation without a second description of the shape (see docs/article.md).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = "1.0"

RelatedKind = Literal["read_also", "recommended", "latest", "video", "tag", "other"]
InputKind = Literal["html", "text", "warc", "jsonl", "feed", "sitemap", "url", "unknown"]


class _Model(BaseModel):
    # Unknown keys are an error: a typo in a producer must not silently drop data.
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Outlet(_Model):
    name: str | None = None
    domain: str | None = None


class Author(_Model):
    name: str
    role: str | None = None


class Dateline(_Model):
    place: str | None = None
    outlet: str | None = None


class Section(_Model):
    heading: str | None = None
    number: int | None = None
    paragraphs: list[str] = Field(default_factory=list)


class Image(_Model):
    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    is_cover: bool = False
    section: int | None = Field(
        default=None, description="Index into Article.sections of the section the image stands in."
    )


class Related(_Model):
    title: str
    url: str | None = None
    kind: RelatedKind = "other"


class Provenance(_Model):
    source: str | None = Field(default=None, description="Path, URL or record id the article came from.")
    input_kind: InputKind = "unknown"
    extractor: str = "warta"
    extractor_version: str = ""
    outlet_profile: str | None = Field(default=None, description="Outlet profile id and version used, if any.")
    key_points_generated: bool = Field(
        default=False, description="True when key_points were produced by warta, not by the outlet."
    )
    warnings: list[str] = Field(default_factory=list)


class Article(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str | None = Field(default=None, description="Stable id: hash of the canonical URL, else of the text.")
    url: str | None = None
    outlet: Outlet = Field(default_factory=Outlet)
    language: str | None = Field(default=None, description="ISO 639-1 code.")
    title: str | None = None
    subtitle: str | None = None
    key_points: list[str] = Field(default_factory=list)
    authors: list[Author] = Field(default_factory=list)
    editors: list[Author] = Field(default_factory=list)
    published: datetime | None = Field(default=None, description="ISO 8601 with UTC offset, or null.")
    modified: datetime | None = None
    dateline: Dateline | None = None
    sections: list[Section] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    related: list[Related] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    category: str | None = None
    notes: list[str] = Field(default_factory=list, description="Publisher disclaimers and notes.")
    removed: list[str] = Field(default_factory=list, description="Chrome lines dropped, for audit.")
    pages: list[str] = Field(default_factory=list, description="URLs of further pages of a paginated article.")
    is_article: bool = Field(default=True, description="False for home, tag and index pages.")
    text: str = Field(default="", description="Body as plain text: headings and paragraphs in reading order.")
    provenance: Provenance = Field(default_factory=Provenance)

    @field_validator("published", "modified")
    @classmethod
    def _must_be_aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("datetimes must carry a UTC offset")
        return value

    def body_paragraphs(self) -> list[str]:
        """Headings and paragraphs in reading order, as they make up ``text``."""
        out: list[str] = []
        for section in self.sections:
            if section.heading:
                out.append(section.heading)
            out.extend(section.paragraphs)
        return out

    def refresh_text(self) -> None:
        """Recompute ``text`` from the sections (call after editing sections)."""
        self.text = "\n\n".join(self.body_paragraphs())

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Article:
        return cls.model_validate_json(data)


def json_schema() -> dict[str, object]:
    schema = Article.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://warta.dev/schema/article-{SCHEMA_VERSION}.json"
    return schema


def main() -> None:
    """Print the JSON Schema (``make schema`` writes it to docs/article.schema.json)."""
    json.dump(json_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
