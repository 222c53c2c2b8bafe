"""Alignment gaps as findings: omissions, additions, doubtful pairings.

These read what :func:`qa.align.attach_aligned` left on each unit when the
source or reference came as a whole document: sentences of the other side
with no counterpart (``omitted``), a target sentence with no counterpart
(``unaligned``) and the bead's confidence (``align_score``).
"""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit

# Bead confidences are calibrated probabilities that the two sides translate
# each other rather than being unrelated sentences of the same document
# (qa.align.CONFIDENCE, fitted on the dev sets by bench/align.py --calibrate).
# Below 0.5 a pair looks more like an unrelated pair than a translation: with
# embeddings that flags 2-5% of true pairs and lets through 2-6% of unrelated ones.
LOW_CONFIDENCE = 0.5


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register(
    "omission",
    Category.ACCURACY,
    Severity.MAJOR,
    "A sentence of the source or reference has no counterpart in the translation.",
    subcategory="omission",
)
def omission(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    for sentence in unit.omitted:
        yield Hit(
            len(unit.target),
            len(unit.target),
            f"Not translated (after this sentence): {_short(sentence)!r}",
            evidence=sentence,
        )


@register(
    "addition",
    Category.ACCURACY,
    Severity.MAJOR,
    "A sentence of the translation matches nothing in the source or reference.",
    subcategory="addition",
)
def addition(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    if unit.unaligned:
        yield Hit(0, len(unit.target), "This sentence has no counterpart in the source or reference")


@register(
    "low-alignment-confidence",
    Category.ACCURACY,
    Severity.MINOR,
    "The sentence matches its source or reference only weakly: check for a mistranslation or a partial omission.",
    subcategory="mistranslation",
)
def low_alignment_confidence(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    if unit.unaligned or unit.align_score is None:
        return
    ctx.record_signal(unit, "align_score", unit.align_score)
    threshold = float(ctx.options.get("low_alignment_confidence", LOW_CONFIDENCE))
    if unit.align_score < threshold:
        yield Hit(
            0,
            len(unit.target),
            f"Weak match with its source/reference (alignment confidence {unit.align_score:.2f})",
        )
