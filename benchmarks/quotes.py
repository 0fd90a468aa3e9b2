"""Quote attribution on PFSA-ID (Kompas, BILOU tags): statement spans and speakers.

    python benchmarks/quotes.py [--data ../shared/data] [--split dev-40.txt] [--limit N] [--no-write]

PFSA-ID is CC BY-NC-SA: it is only read here, for evaluation; nothing from it is trained on
or shipped. Each article is rebuilt from its tokens (one sentence per line) and passed to
``warta.nlp.analyze`` as plain text. Gold statements are the STATEMENT spans (all of them are
direct quotes, quotation marks included), so predicted *direct* quotes are scored.

- A predicted quote matches a gold statement when their token overlap is at least half of
  the longer of the two (greedy one-to-one matching); statement P/R/F1 follow.
- The gold speaker of a statement is the PERSON / PERSONCOREF span attributed to it (after
  the statement next to its CUE, else before it in the same sentence); a PERSONCOREF or a
  bare "-nya" cue (CUECOREF) resolves to the latest full PERSON span sharing a name token,
  else the latest PERSON before the statement. A predicted speaker is right when its name
  shares a name token (3+ letters, not a title word) with the gold speaker, or, for a gold
  speaker that is a bare title ("Presiden"), when the predicted entity holds that title.
- Speaker accuracy is over matched statements that have a gold speaker.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.nlp import analyze  # noqa: E402
from warta.nlp.lexicon import TITLE_WORDS  # noqa: E402

SPEAKER_TAGS = ("PERSON", "PERSONCOREF")


@dataclass
class Doc:
    tokens: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    sent_of: list[int] = field(default_factory=list)
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)


def read_pfsa(path: Path) -> list[Doc]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, _, lab = line.partition("\t")
        cur.append((tok, lab.strip() or "O"))
    if cur:
        sents.append(cur)
    docs: list[Doc] = []
    for sent in sents:
        head = [t for t, _ in sent[:6]]
        if not docs or ("KOMPAS" in head and ("—" in head or "-" in head or "–" in head)):
            docs.append(Doc())
        d = docs[-1]
        for t, lab in sent:
            d.tokens.append(t)
            d.labels.append(lab)
            d.sent_of.append(len(sents))
        d.sent_of[-1] = -1  # marks the sentence end
    for d in docs:
        parts: list[str] = []
        pos = 0
        for i, t in enumerate(d.tokens):
            if i and d.sent_of[i - 1] == -1:
                parts.append("\n")
                pos += 1
            elif i:
                parts.append(" ")
                pos += 1
            d.offsets.append((pos, pos + len(t)))
            parts.append(t)
            pos += len(t)
        d.text = "".join(parts)
    return docs


def spans_of(labels: list[str], kinds: tuple[str, ...]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        typ = lab[2:] if lab != "O" else ""
        pre = lab[:1]
        if start >= 0 and (typ != kind or pre in ("B", "U")):
            out.append((start, i, kind))
            start = -1
        if typ in kinds and (pre in ("B", "U") or start < 0):
            start, kind = i, typ
        if start >= 0 and pre in ("L", "U"):
            out.append((start, i + 1, kind))
            start = -1
    return out


def _name_tokens(s: str) -> set[str]:
    return {w.lower() for w in s.replace(",", " ").split() if len(w) >= 3 and w.lower() not in TITLE_WORDS}


def gold_speakers(d: Doc, statements: list[tuple[int, int, str]]) -> list[str | None]:
    persons = spans_of(d.labels, ("PERSON", "PERSONCOREF", "CUE", "CUECOREF", "STATEMENT"))
    full = [(s, e) for s, e, k in persons if k == "PERSON"]
    out: list[str | None] = []

    def text(s: int, e: int) -> str:
        return " ".join(d.tokens[s:e])

    def resolve(s: int, e: int) -> str:
        t = text(s, e)
        if t.lower() in ("ia", "dia", "beliau"):
            before = [text(fs, fe) for fs, fe in full if fe <= s]
            return before[-1] if before else t
        toks = _name_tokens(t)
        best = None
        for fs, fe in full:
            if fs < s and toks & _name_tokens(text(fs, fe)):
                best = text(fs, fe)
        if best is None:
            for fs, fe in full:
                if fs >= e and toks & _name_tokens(text(fs, fe)):
                    best = text(fs, fe)
                    break
        return best or t

    for s, e, _ in statements:
        speaker = None
        corefcue = False
        for ps, pe, k in persons:
            if ps < e:
                continue
            if ps > e + 15 or k == "STATEMENT":
                break
            if k == "CUECOREF":
                corefcue = True
                break
            if k in SPEAKER_TAGS:
                speaker = resolve(ps, pe) if k == "PERSONCOREF" else text(ps, pe)
                break
        if speaker is None and not corefcue:
            sent_start = s
            while sent_start > 0 and d.sent_of[sent_start - 1] != -1 and s - sent_start < 40:
                sent_start -= 1
            for ps, pe, k in persons:
                if sent_start <= ps and pe <= s and k in SPEAKER_TAGS:
                    speaker = resolve(ps, pe) if k == "PERSONCOREF" else text(ps, pe)
        if speaker is None:
            before = [(ps, pe, k) for ps, pe, k in persons if pe <= s and k in SPEAKER_TAGS]
            if before:
                ps, pe, k = before[-1]
                speaker = resolve(ps, pe) if k == "PERSONCOREF" else text(ps, pe)
        out.append(speaker)
    return out


def token_span(d: Doc, start: int, end: int) -> set[int]:
    return {i for i, (a, b) in enumerate(d.offsets) if a < end and b > start}


def speaker_ok(pred: dict[str, object] | None, gold: str, entities: dict[str, dict[str, object]]) -> bool:
    if not pred or not pred.get("name"):
        return False
    names = [str(pred["name"])]
    ent = entities.get(str(pred.get("entity")))
    if ent:
        names.extend(str(a) for a in ent.get("aliases", []))  # type: ignore[attr-defined]
    gtoks = _name_tokens(gold)
    if gtoks:
        return any(gtoks & _name_tokens(n) for n in names)
    # a bare title as gold ("Presiden"): the predicted person must hold it
    if ent:
        titles = " ".join(str(r["title"]).lower() for r in ent.get("roles", []))  # type: ignore[attr-defined, index]
        return gold.lower() in titles
    return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--split", default="dev-40.txt")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print this many mismatches")
    args = ap.parse_args()
    path = args.data / "id" / "quotes" / "pfsa-id" / args.split
    docs = read_pfsa(path)
    if args.limit:
        docs = docs[: args.limit]
    n_gold = n_pred = n_match = n_spk = n_spk_ok = 0
    n_indirect = 0
    shown = 0
    t0 = time.time()
    n_tokens = 0
    for d in docs:
        n_tokens += len(d.tokens)
        statements = spans_of(d.labels, ("STATEMENT",))
        speakers = gold_speakers(d, statements)
        res = analyze(d.text)
        ents = {str(e["id"]): e for e in res["entities"]}
        preds = [q for q in res["quotes"] if q["direct"]]
        n_indirect += sum(1 for q in res["quotes"] if not q["direct"])
        pred_toks = [token_span(d, q["start"], q["end"]) for q in preds]
        used: set[int] = set()
        n_gold += len(statements)
        n_pred += len(preds)
        for (s, e, _), gspk in zip(statements, speakers, strict=True):
            gold = set(range(s, e))
            best, best_ov = -1, 0.0
            for k, pt in enumerate(pred_toks):
                if k in used or not pt:
                    continue
                ov = len(gold & pt) / max(len(gold), len(pt))
                if ov > best_ov:
                    best, best_ov = k, ov
            if best >= 0 and best_ov >= 0.5:
                used.add(best)
                n_match += 1
                if gspk:
                    n_spk += 1
                    ok = speaker_ok(preds[best]["speaker"], gspk, ents)
                    n_spk_ok += ok
                    if not ok and shown < args.errors:
                        shown += 1
                        print(f"SPEAKER gold={gspk!r} pred={preds[best]['speaker']} cue={preds[best]['cue']}"
                              f" :: {preds[best]['text'][:80]!r}")
            elif shown < args.errors:
                shown += 1
                print(f"MISSED {' '.join(d.tokens[s:e])[:120]!r}")
        if shown < args.errors:
            for k, q in enumerate(preds):
                if k not in used and shown < args.errors:
                    shown += 1
                    print(f"SPURIOUS {q['text'][:120]!r}")
    dt = time.time() - t0
    p = n_match / n_pred if n_pred else 0.0
    r = n_match / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = n_spk_ok / n_spk if n_spk else 0.0
    rows = [
        ("documents", f"{len(docs)}"),
        ("gold statements", f"{n_gold}"),
        ("predicted direct quotes", f"{n_pred}"),
        ("statement precision", f"{p:.3f}"),
        ("statement recall", f"{r:.3f}"),
        ("statement F1 (overlap >= 0.5)", f"{f:.3f}"),
        ("speaker accuracy (matched, gold speaker known)", f"{acc:.3f} ({n_spk_ok}/{n_spk})"),
        ("indirect quotes found (not scored: no gold)", f"{n_indirect}"),
        ("speed", f"{n_tokens / dt:,.0f} tokens/s (full analyze)"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"PFSA-ID {args.split}")
    for k, v in rows:
        print(f"  {k:<{width}}  {v}")
    if not args.no_write and not args.limit:
        out = REPO / "docs" / "nlp-benchmarks.md"
        section = "\n".join(
            [
                "## Quotes: PFSA-ID " + args.split,
                "",
                "`python benchmarks/quotes.py` (evaluation only; PFSA-ID is CC BY-NC-SA and never trained on).",
                "",
                "| measure | value |",
                "|---|---|",
                *[f"| {k} | {v} |" for k, v in rows],
                "",
            ]
        )
        _write_section(out, "## Quotes:", section)
    return 0


def _write_section(path: Path, marker: str, section: str) -> None:
    """Replace (or append) the section starting with ``marker`` in the benchmarks page."""
    head = "# NLP benchmarks\n\nDevelopment-split figures, regenerated by the scripts named in each section.\n\n"
    text = path.read_text("utf-8") if path.is_file() else head
    parts = text.split("\n## ")
    kept = [parts[0]] + ["## " + p for p in parts[1:] if not ("## " + p).startswith(marker)]
    body = "\n".join(x.rstrip("\n") + "\n" for x in kept) + "\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
