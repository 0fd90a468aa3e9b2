"""Check the event lexicons (src/warta/resources/events_*.toml) after editing them.

    python scripts/check_events_lexicons.py

Reports, per language: forms per PLOVER type; entries whose type or modes are not PLOVER 2.0;
forms listed under two entries that neither `requires`, `excludes` nor `actor` tells apart (the
later entry can never apply); mode cues for unknown modes. Exit code 1 when something is wrong.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from warta.events.lexicon import lexicon, plover


def main() -> int:
    types = plover()
    problems = 0
    for lang in ("id", "en"):
        lex = lexicon(lang)
        per_type: Counter[str] = Counter()
        by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
        entries = {}
        for forms in lex.forms.values():
            for f in forms:
                entries[f.entry.idx] = f.entry
                per_type[f.entry.type] += 1
                by_words[f.words].append(f.entry.idx)
        for e in entries.values():
            if e.type not in types:
                print(f"[{lang}] entry {e.idx}: unknown type {e.type}")
                problems += 1
            for m in e.modes:
                if m not in types.get(e.type, types["AGREE"]).modes:
                    print(f"[{lang}] entry {e.idx} ({e.type}): mode {m} is not a PLOVER mode of the type")
                    problems += 1
        for words, idxs in by_words.items():
            if len(idxs) < 2:
                continue
            first = entries[idxs[0]]
            if not (first.requires or first.excludes or first.actor):
                shadowed = [i for i in idxs[1:] if entries[i].type != first.type]
                if shadowed:
                    print(f"[{lang}] '{' '.join(words)}': entry {idxs[0]} ({first.type}) always wins over "
                          f"{[(i, entries[i].type) for i in shadowed]}")
        for typ, modes in lex.mode_cues.items():
            if typ.startswith("_"):
                continue
            for m in modes:
                if m not in types[typ].modes:
                    print(f"[{lang}] mode cue {typ}/{m}: not a PLOVER mode")
                    problems += 1
        print(f"[{lang}] {len(entries)} entries, {sum(per_type.values())} forms: "
              + ", ".join(f"{t} {n}" for t, n in sorted(per_type.items())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
