"""``tqa align``: align two documents sentence by sentence and print the beads."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qa.model import Alignment


class AlignFormat(StrEnum):
    json = "json"
    tsv = "tsv"
    text = "text"


def _sentences(path: Path, presplit: bool) -> tuple[list[str], str]:
    """Sentences of a file and its language ('zh' or 'en')."""
    from qa.io import read_bytes
    from qa.io.text import decode
    from qa.segment import detect_script_lang, split_sentences

    body = decode(read_bytes(path), str(path))
    lang = detect_script_lang(body)
    if presplit:
        return [line.strip() for line in body.splitlines() if line.strip()], lang
    doc_sentences: list[str] = []
    for para in body.splitlines():
        if para.strip():
            doc_sentences.extend(split_sentences(para, lang))
    return doc_sentences, lang


def render(alignment: Alignment, a: list[str], b: list[str], fmt: AlignFormat) -> str:
    if fmt is AlignFormat.json:
        data = {
            "method": alignment.method,
            "notes": list(alignment.notes),
            "beads": [bead.to_dict() for bead in alignment.beads],
        }
        return json.dumps(data, ensure_ascii=False) + "\n"
    lines = []
    for bead in alignment.beads:
        left = " ".join(a[i] for i in bead.a)
        right = " ".join(b[j] for j in bead.b)
        if fmt is AlignFormat.tsv:
            ids_a = ",".join(str(i) for i in bead.a)
            ids_b = ",".join(str(j) for j in bead.b)
            lines.append(f"{ids_a}\t{ids_b}\t{bead.score:.4f}\t{left}\t{right}")
        else:
            lines.append(f"[{bead.kind} {bead.score:.2f}] {left or '-'}\n        {right or '-'}")
    return "\n".join(lines) + ("\n" if lines else "")


def register(app: typer.Typer) -> None:
    @app.command("align")
    def align_command(
        a: Annotated[Path, typer.Argument(help="First document (e.g. the MT output).")],
        b: Annotated[Path, typer.Argument(help="Second document (source, reference or retranslation).")],
        presplit: Annotated[
            bool, typer.Option("--presplit", help="Each non-empty line is one sentence, as given.")
        ] = False,
        format: Annotated[AlignFormat, typer.Option("--format", "-f")] = AlignFormat.json,
        no_models: Annotated[
            bool, typer.Option("--no-models", help="Align without sentence embeddings.")
        ] = False,
        model: Annotated[
            str | None, typer.Option(help="Embedding model name or local path.")
        ] = None,
    ) -> None:
        """Align two documents sentence by sentence (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1).

        Chinese against English is aligned bilingually (length, numbers and
        names, multilingual embeddings); English against English
        monolingually (character n-grams, English embeddings).
        """
        from qa.align import AlignSettings, Mode, align

        sents_a, lang_a = _sentences(a, presplit)
        sents_b, lang_b = _sentences(b, presplit)
        mode: Mode = "monolingual" if lang_a == lang_b else "bilingual"
        settings = AlignSettings(mode=mode, use_model=not no_models, model=model)
        alignment = align(sents_a, sents_b, mode=mode, settings=settings)
        for note in alignment.notes:
            typer.echo(f"tqa: note: {note}", err=True)
        sys.stdout.write(render(alignment, sents_a, sents_b, format))
        sys.stdout.flush()
