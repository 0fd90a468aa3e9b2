"""Candidate sentences of an article and the features the key-point ranker scores.

Everything here is pure Python over the article's own text (no external word
lists beyond a short stop-word list), so that the same code runs at training time
on detokenised IndoSum and at inference on any outlet's body text.

A *candidate* is one sentence of the body, as :func:`warta.text.sentences.split_sentences`
cuts it, with a leading dateline skipped and trailing editor initials (``(pit/pit)``)
trimmed. Sentences that must never be a key point are kept in the list (their
position still counts) but carry a ``drop`` reason: chrome (``Baca juga``,
``ADVERTISEMENT``), image captions, quotations cut from their speaker, lines too
short to say anything.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

from warta.extract.common.datelines import match_dateline
from warta.model import Article
from warta.text.sentences import split_sentences

# Work is bounded whatever the input: the ranker looks at the first MAX_CANDIDATES sentences (key
# points of news sit near the top) and the document statistics come from the first MAX_CONTEXT.
MAX_CANDIDATES = 150
MAX_CONTEXT = 400
MAX_SENTENCE_CHARS = 2000


def _words(text: str) -> list[str]:
    return text.split()


STOPWORDS: frozenset[str] = frozenset(
    _words(
        """
        yang dan di ke dari untuk dengan ini itu tidak akan pada dalam juga adalah karena atau oleh sudah
        telah bisa dapat saat bahwa mereka kami kita ia dia tersebut lebih masih sebagai ada para serta
        secara hanya agar namun tetapi tapi jika kalau maka lalu kemudian setelah sebelum sejak hingga
        sampai bagi tentang antara seperti pun saja lagi belum harus sangat banyak semua setiap tak nya si
        sang kata ujar ucap tutur jelas ungkap menurut yakni yaitu ialah merupakan menjadi jadi membuat the
        a an of to in and is for on at by with as be was are this that it from or
        """
    )
)

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_DIGIT = re.compile(r"\d")
_SPEECH = re.compile(
    r"\b(?:kata|ujar|ucap|tutur|jelas|ungkap|sebut|tegas|tandas|papar|imbuh|lanjut|terang|klaim|"
    r"tambah|pungkas|kilah|akui|tukas|ungkapnya|katanya|ujarnya|ucapnya|tuturnya|jelasnya|tegasnya|"
    r"tandasnya|paparnya|imbuhnya|lanjutnya|terangnya|tambahnya|pungkasnya|sebutnya|mengatakan|"
    r"menyatakan|menjelaskan|mengungkapkan|menegaskan|menuturkan|menyebutkan|menambahkan|said|says)\b",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"^\W*(?:baca\s+(?:juga|selengkapnya|berita)|simak\s+(?:juga|video|selengkapnya)|lihat\s+juga|"
    r"tonton\s+(?:juga|video)|saksikan\s+(?:juga|video)|berita\s+terkait|artikel\s+terkait|"
    r"advertisement|scroll\s+(?:to|untuk)|iklan\b|editor\s*:|penulis\s*:|reporter\s*:|pewarta\s*:|"
    r"sumber\s*:|foto\s*:|video\s*:|ilustrasi\s*:|gambas|halaman\s+\d|(?:halaman\s+)?selanjutnya\W*$|klik\s|"
    r"follow\s|ikuti\s|dapatkan\s+update|download\s|unduh\s|copyright|hak\s+cipta)",
    re.IGNORECASE,
)
_EDITOR_CODE = re.compile(r"\s*[\(\[][\w .\-]{1,16}/[\w .\-/]{1,24}[\)\]]\s*$")
_ONLY_CODE = re.compile(r"^\W*[\(\[]?[\w .\-]{1,16}(?:/[\w .\-]{1,24})+[\)\]]?\W*$")
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w", re.IGNORECASE)
_DAY_OR_DATE = re.compile(
    r"\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)",
    re.IGNORECASE,
)
_OPENING = re.compile(
    r"^(?:ia|dia|mereka|beliau|namun|tetapi|tapi|sementara|selain|sebelumnya|kemudian|lalu|karena|"
    r"hal|itu|ini|adapun|dengan|oleh|maka|sehingga|bahkan|padahal|meski|walau|dan|atau)\b",
    re.IGNORECASE,
)
_OPEN_Q = "“«"
_CLOSE_Q = "”»"


_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s+[-–—]\s+")
_MAX_WORDS_UNTRIMMABLE = 120


def trim_clause(text: str, max_words: int = 60, min_words: int = 12) -> str | None:
    """``text`` itself when it has at most ``max_words`` words, else its longest leading clause that fits.

    A clause ends at a comma, semicolon, colon or spaced dash; the result is a prefix of
    ``text`` (never rewritten). Returns None when no clause of ``min_words`` to ``max_words``
    words exists and the sentence is too long to be a point (run-on text without punctuation).
    """
    n_words = len(text.split())
    if n_words <= max_words:
        return text
    best: int | None = None
    counted, position = 0, 0
    for m in _CLAUSE_BREAK.finditer(text):
        counted += len(text[position : m.start()].split())  # words so far, counted once each
        position = m.end()
        if counted > max_words:
            break
        if counted >= min_words:
            best = m.start()
    if best is not None:
        return text[:best].rstrip(" ,;:-–—")
    if n_words <= _MAX_WORDS_UNTRIMMABLE:
        return text
    return None


@dataclass
class Candidate:
    text: str
    para: int
    index: int  # sentence index in the body
    index_in_para: int
    para_sentences: int
    words: list[str]
    content: list[str]
    start: int = 0  # span of the raw sentence in its paragraph
    end: int = 0
    drop: str | None = None
    has_quote: bool = False
    features: list[float] = field(default_factory=list)


def title_words(article: Article) -> list[str]:
    """Content words of the title and subtitle; without them, of the URL's slug."""
    text = " ".join(t for t in (article.title, article.subtitle) if t)
    if not text and article.url:
        path = urlsplit(article.url).path
        best = ""
        for segment in path.split("/"):
            segment = re.sub(r"\.(?:html?|php|aspx?)$", "", segment)
            parts = [p for p in re.split(r"[-_+]", segment) if p and not p.isdigit()]
            if sum(p.isalpha() for p in parts) >= 3 and len(parts) > len(best.split()):
                best = " ".join(parts)
        text = best
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def body_paragraphs(article: Article) -> list[str]:
    """The paragraphs key points are taken from (section headings are left out)."""
    paras = [p for s in article.sections for p in s.paragraphs]
    if not paras and article.text:
        paras = [p for p in re.split(r"\n\s*\n", article.text)]
    return [p for p in paras if p and p.strip()]


def _quote_state(text: str, open_quote: bool) -> tuple[bool, bool, bool]:
    """(starts inside a quote, holds a quote mark, ends inside a quote)."""
    starts = open_quote
    has = False
    for ch in text:
        if ch == '"':
            open_quote = not open_quote
            has = True
        elif ch in _OPEN_Q:
            open_quote = True
            has = True
        elif ch in _CLOSE_Q:
            open_quote = False
            has = True
    return starts, has, open_quote


def _attributed(text: str) -> bool:
    """A quotation with its speaker in the same sentence: text outside the quotes names a speech act."""
    outside = re.sub(r"\"[^\"]*\"|“[^”]*”", " ", text)
    return bool(_SPEECH.search(outside)) or outside.lower().lstrip().startswith("menurut")


def candidates(article: Article) -> list[Candidate]:
    """The body's sentences (at most MAX_CONTEXT), with drop reasons set where they may not be key points."""
    captions = {" ".join(c.split()).lower() for img in article.images for c in (img.caption,) if c and len(c) > 10}
    out: list[Candidate] = []
    index = 0
    for p_index, para in enumerate(body_paragraphs(article)):
        if index >= MAX_CONTEXT:
            break
        spans = split_sentences(para)
        open_quote = False
        for k, (a, b) in enumerate(spans):
            raw = para[a:b]
            starts_in, has_q, open_quote = _quote_state(raw, open_quote)
            text = raw
            if index < 3 and p_index < 2:
                dateline = match_dateline(text)
                if dateline is not None:
                    text = text[dateline[1] :]
            text = _EDITOR_CODE.sub("", text).strip()
            run_on = False
            if len(text) > MAX_SENTENCE_CHARS:
                # Only a leading clause that ends inside the first MAX_SENTENCE_CHARS can be a point.
                clause = trim_clause(text[:MAX_SENTENCE_CHARS])
                run_on = clause is None or len(clause) >= MAX_SENTENCE_CHARS - 1
                text = clause if clause and not run_on else text[:MAX_SENTENCE_CHARS]
            words = _WORD.findall(text)
            lower = [w.lower() for w in words]
            cand = Candidate(
                text=text,
                para=p_index,
                index=index,
                index_in_para=k,
                para_sentences=len(spans),
                words=words,
                content=[w for w in lower if w not in STOPWORDS and not w.isdigit()],
                has_quote=has_q,
                start=a,
                end=b,
            )
            folded = " ".join(text.split()).lower()
            if not words or _ONLY_CODE.match(text):
                cand.drop = "empty"
            elif run_on:
                cand.drop = "run_on"
            elif _CHROME.match(text):
                cand.drop = "chrome"
            elif folded in captions or any(folded and folded in c for c in captions):
                cand.drop = "caption"
            elif starts_in:
                cand.drop = "quote_without_speaker"
            elif open_quote and not starts_in:
                cand.drop = "quote_without_speaker"  # opens a quotation that goes on in the next sentence
            elif has_q and text.lstrip()[:1] in '"“«' and not _attributed(text):
                cand.drop = "quote_without_speaker"
            elif len(words) < 4:
                cand.drop = "short"
            elif len(_URLISH.findall(text)) >= 1 and len(words) < 15:
                cand.drop = "chrome"
            out.append(cand)
            index += 1
            if index >= MAX_CONTEXT:
                break
    return out


BASE_FEATURE_NAMES: tuple[str, ...] = (
    "pos_inv",
    "pos",
    "pos_rel",
    "cand_rank",
    "para_inv",
    "para",
    "in_para_inv",
    "para_first",
    "para_single",
    "n_words_log",
    "n_words",
    "title_recall",
    "title_precision",
    "centroid_cos",
    "lead_overlap",
    "prev_overlap",
    "digits",
    "caps",
    "has_quote",
    "speech",
    "day_date",
    "opening_connective",
    "question",
    "comma_rate",
    "paren",
    "n_candidates_log",
)
# Graph centrality (TextRank over content-word cosine) and the base features of the neighbouring
# kept sentences: a sentence after a quotation or before its elaboration reads differently.
FEATURE_NAMES: tuple[str, ...] = (
    *BASE_FEATURE_NAMES,
    "textrank",
    "degree",
    *(f"prev_{n}" for n in BASE_FEATURE_NAMES),
    *(f"next_{n}" for n in BASE_FEATURE_NAMES),
)


def _graph(kept: list[Candidate]) -> tuple[np.ndarray, np.ndarray]:
    """TextRank score (scaled so the mean is 1) and mean cosine similarity to the other sentences."""
    n = len(kept)
    vocab: dict[str, int] = {}
    rows: list[list[int]] = []
    for c in kept:
        rows.append([vocab.setdefault(w, len(vocab)) for w in set(c.content)])
    m = np.zeros((n, max(1, len(vocab))))
    for i, cols in enumerate(rows):
        m[i, cols] = 1.0
    norms = np.sqrt(m.sum(axis=1)) + 1e-9
    sim = (m @ m.T) / np.outer(norms, norms)
    np.fill_diagonal(sim, 0.0)
    degree = sim.sum(axis=1) / max(1, n - 1)
    walk = sim / (sim.sum(axis=0, keepdims=True) + 1e-9)
    rank = np.full(n, 1.0 / n)
    for _ in range(30):
        rank = 0.15 / n + 0.85 * (walk @ rank)
    return rank * n, degree


def compute_features(article: Article, cands: list[Candidate]) -> list[Candidate]:
    """Fill ``features`` (in FEATURE_NAMES order) for the kept candidates among the first MAX_CANDIDATES."""
    total = max(1, len(cands))
    title = set(title_words(article))
    # sentence frequency of content words over the context (inverse-sentence-frequency weights)
    sf: dict[str, int] = {}
    tf: dict[str, int] = {}
    for c in cands:
        for w in c.content:
            tf[w] = tf.get(w, 0) + 1
        for w in set(c.content):
            sf[w] = sf.get(w, 0) + 1
    isf = {w: math.log((total + 1) / n) + 1.0 for w, n in sf.items()}
    doc_vec = {w: n * isf[w] for w, n in tf.items()}
    doc_norm = math.sqrt(sum(v * v for v in doc_vec.values())) or 1.0
    kept = [c for c in cands[:MAX_CANDIDATES] if c.drop is None]
    n_kept = len(kept)
    lead = set(kept[0].content) if kept else set()
    prev_words: set[str] = set()
    prev_index = -2
    for rank, c in enumerate(kept):
        n_words = len(c.words)
        content = c.content
        cset = set(content)
        counts: dict[str, int] = {}
        for w in content:
            counts[w] = counts.get(w, 0) + 1
        dot = sum(n * isf[w] * doc_vec[w] for w, n in counts.items())
        norm = math.sqrt(sum((n * isf[w]) ** 2 for w, n in counts.items())) or 1.0
        overlap_title = len(cset & title)
        if c.index != prev_index + 1:
            prev_words = set()
        caps = sum(1 for w in c.words[1:] if w[:1].isupper())
        text = c.text
        c.features = [
            1.0 / (c.index + 1),
            min(c.index, 40) / 40.0,
            c.index / total,
            min(rank, 40) / 40.0,
            1.0 / (c.para + 1),
            min(c.para, 20) / 20.0,
            1.0 / (c.index_in_para + 1),
            1.0 if c.index_in_para == 0 else 0.0,
            1.0 if c.para_sentences == 1 else 0.0,
            math.log1p(n_words),
            min(n_words, 80) / 80.0,
            overlap_title / len(title) if title else 0.0,
            overlap_title / len(cset) if cset and title else 0.0,
            dot / (norm * doc_norm),
            len(cset & lead) / len(cset) if cset and rank else 1.0,
            len(cset & prev_words) / len(cset) if cset and prev_words else 0.0,
            len(_DIGIT.findall(text)) / max(1, len(text)) * 10.0,
            caps / max(1, n_words - 1),
            1.0 if c.has_quote else 0.0,
            1.0 if _SPEECH.search(text) else 0.0,
            1.0 if _DAY_OR_DATE.search(text) else 0.0,
            1.0 if _OPENING.match(text) else 0.0,
            1.0 if text.rstrip("\"'”’) ").endswith("?") else 0.0,
            text.count(",") / max(1, n_words) * 10.0,
            1.0 if "(" in text else 0.0,
            math.log1p(n_kept),
        ]
        prev_words = cset
        prev_index = c.index
    if kept:
        rank_scores, degree = _graph(kept)
        blank = [0.0] * len(BASE_FEATURE_NAMES)
        base = [c.features for c in kept]
        for i, c in enumerate(kept):
            prev = base[i - 1] if i else blank
            nxt = base[i + 1] if i + 1 < len(base) else blank
            c.features = [*base[i], float(rank_scores[i]), float(degree[i]), *prev, *nxt]
    return kept
