"""Conservative spelling: one-edit typos in lower-case words, not names, terms or British spelling."""

from tests.checks.helpers import fails, findings, passes


def test_typo_with_suggestion():
    (f,) = findings("misspelling", "The goverment announced new measures.")
    assert f.suggestion == "government"


def test_names_terms_and_british_spellings_pass():
    assert passes("misspelling", "Huawei and SMIC announced heterozygous benzaldehyde results.")
    assert passes("misspelling", "The colour of the organisation's programme centre.")
    assert passes("misspelling", "A well-known state-owned enterprise.")


def test_typo_inside_a_compound():
    assert fails("misspelling", "A well-knwon enterprise.")
