"""The tool's yes/no verdict that a segment is awkward or broken.

Kept apart from the checks so that it can be calibrated on labelled data
without touching them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from qa.model import Category, Finding, Severity

# Families whose errors make a sentence read as awkward or broken (the MQM
# label ``awkward_or_broken`` counts major Fluency/Style and any
# Non-translation).
BROKEN_FAMILIES = frozenset({Category.FLUENCY, Category.STYLE, Category.NON_TRANSLATION})


def is_broken(findings: Iterable[Finding], signals: Mapping[str, float] | None = None) -> bool:
    for f in findings:
        if f.category is Category.NON_TRANSLATION:
            return True
        if f.category in BROKEN_FAMILIES and f.severity.rank >= Severity.MAJOR.rank:
            return True
        if f.severity is Severity.CRITICAL:
            return True
    return False
