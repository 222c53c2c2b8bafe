"""``tqa align``: reserved; lands with the alignment issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("align", help="Align two documents sentence by sentence (not yet available).")
    def align_command() -> None:
        raise typer.Exit(2)
