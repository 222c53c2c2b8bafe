"""``tqa score``: reserved for batch scoring (BLEU, chrF, TER, MQM), which has its own issue."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("score", help="Batch scoring (reserved; not implemented yet).")
    def score_command() -> None:
        typer.echo("tqa: error: `tqa score` is not implemented yet", err=True)
        raise typer.Exit(2)
