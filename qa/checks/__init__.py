"""Check families. Importing this package registers every check, in one place."""

from qa.checks import accuracy  # noqa: F401
from qa.checks import alignment  # noqa: F401
from qa.checks import completeness  # noqa: F401
from qa.checks import length  # noqa: F401
from qa.checks import lm_fluency  # noqa: F401
from qa.checks import mechanics  # noqa: F401
from qa.checks import nontranslation  # noqa: F401
from qa.checks import reference  # noqa: F401
from qa.checks import spelling  # noqa: F401
from qa.checks import structure  # noqa: F401
from qa.checks import terminology  # noqa: F401
from qa.checks.registry import REGISTRY, CheckContext, CheckSpec, Hit, register

__all__ = ["REGISTRY", "CheckContext", "CheckSpec", "Hit", "register"]
