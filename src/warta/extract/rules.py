"""Generic knowledge of how Indonesian (and other) news pages are laid out.

Everything here holds across outlets; what only one outlet does lives in its
profile (``warta/outlets/data``). Patterns are anchored or bounded so that they
run in linear time on hostile input.
"""

from __future__ import annotations

import re

from warta.outlets import all_profiles

# Lines that are never article text on any site (compared case-insensitively, spaces folded).
CHROME_LINES = frozenset(
    s.casefold()
    for s in (
        "ADVERTISEMENT",
        "Advertisement",
        "SCROLL TO CONTINUE WITH CONTENT",
        "SCROLL TO RESUME CONTENT",
        "ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT",
        "Iklan",
        "Bagikan",
        "Share",
        "Tweet",
        "Salin Link",
        "Salin tautan",
        "Copy link",
        "Komentar",
        "Lihat Komentar",
        "Tulis Komentar",
        "Berita Terkait",
        "Berita Lainnya",
        "Artikel Terkait",
        "Baca Selengkapnya",
        "Selengkapnya",
        "Topik",
        "Tag",
        "Tags",
        "Populer",
        "Terpopuler",
        "Terkini",
        "Berita Terkini",
        "Home",
        "Beranda",
        "Menu",
        "Cari",
        "Search",
        "Login",
        "Masuk",
        "Daftar",
        "Subscribe",
        "Langganan",
        "Facebook",
        "Twitter",
        "WhatsApp",
        "Telegram",
        "LINE",
        "Instagram",
        "Ikuti kami di",
        "Follow",
        "Loading...",
        "Memuat...",
        "Halaman Selanjutnya",
        "Selanjutnya",
        "Sebelumnya",
        "Kembali ke atas",
        "Back to top",
    )
)

# Chrome that may also stand inside a line (single-line dumps glue everything together).
INLINE_CHROME = re.compile(
    r"ADVERTISEMENT(?:\s+SCROLL TO (?:CONTINUE WITH|RESUME) CONTENT)?"
    r"|SCROLL TO (?:CONTINUE WITH|RESUME) CONTENT"
    r"|SCROLL UNTUK MELANJUTKAN MEMBACA"
    r"|\[\s*Gambas\s*:[^\]\n]{0,80}\]"
    r"|Halaman(?:\s+\d{1,3}){1,30}(?:\s+Selanjutnya)?(?=\s|$)"
    r"|Artikel ini telah (?:tayang|terbit) di [^\n]{0,200}?(?:\.\s|$)"
    r"|Dapatkan update berita [^\n]{0,120}?setiap hari(?: dari [\w.]+)?\.?"
    r"|Mari bergabung (?:di|dengan) [^\n]{0,200}?(?:WhatsApp|Telegram|Facebook|Google News)[^\n]{0,60}?\.(?=\s|$)"
    r"|Caranya klik link https?://\S+"
    r"|Anda harus install aplikasi \w+ terlebih (?:dulu|dahulu) di ponsel\.?"
    r"|Lanjutkan membaca artikel di bawah"
)

# A whole line made only of punctuation, bullets or separators.
PUNCT_ONLY = re.compile(r"^[\s\-–—_=*•·|/\\.,:;~#>]*$")

# Reporter/editor codes that close detik, CNN Indonesia and Kompas copy: "(din/raw)", "(dis/pmg)".
EDITOR_CODE = re.compile(r"\((?:[a-z]{2,5}\s?/\s?){1,3}[a-z]{2,5}\)")

# "Baca juga: ...", "Lihat juga: ...", "Simak juga: ...", "BACA JUGA: ..." (the title follows).
READ_ALSO = re.compile(r"(?:Baca|Lihat|Simak)\s+(?:juga|Juga|JUGA)\s*:\s*|BACA JUGA\s*:\s*|(?:Baca|BACA)\s*:\s+")

# Video promos: "Simak juga Video: ...", "Tonton juga video "..." di sini:", "Simak Video '...':".
VIDEO_PROMO = re.compile(r"^(?:Simak|Tonton|Saksikan|Lihat)(?:\s+juga)?\s+[Vv]ideo\b.{0,300}$")

# Headings over lists of other articles; the lines under them are related items of that kind.
RELATED_HEADINGS: dict[str, str] = {
    "rekomendasi artikel": "recommended",
    "rekomendasi": "recommended",
    "artikel rekomendasi": "recommended",
    "editor's picks": "recommended",
    "pilihan editor": "recommended",
    "berita terkini lainnya": "latest",
    "berita terkini": "latest",
    "berita terbaru": "latest",
    "terbaru": "latest",
    "artikel terkait": "recommended",
    "berita terkait": "recommended",
    "baca juga": "read_also",
    "terpopuler": "recommended",
    "populer": "recommended",
}

KEY_POINT_HEADINGS = re.compile(
    r"^(?:Intinya\s+Sih|Intinya|Poin(?:-poin)?\s+[Pp]enting|Ringkasan(?:\s+[Bb]erita)?|Sekilas|"
    r"Highlights?|Key\s+[Pp]oints|In\s+[Bb]rief|Summary|Poin\s+[Uu]tama)\s*(?:\.\.\.|…|:)?\s*$",
)
BULLET = re.compile(r"^\s*(?:[•·▪◦●‣∙*]|-(?=\s))\s*")

# Author block labels. Roles that edit rather than write go to Article.editors.
AUTHOR_LABELS = (
    "Verified Writer",
    "Community Writer",
    "Penulis",
    "Reporter",
    "Pewarta",
    "Kontributor",
    "Wartawan",
    "Editor",
    "Redaktur",
    "Penyunting",
    "Writer",
)
EDITOR_ROLES = frozenset({"editor", "redaktur", "penyunting"})
AUTHOR_LABEL_INLINE = re.compile(
    r"\b(" + "|".join(re.escape(label) for label in AUTHOR_LABELS) + r")\s*:\s*",
)

# Disclaimers and publisher notes kept in Article.notes.
NOTE_PATTERNS = (
    re.compile(r"^(?:Disclaimer|Catatan(?: [Rr]edaksi)?|Note|Editor's note)\s*:", re.I),
    re.compile(r"(?:bukan|di luar|sepenuhnya) tanggung ?jawab (?:redaksi|penulis)", re.I),
    re.compile(r"tanggung jawab (?:dari |sepenuhnya )?penulis", re.I),
    re.compile(r"^Artikel ini (?:merupakan|adalah) (?:kiriman|konten|tulisan) ", re.I),
    re.compile(r"^(?:Jangan|Bila|Jika) (?:Anda|kamu) (?:merasa|mengalami) .{0,120}(?:depresi|bunuh diri)", re.I),
)

# Image credits are read by warta.extract.common.credits (HTML captions and dump lines alike).

# Outlet names (for "(tirto.id - Politik)" labels) come from the profiles plus a generic "Site.com" shape.
# Datelines are read by warta.extract.common.datelines.


def _outlet_alternation() -> str:
    names = {name for p in all_profiles() for name in p.dateline_names}
    names.update(p.name for p in all_profiles())
    escaped = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return "(?:" + "|".join(escaped) + r"|[A-Za-z][A-Za-z0-9]*\.(?:com|co\.id|id|co|net)(?:\.id)?)"


_OUTLET = _outlet_alternation()
# Words that start a sentence in Indonesian news (a headline rarely ends in one).
SENTENCE_OPENERS = frozenset(
    [
        "Lalu",
        "Namun",
        "Selain",
        "Sementara",
        "Kemudian",
        "Menurut",
        "Dalam",
        "Adapun",
        "Bahkan",
        "Sebelumnya",
        "Saat",
        "Ketika",
        "Meski",
        "Meskipun",
        "Padahal",
        "Sedangkan",
        "Karena",
        "Oleh",
        "Jika",
        "Apabila",
        "Bila",
        "Kalau",
        "Setelah",
        "Sesudah",
        "Usai",
        "Seusai",
        "Sejak",
        "Hingga",
        "Sampai",
        "Hal",
        "Berdasarkan",
        "Terkait",
        "Sebab",
        "Akibatnya",
        "Selanjutnya",
        "Akhirnya",
        "Tak",
        "Tidak",
        "Pihaknya",
        "Sebagaimana",
        "Seperti",
        "Diketahui",
        "Sebelum",
        "Menanggapi",
        "Menurutnya",
        "Untuk",
        "Agar",
        "Walau",
        "Walaupun",
        "Dengan",
        "Alhasil",
        "Maka",
        "Jadi",
        "Yang",
        "Di",
        "Pada",
    ]
)
# Lower-case words that may stand inside a title-cased headline.
TITLE_FUNCTION_WORDS = frozenset(
    [
        "di",
        "ke",
        "dari",
        "dan",
        "yang",
        "untuk",
        "soal",
        "dengan",
        "vs",
        "atau",
        "pada",
        "ini",
        "itu",
        "nya",
        "agar",
        "bagi",
        "oleh",
        "dalam",
        "jadi",
        "tak",
        "tidak",
        "hingga",
        "sampai",
        "usai",
        "saat",
        "jelang",
        "demi",
        "akan",
        "karena",
        "kala",
        "the",
        "of",
        "and",
        "in",
        "on",
        "for",
        "to",
        "a",
        "an",
        "at",
        "by",
        "vs.",
        "ala",
    ]
)
PRONOUNS = frozenset(["Anda", "Ia", "Dia", "Mereka", "Kami", "Kita", "Saya", "Beliau", "Kamu"])
# Offices and ranks that open the subject of a sentence ("Kapolri Jenderal Tito Karnavian menyebut").
ROLE_WORDS = frozenset(
    [
        "Presiden",
        "Wapres",
        "Wakil",
        "Menteri",
        "Menko",
        "Menlu",
        "Mendagri",
        "Menkeu",
        "Gubernur",
        "Wagub",
        "Bupati",
        "Wali",
        "Walikota",
        "Ketua",
        "Kapolri",
        "Kapolda",
        "Kapolres",
        "Kapolsek",
        "Panglima",
        "Jenderal",
        "Brigjen",
        "Irjen",
        "Komjen",
        "Kombes",
        "AKBP",
        "Kepala",
        "Direktur",
        "Dirut",
        "Sekretaris",
        "Sekjen",
        "Juru",
        "Jubir",
        "Kabid",
        "Kasubdit",
        "Kadiv",
        "Karo",
        "Anggota",
        "Dubes",
        "Duta",
        "Raja",
        "Ratu",
        "Perdana",
        "PM",
        "Pangeran",
        "Senator",
        "Hakim",
        "Jaksa",
        "Pengacara",
        "Kuasa",
        "Prof",
        "Profesor",
        "Dr",
        "Ir",
        "Pak",
        "Bu",
        "Ibu",
        "Bapak",
        "Mantan",
        "Eks",
        "Calon",
        "Capres",
        "Cawapres",
        "Caleg",
        "Komisioner",
        "Dirjen",
        "Deputi",
        "Staf",
        "Pelatih",
        "Kapten",
        "Pemain",
    ]
)

# Inline video promos with a quoted title: Simak Video "Jelang Laga ..." / Tonton juga video "..." di sini:
VIDEO_INLINE = re.compile(
    r"(?:Simak|Tonton|Saksikan)(?:\s+juga)?\s+[Vv]ideo\s*:?\s*[\"“'‘]\s*(?P<vtitle>[^\"”'’\n]{1,200}?)\s*[\"”'’]"
    r"(?:\s*di sini)?\s*:?"
)
# A closing author block inside a line: "Penulis: Addi M Idhom Editor: Agung DH".
_BLOCK_LABEL = r"(?:Penulis|Editor|Reporter|Pewarta|Redaktur|Kontributor|Penyunting)"
AUTHOR_BLOCK_INLINE = re.compile(
    rf"(?:{_BLOCK_LABEL}\s*:\s*[A-Z][\w.'’-]*(?:[ \t]+(?!{_BLOCK_LABEL}\s*:)[A-Z][\w.'’-]*){{0,4}}[ \t]*)+"
)
# "(tirto.id - Politik)": the outlet's own label of the desk or rubric.
CATEGORY_INLINE = re.compile(rf"\(\s*{_OUTLET}\s*-\s*(?P<category>[^()\n]{{2,40}}?)\s*\)")
