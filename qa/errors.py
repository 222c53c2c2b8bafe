"""Error hierarchy: every failure a user can cause names what to fix."""

from __future__ import annotations


class QAError(Exception):
    """Base class of all errors tqa raises on purpose."""


class InputError(QAError):
    """A file could not be read or parsed; names the file and, if known, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.detail = message
        where = ""
        if path:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class MissingModelError(QAError):
    """A model-based feature was asked for but its model is not available."""

    def __init__(self, what: str, fix: str):
        self.what = what
        self.fix = fix
        super().__init__(f"{what} is not available: {fix}")


class ConflictError(QAError):
    """A file changed on disk since it was loaded; saving would lose someone's edit."""
