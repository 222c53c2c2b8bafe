"""``tqa serve``: open the reviewer app in the browser."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

APP = Path(__file__).resolve().parents[2] / "app.py"


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        document: Annotated[Path | None, typer.Argument(help="Document to open (default: the seed).")] = None,
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
    ) -> None:
        """Start the Streamlit reviewer app."""
        if not APP.exists():
            raise typer.BadParameter(f"{APP} not found: run from a source checkout")
        args = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
                "--server.headless", "true"]
        if document is not None:
            args += ["--", str(document.resolve())]
        os.execv(sys.executable, args)
