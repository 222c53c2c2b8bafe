"""The check registry: every check is declared once, with its metadata.

A check is a small function named after what it checks. It receives a
:class:`~qa.model.Unit` and a :class:`CheckContext` and yields :class:`Hit`
objects (where and why); the registry turns hits into
:class:`~qa.model.Finding` objects carrying the check's name, MQM category and
default severity, so no check repeats its own metadata. Document-scope checks
see every unit of a run at once (consistency across segments) and yield
``(unit_index, Hit)`` pairs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from qa.model import Category, Finding, Severity, Unit

log = logging.getLogger(__name__)

Scope = Literal["unit", "document"]
# What a check needs to run on a unit; a unit lacking it is skipped by the check.
Need = Literal["source", "reference", "glossary", "terms", "lm", "spacy", "speller"]


@dataclass(frozen=True)
class Hit:
    """Where and why a check fired, before the registry adds its metadata."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    evidence: str | None = None
    severity: Severity | None = None
    category: Category | None = None
    subcategory: str | None = None
    side: str = "target"


@dataclass
class CheckContext:
    """What checks may consult besides the unit: glossaries, models, options.

    ``notices`` collects one-line messages (e.g. a missing model) that the
    shells show to the user; ``signals`` collects per-unit numbers (surprisal,
    similarity) that the verdict may combine; ``cache`` lets a family share
    expensive per-run work (a parse, a model batch) between its checks.
    """

    glossary: Any = None
    lm: Any = None
    options: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    signals: dict[str, dict[str, float]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
    use_models: bool = True

    def notice(self, message: str) -> None:
        if message not in self.notices:
            log.info(message)
            self.notices.append(message)

    def record_signal(self, unit: Unit, name: str, value: float) -> None:
        self.signals.setdefault(unit.id, {})[name] = float(value)

    def has(self, need: str, unit: Unit | None = None) -> bool:
        if need == "source":
            return unit is not None and bool(unit.source and unit.source.strip())
        if need == "reference":
            return unit is not None and bool(unit.reference and unit.reference.strip())
        if need == "terms":
            return unit is not None and bool(unit.terms)
        if need == "glossary":
            return self.glossary is not None
        if need == "lm":
            return self.use_models and self.lm is not None
        return True


UnitCheck = Callable[[Unit, CheckContext], Iterable[Hit]]
DocumentCheck = Callable[[Sequence[Unit], CheckContext], Iterable[tuple[int, Hit]]]
Prepare = Callable[[Sequence[Unit], CheckContext], None]


@dataclass(frozen=True)
class CheckSpec:
    """Metadata of one check; ``description`` is the text the user sees."""

    name: str
    category: Category
    severity: Severity
    description: str
    func: Callable[..., Iterable[Any]]
    scope: Scope = "unit"
    needs: frozenset[str] = frozenset()
    subcategory: str = ""
    on_noncontent: bool = False
    prepare: Prepare | None = None
    uses_model: bool = False

    def finding(self, hit: Hit) -> Finding:
        return Finding(
            check=self.name,
            category=hit.category or self.category,
            severity=hit.severity or self.severity,
            start=hit.start,
            end=hit.end,
            message=hit.message,
            suggestion=hit.suggestion,
            evidence=hit.evidence,
            subcategory=self.subcategory if hit.subcategory is None else hit.subcategory,
            side=hit.side,
        )


REGISTRY: dict[str, CheckSpec] = {}


def register(
    name: str,
    category: Category,
    severity: Severity,
    description: str,
    *,
    scope: Scope = "unit",
    needs: Iterable[str] = (),
    subcategory: str = "",
    on_noncontent: bool = False,
    prepare: Prepare | None = None,
    uses_model: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a check. A second check with the same name is a programming error."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        REGISTRY[name] = CheckSpec(
            name=name,
            category=category,
            severity=severity,
            description=description,
            func=func,
            scope=scope,
            needs=frozenset(needs),
            subcategory=subcategory,
            on_noncontent=on_noncontent,
            prepare=prepare,
            uses_model=uses_model,
        )
        return func

    return decorate


def select_checks(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[CheckSpec]:
    """Checks chosen by name or category; unknown names are an error, not a silent no-op."""
    known = set(REGISTRY) | {c.value for c in Category}
    chosen = set(select or ()) or None
    dropped = set(ignore or ())
    unknown = ((chosen or set()) | dropped) - known
    if unknown:
        raise ValueError(f"unknown check or category: {', '.join(sorted(unknown))}")

    def matches(spec: CheckSpec, names: set[str]) -> bool:
        return spec.name in names or spec.category.value in names

    return [
        spec
        for spec in REGISTRY.values()
        if (chosen is None or matches(spec, chosen)) and not matches(spec, dropped)
    ]


def iter_findings(spec: CheckSpec, unit: Unit, ctx: CheckContext) -> Iterator[Finding]:
    for hit in spec.func(unit, ctx):
        yield spec.finding(hit)
