"""``tqa glossary validate|import|export|terms``: glossary files from the command line."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    glossary_app = typer.Typer(
        help="Validate, import, export glossaries and show per-term consistency.",
        no_args_is_help=True,
    )
    app.add_typer(glossary_app, name="glossary")

    @glossary_app.command("validate")
    def validate_command(
        files: Annotated[list[Path], typer.Argument(help="Glossary files (CSV, TSV, TBX, XLSX).")],
    ) -> None:
        """Report empty, duplicate and conflicting entries with their row numbers (exit 1 on errors)."""
        from qa.glossary import GlossarySet, load_glossary, validate

        errors = 0
        loaded = []
        for path in files:
            glossary = load_glossary(path)
            loaded.append(glossary)
            problems = validate(glossary)
            errors += sum(p.level == "error" for p in problems)
            for problem in problems:
                typer.echo(str(problem))
            typer.echo(f"{path}: {len(glossary)} entries, {len(problems)} problem(s)", err=True)
        if len(loaded) > 1:
            for lost, winner in GlossarySet.of(loaded).shadowed:
                typer.echo(
                    f"{lost.origin}:{lost.row}: note: {lost.source or lost.key} is overridden by "
                    f"{winner.origin}:{winner.row} (earlier glossaries win)"
                )
        if errors:
            raise typer.Exit(1)

    @glossary_app.command("import")
    def import_command(
        source: Annotated[Path, typer.Argument(help="Glossary to import (any supported format).")],
        into: Annotated[
            Path, typer.Argument(help="Glossary file to add the entries to (created if missing).")
        ],
        overwrite: Annotated[
            bool, typer.Option(help="Replace entries for terms already present.")
        ] = False,
    ) -> None:
        """Merge a glossary into another file (atomic save, previous version kept in the history)."""
        from qa.glossary import load_glossary
        from qa.glossary_store import GlossaryStore

        store = GlossaryStore(into)
        added, replaced = store.import_from(load_glossary(source), overwrite=overwrite)
        store.save()
        typer.echo(f"{into}: {added} added, {replaced} replaced, {len(store.entries)} entries")

    @glossary_app.command("export")
    def export_command(
        source: Annotated[Path, typer.Argument(help="Glossary file to convert.")],
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Output file (default: stdout).")
        ] = None,
        format: Annotated[
            str | None,
            typer.Option(
                "--format", "-f", help="csv, tsv, tbx (v3), tbx2008 or xlsx; default from --output."
            ),
        ] = None,
    ) -> None:
        """Write a glossary in another format."""
        from qa.glossary import format_of, load_glossary, serialize
        from qa.glossary_store import atomic_write

        fmt = format or (format_of(output) if output else "csv")
        data = serialize(load_glossary(source), fmt)
        if output:
            atomic_write(output, data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    @glossary_app.command("terms")
    def terms_command(
        input: Annotated[Path, typer.Argument(help="Translation: a document or a segment file.")],
        glossary: Annotated[
            list[Path] | None, typer.Option(help="Glossary file (repeatable; first wins).")
        ] = None,
        source: Annotated[Path | None, typer.Option(help="Chinese source document.")] = None,
        no_default_glossaries: Annotated[
            bool,
            typer.Option("--no-default-glossaries", help="Do not load the shipped glossaries."),
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
    ) -> None:
        """Per-term consistency table: each rendering used, how often, in which documents."""
        from qa import io
        from qa.checks.terminology import consistency_table
        from qa.glossary import load_set
        from qa.inputs import build_units

        units = build_units(io.load(input), io.load(source, lang="zh") if source else None)
        # Segments that name no document belong to the input file: the table says so.
        units = [u if u.doc_id else replace(u, doc_id=input.name) for u in units]
        gset = load_set([str(g) for g in glossary or []], not no_default_glossaries)
        rows = consistency_table(units, gset)
        if as_json:
            typer.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=1))
            return
        if not rows:
            typer.echo("no glossary terms found")
            return
        typer.echo("source\trendering\tstatus\tcount\tdocuments")
        for r in rows:
            typer.echo(
                f"{r.source or '-'}\t{r.rendering}\t{r.status}\t{r.count}\t{', '.join(r.documents)}"
            )
