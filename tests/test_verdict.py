"""The verdict: rule evidence, features, and the calibrated combiner."""

from __future__ import annotations

import math

import pytest

from qa.model import Category, Finding, Severity, Unit
from qa.verdict import (
    MODEL_PATH,
    SCORE_SIGNAL,
    choose_variant,
    features,
    is_broken,
    judge,
    load_model,
    rule_evidence,
    score_variant,
)


def finding(category: Category, severity: Severity, check: str = "x") -> Finding:
    return Finding(check, category, severity, 0, 1, "m")


UNIT = Unit(
    "1",
    "The committee met on Tuesday.",
    source="委员会星期二开会。",
    reference="The committee met Tuesday.",
)


@pytest.mark.parametrize(
    ("category", "severity", "expected"),
    [
        (Category.NON_TRANSLATION, Severity.MINOR, True),  # any left-in Chinese is broken
        (Category.FLUENCY, Severity.MAJOR, True),
        (Category.STYLE, Severity.MAJOR, True),
        (Category.ACCURACY, Severity.CRITICAL, True),
        (Category.FLUENCY, Severity.MINOR, False),  # a double space alone is not broken
        (Category.ACCURACY, Severity.MAJOR, False),  # wrong number: not a fluency verdict
    ],
)
def test_rule_evidence(category: Category, severity: Severity, expected: bool) -> None:
    assert rule_evidence([finding(category, severity)]) is expected


def test_no_findings_no_rule() -> None:
    assert rule_evidence([]) is False


def test_features_count_findings_and_mark_optional_inputs() -> None:
    found = [
        finding(Category.FLUENCY, Severity.MINOR, "double-space"),
        finding(Category.FLUENCY, Severity.MAJOR, "capital-after-comma"),
    ]
    always, optional = features(UNIT, found, {"lm_mean": 3.2, SCORE_SIGNAL: 0.9})
    assert always["cat:fluency"] == 2
    assert always["sev:major"] == 1 and always["sev:minor"] == 1
    assert always["check:double-space"] == 1
    assert always["rule"] == 1
    assert always["log_penalty"] == pytest.approx(math.log1p(6.0))
    assert set(optional) == {"x:src_ratio", "x:ref_ratio", "sig:lm_mean"}  # never its own score


def test_features_without_source_or_reference_have_no_optional_inputs() -> None:
    _, optional = features(Unit("1", "Hello there."), [], None)
    assert optional == {}


def test_non_finite_signals_are_treated_as_missing() -> None:
    _, optional = features(Unit("1", "Hello."), [], {"lm_mean": float("nan")})
    assert "sig:lm_mean" not in optional


MODEL = {
    "variants": [
        {
            "requires": [],
            "features": ["n_findings"],
            "coef": [2.0],
            "intercept": -1.0,
            "mean": [0.0],
            "scale": [1.0],
            "threshold": 0.5,
        },
        {
            "requires": ["sig:lm_mean"],
            "features": ["n_findings", "sig:lm_mean"],
            "coef": [0.0, 1.0],
            "intercept": 0.0,
            "mean": [0.0, 4.0],
            "scale": [1.0, 2.0],
            "threshold": 0.7,
        },
    ]
}


def test_choose_variant_takes_the_richest_applicable() -> None:
    assert choose_variant(MODEL, {"sig:lm_mean", "x:src_ratio"})["requires"] == ["sig:lm_mean"]
    assert choose_variant(MODEL, {"x:src_ratio"})["requires"] == []


def test_score_is_a_standardised_logistic() -> None:
    variant = MODEL["variants"][1]
    assert score_variant(variant, {"sig:lm_mean": 8.0}) == pytest.approx(1 / (1 + math.exp(-2.0)))


def test_judge_uses_score_threshold_and_rule() -> None:
    unit = Unit("1", "A sentence.")
    clean = judge(unit, [], {}, model=MODEL)
    assert clean.score == pytest.approx(1 / (1 + math.e)) and not clean.broken
    minor = [finding(Category.FLUENCY, Severity.MINOR)]
    flagged = judge(unit, minor, {}, model=MODEL)  # score 0.73 >= 0.5 without any rule
    assert flagged.broken and not flagged.rule
    surprising = judge(unit, [], {"lm_mean": 4.0}, model=MODEL)  # lm variant: 0.5 < 0.7
    assert not surprising.broken and surprising.threshold == 0.7
    nontranslated = [finding(Category.NON_TRANSLATION, Severity.MAJOR)]
    assert judge(unit, nontranslated, {"lm_mean": 0.0}, model=MODEL).broken


def test_without_model_the_verdict_is_the_rule() -> None:
    verdict = judge(UNIT, [finding(Category.FLUENCY, Severity.MINOR)], {}, use_model=False)
    assert verdict.score is None and verdict.broken is False


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no fitted verdict model shipped yet")
def test_shipped_model_is_well_formed() -> None:
    model = load_model()
    assert model is not None
    assert any(v["requires"] == [] for v in model["variants"]), "every unit must be scorable"
    for v in model["variants"]:
        n = len(v["features"])
        assert n == len(v["coef"]) == len(v["mean"]) == len(v["scale"])
        assert set(v["requires"]) <= set(v["features"])
        assert 0.0 < v["threshold"] < 1.0
    assert "cv" in model and model["cv"]["scheme"].startswith("GroupKFold")


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no fitted verdict model shipped yet")
def test_shipped_model_scores_through_the_pipeline() -> None:
    from qa.pipeline import make_context, run_checks

    units = [Unit("1", "This move may benefit Chinese companies from Huawei to SMIC.")]
    (result,) = run_checks(units, make_context(use_models=False))
    score = dict(result.signals)[SCORE_SIGNAL]
    assert 0.0 < score < 1.0
    assert result.broken is is_broken(result.findings, dict(result.signals), units[0])
