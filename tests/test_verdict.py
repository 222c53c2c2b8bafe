"""The verdict: rule evidence decides ``broken``; the penalty, then the LM, orders units."""

from __future__ import annotations

import pytest

from qa.model import Category, Finding, Severity, Unit
from qa.verdict import LM_SIGNAL, SCORE_SIGNAL, is_broken, judge, rule_evidence, score


def finding(category: Category, severity: Severity, check: str = "x", sub: str | None = None) -> Finding:
    return Finding(check, category, severity, 0, 1, "m", subcategory=sub)


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
    assert judge([finding(category, severity)]).broken is expected
    assert is_broken([finding(category, severity)]) is expected


def test_no_findings_no_rule_and_zero_score() -> None:
    verdict = judge([])
    assert verdict.broken is False and verdict.score == 0.0


def test_score_is_the_penalty_when_no_language_model_ran() -> None:
    found = [finding(Category.FLUENCY, Severity.MAJOR), finding(Category.ACCURACY, Severity.MINOR)]
    assert score(found, {}) == pytest.approx(6.0)


def test_language_model_orders_only_units_whose_findings_weigh_the_same() -> None:
    minor_punct = [finding(Category.FLUENCY, Severity.MINOR, sub="punctuation")]  # weight 0.1
    awkward = score([], {LM_SIGNAL: 14.0})
    fluent = score([], {LM_SIGNAL: 6.0})
    assert fluent < awkward < score(minor_punct, {LM_SIGNAL: 0.0})
    # Even an absurd surprisal cannot outrank a finding.
    assert score([], {LM_SIGNAL: 1e9}) < score(minor_punct, {})


def test_non_finite_signal_is_ignored() -> None:
    assert score([], {LM_SIGNAL: float("nan")}) == 0.0


def test_pipeline_records_the_score_and_the_verdict() -> None:
    from qa.pipeline import make_context, run_checks

    units = [
        Unit("1", "This move may benefit Chinese companies from Huawei to SMIC."),
        Unit("2", 'Washington said "export control, Establish communication channels.'),
    ]
    clean, broken = run_checks(units, make_context(use_models=False))
    assert dict(clean.signals)[SCORE_SIGNAL] == 0.0 and not clean.broken
    assert broken.broken
    assert dict(broken.signals)[SCORE_SIGNAL] == pytest.approx(broken.penalty)
