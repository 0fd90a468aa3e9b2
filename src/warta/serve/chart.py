"""Server-rendered SVG charts (no script, no inline style: they pass the strict CSP).

Every label is escaped; colours come from a fixed palette, never from data."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

PALETTE = ("#3465a4", "#cc0000", "#73d216", "#f57900", "#75507b", "#c4a000", "#06989a", "#8f5902", "#555753",
           "#ad7fa8", "#729fcf", "#ef2929")


def type_colours(types: list[str]) -> dict[str, str]:
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(sorted(types))}


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


def relation_chart(series: list[dict[str, Any]], width: int = 720, height: int = 260) -> Markup:
    """Stacked bars: events per month between two actors, one colour per event type; a line for
    the month's mean score (right axis, when events carry scores)."""
    rows = [s for s in series if s.get("month") and len(s["month"]) == 7 and s["month"][4] == "-"]
    if not rows:
        return Markup("")
    try:
        months = _months(min(r["month"] for r in rows), max(r["month"] for r in rows))
    except ValueError:
        return Markup("")
    colours = type_colours(list({r["type"] for r in rows}))
    per: dict[str, dict[str, int]] = {m: {} for m in months}
    scores: dict[str, list[tuple[float, int]]] = {m: [] for m in months}
    for r in rows:
        if r["month"] not in per:
            continue
        per[r["month"]][r["type"]] = per[r["month"]].get(r["type"], 0) + r["events"]
        if r.get("avg_score") is not None:
            scores[r["month"]].append((r["avg_score"], r["events"]))
    top = max(sum(v.values()) for v in per.values()) or 1
    left, right, top_pad, bottom = 40, 40, 10, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    bw = plot_w / len(months)
    parts = [
        f'<svg class="chart" role="img" aria-label="events per month" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
    ]
    for frac in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{top * frac:g}</text>'
        )
    line_pts = []
    for i, m in enumerate(months):
        x = left + i * bw
        y = top_pad + plot_h
        for t in sorted(per[m]):
            n = per[m][t]
            h = plot_h * n / top
            y -= h
            w = min(max(bw * 0.8, 1), 48)
            parts.append(
                f'<rect x="{x + (bw - w) / 2:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'fill="{colours[t]}"><title>{escape(m)} {escape(t)}: {n}</title></rect>'
            )
        if scores[m]:
            total = sum(w for _, w in scores[m])
            avg = sum(s * w for s, w in scores[m]) / total
            line_pts.append((x + bw / 2, avg, m))
        if len(months) <= 24 or i % max(1, len(months) // 12) == 0:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" font-size="10">'
                f"{escape(m)}</text>"
            )
    if line_pts:
        lo = min(min(p[1] for p in line_pts), -10.0)
        hi = max(max(p[1] for p in line_pts), 10.0)

        def sy(v: float) -> float:
            return top_pad + plot_h * (1 - (v - lo) / (hi - lo))

        pts = " ".join(f"{x:.1f},{sy(v):.1f}" for x, v, _ in line_pts)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="#000" stroke-width="1.5"/>')
        for x, v, m in line_pts:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{sy(v):.1f}" r="3" fill="#000"><title>{escape(m)} mean score '
                f"{v:.2f}</title></circle>"
            )
        for v in (lo, 0.0, hi):
            parts.append(
                f'<text x="{width - right + 4}" y="{sy(v) + 4:.1f}" font-size="10">{v:g}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_chart(timeline: list[dict[str, Any]], width: int = 720, height: int = 120) -> Markup:
    """Bars: articles mentioning an entity per month."""
    rows = [t for t in timeline if t.get("month")]
    if not rows:
        return Markup("")
    months = _months(rows[0]["month"], rows[-1]["month"])
    counts = {t["month"]: t["articles"] for t in rows}
    top = max(counts.values()) or 1
    left, bottom, top_pad = 30, 24, 6
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    bw = plot_w / len(months)
    parts = [
        f'<svg class="chart" role="img" aria-label="articles per month" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left - 4}" y="{top_pad + 10}" text-anchor="end" font-size="10">{top}</text>',
    ]
    for i, m in enumerate(months):
        n = counts.get(m, 0)
        h = plot_h * n / top
        x = left + i * bw
        w = min(max(bw * 0.8, 1), 32)
        parts.append(
            f'<rect x="{x + (bw - w) / 2:.1f}" y="{top_pad + plot_h - h:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" fill="#3465a4"><title>{escape(m)}: {n} articles</title></rect>'
        )
        if len(months) <= 12 or i % max(1, len(months) // 8) == 0:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="10">{escape(m)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
