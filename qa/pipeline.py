"""Run the registered checks over translation units and reach a verdict per unit."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import qa.checks  # noqa: F401  (registers every check family)
from qa import workers
from qa.checks.registry import CheckContext, CheckSpec, select_checks
from qa.gc_policy import freeze_what_is_loaded, rare_full_collections
from qa.model import Document, Finding, Unit, UnitResult
from qa.verdict import SCORE_SIGNAL, judge

log = logging.getLogger(__name__)


def units_from_document(doc: Document, doc_id: str | None = None) -> list[Unit]:
    """One unit per sentence of a monolingual target document."""
    did = doc_id if doc_id is not None else doc.name
    return [
        Unit(
            id=f"{seg.index + 1}",
            target=seg.text,
            doc_id=did,
            content=seg.content,
            noncontent_reason=seg.noncontent_reason,
            target_start=seg.start,
            line=doc.text.count("\n", 0, seg.start) + 1,
        )
        for seg in doc.segments
    ]


def _distinct_ids(units: Sequence[Unit]) -> Sequence[Unit]:
    """Units whose ids are unique within the run, for the checks to record signals under.

    Checks record signals by ``unit.id``; batches often number segments per
    document (A/1, B/1), and one unit's signals must not reach another's
    verdict. Repeated ids get a run-local suffix; results carry the units as given.
    """
    counts = Counter(u.id for u in units)
    if all(n == 1 for n in counts.values()):
        return units
    return [replace(u, id=f"{u.id}\x1f{i}") if counts[u.id] > 1 else u for i, u in enumerate(units)]


# Needs that depend on the unit; every other need is the run's (a model, a glossary).
_UNIT_NEEDS = frozenset({"source", "reference", "terms"})


def _eligible(
    spec: CheckSpec, units: Sequence[Unit], ctx: CheckContext, memo: dict[str, list[bool]]
) -> list[int]:
    """Indexes of the units ``spec`` applies to: content (or any, if ``on_noncontent``), needs met.

    Forty checks over thousands of units made the per-(check, unit) test a
    visible share of a rule run; a unit's needs are tested once per run
    (``memo``) and the run's needs once per check.
    """
    if not all(ctx.has(need) for need in spec.needs - _UNIT_NEEDS):
        return []
    masks = []
    for need in spec.needs & _UNIT_NEEDS:
        if need not in memo:
            memo[need] = [ctx.has(need, unit) for unit in units]
        masks.append(memo[need])
    on_noncontent = spec.on_noncontent
    return [
        i
        for i, unit in enumerate(units)
        if (on_noncontent or unit.content) and all(mask[i] for mask in masks)
    ]


def _run_specs(
    specs: Sequence[CheckSpec], units: Sequence[Unit], ctx: CheckContext
) -> dict[int, list[Finding]]:
    """Findings of ``specs`` by unit index, in the order the checks ran."""
    found: dict[int, list[Finding]] = defaultdict(list)
    memo: dict[str, list[bool]] = {}
    for spec in specs:
        if spec.prepare is not None:
            spec.prepare(units, ctx)
        eligible = _eligible(spec, units, ctx, memo)
        if spec.scope == "document":
            chosen = [units[i] for i in eligible]
            for local_index, hit in spec.func(chosen, ctx):
                found[eligible[local_index]].append(spec.finding(hit))
            continue
        check, finding = spec.func, spec.finding
        for index in eligible:
            for hit in check(units[index], ctx):
                found[index].append(finding(hit))
    return found


def run_checks(
    units: Sequence[Unit],
    ctx: CheckContext | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> list[UnitResult]:
    """Run the chosen checks; findings come back sorted by position within each unit."""
    ctx = ctx or CheckContext()
    given, units = units, _distinct_ids(units)
    specs = select_checks(select, ignore)
    if not ctx.use_models:
        specs = [s for s in specs if not s.uses_model]
    local, remote = workers.split(specs)
    with rare_full_collections():
        if local and remote and workers.usable(specs, units, ctx):
            found = workers.run_split(_run_specs, local, remote, units, ctx)
        else:
            found = _run_specs(specs, units, ctx)
    results = []
    for index, unit in enumerate(units):
        findings = tuple(
            sorted(found.get(index, ()), key=lambda f: (f.side, f.start, f.end, f.check))
        )
        signals = dict(ctx.signals.get(unit.id, {}))
        unit = given[index]
        verdict = judge(findings, signals)
        signals[SCORE_SIGNAL] = verdict.score
        broken = unit.content and verdict.broken
        results.append(
            UnitResult(
                unit=unit,
                findings=findings,
                broken=broken,
                signals=tuple(sorted(signals.items())),
            )
        )
    freeze_what_is_loaded()
    return results


def make_context(
    glossary_paths: Sequence[str] = (),
    use_models: bool = True,
    default_glossaries: bool = True,
    **options: object,
) -> CheckContext:
    """The context a run of checks needs: glossaries and models, loaded once.

    Model-based checks that cannot load their model are switched off with a
    notice instead of failing the run.
    """
    from qa.glossary import attach_glossaries
    from qa.models import attach_models

    ctx = CheckContext(use_models=use_models, options=dict(options))
    attach_glossaries(ctx, glossary_paths, default_glossaries)
    if use_models:
        attach_models(ctx)
    return ctx
