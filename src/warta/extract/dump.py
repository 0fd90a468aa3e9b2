"""Read a text dump: a news page saved as plain text with the site's chrome still in it.

Scrapers and web corpora keep pages as text: the headline, the deck, image
captions with credits, "Intinya Sih..." bullets, a dateline, numbered section
headings, "Baca juga" links, author blocks, disclaimers and the site's menus
and prompts, in reading order, one block per line (or all on one line). This
module recovers the Article's structure from such text in three passes:

1. *normalise*: Unicode clean-up, and re-joining of tokenised corpora
   ("kata nya , " -> "katanya,");
2. *segment*: split lines into units, cutting inline chrome and inline
   "Baca juga: <title>" links out of long lines (single-line dumps);
3. *classify*: walk the units with a small state machine (header -> key points
   -> body -> footer) and route each to a field, or to ``removed`` when it is
   chrome.

Knowledge of layouts lives in :mod:`warta.extract.rules` (generic) and in the
outlet profiles; nothing here is keyed to one page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from warta.extract import rules
from warta.extract.common import credits
from warta.extract.common.datelines import match_dateline as find_dateline
from warta.model import Article, Author, Dateline, Image, Outlet, Provenance, Related, Section
from warta.outlets import OutletProfile, is_chrome_line, profile_for_text, profile_for_url
from warta.text.lang import guess_language
from warta.text.normalize import fold_spaces

# A title scan looks at most this many tokens: related-article titles are short.
_MAX_TITLE_TOKENS = 80
_TOKEN = re.compile(r"\S+")
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":", ";", ",")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\s*[.)]\s+(\S.*)$")


@dataclass(slots=True)
class Unit:
    text: str
    kind: str = "text"  # text | chrome | read_also | related:<kind> | editor_code


# ---------------------------------------------------------------- normalise


_TOKENISED_SIGNS = re.compile(r"\w \, \w|\w \. [A-Z]|\( \d")


def is_tokenised(text: str) -> bool:
    """Corpora such as IndoSum store text with spaces around every punctuation mark."""
    sample = text[:20_000]
    hits = len(_TOKENISED_SIGNS.findall(sample))
    return hits >= 3 and hits * 400 >= len(sample)


_DETOK_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t]+([,.;:?!%)\]])"), r"\1"),
    (re.compile(r"([(\[])[ \t]+"), r"\1"),
    (re.compile(r"(?<=\w) / (?=\w)"), "/"),
    (re.compile(r"(?<=\w) nya\b"), "nya"),
    (re.compile(r"(?<=\w) ' s\b"), "'s"),
    (re.compile(r"(?<=\d)\s*([.,])\s*(?=\d{3}\b)"), r"\1"),
)


def detokenise(text: str) -> str:
    for pattern, repl in _DETOK_RULES:
        text = pattern.sub(repl, text)
    return _join_quotes(text)


def _join_quotes(text: str) -> str:
    """Tokenised quotes stand apart (`" Ada lima akun , "`): attach each to its side.

    A mark followed by a lower-case word (`, " kata Dedi`) always closes a
    quotation, which re-synchronises the count after an unbalanced quote in
    the corpus; otherwise marks alternate between opening and closing.
    """
    out: list[str] = []
    for line in text.split("\n"):
        pieces = re.split(r'(?:^|(?<=\s))"(?=\s|$)', line)
        if len(pieces) == 1:
            out.append(line)
            continue
        buf = pieces[0]
        quote_open = False
        for piece in pieces[1:]:
            nxt = piece.lstrip()[:1]
            if quote_open or (nxt and nxt.islower()) or not nxt:
                buf = buf.rstrip() + '"' + piece
                quote_open = False
            else:
                buf = buf + '"' + piece.lstrip()
                quote_open = True
        out.append(buf)
    return "\n".join(out)


# ---------------------------------------------------------------- segment


def _word(token: str) -> str:
    return token.strip("\"“”'‘’.,:;!?()[]")


def scan_title(text: str, start: int) -> int:
    """End of a headline-case title that starts at ``start`` and runs into body text.

    Single-line dumps glue "Baca juga: <title>" to the next sentence. A title is
    title-cased (capitalised words, numbers, a few lower-case function words);
    the body resumes at a sentence opener, an opening quote, or at the subject
    of the first lower-case verb (the last capitalised word before it, or the
    first office word of a "Kapolri Jenderal X" run).
    """
    tokens = [m for _, m in zip(range(_MAX_TITLE_TOKENS), _TOKEN.finditer(text, start), strict=False)]
    for i, tok in enumerate(tokens):
        raw = tok.group()
        word = _word(raw)
        if i == 0:
            continue
        if raw[0] in "\"“[":
            return tok.start()
        if (word in rules.SENTENCE_OPENERS or word in rules.PRONOUNS) and (
            raw.endswith(",") or _next_is_lower(tokens, i)
        ):
            # "Jika Anda ingin": the clause starts at the opener before the pronoun
            while i > 1 and _word(tokens[i - 1].group()) in rules.SENTENCE_OPENERS:
                i -= 1
            return tokens[i].start()
        if not word or word[0].isdigit() or word[0].isupper() or word.lower() in rules.TITLE_FUNCTION_WORDS:
            if raw.endswith((".", "!")) and i + 1 < len(tokens) and not word.isupper():
                return tok.end()
            continue
        # a lower-case content word: the sentence's verb. Its subject is the capitalised run before it.
        run_start = i
        while run_start - 1 > 0 and _is_capitalised(tokens[run_start - 1].group()):
            run_start -= 1
        if run_start == i:
            return tok.start()
        for j in range(run_start, i):
            if _word(tokens[j].group()) in rules.SENTENCE_OPENERS and _opens_clause(tokens, j):
                return tokens[j].start()
        for j in range(run_start, i):
            if _word(tokens[j].group()) in rules.ROLE_WORDS:
                return tokens[j].start()
        return tokens[i - 1].start()
    # no verb in sight: a list of titles running to the end of the line
    return tokens[-1].end() if tokens else start


def _opens_clause(tokens: list[re.Match[str]], j: int) -> bool:
    """An opener starts the sentence when a comma, a pronoun, an office or a lower-case word follows."""
    raw = tokens[j].group()
    if raw.endswith(","):
        return True
    if j + 1 >= len(tokens):
        return False
    nxt = _word(tokens[j + 1].group())
    return bool(nxt) and (nxt[0].islower() or nxt in rules.PRONOUNS or nxt in rules.ROLE_WORDS)


def _is_capitalised(raw: str) -> bool:
    word = _word(raw)
    return bool(word) and word[0].isupper() and raw[-1] not in ",:;?!"


def _next_is_lower(tokens: list[re.Match[str]], i: int) -> bool:
    if i + 1 >= len(tokens):
        return False
    nxt = _word(tokens[i + 1].group())
    return bool(nxt) and nxt[0].islower()


def _inline_markers(profile: OutletProfile | None) -> re.Pattern[str]:
    parts = [
        rf"(?P<chrome>{rules.INLINE_CHROME.pattern})",
        rf"(?P<read>{rules.READ_ALSO.pattern})",
        r"(?P<picks>Editor ?['’] ?s picks\s*|Pilihan Editor\s*:?\s*)",
        rf"(?P<code>{rules.EDITOR_CODE.pattern})",
        rf"(?P<video>{rules.VIDEO_INLINE.pattern})",
        rf"(?P<author>{rules.AUTHOR_BLOCK_INLINE.pattern})",
        rf"(?P<cat>{rules.CATEGORY_INLINE.pattern})",
        rf"(?P<credit>{credits.INLINE_CREDIT.pattern})",
    ]
    if profile is not None:
        for pat in profile.chrome_patterns:
            parts.append(f"(?:{pat.pattern})")
    return re.compile("|".join(parts))


def segment(line: str, markers: re.Pattern[str]) -> Iterator[Unit]:
    """Cut inline chrome and inline related links out of one line."""
    pos = 0
    while pos < len(line):
        match = markers.search(line, pos)
        if match is None:
            break
        if match.start() > pos:
            yield Unit(line[pos : match.start()])
        if match.group("read") is not None or match.group("picks") is not None:
            end = scan_title(line, match.end())
            title = line[match.end() : end].strip()
            kind = "read_also" if match.group("read") is not None else "related:recommended"
            if title:
                yield Unit(title, kind)
            else:
                yield Unit(match.group().strip(), "chrome")
            pos = max(end, match.end())
            continue
        if match.group("video") is not None:
            title = (match.group("vtitle") or "").strip()
            yield Unit(title, "related:video") if title else Unit(match.group().strip(), "chrome")
            pos = match.end()
            continue
        if match.group("credit") is not None:
            end = credits.inline_credit_end(line, match.end(), rules.SENTENCE_OPENERS)
            yield Unit(line[match.start() : end].strip(), "credit")
            pos = end
            continue
        if match.group("cat") is not None:
            yield Unit(match.group("category").strip(), "category")
            pos = match.end()
            continue
        if match.group("author") is not None:
            yield Unit(match.group().strip(), "author")
            pos = match.end()
            continue
        kind = "editor_code" if match.group("code") is not None else "chrome"
        yield Unit(match.group().strip(), kind)
        pos = match.end()
    if pos < len(line):
        yield Unit(line[pos:])


# ---------------------------------------------------------------- classify


def _headline_like(text: str, max_words: int = 20) -> bool:
    words = text.split()
    return 0 < len(words) <= max_words and len(text) <= 220 and not text.endswith((".", ",", ";", ":"))


def _paragraph_like(text: str) -> bool:
    words = text.split()
    return len(words) >= 12 or (len(words) >= 5 and text.endswith((".", "!", "?", '"', "”")))


def match_dateline(text: str) -> tuple[Dateline, int] | None:
    return find_dateline(text)


def match_caption(text: str, profile: OutletProfile | None) -> tuple[str | None, str | None] | None:
    """(caption, credit) when the line is an image caption, else None (common.credits reads it)."""
    if len(text.split()) > 45:
        return None
    return credits.find_caption_credit(text, profile.credit_patterns if profile is not None else ())


def _author_label(text: str) -> tuple[str, str | None] | None:
    """("Penulis", "Name") for "Penulis: Name", ("Verified Writer", None) for a bare label line."""
    folded = fold_spaces(text).rstrip(":").strip()
    for label in rules.AUTHOR_LABELS:
        if folded.casefold() == label.casefold():
            return label, None
    m = rules.AUTHOR_LABEL_INLINE.match(text)
    if m and len(text) < 200:
        return m.group(1), text[m.end() :].strip() or None
    return None


def _split_author_line(label: str, rest: str) -> list[tuple[str, str]]:
    """"Penulis: A Editor: B" -> [("Penulis", "A"), ("Editor", "B")]."""
    out: list[tuple[str, str]] = []
    pieces = rules.AUTHOR_LABEL_INLINE.split(rest)
    first = pieces[0].strip(" -|,")
    if first:
        out.append((label, first))
    for i in range(1, len(pieces) - 1, 2):
        name = pieces[i + 1].strip(" -|,")
        if name:
            out.append((pieces[i], name))
    return out


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and not text.endswith((".", ":", ",")) and text[0].isupper()


class _Reader:
    def __init__(self, profile: OutletProfile | None) -> None:
        self.profile = profile
        self.article = Article()
        self.sections: list[Section] = []
        self.state = "header"
        self.pending_role: str | None = None
        self.list_kind: str | None = None
        self.saw_key_point_heading = False

    # -- helpers
    def remove(self, text: str) -> None:
        self.article.removed.append(text)

    def section(self) -> Section:
        if not self.sections:
            self.sections.append(Section())
        return self.sections[-1]

    def add_author(self, role: str, name: str) -> None:
        person = Author(name=name, role=role)
        if role.casefold() in rules.EDITOR_ROLES:
            self.article.editors.append(person)
        else:
            self.article.authors.append(person)

    def is_chrome(self, text: str) -> bool:
        folded = fold_spaces(text).casefold()
        if folded in rules.CHROME_LINES or rules.PUNCT_ONLY.match(text):
            return True
        if rules.INLINE_CHROME.fullmatch(text.strip()):
            return True
        return is_chrome_line(text, self.profile)

    def is_note(self, text: str) -> bool:
        pats = list(rules.NOTE_PATTERNS) + list(self.profile.note_patterns if self.profile else ())
        return any(p.search(text) for p in pats)

    # -- the walk
    def read(self, units: list[Unit]) -> None:
        texts = [u.text for u in units]
        dateline_at = next(
            (i for i, u in enumerate(units[:12]) if u.kind == "text" and match_dateline(u.text.strip())), None
        )
        for i, unit in enumerate(units):
            text = unit.text.strip()
            if not text:
                continue
            if unit.kind == "chrome":
                self.remove(text)
                continue
            if unit.kind == "editor_code":
                self.remove(text)
                self.state = "footer" if self.state == "body" else self.state
                continue
            if unit.kind == "read_also":
                self.article.related.append(Related(title=text, kind="read_also"))
                continue
            if unit.kind == "credit":
                section = max(0, len(self.sections) - 1)
                self.article.images.append(Image(credit=fold_spaces(text), section=section, is_cover=False))
                continue
            if unit.kind == "category":
                self.article.category = self.article.category or text
                continue
            if unit.kind == "author":
                label = _author_label(text)
                if label is not None and label[1]:
                    for role, name in _split_author_line(*label):  # type: ignore[arg-type]
                        self.add_author(role, name)
                    self.state = "footer"
                continue
            if unit.kind.startswith("related:"):
                self.article.related.append(Related(title=text, kind=unit.kind.split(":", 1)[1]))
                continue
            self.classify(text, i, texts, dateline_at)

    def classify(self, text: str, i: int, texts: list[str], dateline_at: int | None) -> None:
        art = self.article
        if self.is_chrome(text):
            self.remove(text)
            return
        kind = rules.RELATED_HEADINGS.get(fold_spaces(text).casefold().rstrip(":"))
        if kind is not None and self.state != "header":
            self.remove(text)
            self.list_kind = kind
            return
        if self.list_kind is not None:
            if _headline_like(text) and not _paragraph_like(text):
                art.related.append(Related(title=text, kind=self.list_kind))
                return
            self.list_kind = None
        if rules.VIDEO_PROMO.match(text):
            title = re.sub(r"^(?:Simak|Tonton|Saksikan|Lihat)(?:\s+juga)?\s+[Vv]ideo\s*:?\s*", "", text)
            art.related.append(Related(title=title.strip(" :\"'“”‘’") or text, kind="video"))
            return
        if self.state == "footer" and text.islower() and not text.endswith((".", "!", "?", '"', "”")):
            self.remove(text)  # the tag list some outlets print after the closing code
            return
        if self.state in ("header", "key_points") and self.header(text, i, texts, dateline_at):
            return
        self.body(text, i, texts)

    def header(self, text: str, i: int, texts: list[str], dateline_at: int | None) -> bool:
        """Handle a unit before the body starts; False hands it on to the body."""
        art = self.article
        heading_names = self.profile.key_point_headings if self.profile else ()
        if rules.KEY_POINT_HEADINGS.match(text) or text in heading_names:
            self.state = "key_points"
            self.saw_key_point_heading = True
            return True
        bullet = rules.BULLET.match(text)
        if bullet and (self.state == "key_points" or art.title is not None):
            art.key_points.append(text[bullet.end() :].strip())
            self.state = "key_points"
            return True
        caption = match_caption(text, self.profile)
        if caption is not None:
            art.images.append(Image(caption=caption[0], credit=caption[1], is_cover=not art.images, section=0))
            return True
        if match_dateline(text):
            self.state = "body"
            return False
        before_dateline = dateline_at is not None and i < dateline_at
        if art.title is None and _is_title_candidate(text, i, texts):
            art.title = text
            return True
        if _headline_like(text) and not _paragraph_like(text) and not text.startswith(('"', "“")):
            if art.title is None:
                art.title = text
                return True
            if art.subtitle is None and not art.key_points:
                art.subtitle = text
                return True
        elif before_dateline and art.subtitle is None and len(text) < 600:
            art.subtitle = text  # a deck of a sentence or two stands between headline and dateline
            return True
        self.state = "body"
        return False

    def body(self, text: str, i: int, texts: list[str]) -> None:
        art = self.article
        label = _author_label(text)
        if label is not None and self.state in ("body", "footer"):
            role, rest = label
            if rest is None:
                self.pending_role = role
            else:
                for r, name in _split_author_line(role, rest):
                    self.add_author(r, name)
            self.state = "footer"
            return
        if self.pending_role is not None and _is_name(text):
            self.add_author(self.pending_role, text)
            self.pending_role = None
            return
        self.pending_role = None
        if self.is_note(text):
            art.notes.append(text)
            return
        if art.dateline is None and not any(s.paragraphs for s in self.sections):
            found = match_dateline(text)
            if found is not None:
                art.dateline, end = found
                text = text[end:].strip()
                if not text:
                    return
        caption = match_caption(text, self.profile)
        if caption is not None and not _paragraph_like(text[: -len(caption[1] or "")] if caption[1] else text):
            art.images.append(
                Image(caption=caption[0], credit=caption[1], section=max(0, len(self.sections) - 1))
            )
            return
        numbered = _NUMBERED_HEADING.match(text)
        if numbered and self._is_heading(text, i, texts):
            self.sections.append(Section(heading=numbered.group(2).strip(), number=int(numbered.group(1))))
            return
        if not numbered and self._is_heading(text, i, texts):
            self.sections.append(Section(heading=text))
            return
        self.section().paragraphs.append(text)
        if self.state != "footer":
            self.state = "body"

    def _is_heading(self, text: str, i: int, texts: list[str]) -> bool:
        if not _headline_like(text, max_words=16) or text.endswith(("!", "?", '"', "”", "'")):
            return False
        if text.startswith(('"', "“", "(", "[")) or not (text[0].isupper() or text[0].isdigit()):
            return False
        if not any(s.paragraphs for s in self.sections):
            return False
        nxt = _next_content(texts, i)
        prv = _prev_content(texts, i)
        if _NUMBERED_HEADING.match(text):
            # numbered list items come in runs; numbered headings stand between paragraphs
            return not ((nxt and _NUMBERED_HEADING.match(nxt)) or (prv and _NUMBERED_HEADING.match(prv)))
        return nxt is not None and _paragraph_like(nxt) and prv is not None and _paragraph_like(prv)


def _is_title_candidate(text: str, i: int, texts: list[str]) -> bool:
    """A headline may end with "?" or "!" but is one short sentence followed by more text."""
    if not _headline_like(text.rstrip("?!")) or text.startswith(('"', "“", "(")):
        return False
    if len(re.findall(r"[.!?](?:\s|$)", text)) > 1:
        return False
    nxt = _next_content(texts, i)
    return nxt is not None and len(nxt) > len(text)


def _next_content(texts: list[str], i: int) -> str | None:
    for t in texts[i + 1 : i + 4]:
        if t.strip():
            return t.strip()
    return None


def _prev_content(texts: list[str], i: int) -> str | None:
    for t in reversed(texts[max(0, i - 3) : i]):
        if t.strip():
            return t.strip()
    return None


def extract_dump(text: str, url: str | None = None, source: str | None = None) -> Article:
    """Read a normalised text dump into an Article."""
    if is_tokenised(text):
        text = detokenise(text)
    profile = profile_for_url(url) or profile_for_text(text)
    markers = _inline_markers(profile)
    units = [unit for line in text.split("\n") for unit in segment(line, markers)]
    reader = _Reader(profile)
    reader.read(units)
    art = reader.article
    art.sections = [s for s in reader.sections if s.paragraphs or s.heading]
    unique: dict[tuple[str, str], Related] = {}
    for item in art.related:
        unique.setdefault((item.kind, item.title), item)
    art.related = list(unique.values())
    art.refresh_text()
    art.url = url
    if profile is not None:
        art.outlet = Outlet(name=profile.name, domain=profile.domains[0] if profile.domains else None)
    elif art.dateline and art.dateline.outlet:
        art.outlet = Outlet(name=art.dateline.outlet)
    art.language = guess_language(art.text) or (profile.language if profile else None)
    art.is_article = bool(art.text.strip())
    art.provenance = Provenance(
        source=source, input_kind="text", outlet_profile=profile.label if profile else None
    )
    if not art.is_article:
        art.provenance.warnings.append("no article body found in the text")
    return art
