"""Readers and writers, one module per format, chosen by content rather than extension.

``load(path)`` is the one entry point the shells use: it sniffs the format and
returns either a monolingual :class:`~qa.model.Document` (plain text, DOCX)
or a list of :class:`~qa.model.Unit` (segment JSONL, CSV/TSV, XLIFF, TMX).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from qa.io import jsonl, text
from qa.io.sniff import sniff
from qa.model import Document, Unit
from qa.segment import detect_script_lang, segment_text

MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Loaded:
    """What a file held: a document to segment and align, or ready-made units."""

    path: str
    format: str
    document: Document | None = None
    units: tuple[Unit, ...] = ()


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from exc
    if size > MAX_BYTES:
        raise InputError(f"file is {size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB", str(path))
    if p.is_dir():
        raise InputError("is a directory, not a file", str(path))
    return p.read_bytes()


def load(path: str | Path, data: bytes | None = None, lang: str | None = None) -> Loaded:
    """Read ``path`` (or ``data`` named ``path``) in whatever supported format it holds."""
    name = str(path)
    raw = read_bytes(path) if data is None else data
    fmt = sniff(raw, name)
    if fmt == "jsonl":
        return Loaded(name, fmt, units=tuple(jsonl.read_units(raw, name)))
    if fmt == "text":
        body = text.decode(raw, name)
        language = lang or detect_script_lang(body)
        doc = segment_text(body, language, Path(name).name)
        return Loaded(name, fmt, document=doc)
    raise InputError(f"format {fmt!r} is not supported yet", name)
