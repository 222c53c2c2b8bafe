"""The tool's yes/no verdict that a segment is awkward or broken.

Kept apart from the checks so that it can be calibrated on labelled data
without touching them. The verdict has two parts:

* **rule evidence**: a finding that on its own makes a sentence broken
  (non-translation, a critical finding, a major Fluency/Style finding). These
  are the blatant defects of web MT that a reviewer must never miss.
* **a calibrated score**: a logistic regression over per-unit features
  (finding counts per category, severity and check; the signals the checks
  record, such as language-model surprisal and agreement with the reference;
  length). Its coefficients live in ``qa/data/verdict_model.json``, fitted by
  ``bench/fit_verdict.py`` on the MQM dev data with document-grouped
  cross-validation (see ``bench/README.md`` for the figures).

``broken = rule evidence OR score >= threshold``. Units lack some inputs (no
reference, no language model): the model file holds one regression per
*available-feature set*, and a unit is scored by the richest one whose inputs
it has, so a missing feature is never imputed.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.model import Category, Finding, Severity, Unit

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "data" / "verdict_model.json"

# Families whose errors make a sentence read as awkward or broken (the MQM
# label ``awkward_or_broken`` counts major Fluency/Style and any
# Non-translation).
BROKEN_FAMILIES = frozenset({Category.FLUENCY, Category.STYLE, Category.NON_TRANSLATION})

# The verdict's own signal; never an input to itself.
SCORE_SIGNAL = "verdict_score"

# English runs at about 4 characters per Chinese character (dev median).
CHARS_PER_HANZI = 4.0


@dataclass(frozen=True)
class Verdict:
    """The verdict on one unit: ``broken``, and why (``rule`` and/or ``score``)."""

    broken: bool
    rule: bool
    score: float | None = None
    threshold: float | None = None


def rule_evidence(findings: Iterable[Finding]) -> bool:
    """A finding that alone makes the sentence broken, whatever the score says."""
    for f in findings:
        if f.category is Category.NON_TRANSLATION:
            return True
        if f.category in BROKEN_FAMILIES and f.severity.rank >= Severity.MAJOR.rank:
            return True
        if f.severity is Severity.CRITICAL:
            return True
    return False


def _hanzi(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def features(
    unit: Unit | None, findings: Sequence[Finding], signals: Mapping[str, float] | None
) -> tuple[dict[str, float], dict[str, float]]:
    """Per-unit features: ``(always, optional)``.

    ``always`` features exist for every unit (finding counts, penalty, length);
    ``optional`` ones only when their input exists (a signal was recorded, a
    source or reference was given). Which optional features a unit has decides
    which regression scores it.
    """
    always: dict[str, float] = {}
    for cat in Category:
        always[f"cat:{cat.value}"] = 0.0
    for sev in Severity:
        always[f"sev:{sev.value}"] = 0.0
    total = 0.0
    for f in findings:
        always[f"cat:{f.category.value}"] += 1.0
        always[f"sev:{f.severity.value}"] += 1.0
        key = f"check:{f.check}"
        always[key] = 1.0
        total += f.weight
    always["n_findings"] = float(len(findings))
    always["log_penalty"] = math.log1p(total)
    always["rule"] = float(rule_evidence(findings))
    optional: dict[str, float] = {}
    if unit is not None:
        target = unit.target
        always["log_chars"] = math.log1p(len(target))
        always["log_words"] = math.log1p(len(target.split()))
        if unit.source and unit.source.strip():
            han = _hanzi(unit.source) or len(unit.source)
            optional["x:src_ratio"] = math.log((len(target) + 1) / (CHARS_PER_HANZI * han + 1))
        if unit.reference and unit.reference.strip():
            optional["x:ref_ratio"] = math.log((len(target) + 1) / (len(unit.reference) + 1))
    for name, value in (signals or {}).items():
        if name == SCORE_SIGNAL or value is None or not math.isfinite(value):
            continue
        optional[f"sig:{name}"] = float(value)
    return always, optional


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> dict[str, Any] | None:
    """The fitted combiner, read once per process; None when no model is shipped."""
    if not path.exists():
        log.info("no verdict model at %s: rule evidence only", path)
        return None
    with path.open(encoding="utf-8") as handle:
        model: dict[str, Any] = json.load(handle)
    return model


def choose_variant(model: Mapping[str, Any], available: Iterable[str]) -> Mapping[str, Any] | None:
    """The regression with the most inputs, all of which this unit has."""
    have = set(available)
    best = None
    for variant in model.get("variants", []):
        needs = set(variant["requires"])
        if needs <= have and (best is None or len(needs) > len(best["requires"])):
            best = variant
    return best


def score_variant(variant: Mapping[str, Any], values: Mapping[str, float]) -> float:
    """Probability-like score of one logistic regression (standardised inputs)."""
    z = float(variant["intercept"])
    for name, coef, mean, scale in zip(
        variant["features"], variant["coef"], variant["mean"], variant["scale"], strict=True
    ):
        z += coef * (values.get(name, 0.0) - mean) / (scale or 1.0)
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def combined_score(
    unit: Unit | None,
    findings: Sequence[Finding],
    signals: Mapping[str, float] | None,
    model: Mapping[str, Any] | None,
) -> tuple[float, float] | None:
    """``(score, threshold)`` of the combiner for this unit, or None without a model."""
    if not model:
        return None
    always, optional = features(unit, findings, signals)
    variant = choose_variant(model, optional)
    if variant is None:
        return None
    return score_variant(variant, {**always, **optional}), float(variant["threshold"])


def judge(
    unit: Unit | None,
    findings: Iterable[Finding],
    signals: Mapping[str, float] | None = None,
    model: Mapping[str, Any] | None = None,
    use_model: bool = True,
) -> Verdict:
    """The verdict on one unit; ``model`` overrides the shipped one (for fitting)."""
    found = tuple(findings)
    rule = rule_evidence(found)
    chosen = model if model is not None else (load_model() if use_model else None)
    scored = combined_score(unit, found, signals, chosen)
    if scored is None:
        return Verdict(broken=rule, rule=rule)
    score, threshold = scored
    return Verdict(broken=rule or score >= threshold, rule=rule, score=score, threshold=threshold)


def is_broken(
    findings: Iterable[Finding],
    signals: Mapping[str, float] | None = None,
    unit: Unit | None = None,
) -> bool:
    """The yes/no verdict (see :func:`judge` for the score behind it)."""
    return judge(unit, findings, signals).broken
