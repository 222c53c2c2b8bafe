"""``tqa glossary``: reserved; lands with the glossary issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("glossary", help="Validate, import, export glossaries (not yet available).")
    def glossary_command() -> None:
        raise typer.Exit(2)
