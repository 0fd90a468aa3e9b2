"""Outlet profiles: what warta knows about how a particular news site lays out its pages.

A profile is a small TOML file in ``outlets/data/`` (one per outlet). It only *adds*
to the generic engine: chrome phrases the outlet prints, how it writes datelines,
credits and author blocks, and (for HTML) CSS selectors. A page from an outlet
without a profile still goes through the generic rules.

Each profile carries a ``version`` and the date range it is known to be valid for,
because outlets redesign their pages and old crawls keep the old layout.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from urllib.parse import urlsplit


@dataclass(frozen=True)
class HtmlRules:
    """CSS selectors that help the generic HTML engine on this outlet's pages."""

    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    # Added for the HTML engine: regular expressions (full line, case-insensitive) for chrome lines
    # that appear in this outlet's HTML, editor selectors, and the page's own time zone name.
    chrome: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()  # regular expressions for the photo credit at the end of a caption


@dataclass(frozen=True)
class OutletProfile:
    id: str
    name: str
    domains: tuple[str, ...]
    version: str
    valid_from: str | None = None
    valid_to: str | None = None
    language: str = "id"
    markers: tuple[re.Pattern[str], ...] = ()
    dateline_names: tuple[str, ...] = ()
    chrome_lines: frozenset[str] = frozenset()
    chrome_patterns: tuple[re.Pattern[str], ...] = ()
    note_patterns: tuple[re.Pattern[str], ...] = ()
    author_roles: tuple[str, ...] = ()
    key_point_headings: tuple[str, ...] = ()
    credit_patterns: tuple[re.Pattern[str], ...] = ()
    html: HtmlRules = field(default_factory=HtmlRules)

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def matches_domain(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.domains)


def _fold(line: str) -> str:
    return " ".join(line.split()).casefold()


def _profile_from_toml(data: dict[str, object]) -> OutletProfile:
    def strs(key: str, src: dict[str, object] = data) -> tuple[str, ...]:
        value = src.get(key, [])
        assert isinstance(value, list), key
        return tuple(str(v) for v in value)

    def regexes(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in strs(key))

    html_data = data.get("html", {})
    assert isinstance(html_data, dict)
    return OutletProfile(
        id=str(data["id"]),
        name=str(data["name"]),
        domains=strs("domains"),
        version=str(data.get("version", "1")),
        valid_from=str(data["valid_from"]) if data.get("valid_from") else None,
        valid_to=str(data["valid_to"]) if data.get("valid_to") else None,
        language=str(data.get("language", "id")),
        markers=regexes("markers"),
        dateline_names=strs("dateline_names"),
        chrome_lines=frozenset(_fold(s) for s in strs("chrome_lines")),
        chrome_patterns=regexes("chrome_patterns"),
        note_patterns=tuple(re.compile(p, re.IGNORECASE) for p in strs("note_patterns")),
        author_roles=strs("author_roles"),
        key_point_headings=strs("key_point_headings"),
        credit_patterns=regexes("credit_patterns"),
        html=HtmlRules(**{k: strs(k, html_data) for k in HtmlRules.__dataclass_fields__ if k in html_data}),
    )


@cache
def all_profiles() -> tuple[OutletProfile, ...]:
    """Every bundled profile, sorted by id."""
    profiles = []
    for entry in resources.files("warta.outlets").joinpath("data").iterdir():
        if entry.name.endswith(".toml"):
            profiles.append(_profile_from_toml(tomllib.loads(entry.read_text("utf-8"))))
    return tuple(sorted(profiles, key=lambda p: p.id))


def profile_for_url(url: str | None) -> OutletProfile | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    for profile in all_profiles():
        if profile.matches_domain(host):
            return profile
    return None


def profile_for_text(text: str, sample: int = 20_000) -> OutletProfile | None:
    """The outlet whose markers occur most often in the text (a bounded sample of it)."""
    head = text[:sample] + text[-sample:] if len(text) > 2 * sample else text
    best: tuple[int, OutletProfile] | None = None
    for profile in all_profiles():
        hits = sum(len(m.findall(head)) for m in profile.markers)
        if hits and (best is None or hits > best[0]):
            best = (hits, profile)
    return best[1] if best else None


def profile_by_id(outlet_id: str) -> OutletProfile | None:
    return next((p for p in all_profiles() if p.id == outlet_id), None)


def is_chrome_line(line: str, profile: OutletProfile | None) -> bool:
    if profile is None:
        return False
    folded = _fold(line)
    if folded in profile.chrome_lines:
        return True
    return any(p.fullmatch(line.strip()) for p in profile.chrome_patterns)
