"""The document model shared by every part of tqa.

Everything here is a frozen dataclass so that checks, aligners and reports can
pass the same objects around without defensive copies. Character offsets are
always Python string indices (code points), end-exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """Top-level MQM error families (Lommel et al.; Freitag et al. 2021)."""

    ACCURACY = "accuracy"
    FLUENCY = "fluency"
    TERMINOLOGY = "terminology"
    STYLE = "style"
    LOCALE = "locale"
    NON_TRANSLATION = "non-translation"
    OTHER = "other"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Order for comparisons such as ``--fail-on major``."""
        return {"minor": 1, "major": 2, "critical": 3}[self.value]


# Google MQM weights (Freitag et al. 2021, table 2). Non-translation outweighs
# everything because an untranslated sentence is useless to the reader.
WEIGHT_MINOR = 1.0
WEIGHT_MAJOR = 5.0
WEIGHT_CRITICAL = 10.0
WEIGHT_NON_TRANSLATION = 25.0
WEIGHT_MINOR_PUNCTUATION = 0.1

PUNCTUATION = "punctuation"


@dataclass(frozen=True)
class Finding:
    """One problem found by one check.

    ``start``/``end`` are offsets into the text named by ``side`` (the unit's
    target by default). ``subcategory`` refines the MQM family, e.g.
    ``punctuation`` (weighted 0.1 when minor), ``omission``, ``calque``.
    """

    check: str
    category: Category
    severity: Severity
    start: int
    end: int
    message: str
    suggestion: str | None = None
    evidence: str | None = None
    subcategory: str = ""
    side: str = "target"

    @property
    def weight(self) -> float:
        """MQM penalty points of this finding."""
        if self.category is Category.NON_TRANSLATION:
            return WEIGHT_NON_TRANSLATION
        if self.severity is Severity.CRITICAL:
            return WEIGHT_CRITICAL
        if self.severity is Severity.MAJOR:
            return WEIGHT_MAJOR
        if self.subcategory == PUNCTUATION:
            return WEIGHT_MINOR_PUNCTUATION
        return WEIGHT_MINOR

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check,
            "category": self.category.value,
            "subcategory": self.subcategory,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "side": self.side,
            "message": self.message,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
            "weight": self.weight,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            check=str(data["check"]),
            category=Category(str(data["category"])),
            severity=Severity(str(data["severity"])),
            start=int(data["start"]),
            end=int(data["end"]),
            message=str(data["message"]),
            suggestion=None if data.get("suggestion") is None else str(data["suggestion"]),
            evidence=None if data.get("evidence") is None else str(data["evidence"]),
            subcategory=str(data.get("subcategory") or ""),
            side=str(data.get("side") or "target"),
        )


def penalty(findings: Iterable[Finding]) -> float:
    """MQM-weighted sum of findings (higher is worse)."""
    return round(sum(f.weight for f in findings), 4)


@dataclass(frozen=True)
class Segment:
    """A sentence (or non-content line) of a document, located in its text.

    ``content`` is False for page furniture (site banners, ``Date: Hits:``
    lines, share buttons): it is shown to the reviewer but not scored.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0
    content: bool = True
    noncontent_reason: str = ""


@dataclass(frozen=True)
class Document:
    """A whole text in one language, with its sentence segmentation."""

    name: str
    text: str
    lang: str
    segments: tuple[Segment, ...] = ()

    @property
    def sentences(self) -> list[str]:
        return [s.text for s in self.segments]


@dataclass(frozen=True)
class TermConstraint:
    """A segment-level terminology constraint (WMT terminology task style)."""

    source: str
    target: str


@dataclass(frozen=True)
class Unit:
    """One target sentence with whatever it is compared against.

    This is the unit every check sees. ``source`` is the Chinese source,
    ``reference`` a reference translation or retranslation in English; either
    may be missing. ``line`` is the 1-based line of the input file the unit
    came from, so errors and reports can point at it.
    """

    id: str
    target: str
    source: str | None = None
    reference: str | None = None
    terms: tuple[TermConstraint, ...] = ()
    doc_id: str = ""
    content: bool = True
    noncontent_reason: str = ""
    target_start: int = 0
    line: int | None = None
    note: str = ""
    # Set when the source/reference came as a document and was aligned to the target:
    # the confidence of this unit's bead, other-side sentences with no counterpart
    # that sit next to it (omissions), and whether it has no counterpart itself (addition).
    align_score: float | None = None
    omitted: tuple[str, ...] = ()
    unaligned: bool = False


@dataclass(frozen=True)
class Bead:
    """An alignment link: sentence indices on side A and side B, with a confidence.

    ``a=(0,), b=(0, 1)`` is a 1-2 link; an empty side is an omission or
    addition (1-0 / 0-1).
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.a)}-{len(self.b)}"

    def to_dict(self) -> dict[str, object]:
        return {"a": list(self.a), "b": list(self.b), "score": round(self.score, 4)}


@dataclass(frozen=True)
class Alignment:
    """An ordered list of beads covering every sentence of both sides exactly once."""

    beads: tuple[Bead, ...]
    method: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitResult:
    """A unit with its findings and the tool's verdict on it."""

    unit: Unit
    findings: tuple[Finding, ...] = ()
    broken: bool = False
    signals: tuple[tuple[str, float], ...] = field(default=())

    @property
    def penalty(self) -> float:
        return penalty(self.findings)
