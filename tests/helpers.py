"""Sample pages written for the tests (not from ../shared/data)."""

from __future__ import annotations

from pathlib import Path

SAMPLES = {
    "kompas-banjir.txt": (
        "Banjir Rendam Ratusan Rumah di Bekasi\n\n"
        "JAKARTA, KOMPAS.com - Banjir merendam ratusan rumah di Bekasi, Jawa Barat, pada Senin (3/3/2025) "
        "setelah hujan deras mengguyur sejak malam. Warga mengungsi ke masjid dan sekolah terdekat.\n\n"
        "Baca juga: Hujan Deras, Jalan Tol Tergenang\n\n"
        "\"Air naik cepat sekali sejak subuh,\" ujar Rahmat, warga Perumahan Pondok Gede.\n\n"
        "Penulis: Siti Aminah\nEditor: Budi Santoso\n"
    ),
    "antara-ekspor.txt": (
        "Ekspor Kopi Naik 12 Persen\n\n"
        "Jakarta (ANTARA) - Nilai ekspor kopi Indonesia naik 12 persen pada kuartal pertama, kata Kepala "
        "Badan Pusat Statistik dalam konferensi pers di Jakarta, Rabu.\n\n"
        "Kenaikan itu didorong permintaan dari Eropa dan Amerika Serikat yang terus tumbuh sejak tahun lalu.\n"
    ),
    "detik-gempa.txt": (
        "Jakarta - Gempa bermagnitudo 5,2 mengguncang Kabupaten Garut pada Selasa (4/3/2025) pagi. Badan "
        "Meteorologi, Klimatologi, dan Geofisika menyatakan gempa tidak berpotensi tsunami.\n"
        "ADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\n"
        "Warga sempat berhamburan keluar rumah saat guncangan terasa selama beberapa detik.\n"
        "(abc/def)\n"
    ),
}


def sample_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SAMPLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
