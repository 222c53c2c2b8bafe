"""Agreement with the reference: chrF/BLEU signals and the low-agreement finding."""

from __future__ import annotations

import pytest

from qa.checks.reference import LOW_CHRF, agreement, signature
from qa.checks.registry import CheckContext
from qa.model import Category, Unit
from qa.pipeline import run_checks
from tests.checks.helpers import fails, findings, passes

REF = "The ministry will publish the new export rules next week."


def test_identical_translation_agrees_fully():
    values = agreement(REF, REF)
    assert values["ref_chrf"] == pytest.approx(100.0)
    assert values["ref_len_ratio"] == pytest.approx(1.0)


def test_a_paraphrase_passes():
    assert passes(
        "reference-agreement",
        "The ministry is going to publish new export rules next week.",
        reference=REF,
    )


def test_an_unrelated_sentence_fails_as_accuracy():
    (finding,) = findings(
        "reference-agreement",
        "Prices of vegetables rose sharply in rural markets in May.",
        reference=REF,
    )
    assert finding.category is Category.ACCURACY
    assert "chrF" in finding.message


def test_a_half_missing_translation_scores_lower_than_a_full_one():
    full = agreement("The ministry will publish the new export rules next week.", REF)["ref_chrf"]
    half = agreement("The ministry will publish.", REF)["ref_chrf"]
    assert half < full


def test_very_short_segments_are_not_judged():
    assert passes("reference-agreement", "Thanks.", reference="Thank you very much.")


def test_no_reference_no_check():
    assert passes("reference-agreement", "Prices of vegetables rose sharply in May.")


def test_signals_are_recorded():
    ctx = CheckContext(use_models=False)
    unit = Unit(id="u", target="The ministry will publish new rules.", reference=REF)
    run_checks([unit], ctx, select=["reference-agreement"])
    assert set(ctx.signals["u"]) == {"ref_chrf", "ref_len_ratio"}
    assert 0 < ctx.signals["u"]["ref_chrf"] < 100


def test_the_threshold_separates_the_cases_above():
    assert (
        agreement("Prices of vegetables rose sharply in rural markets in May.", REF)["ref_chrf"]
        < LOW_CHRF
    )


def test_signature_names_the_metric():
    assert "nc:6" in signature()


def test_fails_helper_agrees():
    assert fails("reference-agreement", "Prices of vegetables rose sharply in May.", reference=REF)


@pytest.mark.parametrize(
    "target, reference",
    [
        (REF, REF),
        ("The ministry is going to publish new export rules next week.", REF),
        ("Prices of vegetables rose sharply in rural markets in May.", REF),
        ("", REF),
        ("Hi", REF),  # shorter than the highest order
        ("Short.", "A much longer reference sentence than the target."),
        ("Ünïcödé – “quotes” and 中文 mixed in.", "Unicode - quotes and Chinese mixed in."),
    ],
)
def test_cached_chrf_is_sacrebleus_sentence_score(target, reference):
    from sacrebleu.metrics import CHRF

    expected = CHRF().sentence_score(target, [reference]).score
    assert agreement(target, reference)["ref_chrf"] == expected
    # A second call (the reference's n-grams cached) gives the same number.
    assert agreement(target, reference)["ref_chrf"] == expected
