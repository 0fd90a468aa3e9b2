"""PLOVER event coding: the GSR development records and the mission page.

    python benchmarks/events.py [--data ../shared/data] [--no-write] [--errors] [--analyze]

GSR (``events/plover/gsr-dev.json``): English sentences with a gold event type (PLOVER 0.5,
mapped to 2.0 with the manual's CAMEO-to-PLOVER table: DEMAND -> REQUEST, DISAPPROVE and
INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) and gold actor / target codes. Each sentence is coded
on its own (``warta.events.code_events`` on the plain text; ``--analyze`` runs the NLP step
first, which is trained on Indonesian). The coder's record with the highest confidence (the
earliest on ties) is the prediction for the sentence.

- event-type accuracy: predicted type == gold type, over all records (no event = wrong);
- actor code accuracy: the predicted actor's code (ISO alpha-3, or IGO/NGO) is one of the gold
  source codes, over all records; recipient code accuracy likewise over records with a gold
  target. Legacy CAMEO country codes in the gold are read as their ISO equivalents (ITL =
  ITA, VTN = VNM, JAP = JPN);
- the confusion matrix of gold (rows) against predicted (columns) types.

Mission page (``../examples/idntimes-kazakhstan-belarus.txt``): each ``events.must`` record
is found when a coded event has its type, modes (as a set, the expected ones included), actor,
recipient, date and location; a ``must_not`` record is violated when a coded event has its
type, actor and recipient. Speed: articles per second for coding alone (analysis done before).

Writes the ``## Events`` section of docs/benchmarks.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.events import PLOVER_TYPES, code_events  # noqa: E402
from warta.events.lexicon import v05_to_v2  # noqa: E402

LEGACY = {"ITL": "ITA", "VTN": "VNM", "JAP": "JPN"}


def _codes(actors: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(actors, list):
        for a in actors:
            code = a.get("code") if isinstance(a, dict) else None
            if isinstance(code, str) and code:
                out.add(LEGACY.get(code, code))
    return out


def pick(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not records:
        return None
    return max(records, key=lambda r: (r["confidence"], -r["start"]))


def run_gsr(path: Path, use_analyze: bool, show_errors: bool) -> dict[str, Any]:
    data = [r for r in json.loads(path.read_text("utf-8")) if isinstance(r, dict)]
    mapping = v05_to_v2()
    n = len(data)
    type_ok = actor_ok = rec_ok = rec_n = none_pred = 0
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    t0 = time.perf_counter()
    for r in data:
        label = str(r.get("event") or "").strip().upper()
        gold = mapping.get(label, label)
        text = r.get("text") or ""
        analysis = None
        if use_analyze:
            import warta

            analysis = warta.analyze(text)
        p = pick(code_events(text, analysis))
        pred = p["event"] if p else "NONE"
        none_pred += p is None
        confusion[(gold, pred)] += 1
        type_ok += pred == gold
        src, tgt = _codes(r.get("source")), _codes(r.get("target"))
        a_code = (p["actor"] or {}).get("code") if p else None
        r_code = ((p.get("recipient") or {}).get("code")) if p else None
        actor_ok += a_code in src
        if tgt:
            rec_n += 1
            rec_ok += r_code in tgt
        if show_errors and (pred != gold or a_code not in src or (tgt and r_code not in tgt)):
            errors.append(f"{r.get('id')}: gold {gold} {sorted(src)}->{sorted(tgt)} | pred {pred} {a_code}->{r_code}"
                          f" [{p['trigger'] if p else ''}]\n    {text[:200]}")
    secs = time.perf_counter() - t0
    if show_errors:
        print("\n".join(errors))
    return {
        "file": path.name,
        "records": n,
        "type_accuracy": type_ok / n if n else 0.0,
        "actor_accuracy": actor_ok / n if n else 0.0,
        "recipient_accuracy": rec_ok / rec_n if rec_n else 0.0,
        "recipient_records": rec_n,
        "no_event": none_pred,
        "confusion": confusion,
        "seconds": secs,
    }


def matches(ev: dict[str, Any], exp: dict[str, Any], strict: bool) -> bool:
    """Whether a coded event is the expected file's record ``exp``: type, actor and recipient
    always; with ``strict`` also its modes (a subset), date and location where they are given."""
    if ev["event"] != exp["type"] or ev["actor"]["country"] != exp["actor"]:
        return False
    if (ev.get("recipient") or {}).get("country") != exp.get("recipient"):
        return False
    if not strict:
        return True
    if not set(exp.get("modes", [])) <= set(ev["modes"]):
        return False
    if "date" in exp and ev.get("date") != exp["date"]:
        return False
    return not ("location" in exp and (ev.get("location") or {}).get("name") != exp["location"])


def run_mission(examples: Path) -> dict[str, Any]:
    import warta

    page = examples / "idntimes-kazakhstan-belarus.txt"
    expected = json.loads((examples / "idntimes-kazakhstan-belarus.expected.json").read_text("utf-8"))["events"]
    article = warta.extract(page.read_bytes())
    analysis = warta.analyze(article)
    t0, c0 = time.perf_counter(), time.process_time()
    reps = 200
    for _ in range(reps):
        events = code_events(article, analysis)
    per_article = (time.process_time() - c0) / reps
    wall = (time.perf_counter() - t0) / reps

    must = [(e, any(matches(ev, e, True) for ev in events)) for e in expected["must"]]
    should = [(e, any(matches(ev, e, False) for ev in events)) for e in expected.get("should", [])]
    must_not = [(e, any(matches(ev, e, False) for ev in events)) for e in expected["must_not"]]
    return {"events": events, "must": must, "should": should, "must_not": must_not,
            "articles_per_s": 1.0 / per_article if per_article else 0.0,
            "articles_per_s_wall": 1.0 / wall if wall else 0.0}


def speed_gsr(path: Path) -> float:
    data = json.loads(path.read_text("utf-8"))
    texts = [r["text"] for r in data]
    c0 = time.process_time()
    for _ in range(3):
        for t in texts:
            code_events(t)
    return 3 * len(texts) / (time.process_time() - c0)


def speed_indosum(folder: Path, limit: int = 60) -> tuple[int, float, int] | None:
    """Coding speed on real Indonesian articles (IndoSum), analysis done before: (articles, per s, events)."""
    path = folder / "dev.01.jsonl"
    if not path.exists():
        return None
    import warta
    from warta.model import Article, Section

    arts = []
    for line in path.read_text("utf-8").splitlines()[:limit]:
        row = json.loads(line)
        paras = [" ".join(" ".join(sent) for sent in para) for para in row.get("paragraphs", [])]
        art = Article(sections=[Section(paragraphs=paras)], language="id", id=row.get("id"))
        art.refresh_text()
        arts.append(art)
    analyses = [warta.analyze(a) for a in arts]
    c0 = time.process_time()
    n_events = 0
    for _ in range(3):
        n_events = sum(len(code_events(a, x)) for a, x in zip(arts, analyses, strict=True))
    return len(arts), 3 * len(arts) / (time.process_time() - c0), n_events


def render(g: dict[str, Any], m: dict[str, Any], gsr_speed: float,
           indo: tuple[int, float, int] | None = None) -> str:
    lines = [
        "## Events",
        "",
        "PLOVER 2.0 event coding (`warta.events`), measured with `python benchmarks/events.py`.",
        "Development figures: the GSR file here is the development split; rules and lexicons are",
        "general Indonesian/English grammar and the PLOVER manual, not fitted to single records.",
        "",
        f"GSR development set (`{g['file']}`, {g['records']} English sentences, PLOVER 0.5 labels",
        "mapped to 2.0), the coder's most confident record per sentence:",
        "",
        "| metric | value |",
        "|---|---|",
        f"| event-type accuracy | {g['type_accuracy']:.3f} |",
        f"| actor code accuracy | {g['actor_accuracy']:.3f} |",
        f"| recipient code accuracy ({g['recipient_records']} records with a gold target) | "
        f"{g['recipient_accuracy']:.3f} |",
        f"| sentences with no event coded | {g['no_event']} |",
        f"| coding speed, GSR sentences (no NLP step) | {gsr_speed:.0f} sentences/s per core (CPU time) |",
        "",
        "Mission page (`idntimes-kazakhstan-belarus`):",
        "",
    ]
    for e, ok in m["must"]:
        lines.append(f"- must {e['type']} {e['actor']}->{e['recipient']} {e.get('date', '')} {e.get('location', '')}: "
                     f"{'found' if ok else 'MISSING'}")
    for e, ok in m["should"]:
        lines.append(f"- should {e['type']} {e['actor']}->{e['recipient']}: {'found' if ok else 'not found'}")
    for e, bad in m["must_not"]:
        lines.append(f"- must not {e['type']} {e['actor']}->{e['recipient']}: {'PRESENT' if bad else 'absent'}")
    if indo is not None:
        lines.append(f"- coding speed on {indo[0]} IndoSum news articles (analysis done before): {indo[1]:.0f} "
                     f"articles/s per core (CPU time), {indo[2]} events")
    lines += [
        f"- coding speed (analysis done before): {m['articles_per_s']:.0f} articles/s per core (CPU time; "
        f"{m['articles_per_s_wall']:.0f}/s wall clock on this shared machine, load average {_load()})",
        "",
        "Confusion matrix (rows gold, columns predicted; NONE = no event coded):",
        "",
    ]
    cols = [t for t in (*PLOVER_TYPES, "NONE") if any(k[1] == t for k in g["confusion"])]
    rows = [t for t in PLOVER_TYPES if any(k[0] == t for k in g["confusion"])]
    short = {t: t[:4] for t in cols}
    lines.append("| gold \\ pred | " + " | ".join(short[c] for c in cols) + " |")
    lines.append("|---|" + "---|" * len(cols))
    for r in rows:
        lines.append(f"| {r} | " + " | ".join(str(g["confusion"].get((r, c), "")) for c in cols) + " |")
    lines.append("")
    return "\n".join(lines)


def _load() -> str:
    try:
        import os

        return f"{os.getloadavg()[0]:.1f}"
    except (OSError, AttributeError):
        return "?"


def write_section(section: str) -> None:
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find("## Events")
    if start >= 0:
        nxt = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[nxt + 1 :] if nxt >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print the GSR records coded wrong")
    ap.add_argument("--analyze", action="store_true", help="run warta.analyze before coding GSR sentences")
    ap.add_argument("--gsr", type=Path, default=None, help="another GSR-format JSON file (default: gsr-dev.json)")
    args = ap.parse_args()
    gsr = args.gsr or args.data / "events" / "plover" / "gsr-dev.json"
    if not gsr.exists():
        sys.exit(f"no GSR file at {gsr}")
    g = run_gsr(gsr, args.analyze, args.errors)
    m = run_mission(args.data.parent / "examples")
    speed = speed_gsr(gsr)
    indo = speed_indosum(args.data / "id" / "indosum")
    section = render(g, m, speed, indo)
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
