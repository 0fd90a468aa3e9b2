"""Dates in Indonesian news text: absolute, partial and relative, resolved to ISO values.

Resolution rules (argued in docs/nlp.md):

- absolute dates with a year ("22/8/2024", "22 Agustus 2024", "Kamis (22/8/2024)") stand alone;
- dates without a year ("Kamis (22/8)", "22 Agustus", "pada Agustus") take the year that puts
  them closest to, and not long after, the reference date;
- the *reference date* is ``article.published`` when known, else the latest absolute
  day-precision date written in the text (newswire reports the most recent event);
- deictic expressions ("kemarin", "hari ini", "pekan lalu", "Senin lalu", "tahun lalu")
  count from the reference date;
- anaphoric expressions ("sehari sebelumnya", "dua hari kemudian", "keesokan harinya",
  "hari yang sama") count from the most recent day-precision date written before them
  (their antecedent), falling back to the reference date.

Each result has ``value`` (ISO: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY-Www`` or ``YYYY``) and
``precision`` (``day``, ``week``, ``month``, ``year``); ``value`` is None when there is no
reference date to resolve a relative expression against.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from warta.nlp.lexicon import MONTHS, WEEKDAYS

_DAY = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
_MONTH_FULL = (
    r"(?:Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Nopember"
    r"|Desember|January|February|March|June|July|August|October|December)"
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Aug|Sep|Sept|Okt|Oct|Nov|Des|Dec)\.?"
_NUMWORDS = {
    "se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "beberapa": 0,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)"

_FLAGS = re.IGNORECASE

# Day name with numeric date in brackets: "Kamis (22/8/2024)", "Senin (13/04/2020)", "Jumat (11/12)".
RE_PAREN = re.compile(
    rf"\b(?P<dn>{_DAY})\s*,?\s*\(\s*(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})"
    rf"(?:\s*[/.-]\s*(?P<y>\d{{4}}|\d{{2}}))?\s*\)",
    _FLAGS,
)
# "22 Agustus 2024", "Kamis, 22 Agustus 2024", "tanggal 22 Agustus".
RE_DMY = re.compile(
    rf"\b(?:(?P<dn>{_DAY})\s*,?\s+)?(?:tanggal\s+)?(?P<d>\d{{1,2}})\s+(?P<mn>{_MONTH_FULL}|{_MONTH_ABBR})"
    rf"(?:\s*,?\s+(?P<y>\d{{4}}))?\b",
    _FLAGS,
)
# English order: "August 22, 2024".
RE_MDY = re.compile(rf"\b(?P<mn>{_MONTH_FULL})\s+(?P<d>\d{{1,2}}),\s*(?P<y>\d{{4}})\b", _FLAGS)
# Numeric: "22/8/2024", "22-08-2024", "2024-08-22".
RE_NUM = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>\d{4})(?![\d/])")
RE_ISO = re.compile(r"(?<![\d/.])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d/])")
# Month and year: "Januari 2022", "awal Januari 2022".
RE_MY = re.compile(rf"\b(?P<mn>{_MONTH_FULL}|{_MONTH_ABBR})\s+(?P<y>(?:19|20)\d\d)\b", _FLAGS)
# Month without year after a preposition: "pada Agustus", "sejak Maret".
RE_M = re.compile(
    rf"\b(?:pada|sejak|hingga|sampai|awal|akhir|pertengahan|bulan|medio)\s+(?P<mn>{_MONTH_FULL})\b(?!\s+\d)"
)
# Year: "tahun 2022", "pada 2022", "sejak 2018".
RE_Y = re.compile(
    r"\b(?:(?P<kw>tahun)\s+|(?:pada|sejak|hingga|sampai|selama|awal|akhir)\s+)(?P<y>(?:19|20)\d\d)\b(?![/.,]\d)",
    _FLAGS,
)

# Relative expressions; (regex, kind, amount, unit). kind: "deictic" or "anaphoric".
_REL: list[tuple[re.Pattern[str], str, int | None, str]] = [
    (re.compile(r"\bkemarin\s+lusa\b", _FLAGS), "deictic", -2, "day"),
    (re.compile(r"\bkemarin(?:nya)?\b", _FLAGS), "deictic", -1, "day"),
    (re.compile(r"\bhari\s+ini\b", _FLAGS), "deictic", 0, "day"),
    (re.compile(r"\bbesok(?:nya)?\b", _FLAGS), "deictic", 1, "day"),
    (re.compile(r"\blusa\b", _FLAGS), "deictic", 2, "day"),
    (re.compile(r"\bkeesokan\s+harinya\b", _FLAGS), "anaphoric", 1, "day"),
    (re.compile(r"\b(?:pada\s+)?hari\s+yang\s+sama\b", _FLAGS), "anaphoric", 0, "day"),
    (re.compile(r"\bsehari\s+(?:sebelumnya|sebelum\s+itu)\b", _FLAGS), "anaphoric", -1, "day"),
    (re.compile(r"\bsehari\s+(?:kemudian|setelahnya|sesudahnya)\b", _FLAGS), "anaphoric", 1, "day"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+hari\s+(?:sebelumnya|sebelum\s+itu)\b", _FLAGS), "anaphoric", None, "day-"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+hari\s+(?:kemudian|setelahnya|sesudahnya)\b", _FLAGS), "anaphoric", None, "day+"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+hari\s+(?:yang\s+)?lalu\b", _FLAGS), "deictic", None, "day-"),
    (re.compile(r"\b(?:sepekan|seminggu)\s+(?:yang\s+)?lalu\b", _FLAGS), "deictic", -7, "day"),
    (re.compile(r"\b(?:sepekan|seminggu)\s+(?:sebelumnya)\b", _FLAGS), "anaphoric", -7, "day"),
    (re.compile(r"\b(?:pekan|minggu)\s+(?:lalu|kemarin)\b", _FLAGS), "deictic", -1, "week"),
    (re.compile(r"\b(?:pekan|minggu)\s+ini\b", _FLAGS), "deictic", 0, "week"),
    (re.compile(r"\b(?:pekan|minggu)\s+depan\b", _FLAGS), "deictic", 1, "week"),
    (re.compile(r"\bbulan\s+(?:lalu|kemarin)\b", _FLAGS), "deictic", -1, "month"),
    (re.compile(r"\bbulan\s+ini\b", _FLAGS), "deictic", 0, "month"),
    (re.compile(r"\bbulan\s+depan\b", _FLAGS), "deictic", 1, "month"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+bulan\s+(?:yang\s+)?lalu\b", _FLAGS), "deictic", None, "month-"),
    (re.compile(r"\btahun\s+(?:lalu|kemarin)\b", _FLAGS), "deictic", -1, "year"),
    (re.compile(r"\btahun\s+ini\b", _FLAGS), "deictic", 0, "year"),
    (re.compile(r"\btahun\s+depan\b", _FLAGS), "deictic", 1, "year"),
    (re.compile(rf"\b(?P<n>{_NUM})\s+tahun\s+(?:yang\s+)?lalu\b", _FLAGS), "deictic", None, "year-"),
]
# Day names used as dates: "Senin lalu", "Senin depan", "pada Senin", "hari Senin", "Senin malam".
RE_DAYNAME = re.compile(
    rf"(?:\b(?P<pre>pada|hari|sejak|hingga|sampai|Sejak|Pada|Hingga)\s+)?\b(?P<dn>{_DAY})\b"
    rf"(?P<post>\s+(?:lalu|kemarin|depan|ini|pagi|siang|sore|malam|dini\s+hari))?"
)


class _Spans:
    """Non-overlapping spans with an overlap test in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, s: int, e: int) -> bool:
        k = bisect.bisect_left(self.starts, s)
        if k < len(self.starts) and self.starts[k] < e:
            return False
        return not (k > 0 and self.ends[k - 1] > s)

    def add(self, s: int, e: int) -> None:
        k = bisect.bisect_left(self.starts, s)
        self.starts.insert(k, s)
        self.ends.insert(k, e)


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str | None
    precision: str
    relative: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "precision": self.precision,
            "relative": self.relative,
        }


def _year(y: str | None) -> int | None:
    if not y:
        return None
    v = int(y)
    if len(y) == 2:
        v += 2000 if v < 70 else 1900
    return v


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year(m: int, d: int, ref: date | None, weekday: int | None = None) -> int | None:
    """Year for a day without one: the candidate nearest the reference, not far in its future;
    a written day name ("Senin (13/4)") picks the year in which the date falls on that day."""
    if ref is None:
        return None
    best = None
    years = [ref.year - 1, ref.year, ref.year + 1]
    if weekday is not None:
        matching = [y for y in years if (c := _safe_date(y, m, d)) is not None and c.weekday() == weekday]
        if matching:
            years = matching
    for y in years:
        cand = _safe_date(y, m, d)
        if cand is None:
            continue
        delta = (cand - ref).days
        if delta > 60:  # news mostly reports the past; allow announced dates a little ahead
            continue
        if best is None or abs(delta) < abs((best - ref).days):
            best = cand
    return best.year if best else None


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMWORDS.get(w, 0)


def _shift_month(d: date, months: int) -> tuple[int, int]:
    idx = d.year * 12 + (d.month - 1) + months
    return idx // 12, idx % 12 + 1


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Date mentions of ``text`` resolved against ``published`` (or the text's latest absolute date)."""
    taken = _Spans()
    found: list[DateMention] = []
    pending: list[tuple[int, int, str, dict[str, str | None]]] = []

    def free(s: int, e: int) -> bool:
        return taken.free(s, e)

    def add(m: DateMention) -> None:
        taken.add(m.start, m.end)
        found.append(m)

    # Pass 1: absolute dates with day precision (with or without year).
    for rx in (RE_PAREN, RE_DMY, RE_MDY, RE_ISO, RE_NUM):
        for m in rx.finditer(text):
            s, e = m.span()
            if not free(s, e):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _month(g.get("mn") or "")
            if not month or not (1 <= month <= 12):
                continue
            day = int(g["d"])
            year = _year(g.get("y"))
            if year is not None:
                dt = _safe_date(year, month, day)
                if dt is None:
                    continue
                add(DateMention(m.group(), s, e, dt.isoformat(), "day"))
            else:
                taken.add(s, e)
                pending.append((s, e, "dm", {"d": str(day), "m": str(month), "dn": g.get("dn")}))
    for m in RE_MY.finditer(text):
        s, e = m.span()
        month = _month(m.group("mn"))
        if month and free(s, e):
            add(DateMention(m.group(), s, e, f"{int(m.group('y')):04d}-{month:02d}", "month"))

    absolute_days = [date.fromisoformat(d.value) for d in found if d.precision == "day" and d.value]
    ref = published or (max(absolute_days) if absolute_days else None)

    for s, e, _kind, g in pending:
        d, mo = int(g["d"] or 0), int(g["m"] or 0)
        dn = g.get("dn")
        y = _infer_year(mo, d, ref, WEEKDAYS.get(dn.lower()) if dn else None)
        dt = _safe_date(y, mo, d) if y else None
        found.append(DateMention(text[s:e], s, e, dt.isoformat() if dt else None, "day"))

    for m in RE_M.finditer(text):
        s, e = m.span("mn")
        month = _month(m.group("mn"))
        if not month or not free(s, e):
            continue
        mvalue: str | None = None
        if ref is not None:
            y = ref.year if month <= ref.month + 1 else ref.year - 1
            mvalue = f"{y:04d}-{month:02d}"
        add(DateMention(m.group("mn"), s, e, mvalue, "month"))
    for m in RE_Y.finditer(text):
        s = m.start("kw") if m.group("kw") else m.start("y")
        e = m.end("y")
        if free(s, e):
            add(DateMention(text[s:e], s, e, m.group("y"), "year"))

    # Relative expressions, in text order so anaphora find their antecedent.
    rel: list[tuple[int, int, str, int, str]] = []
    rel_spans = _Spans()
    for rx, kind, amount, unit in _REL:
        for m in rx.finditer(text):
            s, e = m.span()
            if not free(s, e) or not rel_spans.free(s, e):
                continue
            n = amount
            u = unit
            if amount is None:
                n = _num(m.group("n")) * (-1 if unit.endswith("-") else 1)
                u = unit[:-1]
                if n == 0:
                    continue
            rel.append((s, e, kind, int(n or 0), u))
            rel_spans.add(s, e)
    for m in RE_DAYNAME.finditer(text):
        s, e = m.span()
        dn = m.group("dn")
        pre, post = m.group("pre"), (m.group("post") or "").strip().lower()
        if not pre and not post:
            continue
        if dn[0].islower() and not post.startswith(("lalu", "depan", "kemarin")):
            continue  # "minggu" is also "week"
        if not free(m.start("dn"), m.end("dn")) or not rel_spans.free(s, e):
            continue
        span_s = m.start("dn") if pre and pre.lower() in ("pada", "sejak", "hingga", "sampai") else s
        wd = WEEKDAYS[dn.lower()]
        direction = 1 if post.startswith("depan") else -1 if post.startswith(("lalu", "kemarin")) else 0
        rel.append((span_s, e if post else m.end("dn"), "weekday", wd, f"wd{direction}"))
        rel_spans.add(s, e)
    rel.sort()

    day_dates = sorted((d.start, d.value) for d in found if d.precision == "day" and d.value)
    day_pos = [p for p, _ in day_dates]
    for s, e, kind, n, unit in rel:
        anchor = ref
        if kind == "anaphoric":
            k = bisect.bisect_left(day_pos, s)
            if k > 0:
                anchor = date.fromisoformat(day_dates[k - 1][1])
        value: str | None = None
        precision = "day"
        if kind == "weekday":
            precision = "day"
            if anchor is not None:
                direction = int(unit[2:])
                delta = (anchor.weekday() - n) % 7
                if direction > 0:
                    value = (anchor + timedelta(days=(n - anchor.weekday()) % 7 or 7)).isoformat()
                elif direction < 0:
                    value = (anchor - timedelta(days=delta or 7)).isoformat()
                else:
                    value = (anchor - timedelta(days=delta)).isoformat()
        elif unit == "day":
            if anchor is not None:
                value = (anchor + timedelta(days=n)).isoformat()
        elif unit == "week":
            precision = "week"
            if anchor is not None:
                iso = (anchor + timedelta(weeks=n)).isocalendar()
                value = f"{iso[0]:04d}-W{iso[1]:02d}"
        elif unit == "month":
            precision = "month"
            if anchor is not None:
                y, mo = _shift_month(anchor, n)
                value = f"{y:04d}-{mo:02d}"
        elif unit == "year":
            precision = "year"
            if anchor is not None:
                value = f"{anchor.year + n:04d}"
        mention = DateMention(text[s:e], s, e, value, precision, relative=True)
        found.append(mention)
        if precision == "day" and value:
            k = bisect.bisect_left(day_pos, s)
            day_pos.insert(k, s)
            day_dates.insert(k, (s, value))
    found.sort(key=lambda d: d.start)
    return found
