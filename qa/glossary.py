"""Glossaries (placeholder until the glossary issue lands)."""

from __future__ import annotations

from collections.abc import Sequence

from qa.checks.registry import CheckContext


def attach_glossaries(ctx: CheckContext, paths: Sequence[str], use_defaults: bool = True) -> None:
    """Load the given glossaries (and the shipped ones) into ``ctx.glossary``."""
    if paths:
        ctx.notice("glossaries are not supported yet; --glossary ignored")
