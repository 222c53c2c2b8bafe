"""Codes copied from the source: re-cased or split codes, Roman numerals, garbled characters."""

from __future__ import annotations

from qa.model import Severity
from tests.checks.helpers import fails, findings, passes

SRC_CELLS = "与K562/-细胞相比，K562/STAT3细胞NKG2D配体mRNA的表达水平明显下降。"


def test_code_form_flags_lowercased_and_split_codes() -> None:
    found = findings(
        "code-form",
        "Compared with k562/-cells, the nkg2 d ligand mrna in K562/STAT3 cells decreased.",
        SRC_CELLS,
    )
    spans = sorted((f.start, f.end) for f in found)
    target = "Compared with k562/-cells, the nkg2 d ligand mrna in K562/STAT3 cells decreased."
    assert [target[s:e] for s, e in spans] == ["k562", "nkg2 d", "mrna"]
    assert {f.suggestion for f in found} == {"K562", "NKG2D", "mRNA"}
    assert all(f.severity is Severity.MINOR for f in found)


def test_code_form_passes_exact_codes() -> None:
    assert passes(
        "code-form",
        "Compared with K562/- cells, the NKG2D ligand mRNA in K562/STAT3 cells decreased.",
        SRC_CELLS,
    )


def test_code_form_allows_house_style_of_capitalised_words() -> None:
    # COVID -> Covid (title case) and WHO -> the pronoun "who" are not mangled codes.
    assert passes("code-form", "Covid-19 cases rose.", "COVID-19病例上升。")
    assert passes("code-form", "Experts who advise the WHO agreed.", "WHO的专家同意。")
    assert fails("code-form", "covid-19 cases rose.", "COVID-19病例上升。")


def test_code_form_letters_split_by_space_are_house_style() -> None:
    assert passes("code-form", "Blood pressure was 120 mm Hg.", "血压为120 mmHg。")


def test_roman_numeral_written_differently_is_major() -> None:
    (found,) = findings("roman-numeral-mismatch", "F III:C was reduced.", "FⅤ∶C降低。")
    assert found.severity is Severity.MAJOR
    assert "F III:C was reduced."[found.start : found.end] == "III"
    assert found.suggestion == "V"


def test_roman_numeral_missing_is_minor_and_present_passes() -> None:
    (found,) = findings("roman-numeral-mismatch", "The factor was reduced.", "FⅤ降低。")
    assert found.severity is Severity.MINOR
    assert passes("roman-numeral-mismatch", "Factor V (FV) was reduced.", "凝血因子Ⅴ（FⅤ）降低。")
    # The pronoun I is never pointed at as the wrong numeral.
    (found,) = findings("roman-numeral-mismatch", "I think type was wrong.", "我认为Ⅱ型有误。")
    assert found.start == found.end == len("I think type was wrong.")


def test_garbled_characters() -> None:
    target = "The coagulant activity of F ¢ò (F ¢ò: C) was measured."
    (found,) = findings("garbled-characters", target, "FⅤ促凝活性（FⅤ∶C）")
    assert target[found.start : found.end] == "¢ò"
    assert found.suggestion is None  # its GBK reading (Ⅱ) is not the source's Ⅴ
    (found,) = findings("garbled-characters", "It wasnâ€™t clear.")
    assert found.suggestion == "\u2019"  # UTF-8 read as Windows-1252
    assert fails(
        "garbled-characters", "All exons, 5Δ and 3Δ regions.", "所有外显子、5′和3′非翻译区。"
    )
    # Greek that the source has, and the micro sign, are fine.
    assert passes("garbled-characters", "TNF-α rose to 5 μg.", "TNF-α升至5微克。")
    assert passes(
        "garbled-characters", "Temperature rose to 30 °C, a 5 % gain.", "温度升至30摄氏度。"
    )


def test_a_gbk_reading_is_suggested_only_when_the_source_holds_it() -> None:
    from qa.checks.codes import undo_mojibake

    assert undo_mojibake("¢ò", "Ⅱ型") == "II"
    assert undo_mojibake("¢ò", "Ⅴ型") is None
    assert undo_mojibake("Ã©", "") == "é"
    assert undo_mojibake("Δ", "5′") is None


def test_code_recased_with_a_letter_that_matches_only_case_insensitively_is_found():
    # The target is searched for the code without building its pattern first;
    # a long s (ſ) still matches "s" case-insensitively.
    assert fails("code-form", "The ſtat3 gene is expressed.", "STAT3基因表达。")
    assert passes("code-form", "The report was published.", "STAT3基因表达。")
