"""Dates as news pages print them, in Indonesian and English, with their time zone.

* ``parse_datetime`` reads one value that is meant to be a date (a JSON-LD or meta value, a
  ``<time datetime>`` attribute, or a visible date line);
* ``find_date_in_text`` finds the first date in running text ("Kamis, 22 Agu 2024 14:30 WIB");
* ``date_from_url`` reads ``/2024/08/22/``-style paths.

Indonesian zones: WIB = UTC+7, WITA = UTC+8, WIT = UTC+9. A value without any zone gets
``default_tz`` (the caller decides: an Indonesian outlet prints WIB times); with ``default_tz=None``
a zone-less value is returned naive and the caller must decide.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
UTC = UTC

ZONES: dict[str, tzinfo] = {
    "wib": WIB,
    "wita": WITA,
    "wit": WIT,
    "utc": UTC,
    "gmt": UTC,
    "z": UTC,
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "mst": timezone(timedelta(hours=-7)),
    "mdt": timezone(timedelta(hours=-6)),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "bst": timezone(timedelta(hours=1)),
    "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
    "sgt": timezone(timedelta(hours=8)),
    "myt": timezone(timedelta(hours=8)),
    "jst": timezone(timedelta(hours=9)),
    "ist": timezone(timedelta(hours=5, minutes=30)),
    "aest": timezone(timedelta(hours=10)),
}

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb peb",
        "maret march mar mrt",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu ags agt aug agst",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov nop",
        "desember december des dec",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _num

DAYS = (
    "senin selasa rabu kamis jumat jum'at jum’at sabtu minggu ahad "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
).split()

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY_RE = "|".join(sorted((re.escape(d) for d in DAYS), key=len, reverse=True))
_ZONE_RE = (
    r"(?:WIB|WITA|WIT|(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|"
    r"GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CEST|CET|SGT|MYT|JST|AEST|Z)"
)
_TIME_RE = (
    r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z]))?"
    rf"(?:\s*(?P<tz>{_ZONE_RE})(?![A-Za-z]))?"
)
_SEP = r"[\s,|·•\-–—/]*(?:pukul|pkl\.?|jam|at|@)?\s*"

_DATE_PATTERNS = [
    # 22 Agustus 2024 / 22 Agu. 2024 / 22-Agu-2024
    re.compile(
        rf"(?<![\w])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?(?P<mon>{_MONTH_RE})\.?,?[\s\-]+(?P<y>\d{{4}})"
        rf"(?:{_SEP}{_TIME_RE})?",
        re.I,
    ),
    # August 22, 2024 / Aug. 22 2024
    re.compile(
        rf"(?<![\w])(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
        rf"(?:{_SEP}{_TIME_RE})?",
        re.I,
    ),
    # 2024-08-22 14:30 / 2024/08/22
    re.compile(
        rf"(?<![\d])(?P<y>(?:19|20)\d{{2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?![\d])"
        rf"(?:(?:T|{_SEP}){_TIME_RE})?",
        re.I,
    ),
    # 22/08/2024 14:30 (day first, as Indonesian and most non-US sites print it)
    re.compile(
        rf"(?<![\d/])(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y>(?:19|20)\d{{2}})(?![\d])"
        rf"(?:{_SEP}{_TIME_RE})?",
        re.I,
    ),
]
_TIME_ONLY = re.compile(rf"(?<![\d:]){_TIME_RE}", re.I)
_DAYNAME = re.compile(rf"\b(?:{_DAY_RE})\b", re.I)


def zone_from_text(value: str) -> tzinfo | None:
    """The tzinfo for 'WIB', 'GMT+7', '+0700', 'UTC' ..., or None."""
    value = value.strip()
    low = value.lower()
    if low in ZONES:
        return ZONES[low]
    m = re.fullmatch(r"(?:gmt|utc)?\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?", low)
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        return timezone(-delta if m.group(1) == "-" else delta)
    return None


def _build(
    y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, tz: tzinfo | None = None
) -> datetime | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def _from_match(m: re.Match[str], default_tz: tzinfo | None) -> tuple[datetime | None, bool]:
    """(datetime, has_time) from one of the date patterns."""
    g = m.groupdict()
    month = MONTHS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
    if not month:
        return None, False
    year = int(g["y"])
    day = int(g["d"])
    has_time = g.get("H") is not None
    hour = minute = second = 0
    if has_time:
        hour, minute, second = int(g["H"]), int(g["M"]), int(g.get("S") or 0)
        ampm = (g.get("ampm") or "").replace(".", "").replace(" ", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59 or second > 59:
            has_time, hour, minute, second = False, 0, 0, 0
    tz = zone_from_text(g["tz"]) if g.get("tz") else None
    return _build(year, month, day, hour, minute, second, tz or default_tz), has_time


def find_date_in_text(text: str, default_tz: tzinfo | None = WIB, max_chars: int = 4000) -> datetime | None:
    """The first full date (day, month, year; time and zone when printed) in ``text``."""
    text = text[:max_chars]
    best: tuple[int, datetime, bool, re.Match[str]] | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            dt, has_time = _from_match(m, default_tz)
            if dt is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), dt, has_time, m)
                break
    if best is None:
        return None
    _, dt, has_time, m = best
    if not has_time:
        # "14:30 WIB, 22 Agustus 2024": a time printed just before the date.
        before = text[max(0, m.start() - 24) : m.start()]
        times = list(_TIME_ONLY.finditer(before))
        t = times[-1] if times else None
        if t is not None and t.group("H") is not None:
            hour, minute = int(t.group("H")), int(t.group("M"))
            ampm = (t.group("ampm") or "").replace(".", "").replace(" ", "").lower()
            if ampm == "pm" and hour < 12:
                hour += 12
            tz = zone_from_text(t.group("tz")) if t.group("tz") else dt.tzinfo
            if hour < 24 and minute < 60:
                dt = dt.replace(hour=hour, minute=minute, tzinfo=tz)
    return dt


_ISO = re.compile(
    r"\s*(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T\s]+(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    rf"\s*(?P<tz>{_ZONE_RE})?\s*$",
    re.I,
)


def parse_datetime(value: str | None, default_tz: tzinfo | None = WIB) -> datetime | None:
    """One date value: ISO 8601 (with or without zone), RFC 2822, epoch seconds, or printed text."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > 300:
        return None
    m = _ISO.match(value)
    if m:
        g = m.groupdict()
        tz = zone_from_text(g["tz"]) if g["tz"] else None
        dt = _build(
            int(g["y"]), int(g["m"]), int(g["d"]), int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0),
            tz or default_tz,
        )
        if dt is not None:
            return dt
    if re.fullmatch(r"\d{10}(?:\d{3})?", value):
        seconds = int(value[:10])
        return datetime.fromtimestamp(seconds, tz=UTC)
    try:
        from email.utils import parsedate_to_datetime

        if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}", value):
            dt2 = parsedate_to_datetime(value)
            if dt2.tzinfo is None and default_tz is not None:
                dt2 = dt2.replace(tzinfo=default_tz)
            return dt2
    except (TypeError, ValueError, IndexError):
        pass
    return find_date_in_text(value, default_tz=default_tz)


_URL_DATE = [
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[-_])"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})(?:/|$|[-_])"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,6})(?:[/_.-]|$)"),
    # Republika-style /16/02/15/ (two-digit year, month, day)
    re.compile(r"/(\d{2})/(\d{2})/(\d{2})/[a-z0-9]+-"),
]


def date_from_url(url: str | None, default_tz: tzinfo | None = WIB) -> datetime | None:
    """A publication day printed in the URL path (midnight in ``default_tz``)."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for i, pattern in enumerate(_URL_DATE):
        m = pattern.search(path)
        if not m:
            continue
        y, mo, d = (int(x) for x in m.groups())
        if i == 3:
            y += 2000
        dt = _build(y, mo, d, tz=default_tz)
        if dt is not None and dt.year <= datetime.now().year + 1:
            return dt
    return None


def has_day_name(text: str) -> bool:
    return bool(_DAYNAME.search(text))
