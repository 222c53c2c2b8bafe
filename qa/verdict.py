"""The tool's verdict on a segment: is it awkward or broken, and how strongly.

Kept apart from the checks so that it can be measured and changed without
touching them. Two outputs:

* ``broken`` = **rule evidence**: a finding that on its own makes a sentence
  broken: non-translation, a critical finding, or a major Fluency/Style
  finding. Which findings are major was set per check from the MQM dev data
  (a check is major where the records it fires on are mostly marked awkward
  by the raters; see each check's docstring and ``bench/README.md``).
* ``score`` orders segments from worst to best: the MQM-weighted ``penalty``
  of the findings, then, among segments whose findings weigh the same, the
  language model's weakest span (the name-masked worst window of
  ``lm-fluency``), which is where awkwardness without a rule-visible defect
  shows. The model's share is scaled (``LM_TIE_BREAK``) to stay below the
  weight of the lightest finding, so no surprisal outranks a finding.

Why no fitted combiner: a logistic regression over finding counts, length
and every language-model and reference signal, fitted with document-grouped
nested cross-validation, ranked held-out documents *worse* than the penalty
alone on every dev dataset (out-of-fold ROC AUC, rules only: TED 0.49 vs
0.51, WMT23 0.50 vs 0.66, biomedical 0.44 vs 0.69): the signals are weak
and change sign between domains, and a model fitted on some documents does
not carry to others. The tie-break needs no fitting: its AUC is the same for
any scale between 0.001 and 1 (``bench/flags.py`` prints it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from qa.model import Category, Finding, Severity, penalty

# Families whose errors make a sentence read as awkward or broken (the MQM
# label ``awkward_or_broken`` counts major Fluency/Style and any
# Non-translation).
BROKEN_FAMILIES = frozenset({Category.FLUENCY, Category.STYLE, Category.NON_TRANSLATION})

# The verdict's own signal in a result's ``signals``.
SCORE_SIGNAL = "verdict_score"
# The language-model signal that breaks ties of the penalty (recorded by lm-fluency).
LM_SIGNAL = "lm_window_nonames"
# Nats of the weakest span -> score. The lightest finding weighs 0.1 (a minor
# punctuation error) and the weakest span stays below 20 nats on real text,
# so 0.001 keeps the language model strictly below any finding.
LM_TIE_BREAK = 0.001
LM_CAP = 50.0


@dataclass(frozen=True)
class Verdict:
    """The verdict on one unit: ``broken`` (rule evidence) and the ``score`` that ranks units."""

    broken: bool
    rule: bool
    score: float


def rule_evidence(findings: Iterable[Finding]) -> bool:
    """A finding that alone makes the sentence broken."""
    for f in findings:
        if f.category is Category.NON_TRANSLATION:
            return True
        if f.category in BROKEN_FAMILIES and f.severity.rank >= Severity.MAJOR.rank:
            return True
        if f.severity is Severity.CRITICAL:
            return True
    return False


def score(findings: Iterable[Finding], signals: Mapping[str, float] | None = None) -> float:
    """Penalty, with the language model's weakest span as tie-break (see the module docstring)."""
    total = penalty(findings)
    window = (signals or {}).get(LM_SIGNAL)
    if window is not None and math.isfinite(window):
        total += LM_TIE_BREAK * min(max(window, 0.0), LM_CAP)
    return round(total, 6)


def judge(findings: Iterable[Finding], signals: Mapping[str, float] | None = None) -> Verdict:
    """The verdict on one unit's findings and signals."""
    found = tuple(findings)
    rule = rule_evidence(found)
    return Verdict(broken=rule, rule=rule, score=score(found, signals))


def is_broken(findings: Iterable[Finding]) -> bool:
    """The yes/no verdict."""
    return rule_evidence(findings)
