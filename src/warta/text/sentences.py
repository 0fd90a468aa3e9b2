"""Sentence splitting for Indonesian news text.

:func:`split_sentences` returns character spans ``(start, end)`` into the text it is
given, so callers can keep offsets (for quotes, entities, highlighting) and slice
the original string. It runs in linear time: one regular-expression pass per
paragraph with constant-bounded look-behind at each candidate boundary.

Rules, in order:

* A line break is a hard boundary: a sentence never crosses a paragraph break
  (``"\\n\\n"``) nor a single ``"\\n"`` (extracted bodies hold one paragraph,
  heading or list item per line).
* A candidate boundary is a run of ``.``, ``!``, ``?`` or ``…``, followed by any
  closing quotes or brackets, followed by white space. Punctuation without white
  space after it (``3.5``, ``13.15``, ``Suara.com``, ``5,12%``) is never a boundary.
* The next sentence must start like a sentence: an upper-case letter, a digit, an
  opening quote or bracket, or a bullet. ``"Tidak!" kata dia.`` stays one sentence.
* A period after a known abbreviation (``dr.``, ``H.``, ``Prof.``, ``Jl.``, ``No.``,
  ``Rp.``, ``tgl.``, ...), after a dotted abbreviation (``S.H.``, ``a.n.``), after a
  single upper-case initial that follows a name (``Jl. A. Yani``), or after a list
  number at the start of a line (``1. Klaim ...``) is not a boundary.

Datelines (``Jakarta, IDN Times - ...``, ``JAKARTA, KOMPAS.com -- ...``,
``Jakarta (ANTARA News) - ...``) stay inside the first sentence, which is where they
are in the text; :func:`warta.extract.common.datelines.match_dateline` tells where one
ends, for a caller that wants the sentence without it (key points do).
"""

from __future__ import annotations

import re

__all__ = ["ABBREVIATIONS", "sentences", "split_sentences"]


def _words(text: str) -> list[str]:
    return text.split()


# Lower-cased tokens (without their final period) after which a period does not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    _words(
        """
        dr drs dra drg prof ir h hj kh st sdr sdri bpk bp ny nn tn yth ybs a.n u.p jl jln gg kav no rp tgl
        hlm kab kec kel ds prov dll dsb dst dkk sbb tsb spt yg dgn utk krn pd dlm ttg tdk bhw sd s.d kol let
        letjen mayjen brigjen laksda marsda pol kompol akbp akp ipda iptu aiptu bripka brigpol sh se mm mh
        mba msi mpd spd skom ssos mt ag phd mr mrs ms jr sr vs etc inc ltd co corp cf approx dept est gov
        fig jan feb mar apr jun jul agu ags agt sep sept okt oct nov des dec
        """
    )
)

_LINE = re.compile(r"[^\n]+")
# Terminal punctuation, then closing quotes/brackets, then white space (not a newline: lines are split first).
_CANDIDATE = re.compile(r"(?:[.!?…]+|\.{3})[\"'”’»)\]]*[ \t\u00a0]+")
_WORD_BEFORE = re.compile(r"(\S{1,24})$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_LIST_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[a-zA-Z]|[IVXivx]{1,5})$")
_STARTER = re.compile(r"[A-Z0-9\"'“‘«(\[•\-–—*À-ÖØ-Þ]")
_OPENERS = "\"'“‘«([ "

# "Jakarta, IDN Times - ", "JAKARTA, KOMPAS.com -- ", "Jakarta (ANTARA News) - ", "Suara.com - ",
# "Jakarta, CNN Indonesia -- ", "Rimanews - ", "BANDUNG, iNews.id - ". At most ~8 words before the dash.


def _is_boundary(line: str, sent_start: int, punct_start: int, punct: str, next_pos: int) -> bool:
    """Decide whether the candidate at ``punct_start`` ends a sentence (``next_pos`` is the next char)."""
    if next_pos >= len(line):
        return False  # end of line: the line end closes the sentence anyway
    nxt = line[next_pos]
    if not _STARTER.match(nxt):
        return False  # "..." kata dia / lower-case continuation
    if punct[0] != ".":
        return True  # ! ? …
    if punct.startswith(".."):
        return True  # ellipsis followed by a capital
    m = _WORD_BEFORE.search(line, max(sent_start, punct_start - 24), punct_start)
    if m is None:
        return True
    word = m.group(1).lstrip("\"'“‘«([")
    low = word.lower()
    if low in ABBREVIATIONS:
        return False
    if _DOTTED.match(word):
        return False  # S.H. / a.n. / U.S.
    if len(word) == 1 and word.isalpha() and word.isupper():
        # An initial inside a name: "Jl. A. Yani", "Muhammad H. Thamrin"; not "golongan darah O."
        before = line[max(sent_start, punct_start - 40) : m.start()].rstrip()
        prev = before.rsplit(None, 1)[-1] if before else ""
        if not prev or prev[:1].isupper() or prev.rstrip(".").lower() in ABBREVIATIONS:
            return False
    # A list number or letter that opens the line: "1. Klaim Kazakhstan ..."
    return not (m.start() == sent_start and _LIST_NUMBER.match(word) and sent_start == _line_start(line))


def _line_start(line: str) -> int:
    return len(line) - len(line.lstrip())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order.

    Spans exclude surrounding white space; ``text[start:end]`` is the sentence.
    Works on a single paragraph and on a whole body whose paragraphs are separated
    by blank lines; no sentence crosses a line break.
    """
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group(0)
        base = line_match.start()
        start = _line_start(line)
        if start >= len(line):
            continue
        for cand in _CANDIDATE.finditer(line, start):
            punct_end = cand.end()
            # strip the trailing white space from the candidate
            while punct_end > cand.start() and line[punct_end - 1] in " \t\u00a0":
                punct_end -= 1
            punct = line[cand.start() : punct_end]
            if _is_boundary(line, start, cand.start(), punct, cand.end()):
                spans.append((base + start, base + punct_end))
                start = cand.end()
        end = len(line.rstrip())
        if end > start:
            spans.append((base + start, base + end))
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (convenience over :func:`split_sentences`)."""
    return [text[a:b] for a, b in split_sentences(text)]
