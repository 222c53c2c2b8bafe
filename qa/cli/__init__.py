"""The ``tqa`` command line: a thin shell, one module per command.

Each command module exposes ``register(app)``; this module only wires them and
turns :class:`~qa.errors.QAError` into a one-line message with exit code 2.
"""

from __future__ import annotations

import logging
import sys

import typer

from qa.cli import align, check, glossary, models, score, serve
from qa.errors import QAError

app = typer.Typer(
    name="tqa",
    help="Translation-quality assistant for Chinese-to-English machine translation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for module in (check, align, glossary, score, serve, models):
    module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, format="tqa: %(message)s")
    try:
        returned = app(args=argv, prog_name="tqa", standalone_mode=False)
    except QAError as exc:
        print(f"tqa: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        # An output path that cannot be written (missing folder, a directory, no space):
        # the user's to fix, so one line naming the file rather than a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"tqa: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        # Usage errors of the command-line parser carry their own message and code.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            return code
        raise
    return returned if isinstance(returned, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
