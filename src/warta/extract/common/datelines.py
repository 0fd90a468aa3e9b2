"""News datelines at the start of a story: who filed it, from where.

Indonesian outlets open the first paragraph with one of these shapes (English wires likewise):

* ``CITY, OUTLET - text``     "Jakarta, IDN Times -", "JAKARTA, KOMPAS.com --", "Jakarta, Warta Contoh -"
* ``CITY (OUTLET) - text``    "Jakarta (ANTARA News) -", "WASHINGTON (Reuters) -"
* ``OUTLET, CITY - text``     "Liputan6.com, Jakarta -", "TEMPO.CO, Jakarta -", "REPUBLIKA.CO.ID, JAKARTA --"
* ``OUTLET - text``           "KOMPAS.com -", "Suara.com -"
* ``CITY - text``             "Jakarta -", "SAMARINDA -" (a spaced dash, then the story's capital letter)

``match_dateline`` finds one and returns it with the offset where the story text starts. A city is one
to four capitalised words (not a pronoun, an office or a sentence opener); an outlet is a name the caller
knows for the site (site name, ``og:site_name``, publisher, domain), a name an outlet profile prints, a news
agency, a domain-shaped word ("Kapanlagi.com", "tirto.id"), or any short capitalised name in parentheses.
Without a dash nothing matches: "Jakarta, kota terbesar di Indonesia, ..." is the story's first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from warta.model import Dateline

_WORD = r"[A-Z][A-Za-z'’.\-]*[A-Za-z.]"
_PLACE = rf"(?:{_WORD}|[A-Z])(?:\s+{_WORD}){{0,3}}"
_DASH = r"\s*(?:-{1,2}|–|—|−)\s*"
_SPACED_DASH = r"\s+(?:-{1,2}|–|—|−)\s+"
# "Liputan6.com", "REPUBLIKA.CO.ID", "tirto.id", "iNews.id", "TEMPO.CO"
_DOMAIN = r"[A-Za-z][A-Za-z0-9\-]*\.(?i:co\.id|com|co|id|net|org|or\.id|tv)(?!\w)"
# Inside parentheses any short capitalised name is the outlet or agency: "(ANTARA News)", "(Reuters)".
_PAREN_OUTLET = r"[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,3}"
AGENCIES = ("ANTARA News", "ANTARA", "Antara", "Reuters", "AFP", "AP", "Xinhua", "Bloomberg", "Kyodo", "Bernama",
            "Anadolu", "Yonhap", "dpa", "EFE")

# Capitalised words that open an ordinary sentence, name a person by office, or point at a person:
# a dash after them is an aside, not a dateline ("Presiden Joko Widodo - yang ...").
_NOT_PLACE = frozenset(
    w.casefold()
    for w in (
        "Lalu Namun Selain Sementara Kemudian Menurut Dalam Adapun Bahkan Sebelumnya Saat Ketika Meski Meskipun "
        "Padahal Sedangkan Karena Oleh Jika Apabila Bila Kalau Setelah Sesudah Usai Seusai Sejak Hingga Sampai Hal "
        "Berdasarkan Terkait Sebab Akibatnya Selanjutnya Akhirnya Tak Tidak Pihaknya Sebagaimana Seperti Diketahui "
        "Sebelum Menanggapi Menurutnya Untuk Agar Walau Walaupun Dengan Alhasil Maka Jadi Yang Di Pada Ini Itu Ada "
        "Anda Ia Dia Mereka Kami Kita Saya Beliau Kamu "
        "Presiden Wapres Wakil Menteri Menko Gubernur Bupati Walikota Wali Ketua Kapolri Kapolda Kapolres Panglima "
        "Jenderal Kepala Direktur Dirut Sekretaris Sekjen Juru Jubir Anggota Pak Bu Ibu Bapak Mantan "
        "The A An In On At But And However When After Before He She They We It This That Mr Mrs Ms Dr President"
    ).split()
)


def _name_forms(name: str) -> set[str]:
    forms: set[str] = set()
    name = " ".join(name.split())
    if not name or len(name) > 40:
        return forms
    forms.add(name)
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.lower()).split("/")[0]
    if "." in host and " " not in host:
        forms.add(host.split(".")[0])  # "contoh.id" is printed "Contoh"
    return forms


def _names_alternation(names: Iterable[str]) -> str:
    forms: set[str] = set()
    for name in names:
        forms |= _name_forms(name)
    escaped = sorted((re.escape(f) for f in forms if len(f) >= 2), key=len, reverse=True)
    return "|".join(escaped)


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


@lru_cache(maxsize=256)
def _site_keys(names: tuple[str, ...]) -> frozenset[str]:
    """The site's names folded ("Warta Contoh" -> "wartacontoh"), and its domain's first label."""
    keys = set()
    for name in names:
        keys.add(_fold(name))
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", name.lower()).split("/")[0]
        if "." in host and " " not in host:
            keys.add(_fold(host.split(".")[0]))
    keys.discard("")
    return frozenset(k for k in keys if len(k) >= 3)


@lru_cache(maxsize=256)
def _patterns(names: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    from warta.outlets import all_profiles

    known = {n for p in all_profiles() for n in (*p.dateline_names, p.name)}
    alternation = _names_alternation([*names, *known, *AGENCIES])
    outlet = rf"(?:(?i:{alternation})(?![\w.])|{_DOMAIN})" if alternation else rf"(?:{_DOMAIN})"
    return (
        ("place_outlet", re.compile(rf"^(?P<place>{_PLACE})\s*,\s*(?P<outlet>{outlet}){_DASH}(?=\S)")),
        ("outlet_place", re.compile(rf"^(?P<outlet>{outlet})\s*,\s*(?P<place>{_PLACE}){_DASH}(?=\S)")),
        ("place_paren", re.compile(
            rf"^(?P<place>{_PLACE})\s*\(\s*(?P<outlet>{outlet}|{_PAREN_OUTLET})\s*\){_DASH}(?=\S)")),
        ("outlet", re.compile(rf"^(?P<outlet>{outlet}){_DASH}(?=\S)")),
        # "Jakarta, Warta Contoh -" on wartacontoh.id: capitalised words that spell the site's name
        ("place_site", re.compile(rf"^(?P<place>{_PLACE})\s*,\s*(?P<outlet>{_PAREN_OUTLET}){_DASH}(?=\S)")),
        ("place", re.compile(rf"^(?P<place>{_PLACE}){_SPACED_DASH}(?=[A-Z0-9\"“'‘(])")),
    )


def match_dateline(text: str, outlet_names: Iterable[str] = ()) -> tuple[Dateline, int] | None:
    """``(Dateline, offset of the story text)`` when ``text`` opens with a dateline, else None.

    ``outlet_names``: names of the site the text comes from (site name, ``og:site_name``, publisher,
    domain); outlet profiles' dateline names, news agencies and domain-shaped names are always known."""
    head = text[:160]
    if not head or not (head[0].isalpha() or head[0].isdigit()):
        return None
    if not any(d in head for d in "-–—−"):
        return None  # every form needs a dash; skip building the site's patterns (costly per new site)
    names = tuple(sorted({n for n in outlet_names if n}))
    # Only the site names printed in the opening can change a match: building patterns from just
    # those keeps one compiled set for every page that does not print its site's name there.
    low = head.lower()
    present = tuple(n for n in names if any(f.lower() in low for f in _name_forms(n)))
    for kind, pattern in _patterns(present):
        m = pattern.match(head)
        if m is None:
            continue
        groups = m.groupdict()
        place = (groups.get("place") or "").strip(" ,") or None
        outlet = (groups.get("outlet") or "").strip() or None
        if place is not None:
            words = place.split()
            if words[0].casefold().strip(".") in _NOT_PLACE or (kind == "place" and len(words) > 3):
                continue
            if kind == "place" and not place.isupper() and len(words) > 1 and not all(
                w[0].isupper() for w in words
            ):
                continue
            if place.isupper() and len(place) > 3:
                place = place.title()
        if kind == "place_site" and not (outlet and _fold(outlet) in _site_keys(names)):
            continue
        return Dateline(place=place, outlet=outlet), m.end()
    return None
