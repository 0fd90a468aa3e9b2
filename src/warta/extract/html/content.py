"""Find the main content among the walked blocks, then keep its paragraphs and drop its chrome.

Selection (per page):
1. each paragraph-like block of 25+ characters scores ``1 + commas + min(len/100, 3)`` times
   ``(1 - link density)``; the score goes to its container (full), the container's parent (half)
   and grandparent (third);
2. a container's final score is its score times ``(1 - its link density)``, moved by its class/id
   words (``article``, ``content`` ... up; ``comment``, ``share``, ``related`` ... down);
3. when JSON-LD gives an ``articleBody``, the lowest container holding the blocks it quotes is
   taken instead (the outlet told us where the text is);
4. siblings of the chosen container that score well or hold long low-link paragraphs are added
   (articles split by ads into several wrappers).

Filtering (per block inside the chosen region): captions go to images, link lists and short
chrome phrases ("Baca juga", "Share", "Advertisement" ...) go to ``removed`` or ``related``,
blocks under chrome containers (share bars, tag lists, comment threads) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from warta.extract.html.dom import Block, Frame, Walk

# Lines every news site prints around the article (not tied to one outlet).
_CHROME_LINE = re.compile(
    r"^(?:advertisement|advertisements|iklan|sponsored|ads?|scroll to continue(?: with content)?|"
    r"scroll (?:untuk|to) (?:lanjut|continue|melanjutkan)\w*(?: \w+){0,3}|"
    r"share(?: this| on \w+)?|bagikan(?: artikel ini)?|share this (?:article|story)|print|cetak|"
    r"copy link|salin link|email|tweet|whatsapp|facebook|twitter|linkedin|telegram|line|"
    r"follow us(?: on \w+)?|ikuti kami(?: di \w+)?|comments?|komentar|tags?:?|topik:?|tag terkait:?|"
    r"related(?: articles| stories| posts| news)?:?|artikel terkait:?|berita terkait:?|"
    r"read more|baca selengkapnya|selengkapnya|lihat selengkapnya|load more|muat lebih banyak|"
    r"video pilihan|pilihan redaksi|berita lainnya|artikel lainnya|terpopuler|terkini|jangan lewatkan!?|"
    r"\d{1,3} (?:foto|photos?|gambar|videos?)|galeri(?: foto)?|gallery|lihat (?:foto|galeri|video)|"
    r"most (?:read|popular)|trending|recommended(?: for you)?|you may also like|more from .{1,40}|"
    r"sign up|subscribe|langganan|log ?in|masuk|daftar|register|"
    r"halaman(?: \d+)*(?: selanjutnya| berikutnya)?|next|previous|sebelumnya|selanjutnya|berikutnya|"
    r"tutup|close|open|x|back to top|kembali ke atas|loading\.*|memuat\.*|"
    r"(?:ikuti|follow|gabung)\b.{0,60}\b(?:whatsapp|telegram|google news|channel|saluran)\b.{0,80}|"
    r"(?:simak|cek|baca) (?:berita|artikel) .{0,80}google news.{0,100}|"
    r"dapatkan (?:update|berita) .{0,120}|download (?:aplikasi|app) .{0,80}|"
    r"image:?|photo:?|foto:?|video:?|ilustrasi\.?|\(?ilustrasi\)?|"
    r"all rights reserved\.?|hak cipta .{0,80}|copyright .{0,80}|©.{0,80}|"
    r"adverts?|trending(?: news| now)?|don'?t miss|you (?:may|might) also like\W*|topics|explore further|"
    r"more (?:great )?[\w.]+ stories|like this (?:story|article)\?.{0,80}|"
    r"(?:subscribe|sign up|daftar(?:kan)?)\b.{0,160}|get the latest .{0,100}\binbox\b.{0,60}|"
    r"follow (?:us|[\w@ .]{1,40}) on (?:instagram|facebook|twitter|youtube|tiktok|x)\b.{0,120}|"
    r"join (?:us|our) .{0,80}|let our news meet your inbox.{0,120}|this slideshow requires javascript\.?|"
    r"(?:image|photo|picture) (?:copyright|caption|source)\b.{0,80}|"
    r"(?:image|photo|foto|gambar|slide)? ?\d{1,3} (?:of|dari|/) \d{1,3}|\d{1,3} ?- ?\d{1,3} of \d{1,4}|"
    r"associated press|the associated press|reuters|afp|ap|antara|bernama|xinhua|"
    r"(?:tempo de leitura|reading time|waktu baca|lama baca)\s*:?.{0,30})$",
    re.I,
)
# Inline "read also" links inside the body.
READ_ALSO = re.compile(
    r"^\s*(?:baca(?: juga| pula)?|lihat juga|simak(?: juga)?|tonton(?: juga)?|saksikan(?: juga)?|"
    r"artikel terkait|berita terkait|read also|read more|see also|also read|related|more|"
    r"klik|cek juga|jangan lewatkan|lihat)\s*[:：\-–—|]\s*",
    re.I,
)
_READ_ALSO_BARE = re.compile(r"^\s*(?:baca juga|lihat juga|simak juga|read also|see also|also read)\b", re.I)
_BYLINE_LINE = re.compile(
    r"^\s*(?:\(?(?:penulis|reporter|editor|pewarta|penyunting|redaktur|kontributor|wartawan|fotografer|"
    r"penerjemah|writer|editor's|author|by|oleh|sumber|source|teks|foto|video|"
    r"laporan wartawan)\b\s*[:\-–—]?\s*[^.!?]{0,120}\)?|\((?:[a-z]{2,5}/){0,4}[a-z]{2,5}\)|"
    r"\*+|[-–—]+|\(\s*[a-z]{2,6}\s*\))\s*$",
    re.I,
)


_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
# Credit notes that close wire and newspaper stories: kept as notes, not as body text.
_NOTE_LINE = re.compile(
    r"^\(?(?:(?:additional )?reporting by|editing by|writing by|compiled by|diterjemahkan oleh)\b.{0,400}\)?\.?$|"
    r"^.{3,160}\bcontributed (?:to this (?:report|story|article)|reporting)\b.{0,160}$",
    re.I,
)


@dataclass
class Selection:
    blocks: list[Block]
    root: Frame | None
    removed: list[str] = field(default_factory=list)
    read_also: list[tuple[str, str]] = field(default_factory=list)
    credit_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    captions: list[Block] = field(default_factory=list)
    score: float = 0.0


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _is_content_block(b: Block) -> bool:
    return b.kind in ("p", "quote", "pre", "li", "cell") and not b.in_caption


def score_frames(walk: Walk) -> None:
    for b in walk.blocks:
        if not _is_content_block(b):
            continue
        n = len(b.text)
        if n < 25:
            continue
        ld = b.link_density
        if ld > 0.5 or b.frame.pruned:
            continue
        s = (1.0 + b.text.count(",") + b.text.count("، ") + min(n // 100, 3)) * (1.0 - ld)
        if b.kind == "li" or b.kind == "cell":
            s *= 0.5
        b.frame.prose += n
        # The paragraph element itself is not a container: start from its holder.
        f: Frame | None = b.frame
        if f is not None and f.tag in ("p", "li", "td", "th", "blockquote", "pre", "dd", "dt",
                                       "h1", "h2", "h3", "h4", "h5", "h6", "span", "font", "figcaption"):
            f = f.parent
        level = 0
        while f is not None and level < 3:
            f.score += s if level == 0 else s / (2 if level == 1 else 3)
            f = f.parent
            level += 1
    for fr in reversed(walk.frames):
        if fr.parent is not None and fr.prose:
            fr.parent.prose += fr.prose


def _final_score(f: Frame) -> float:
    ld = f.link_chars / max(1, f.text_chars)
    return f.score * (1.0 - ld) * (1.0 + 0.3 * f.weight)


def _lca(frames: Iterable[Frame]) -> Frame | None:
    common: list[Frame] | None = None
    for f in frames:
        chain = list(reversed(f.ancestors()))
        if common is None:
            common = chain
            continue
        n = 0
        for a, b in zip(common, chain, strict=False):
            if a is not b:
                break
            n += 1
        common = common[:n]
    return common[-1] if common else None


def pick_root(walk: Walk, article_body: str | None = None, preferred: Frame | None = None) -> Frame | None:
    """The container of the article text (see the module docstring); ``walk.from_body`` says whether
    JSON-LD ``articleBody`` decided it."""
    if preferred is not None:
        return preferred
    if article_body and len(article_body) >= 200:
        folded_body = _fold(article_body)
        matched = [
            b for b in walk.blocks
            if _is_content_block(b) and len(b.text) >= 40 and _fold(b.text) in folded_body
        ]
        total = sum(len(b.text) for b in matched)
        if matched and total >= 0.5 * len(article_body):
            lca = _lca(b.frame for b in matched)
            if lca is not None and lca.tag in ("p", "li", "blockquote") and lca.parent is not None:
                lca = lca.parent
            if lca is not None:
                walk.from_body = True
                return lca
    best: Frame | None = None
    best_score = 0.0
    for f in walk.frames:
        if f.score <= 0:
            continue
        s = _final_score(f)
        if s > best_score:
            best, best_score = f, s
    if best is None:
        return None
    if best.tag == "blockquote" and best.parent is not None and best.parent.parent is not None:
        best = best.parent  # a quotation is part of a story, not the story
        best_score = max(best_score, _final_score(best))
    # Climb when the parent scores about as well (article split across wrappers), or a content-named
    # ancestor two or three levels up scores nearly as well.
    while best.parent is not None and best.parent.parent is not None:
        parent = best.parent
        ps = _final_score(parent)
        if ps >= best_score * 0.95 and parent.weight >= 0 and best.weight <= parent.weight:
            best, best_score = parent, max(ps, best_score)
            continue
        # two or three levels up (a quoted press release in a plain box inside the story)
        up2: Frame | None = parent
        climbed = False
        for _ in range(2):
            if up2 is None or up2.weight < 0:
                break
            up2 = up2.parent
            if up2 is None or up2.parent is None:
                break
            gs = _final_score(up2)
            if gs >= best_score * 0.8 and up2.weight >= max(1, best.weight):
                best, best_score, climbed = up2, max(gs, best_score), True
                break
        if not climbed:
            break
    # A story whose paragraphs sit in a run of like boxes (one per image: "image-wrapper",
    # "image-wrapper" ...) lets one box win: when an ancestor a few levels up repeats among its
    # siblings and they hold more prose, the story is their parent.
    up: Frame = best
    for _ in range(4):
        holder = up.parent
        if holder is None or holder.parent is None or holder.weight < 0 or holder.pruned:
            break
        key = (up.tag, up.attr.split()[0] if up.attr else "")
        if key[1]:
            like = [f for f in walk.frames
                    if f.parent is holder and f.tag == key[0] and f.attr.split()[:1] == [key[1]]]
            if len(like) >= 3 and holder.prose >= 1.5 * best.prose and (
                holder.link_chars <= 0.25 * holder.text_chars
            ):
                best = holder
                break
        up = holder
    return best


def _good_sibling(sib: Frame, top: Frame, threshold: float) -> bool:
    if sib is top:
        return True
    if sib.weight < 0:
        return False
    if sib.score > 0 and _final_score(sib) >= threshold:
        return True
    return sib.tag == "p" and sib.text_chars >= 80 and sib.link_chars / max(1, sib.text_chars) < 0.25


def select_blocks(walk: Walk, root: Frame) -> list[Block]:
    """Blocks under the root, plus blocks of good sibling containers, in document order."""
    top_score = _final_score(root)
    threshold = max(10.0, top_score * 0.2)
    chosen: list[Frame] = [root]
    parent = root.parent
    if parent is not None and root.tag not in ("body", "html") and not walk.from_body:
        siblings = [f for f in walk.frames if f.parent is parent]
        same_class = root.attr.split()[0] if root.attr else None
        # A sibling under a headline that links elsewhere is another item (the next post on a blog
        # page, a teaser), not the rest of this story.
        linked_heads = {id(b.frame) for b in walk.blocks
                        if b.kind == "h" and b.level <= 3 and b.link_density > 0.5 and len(b.text) >= 10}
        for sib in siblings:
            if sib is root:
                continue
            if _good_sibling(sib, root, threshold) or (
                same_class and sib.weight >= 0 and sib.attr.split()[:1] == [same_class] and sib.text_chars > 50
                and sib.link_chars / max(1, sib.text_chars) < 0.3
            ):
                if linked_heads and _holds_any(walk, sib, linked_heads):
                    continue
                chosen.append(sib)
    chosen_ids = {id(f) for f in chosen}
    out: list[Block] = []
    for b in walk.blocks:
        f: Frame | None = b.frame
        steps = 0
        while f is not None and steps < 500:
            if id(f) in chosen_ids:
                out.append(b)
                break
            if f is parent:
                break
            f = f.parent
            steps += 1
    return out


def _holds_any(walk: Walk, top: Frame, frame_ids: set[int]) -> bool:
    """Whether a frame listed in ``frame_ids`` lies under ``top`` (frames follow document order,
    so the frames under ``top`` are the ones after it that it is an ancestor of)."""
    for f in walk.frames[top.index + 1 :]:
        if f.depth <= top.depth:
            return False
        if id(f) in frame_ids:
            return True
    return False


def _neg_between(b: Block, root: Frame) -> Frame | None:
    """The outermost chrome-marked container between the block and the region root, if any (a
    comment's text box sits inside the comment thread: the thread is what counts)."""
    f: Frame | None = b.frame
    found: Frame | None = None
    steps = 0
    while f is not None and f is not root and steps < 500:
        if f.weight < 0:
            found = f
        f = f.parent
        steps += 1
    return found


def filter_blocks(
    blocks: list[Block],
    root: Frame,
    title: str | None,
    is_chrome: Iterable[object] = (),
    article_body: str | None = None,
) -> Selection:
    """Drop chrome from the selected blocks; report read-also links and credit lines apart."""
    from warta.extract import rules
    from warta.outlets import OutletProfile, is_chrome_line

    profiles = [p for p in is_chrome if isinstance(p, OutletProfile)]
    html_chrome = [_compiled(p) for p in profiles]
    sel = Selection(blocks=[], root=root)
    folded_title = _fold(title) if title else None
    folded_body = _fold(article_body) if article_body and len(article_body) > 200 else None
    for b in blocks:
        text = b.text
        if b.in_caption:
            sel.captions.append(b)
            continue
        neg = _neg_between(b, root)
        if neg is not None:
            # A paragraph of real prose under a wrongly-named wrapper survives (long, few links).
            in_body = folded_body is not None and len(text) >= 40 and _fold(text) in folded_body
            if not in_body and not (b.kind == "p" and len(text) >= 150 and b.link_density < 0.1
                                    and neg.text_chars < 3 * len(text)):
                if READ_ALSO.match(text) or _READ_ALSO_BARE.match(text):
                    _add_read_also(sel, b)
                else:
                    sel.removed.append(text)
                continue
        # "Baca juga: <link>" is a pointer; a long unlinked paragraph opening "RELATED:" is the
        # writer's own aside
        if (READ_ALSO.match(text) and (b.links or len(text) <= 160)) or (_READ_ALSO_BARE.match(text) and b.links):
            _add_read_also(sel, b)
            continue
        if b.kind == "h" and b.level == 1 and folded_title and _fold(text) == folded_title:
            continue
        if folded_title and b.kind == "h" and _fold(text) == folded_title:
            continue
        if (len(text) <= 120 and _CHROME_LINE.match(text)) or _URL_ONLY.match(text) or rules.PUNCT_ONLY.match(text):
            sel.removed.append(text)
            continue
        if len(text) <= 400 and (
            rules.VIDEO_PROMO.match(text) or " ".join(text.split()).casefold() in rules.CHROME_LINES
        ):
            sel.removed.append(text)
            continue
        if profiles and (
            any(is_chrome_line(text, p) for p in profiles)
            or any(rx.fullmatch(text) for pats in html_chrome for rx in pats)
        ):
            sel.removed.append(text)
            continue
        # link lists and link-only lines are navigation, not prose (a sentence with one or two
        # long links is prose)
        if b.links and b.link_density > 0.6 and b.kind != "h" and (len(text) < 200 or b.link_density > 0.8) and (
            not _linked_sentence(b)
        ):
            sel.removed.append(text)
            continue
        if b.kind == "h" and b.link_density > 0.6:
            sel.removed.append(text)
            continue
        if len(text) <= 500 and _NOTE_LINE.match(text):
            sel.notes.append(text)
            continue
        if len(text) <= 160 and _BYLINE_LINE.match(text):
            sel.credit_lines.append(text)
            continue
        sel.blocks.append(b)
    _trim_edges(sel)
    return sel


def _linked_sentence(b: Block) -> bool:
    """A sentence of eight words or more, ending like one, with at most two links in it."""
    text = b.text.rstrip()
    return len(b.links) <= 2 and b.kind in ("p", "quote") and text[-1:] in ".!?\"”" and len(text.split()) >= 8


_COMPILED: dict[str, tuple[re.Pattern[str], ...]] = {}


def _compiled(profile: object) -> tuple[re.Pattern[str], ...]:
    """The profile's ``[html] chrome`` patterns, compiled once."""
    from warta.outlets import OutletProfile

    assert isinstance(profile, OutletProfile)
    key = profile.label
    if key not in _COMPILED:
        _COMPILED[key] = tuple(re.compile(p, re.I | re.S) for p in profile.html.chrome)
    return _COMPILED[key]


def _add_read_also(sel: Selection, b: Block) -> None:
    if b.links:
        for text, href in b.links:
            t = READ_ALSO.sub("", text).strip()
            if t:
                sel.read_also.append((t, href))
    else:
        t = READ_ALSO.sub("", b.text).strip()
        if t:
            sel.read_also.append((t, ""))
    sel.removed.append(b.text)


def _trim_edges(sel: Selection) -> None:
    """Headings with nothing after them and short link-ish tails are not part of the article."""
    blocks = sel.blocks
    while blocks and blocks[-1].kind == "h":
        sel.removed.append(blocks.pop().text)
    while blocks and blocks[-1].kind in ("li", "p") and len(blocks[-1].text) < 40 and blocks[-1].links:
        sel.removed.append(blocks.pop().text)
