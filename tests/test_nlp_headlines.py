"""Title-case headlines: capitalisation is no evidence of a name in a title or subtitle."""

from __future__ import annotations

from typing import Any

from warta.model import Article, Section
from warta.nlp import analyze


def _headline_mentions(title: str, body: list[str], subtitle: str | None = None) -> list[tuple[str, str, str]]:
    article = Article(title=title, subtitle=subtitle, sections=[Section(paragraphs=body)])
    article.text = "\n\n".join(body)
    result: dict[str, Any] = analyze(article)
    out = []
    for m in result["mentions"]:
        if m["field"] in ("title", "subtitle"):
            source = title if m["field"] == "title" else subtitle
            assert source is not None and source[m["start"] : m["end"]] == m["text"]
            out.append((m["field"], m["text"], m["type"]))
    return out


def test_surname_in_headline_trimmed_to_body_entity() -> None:
    got = _headline_mentions(
        "Tokayev Kunjungi Moskow",
        ["Presiden Kazakhstan Kassym-Jomart Tokayev tiba di Moskwa pada Senin untuk bertemu "
         "Presiden Rusia Vladimir Putin."],
    )
    texts = [t for _, t, _ in got]
    assert ("title", "Tokayev", "PERSON") in got
    assert not any("Kunjungi" in t for t in texts)


def test_verbs_and_nouns_of_a_headline_are_not_names() -> None:
    got = _headline_mentions(
        "Sri Mulyani Minta Pengusaha Patuh Bayar Pajak",
        ["Menteri Keuangan Sri Mulyani Indrawati meminta para pengusaha membayar pajak tepat waktu."],
    )
    assert got == [("title", "Sri Mulyani", "PERSON")]


def test_gazetteer_places_kept_without_body_evidence() -> None:
    got = _headline_mentions(
        "Banjir Rendam Ribuan Rumah Di Bekasi",
        ["Hujan deras sejak malam membuat sungai meluap dan air masuk ke permukiman warga."],
    )
    assert [t for _, t, _ in got] == ["Bekasi"]


def test_headline_name_absent_from_body_is_dropped() -> None:
    got = _headline_mentions(
        "Pertemuan Jokowi Dan Prabowo Bahas Transisi",
        ["Presiden Joko Widodo bertemu Prabowo Subianto di Istana Merdeka pada Minggu."],
        subtitle="Bahlil Lahadalia Sambut Prabowo Di Istana Merdeka",
    )
    texts = [t for _, t, _ in got]
    assert "Jokowi" not in texts  # the body writes "Joko Widodo", not "Jokowi"
    assert "Bahlil Lahadalia" not in texts  # named nowhere else
    assert ("title", "Prabowo", "PERSON") in got
    assert ("subtitle", "Prabowo", "PERSON") in got
    assert not any(t.startswith(("Pertemuan", "Bahas", "Sambut")) for t in texts)


def test_body_unaffected_by_headline_filter() -> None:
    body = ["Kapolda Bali Irjen Petrus Golose mengatakan penyidik Polda Bali masih mengumpulkan bukti."]
    article = Article(title="Polda Bali Kumpulkan Bukti", sections=[Section(paragraphs=body)])
    article.text = body[0]
    result = analyze(article)
    body_texts = {m["text"] for m in result["mentions"] if m["field"] == "text"}
    assert "Petrus Golose" in body_texts
    title_texts = [m["text"] for m in result["mentions"] if m["field"] == "title"]
    assert title_texts == ["Polda Bali"]
