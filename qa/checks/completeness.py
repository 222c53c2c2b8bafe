"""Completeness: a unit whose source has text but whose translation is empty.

Translation files (XLIFF, CSV) often arrive with untranslated units; they must
not pass as "no findings".
"""

from __future__ import annotations

from collections.abc import Iterator

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit


@register(
    "empty-translation",
    Category.ACCURACY,
    Severity.CRITICAL,
    "The source has text but the translation is empty.",
    needs=["source"],
    subcategory="omission",
)
def empty_translation(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    if not unit.target.strip():
        yield Hit(
            0,
            len(unit.source or ""),
            "No translation for this segment",
            evidence=unit.source,
            side="source",
        )
