"""Model loading (placeholder until the fluency-model work lands)."""

from __future__ import annotations

from qa.checks.registry import CheckContext


def attach_models(ctx: CheckContext) -> None:
    """Load the models that model-based checks use into ``ctx`` (none yet)."""
