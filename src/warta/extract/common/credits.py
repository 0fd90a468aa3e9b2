"""Photo captions and their credits: "(ANTARA FOTO/Name)", "Foto: ...", "(dok. ...)", "REUTERS/Name".

``split_caption_credit`` returns ``(caption, credit)``; the credit is None when none is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SOURCES = (
    r"ANTARA(?:\s+FOTO)?|REUTERS|AFP|AP(?:\s+Photo)?|EPA(?:-EFE)?|Getty\s*Images|Shutterstock|iStock(?:photo)?|"
    r"Freepik|Pixabay|Unsplash|Pexels|Xinhua|Anadolu|Bloomberg|dok\.?|dokumen|dokumentasi|doc\.?|"
    r"istimewa|ist\.?|foto|photo|sumber|source|handout|screenshot|tangkapan\s+layar|youtube|instagram|"
    r"twitter|tiktok|facebook|file|arsip|net|internet|courtesy"
)
# Trailing "(...)" that names a source or has a "/" in it.
_PAREN_END = re.compile(
    rf"\s*[(\[](?P<credit>(?:(?:{_SOURCES})\b[^()\[\]]{{0,120}}|[^()\[\]]{{1,60}}/[^()\[\]]{{1,80}}))[)\]]\s*\.?\s*$",
    re.I,
)
# A bare source: "seriouseats.com", "(Istimewa)", "Shutterstock", "Dok. Humas".
_SOURCE_ONLY = re.compile(
    r"^[(\[]?\s*(?:(?:[\w-]+\.)+(?:com|co\.id|id|net|org|co\.za|co\.uk|tv|io)(?:/\S*)?|"
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
    for pattern in (_PAREN_END, _COPYRIGHT, _LABEL, _SLASH_END):
        found = pattern.search(text)
        if found:
            m = found
            credit = m.group("credit").strip(" .")
            if pattern is _LABEL and m.group("label").lower() in ("ilustrasi", "illustration"):
                credit = m.group(0).strip(" .(-–—|")
            caption = text[: m.start()].rstrip(" ([-–—|:")
            if credit:
                return caption.strip(), credit
    return text, None
