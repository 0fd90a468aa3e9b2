"""The corpus-level entity tables: one entity across articles, roles over time, counts."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warta.ingest import ingest

ONE = (
    "Jakarta, IDN Times - Presiden Rusia Vladimir Putin bertemu Presiden Kazakhstan Kassym-Jomart Tokayev "
    "di Astana pada Senin (2/9/2024). Putin mengatakan kedua negara sepakat memperluas kerja sama energi.\n"
)
TWO = (
    "Jakarta, IDN Times - Presiden Kazakhstan Qasym-Zhomart Tokayev mengunjungi Moskow pada Rabu (4/9/2024) "
    "dan bertemu Vladimir Putin. Tokayev menyebut hubungan kedua negara semakin erat.\n"
)
THREE = (
    "Jakarta, IDN Times - Sutradara Joko Anwar merilis film horor terbarunya pada Jumat (6/9/2024). "
    "Film itu akan tayang di bioskop mulai pekan depan, kata Joko Anwar kepada wartawan.\n"
)
FOUR = (
    "Jakarta, IDN Times - Presiden Joko Widodo meresmikan bendungan baru di Jawa Tengah pada Sabtu (7/9/2024). "
    "Bendungan itu akan mengairi ribuan hektare sawah, kata Joko Widodo dalam sambutannya.\n"
)


def test_entities_merge_across_articles_and_stay_apart_when_different(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in {"1.txt": ONE, "2.txt": TWO, "3.txt": THREE, "4.txt": FOUR}.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    report = ingest([str(folder)], db, analyze=True)
    assert report.stored == 4 and report.entities > 0
    con = duckdb.connect(str(db), read_only=True)
    people = {
        name: (aliases, articles)
        for name, aliases, articles in con.execute(
            "SELECT name, aliases, article_count FROM entities WHERE type = 'PERSON'"
        ).fetchall()
    }
    putin = [n for n in people if "Putin" in n]
    assert putin == ["Vladimir Putin"] and people["Vladimir Putin"][1] == 2
    tokayev = [n for n in people if "Tokayev" in n]
    assert len(tokayev) == 1 and people[tokayev[0]][1] == 2
    assert "Qasym-Zhomart Tokayev" in people[tokayev[0]][0] or tokayev[0] == "Qasym-Zhomart Tokayev"
    jokos = [n for n in people if n.startswith("Joko")]
    assert sorted(jokos) == ["Joko Anwar", "Joko Widodo"]
    roles = con.execute(
        "SELECT r.title, r.country FROM entity_roles r JOIN entities e USING (entity_id) WHERE e.name = ?",
        [tokayev[0]],
    ).fetchall()
    assert ("Presiden Kazakhstan", "KAZ") in roles
    linked = con.execute("SELECT count(DISTINCT article_id) FROM article_entities").fetchone()
    assert linked == (4,)
