"""The Indonesian news sentence splitter: abbreviations, numbers, quotes, datelines, paragraphs."""

from __future__ import annotations

import time

import pytest

from warta.text.sentences import sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ia dirawat oleh dr. Andi di Jl. A. Yani No. 5 pada tgl. 5 Mei. Prof. Budi dan H. Agus hadir.",
            ["Ia dirawat oleh dr. Andi di Jl. A. Yani No. 5 pada tgl. 5 Mei.", "Prof. Budi dan H. Agus hadir."],
        ),
        (
            "Biayanya Rp. 5 juta per orang. Dananya dari APBD.",
            ["Biayanya Rp. 5 juta per orang.", "Dananya dari APBD."],
        ),
        (
            "Inflasi Mei tercatat 5,12% secara tahunan. Suku bunga 3.5 persen dipertahankan.",
            ["Inflasi Mei tercatat 5,12% secara tahunan.", "Suku bunga 3.5 persen dipertahankan."],
        ),
        (
            "Pemerintah menyiapkan Rp 65 triliun untuk subsidi. Anggaran itu naik 2.5 kali lipat.",
            ["Pemerintah menyiapkan Rp 65 triliun untuk subsidi.", "Anggaran itu naik 2.5 kali lipat."],
        ),
        (
            "Longsor terjadi pukul 13.15 WIB, Rabu. Warga berlarian.",
            ["Longsor terjadi pukul 13.15 WIB, Rabu.", "Warga berlarian."],
        ),
        (
            '"Kami sudah siap menghadapi laga nanti," ujarnya. Pertandingan digelar Sabtu.',
            ['"Kami sudah siap menghadapi laga nanti," ujarnya.', "Pertandingan digelar Sabtu."],
        ),
        (
            '"Tidak hanya tarif yang harus diatur. Semuanya harus diatur," ucap Zulkifli di Gedung DPR.',
            ['"Tidak hanya tarif yang harus diatur.', 'Semuanya harus diatur," ucap Zulkifli di Gedung DPR.'],
        ),
        ('"Tidak!" kata dia. "Kenapa?" tanya saya.', ['"Tidak!" kata dia.', '"Kenapa?" tanya saya.']),
        (
            "Jakarta, IDN Times - Kementerian Luar Negeri Kazakhstan, pada Kamis (22/8/2024), memanggil "
            "Duta Besar Belarus. Langkah ini sebagai bentuk protes.",
            [
                "Jakarta, IDN Times - Kementerian Luar Negeri Kazakhstan, pada Kamis (22/8/2024), memanggil "
                "Duta Besar Belarus.",
                "Langkah ini sebagai bentuk protes.",
            ],
        ),
        (
            "JAKARTA, KOMPAS.com -- Presiden meresmikan jalan tol. Suara.com juga melaporkannya.",
            ["JAKARTA, KOMPAS.com -- Presiden meresmikan jalan tol.", "Suara.com juga melaporkannya."],
        ),
        (
            "Siapa yang membantu? China, India, Pakistan? Tidak. Mereka meminta bantuan.",
            ["Siapa yang membantu?", "China, India, Pakistan?", "Tidak.", "Mereka meminta bantuan."],
        ),
        ("Gelar S.H. Dia peroleh tahun lalu.", ["Gelar S.H. Dia peroleh tahun lalu."]),
        ("Nyamuk menyukai golongan darah O. Ini kata ahli.", ["Nyamuk menyukai golongan darah O.", "Ini kata ahli."]),
        ("Semua berjalan lancar dll. Kemudian acara ditutup.", ["Semua berjalan lancar dll. Kemudian acara ditutup."]),
        ("Tanpa tanda baca sama sekali", ["Tanpa tanda baca sama sekali"]),
        ("", []),
    ],
)
def test_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_point_into_text_and_exclude_white_space() -> None:
    text = "  Kalimat pertama.   Kalimat kedua!  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Kalimat pertama.", "Kalimat kedua!"]
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


def test_never_crosses_a_paragraph_break() -> None:
    text = "1. Klaim Kazakhstan menjunjung perdamaian\n\nPresiden berkata begitu\n\nIa pun menyinggung soal itu."
    assert sentences(text) == [
        "1. Klaim Kazakhstan menjunjung perdamaian",
        "Presiden berkata begitu",
        "Ia pun menyinggung soal itu.",
    ]
    for a, b in split_sentences(text):
        assert "\n" not in text[a:b]


def test_linear_time_on_long_and_degenerate_input() -> None:
    long_text = "\n\n".join("Ini kalimat nomor satu. Dan ini kalimat Rp. 5 juta dr. Budi." for _ in range(5000))
    no_space = "a." * 200_000
    t0 = time.perf_counter()
    assert len(split_sentences(long_text)) == 10_000
    assert len(split_sentences(no_space)) == 1
    assert len(split_sentences(". " * 100_000)) >= 1
    assert time.perf_counter() - t0 < 5.0
