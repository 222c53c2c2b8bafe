"""``tqa models``: prepare and inspect the fluency language model."""

from __future__ import annotations

import time
from typing import Annotated

import typer

LM_HELP = (
    "Model: an alias (smollm2, gemma3-270m), a folder, a .gguf file (default: $TQA_LM or smollm2)."
)


def register(app: typer.Typer) -> None:
    models_app = typer.Typer(
        help="Prepare and inspect the fluency language model.", no_args_is_help=True
    )
    app.add_typer(models_app, name="models")

    @models_app.command("prepare")
    def prepare_command(
        lm: Annotated[str | None, typer.Option("--lm", help=LM_HELP)] = None,
    ) -> None:
        """Convert the model once into the cache so later runs load it in about a second."""
        from qa.models import load_lm, prepare

        started = time.perf_counter()
        folder = prepare(lm)
        load_lm(lm)
        typer.echo(f"ready: {folder} ({time.perf_counter() - started:.1f} s)")

    @models_app.command("status")
    def status_command(
        lm: Annotated[str | None, typer.Option("--lm", help=LM_HELP)] = None,
    ) -> None:
        """Say which model a run would use, where its converted copy lives, and whether it is ready."""
        from qa.models import status

        for key, value in status(lm).items():
            typer.echo(f"{key}: {value}")
