"""Word lists of Indonesian news language: titles, offices, quote cues, source markers, pronouns.

These are general properties of the language and of newsroom style, shared by the
NER features, the role finder and the quote finder. All entries are lower case.
"""

from __future__ import annotations

# Words that open or make up a title or office placed before a person's name.
TITLE_WORDS = frozenset(
    """
    presiden wapres wakil menteri menlu mendagri menkeu menhan menkes mensos mendag menag menko
    menkumham mendikbud mendikbudristek menpan perdana pm raja ratu pangeran putra putri mahkota
    kanselir gubernur wagub bupati wabup wali walikota camat lurah kepala ketua wakil sekretaris sekjen
    sekretaris direktur dirut komisaris duta dubes konsul jenderal juru jubir panglima kapolri kapolda
    kapolres kapolsek wakapolri kasad kasal kasau jaksa hakim senator anggota pemimpin pendiri ceo
    dr prof ir drs haji hj ustaz ustad kiai kh syekh habib pastor paus uskup imam mayjen letjen
    brigjen jenderal kolonel kombes irjen komjen akbp ajun kompol ipda iptu aiptu bripka briptu laksamana
    marsekal kapten letnan sersan pengamat analis peneliti dosen guru profesor pelatih aktor aktris
    penyanyi pengacara tersangka terdakwa saksi bapak ibu pak bu mas mbak tuan nyonya sang
    diplomat ekonom politikus politisi legislator kepala pimpinan rektor dekan ketum waketum sekda
    kadis kabid kasubdit dirjen irjen deputi asisten staf khusus stafsus penasihat koordinator komandan
    danrem dandim pangdam pangkostrad kasum kabareskrim kadiv humas karo kabag kasat kanit
    """.split()
)

# Title heads that, followed by a country, make an office of that state.
OFFICE_HEADS = (
    "presiden",
    "wakil presiden",
    "wapres",
    "perdana menteri",
    "pm",
    "raja",
    "ratu",
    "kanselir",
    "menteri",
    "wakil menteri",
    "menlu",
    "duta besar",
    "dubes",
    "wakil duta besar",
    "konsul jenderal",
    "juru bicara",
    "jubir",
    "kepala negara",
    "panglima",
    "pemimpin",
    "ketua",
    "sekretaris jenderal",
    "sekjen",
    "pangeran",
    "putra mahkota",
    "emir",
    "sultan",
)

# Quote cues: verbs introducing or closing a direct quote. "-nya" forms are derived.
CUE_WORDS = frozenset(
    """
    kata ujar tutur ucap ungkap tegas tandas jelas sebut imbuh tambah lanjut papar terang tukas seru
    bilang cetus timpal katanya ujarnya tuturnya ucapnya ungkapnya tegasnya tandasnya jelasnya
    sebutnya imbuhnya tambahnya lanjutnya paparnya terangnya tukasnya serunya cetusnya timpalnya
    """.split()
)

# Verbs of saying that introduce reported (indirect) speech: "X mengatakan, ..." / "X mengatakan bahwa ...".
SAY_VERBS = frozenset(
    """
    mengatakan menyatakan mengungkapkan menjelaskan menegaskan menyebut menyebutkan menambahkan
    menuturkan mengucapkan menandaskan memaparkan menerangkan berkata berujar bertutur mengaku
    menilai menyampaikan mengklaim mengingatkan meminta mengimbau menekankan mengemukakan
    membeberkan mengakui menuding menuduh berpendapat berharap menganggap memperingatkan
    """.split()
)

# Markers before the outlet cited as source of a quote.
SOURCE_MARKERS = (
    "seperti dikutip dari",
    "seperti dikutip",
    "sebagaimana dikutip dari",
    "sebagaimana dikutip",
    "seperti dilansir dari",
    "seperti dilansir",
    "seperti dilaporkan oleh",
    "seperti dilaporkan",
    "seperti diberitakan",
    "sebagaimana dilaporkan",
    "dikutip dari",
    "dikutip",
    "dilansir dari",
    "dilansir",
    "mengutip dari",
    "mengutip",
    "melansir",
    "dilaporkan oleh",
    "dilaporkan",
    "menurut laporan",
    "laporan",
)

PERSON_PRONOUNS = frozenset({"ia", "dia", "beliau"})

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "december": 12, "dec": 12,
}  # fmt: skip

# Monday = 0, as datetime.weekday().
WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
    "ahad": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# First words that make a name a place or an organisation, never a person.
PLACE_HEADS = frozenset(
    """
    masjid gereja pura vihara klenteng kampung desa kelurahan kecamatan kota kabupaten provinsi jalan jl gunung
    sungai pulau danau pantai teluk selat laut bandara stasiun terminal pelabuhan pasar taman lapangan stadion
    gedung istana candi museum hotel kawasan dusun blok perumahan
    """.split()
)
ORG_HEADS = frozenset(
    """
    universitas institut sekolah sma smp sd smk madrasah pondok pesantren kantor dinas badan komisi kementerian
    kemenko partai bank pt cv yayasan lembaga tim satgas gugus polda polres polsek kodam korem kodim pengadilan
    kejaksaan kejari kejati pemkot pemprov pemkab dprd rsud rs rumah puskesmas klinik koperasi perusahaan
    asosiasi ikatan persatuan himpunan serikat federasi dewan majelis mahkamah direktorat balai pusat divisi
    bareskrim polri subdit ditreskrimum ditreskrimsus
    """.split()
)
# Capitalised words of Indonesian news that are not names: feasts, rites, diseases, units.
NOT_NAMES = frozenset(
    """
    ramadhan ramadan lebaran tarawih idul fitri adha natal imlek nyepi waisak covid covid-19 corona tuhan allah
    rp wib wita wit pandemi
    """.split()
)
