"""Reading IndoSum (Kurniawan & Louvan, 2018) for training and evaluating key points.

IndoSum stores each article as tokenised paragraphs (lists of sentences, lists of
tokens) with a gold summary and one gold extractive label per sentence. warta's
input is untokenised body text, so the training script and the benchmark first
*detokenise* every sentence (``Jakarta , CNN Indonesia - - Menteri`` becomes
``Jakarta, CNN Indonesia -- Menteri``) and run warta on text that looks like a
real article. ROUGE is computed on the tokens again, so detokenisation cannot
change a score by itself.

The data is development material that lives outside the repository
(``../shared/data/id/indosum``); nothing of it ships with warta.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warta.model import Article, Section

_ATTACH_LEFT = frozenset(".,;:!?%)]}…")
_ATTACH_RIGHT = frozenset("([{")
_QUOTES = frozenset({'"', "``", "''", "“", "”"})


@dataclass
class IndoSumDoc:
    id: str
    source: str
    url: str
    category: str
    paragraphs: list[list[list[str]]]
    labels: list[list[bool]]
    summary: list[list[str]]
    text_paragraphs: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    sentence_paragraph: list[int] = field(default_factory=list)

    @property
    def flat_labels(self) -> list[bool]:
        return [label for para in self.labels for label in para]

    @property
    def summary_text(self) -> str:
        return " ".join(" ".join(s) for s in self.summary)

    def article(self) -> Article:
        """The document as warta sees a real article: detokenised paragraphs, URL, no title."""
        article = Article(url=self.url or None, language="id", sections=[Section(paragraphs=self.text_paragraphs)])
        article.refresh_text()
        return article


def detokenise(tokens: list[str], open_quote: bool = False) -> tuple[str, bool]:
    """Join IndoSum tokens into text; returns the text and whether a quote is left open."""
    out: list[str] = []
    no_space_next = False
    n = len(tokens)
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < n else ""
        space = bool(out) and not no_space_next
        no_space_next = False
        if tok in _QUOTES or (tok == "'" and (prev == "" or nxt == "")):
            if tok in {"“", "``"} or (tok == '"' and not open_quote):
                open_quote = True
                out.append((" " if space else "") + '"')
                no_space_next = True
                continue
            open_quote = False
            out.append('"')
            continue
        if tok in _ATTACH_LEFT or (tok.startswith("'") and len(tok) > 1):
            space = False
        if tok in {",", ".", "/", ":"} and prev[-1:].isdigit() and nxt[:1].isdigit():
            out.append(tok)
            no_space_next = True
            continue
        if tok == "/" and (prev[-1:].isdigit() or nxt[:1].isdigit()):
            out.append(tok)
            no_space_next = True
            continue
        if tok == "-" and prev[-1:].isalpha() and prev[-1:].islower() and nxt[:1].isalpha() and nxt[:1].islower():
            out.append(tok)
            no_space_next = True
            continue
        if tok == "-" and prev == "-":
            out.append(tok)
            continue
        out.append((" " if space else "") + tok)
        if tok in _ATTACH_RIGHT:
            no_space_next = True
    return "".join(out), open_quote


def _prepare(raw: dict[str, object]) -> IndoSumDoc:
    doc = IndoSumDoc(
        id=str(raw["id"]),
        source=str(raw.get("source") or ""),
        url=str(raw.get("source_url") or ""),
        category=str(raw.get("category") or ""),
        paragraphs=raw["paragraphs"],  # type: ignore[arg-type]
        labels=raw["gold_labels"],  # type: ignore[arg-type]
        summary=raw["summary"],  # type: ignore[arg-type]
    )
    for p_index, para in enumerate(doc.paragraphs):
        open_quote = False
        texts = []
        for sent in para:
            text, open_quote = detokenise(sent, open_quote)
            text = " ".join(text.split())  # a few tokens hold "\r\n": fold all white space
            texts.append(text)
            doc.sentences.append(text)
            doc.sentence_paragraph.append(p_index)
        doc.text_paragraphs.append(" ".join(texts))
    return doc


def read_fold(path: str | Path) -> Iterator[IndoSumDoc]:
    """Documents of one IndoSum JSONL file (e.g. ``dev.04.jsonl``), detokenised."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield _prepare(json.loads(line))


def fold_path(data_dir: str | Path, fold: int) -> Path:
    """``<data_dir>/dev.0<fold>.jsonl`` (data_dir is ``.../id/indosum``)."""
    return Path(data_dir) / f"dev.{fold:02d}.jsonl"
