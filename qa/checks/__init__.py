"""Check families. Importing this package registers every check, in one place."""

from qa.checks import (
    accuracy,  # noqa: F401
    alignment,  # noqa: F401
    codes,  # noqa: F401
    completeness,  # noqa: F401
    length,  # noqa: F401
    lm_fluency,  # noqa: F401
    mechanics,  # noqa: F401
    nontranslation,  # noqa: F401
    reference,  # noqa: F401
    sentence_gaps,  # noqa: F401
    spelling,  # noqa: F401
    structure,  # noqa: F401
    terminology,  # noqa: F401
)
from qa.checks.registry import REGISTRY, CheckContext, CheckSpec, Hit, register

__all__ = ["REGISTRY", "CheckContext", "CheckSpec", "Hit", "register"]
