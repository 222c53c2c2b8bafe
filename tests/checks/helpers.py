"""Spec-style helpers for check tests (after translate-toolkit's ``fails``/``passes``).

``assert fails(check, "text")`` reads like the specification of the check.
A check is named by its registered name or given as the function itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qa.checks.registry import REGISTRY, CheckContext
from qa.model import Finding, Unit
from qa.pipeline import run_checks


def _name(check: str | Callable[..., Any]) -> str:
    if isinstance(check, str):
        return check
    for name, spec in REGISTRY.items():
        if spec.func is check:
            return name
    raise KeyError(f"{check!r} is not a registered check")


def findings(
    check: str | Callable[..., Any],
    target: str,
    source: str | None = None,
    reference: str | None = None,
    ctx: CheckContext | None = None,
) -> list[Finding]:
    """Findings of one check on one unit, run through the pipeline (prepare hooks included)."""
    unit = Unit(id="t", target=target, source=source, reference=reference)
    context = ctx or CheckContext(use_models=False)
    (result,) = run_checks([unit], context, select=[_name(check)])
    return list(result.findings)


def fails(
    check: str | Callable[..., Any], target: str, source: str | None = None, **kw: Any
) -> bool:
    return bool(findings(check, target, source, **kw))


def passes(
    check: str | Callable[..., Any], target: str, source: str | None = None, **kw: Any
) -> bool:
    return not findings(check, target, source, **kw)
