"""Detokenising IndoSum so that warta reads it as it reads real body text."""

from __future__ import annotations

from warta.keypoints.indosum import detokenise


def test_detokenise_punctuation_numbers_and_dateline() -> None:
    tokens = "Jakarta , CNN Indonesia - - Inflasi naik 5 , 12 persen pada Senin ( 27 / 3 ) .".split()
    text, open_quote = detokenise(tokens)
    assert text == "Jakarta, CNN Indonesia -- Inflasi naik 5,12 persen pada Senin (27/3)."
    assert open_quote is False


def test_detokenise_quotes_across_sentences() -> None:
    first, open_quote = detokenise('" Tidak hanya tarif yang harus diatur .'.split())
    assert first == '"Tidak hanya tarif yang harus diatur.'
    assert open_quote is True
    second, open_quote = detokenise('Semua harus diatur , " ucap Zulkifli .'.split(), open_quote)
    assert second == 'Semua harus diatur," ucap Zulkifli.'
    assert open_quote is False


def test_detokenise_hyphenated_words() -> None:
    text, _ = detokenise("warga lari tergopoh - gopoh ke luar .".split())
    assert text == "warga lari tergopoh-gopoh ke luar."
