"""Photo captions and their credits: "(ANTARA FOTO/Name)", "Foto: ...", "(dok. ...)", "REUTERS/Name".

The one place where warta reads photo credits, for HTML pages and text dumps alike:

* ``split_caption_credit`` splits a text already known to be a caption (an HTML ``figcaption``, an
  image's caption in JSON-LD) into ``(caption, credit)``; the credit is None when none is printed;
* ``find_caption_credit`` tells whether a line of a text dump *is* a caption: it ends with a credit in
  parentheses or opens with "Foto:"; it returns ``(caption, credit)`` or None;
* ``INLINE_CREDIT`` and ``inline_credit_end`` find a credit that a scraper left inside running text
  ("... pada Senin. ANTARA FOTO/Indrianto Eko Suwarso Warga ...").

All of them share the same sources (agencies, stock sites, platforms, "dok.", "istimewa"), the same
domain shape and the same rules for a credit in parentheses. An outlet profile adds its own patterns
(``extra_patterns``: the profile's ``credit_patterns`` and ``[html] credit``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Sources that make a credit by themselves: "(Istimewa)", "(dok. Humas Polri)", "(ANTARA FOTO/X)".
STRONG_SOURCES = (
    r"ANTARA(?:\s+FOTO)?|REUTERS|AFP|AP(?:\s+Photo)?|EPA(?:-EFE)?|Getty\s*Images|Shutterstock|iStock(?:photo)?|"
    r"Freepik|Pixabay|Unsplash|Pexels|Xinhua|Anadolu|Bloomberg|Wikimedia(?:\s+Commons)?|dok\.?|dokumen|"
    r"dokumentasi|doc\.?|istimewa|ist\.?|handout|screenshot|tangkapan\s+layar|youtube|instagram|twitter|tiktok|"
    r"facebook|courtesy"
)
# Words that make a credit only with a name after ":" or "/", or alone in parentheses:
# "(Foto: Budi)", "(X/@akun)", "(net)"; "(foto bersama)" is no credit.
WEAK_SOURCES = r"foto|photo|sumber(?:\s+foto)?|source|file|arsip|net|internet|ilustrasi|illustration|X"
DOMAIN = r"(?:[\w-]+\.)+(?:com|co\.id|ac\.id|go\.id|or\.id|id|net|org|co\.za|co\.uk|tv|io|co|gov)"
# "Foto: " inside a credit is a label, not part of the name.
_CREDIT_LABEL = re.compile(r"^(?:foto|photo|sumber\s+foto|sumber|source|credit|kredit)\s*:\s*", re.I)

_CREDIT_BODY = (
    rf"{DOMAIN}(?:/[^()\[\]\s]*)?"  # (seriouseats.com), (twitter.com/Iran_GOV)
    rf"|(?:{STRONG_SOURCES})\b[^()\[\]]{{0,120}}"  # (ANTARA FOTO/Hafidz), (Istimewa), (dok. Humas)
    rf"|(?:{WEAK_SOURCES})\s*[:/][^()\[\]]{{1,120}}|(?:{WEAK_SOURCES})\.?"  # (Foto: Budi), (net)
    r"|[^()\[\]/]{0,60}[A-Za-z][^()\[\]/\s]*\s?/\s?[^()\[\]]{1,80}"  # (MI/Ramdani); not a date "(12/3/2023)"
)
# A credit in parentheses (or brackets) closing the text.
PAREN_CREDIT = re.compile(rf"\s*[(\[]\s*(?P<credit>{_CREDIT_BODY})\s*[)\]]\s*\.?\s*$", re.I)
# "Foto: ..." opening a caption line of a dump.
PHOTO_PREFIX = re.compile(r"^(?:Foto|FOTO|Ilustrasi|Photo)\s*:\s*")

# A bare source: "seriouseats.com", "(Istimewa)", "Shutterstock", "Dok. Humas".
_SOURCE_ONLY = re.compile(
    rf"^[(\[]?\s*(?:{DOMAIN}(?:/\S*)?|"
    r"(?:ANTARA(?:\s+FOTO)?|REUTERS|AFP|AP(?:\s+Photo)?|EPA|Getty\s*Images|Shutterstock|iStock(?:photo)?|Freepik|"
    r"Pixabay|Unsplash|Pexels|istimewa|ist\.?|handout|screenshot|tangkapan\s+layar)(?:\s*/\s*[^()]{1,40})?|"
    r"(?:dok\.?|dokumentasi|doc\.)\s+[^()]{1,40})\s*[)\]]?$",
    re.I,
)
# "Charlotte Church © istimewa"
_COPYRIGHT = re.compile(r"\s*(?:©|\(c\)|copyright)\s*(?P<credit>[^©]{2,120}?)\s*\.?\s*$", re.I)
# "Foto: X", "Photo: X", "Credit: X" anywhere after the caption (or leading).
_LABEL = re.compile(
    r"(?:^|[\s.|(\-–—])(?P<label>foto|photo|photograph|sumber foto|sumber|source|credit|kredit|image|gambar|"
    r"ilustrasi|illustration)\s*:\s*(?P<credit>[^|]{2,120}?)\s*\)?\s*\.?\s*$",
    re.I,
)
# "... KOMPAS.com/KRISTIANTO PURNOMO" or "... REUTERS/Lucy Nicholson" at the end.
_SLASH_END = re.compile(
    r"(?:^|\s|[-–—|])(?P<credit>[A-Z][A-Za-z0-9&'-]*(?:\.[A-Za-z]+)*(?:\s[A-Z][A-Za-z0-9&'-]*){0,2}\s?/\s?"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})\s*\.?\s*$"
)

# A credit left inside running text: "ANTARA FOTO/Indrianto Eko Suwarso", "Instagram/Weareinacraft",
# "jadiberita.com/Hustomo Dwi". The name's extent is settled by ``inline_credit_end``.
INLINE_CREDIT = re.compile(
    r"(?<![\w/(])(?:ANTARA FOTO|Instagram|Twitter|Facebook|IDN Times|Dok\.?|Istimewa|Reuters|AFP|"
    r"[a-z][\w-]*\.(?:com|co\.id|id|net))\s?/\s?(?=[A-Z])"
)
_TOKEN = re.compile(r"\S+")


def _clean_credit(credit: str) -> str:
    return _CREDIT_LABEL.sub("", credit.strip(" .()[]")).strip(" .") or credit.strip(" .()[]")


def _extra_in_parens(text: str, extra_patterns: Iterable[re.Pattern[str]]) -> tuple[int, str] | None:
    """An outlet pattern matched as a credit in parentheses closing the text: (start, credit)."""
    for pat in extra_patterns:
        m = re.search(r"[(\[]\s*(" + pat.pattern + r")\s*[)\]]\s*\.?\s*$", text)
        if m:
            return m.start(), m.group(1).strip()
    return None


def split_caption_credit(text: str, extra_patterns: Iterable[re.Pattern[str]] = ()) -> tuple[str, str | None]:
    """Split a photo caption into (caption, credit)."""
    text = " ".join(text.split())
    if not text:
        return "", None
    if _SOURCE_ONLY.match(text):
        return "", text.strip("()[] ")
    for pat in extra_patterns:
        for m in pat.finditer(text):
            if m.end() >= len(text.rstrip(" .)]")) - 1:
                credit = (m.group(1) if pat.groups else m.group(0)).strip(" ()[]")
                caption = text[: m.start()].rstrip(" ([-–—|")
                return caption.strip(), credit
    for pattern in (PAREN_CREDIT, _COPYRIGHT, _LABEL, _SLASH_END):
        found = pattern.search(text)
        if found:
            m = found
            credit = m.group("credit").strip(" .")
            if pattern is PAREN_CREDIT:
                credit = _clean_credit(credit)
            elif pattern is _LABEL and m.group("label").lower() in ("ilustrasi", "illustration"):
                credit = m.group(0).strip(" .(-–—|")
            caption = text[: m.start()].rstrip(" ([-–—|:")
            if credit:
                return caption.strip(), credit
    return text, None


def find_caption_credit(
    text: str, extra_patterns: Iterable[re.Pattern[str]] = ()
) -> tuple[str | None, str | None] | None:
    """``(caption, credit)`` when a line of text reads as a photo caption, else None.

    A caption line ends with a credit in parentheses ("Warga antre. (ANTARA FOTO/Budi)", an outlet's
    own pattern in parentheses) or opens with "Foto:" / "Ilustrasi:"; the caller bounds its length."""
    text = " ".join(text.split())
    photo = PHOTO_PREFIX.match(text)
    m = PAREN_CREDIT.search(text)
    if m is not None:
        found: tuple[int, str] | None = (m.start(), _clean_credit(m.group("credit")))
    else:
        found = _extra_in_parens(text, extra_patterns)
    if found is not None:
        start, credit = found
        caption = text[(photo.end() if photo else 0) : start].strip() or None
        return caption, credit
    if photo is not None:
        return None, text[photo.end() :].strip() or None
    return None


def _word(token: str) -> str:
    return token.strip("\"“”'‘’.,:;!?()[]")


def inline_credit_end(text: str, start: int, sentence_openers: Iterable[str] = ()) -> int:
    """End of the photographer's name after an ``INLINE_CREDIT`` ("SOURCE/"): up to four capitalised
    words, minus the subject of the sentence that follows (a capitalised word before a lower-case one,
    or one of ``sentence_openers``)."""
    openers = frozenset(sentence_openers)
    tokens = [m for _, m in zip(range(6), _TOKEN.finditer(text, start), strict=False)]
    run: list[re.Match[str]] = []
    for tok in tokens:
        word = _word(tok.group())
        if not word or not (word[0].isupper() or word[0].isdigit()) or len(run) == 4:
            break
        if run and word in openers:
            return run[-1].end()
        run.append(tok)
        if tok.group()[-1] in ",.;:)":
            break
    if not run:
        return start
    after = tokens[len(run)].group() if len(run) < len(tokens) else ""
    if len(run) > 1 and after[:1].islower():
        run.pop()
    return run[-1].end()
