"""``tqa check``: run the checks over a document or segment file and report."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qa import io, report
from qa.inputs import build_units
from qa.io.jsonl import write_results
from qa.model import Severity
from qa.pipeline import make_context, run_checks


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


def _render(fmt: OutputFormat, results, notices) -> bytes:  # type: ignore[no-untyped-def]
    if fmt is OutputFormat.jsonl:
        return write_results(results)
    if fmt is OutputFormat.json:
        return report.to_json(results, notices)
    if fmt is OutputFormat.csv:
        return report.to_csv(results)
    if fmt is OutputFormat.html:
        return report.to_html(results)
    return report.to_text(results, notices).encode("utf-8")


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        input: Annotated[Path, typer.Argument(help="Translation: a document or a segment file.")],
        source: Annotated[Path | None, typer.Option(help="Chinese source document.")] = None,
        reference: Annotated[
            Path | None, typer.Option(help="Reference translation or retranslation.")
        ] = None,
        glossary: Annotated[
            list[Path] | None, typer.Option(help="Glossary file (repeatable).", metavar="FILE")
        ] = None,
        format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
        output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
        fail_on: Annotated[Severity | None, typer.Option(help="Exit 1 on findings this severe.")] = None,
        no_models: Annotated[bool, typer.Option("--no-models", help="Skip model-based checks.")] = False,
        select: Annotated[list[str] | None, typer.Option(help="Run only these checks or categories.", metavar="NAME")] = None,
        ignore: Annotated[list[str] | None, typer.Option(help="Skip these checks or categories.", metavar="NAME")] = None,
        no_default_glossaries: Annotated[
            bool, typer.Option("--no-default-glossaries", help="Do not load the shipped glossaries.")
        ] = False,
    ) -> None:
        """Check a translation for broken sentences, terminology and accuracy problems."""
        target = io.load(input)
        src = io.load(source, lang="zh") if source else None
        ref = io.load(reference, lang="en") if reference else None
        align_notes: list[str] = []
        units = build_units(target, src, ref, use_models=not no_models, notes=align_notes)
        ctx = make_context(
            [str(g) for g in glossary or []],
            use_models=not no_models,
            default_glossaries=not no_default_glossaries,
        )
        for note in align_notes:
            ctx.notice(note)
        try:
            results = run_checks(units, ctx, select=select, ignore=ignore)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        for notice in ctx.notices:
            typer.echo(f"tqa: note: {notice}", err=True)
        data = _render(format, results, ctx.notices)
        if output:
            output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if fail_on is not None and any(
            f.severity.rank >= fail_on.rank for r in results for f in r.findings
        ):
            raise typer.Exit(1)
