"""Agreement with a reference translation or retranslation of the same source.

When the user supplies a second English version (a human reference, or
another MT system's output as a retranslation), a sentence that shares little
with it has likely lost or changed content. Sentence chrF (character n-gram
F-score, robust to morphology and tokenisation) and sentence BLEU are recorded
as signals for the verdict; a finding is raised only when chrF is so low that
the two can hardly be translations of the same sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit

# Sentence chrF below which the target and reference barely overlap. On the
# MQM dev data (TED and biomedical MT against their references) about 3 % of
# MT segments fall below 25 and about 1 % of the human second references do;
# see bench/README.md, "Reference agreement".
LOW_CHRF = 25.0
# Under this many characters chrF is too noisy to act on.
MIN_CHARS = 20


@lru_cache(maxsize=1)
def _metrics() -> tuple[Any, Any]:
    # sacrebleu pulls in regex tables; imported on first use, not with the CLI.
    from sacrebleu.metrics import BLEU, CHRF

    return CHRF(), BLEU(effective_order=True)


def agreement(target: str, reference: str) -> dict[str, float]:
    """Sentence chrF and BLEU of ``target`` against ``reference`` (0-100), and the length ratio."""
    chrf, bleu = _metrics()
    return {
        "ref_chrf": chrf.sentence_score(target, [reference]).score,
        "ref_bleu": bleu.sentence_score(target, [reference]).score,
        "ref_len_ratio": len(target) / max(1, len(reference)),
    }


def signature() -> str:
    """Settings that produced the agreement numbers (sacrebleu's signature)."""
    chrf, _ = _metrics()
    return str(chrf.get_signature())


@register(
    "reference-agreement",
    Category.ACCURACY,
    Severity.MINOR,
    "Little agreement with the reference or retranslation: content may be lost or changed.",
    needs={"reference"},
    subcategory="mistranslation",
)
def reference_agreement(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    reference = unit.reference or ""
    values = agreement(unit.target, reference)
    for name, value in values.items():
        ctx.record_signal(unit, name, value)
    if min(len(unit.target), len(reference)) < MIN_CHARS or values["ref_chrf"] >= LOW_CHRF:
        return
    yield Hit(
        0,
        len(unit.target),
        f"Low agreement with the reference (chrF {values['ref_chrf']:.1f}): "
        "check for missing or changed content",
        evidence=f"reference: {reference}",
    )
