"""Readers and writers, one module per format, chosen by content rather than extension.

``load(path)`` is the one entry point the shells use: it sniffs the format and
returns either a monolingual :class:`~qa.model.Document` (plain text, DOCX)
or a list of :class:`~qa.model.Unit` (segment JSONL or JSON, CSV/TSV, XLSX, XLIFF, TMX).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from qa.io import jsonl, text, xmlsafe
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
        raise InputError(
            f"file is {size // 2**20} MiB; the limit is {MAX_BYTES // 2**20} MiB", str(path)
        )
    if p.is_dir():
        raise InputError("is a directory, not a file", str(path))
    return p.read_bytes()


def load(path: str | Path, data: bytes | None = None, lang: str | None = None) -> Loaded:
    """Read ``path`` (or ``data`` named ``path``) in whatever supported format it holds.

    The format is sniffed from the bytes (a ``.txt`` holding XLIFF is read
    as XLIFF); only CSV and TSV, which look like plain text, go by extension.
    Readers are imported on first use so that ``tqa --help`` stays fast.
    """
    name = str(path)
    raw = read_bytes(path) if data is None else data
    if not raw.strip(b" \t\r\n\x0b\x0c"):
        raise InputError("file is empty", name)
    fmt = sniff(raw, name)
    if fmt == "jsonl":
        return _units(name, fmt, jsonl.read_units(raw, name))
    if fmt == "json":
        return _units(name, fmt, jsonl.read_json_units(raw, name))
    if fmt in ("csv", "tsv"):
        from qa.io import csv_format

        return _units(name, fmt, csv_format.read_units(raw, name))
    if fmt == "xlsx":
        from qa.io import xlsx_format

        return _units(name, fmt, xlsx_format.read_units(raw, name))
    if fmt in ("xliff", "tmx", "xml"):
        return _load_xml(raw, name)
    if fmt == "docx":
        from qa.io import docx_format

        return _document(name, fmt, docx_format.read_text(raw, name), lang)
    if fmt == "text":
        return _document(name, fmt, text.read_text(raw, name), lang)
    if fmt == "badzip":
        raise InputError("damaged or truncated ZIP archive (a DOCX or XLSX file?)", name)
    raise InputError(f"format {fmt!r} is not supported (see README: supported formats)", name)


def _units(name: str, fmt: str, units: Iterable[Unit]) -> Loaded:
    """Loaded units; a file without any is an error, not an empty report."""
    found = tuple(units)
    if not found:
        raise InputError(f"no segments found in this {fmt.upper()} file", name)
    return Loaded(name, fmt, units=found)


def _document(name: str, fmt: str, body: str, lang: str | None) -> Loaded:
    text.check_line_lengths(body, name)
    language = lang or detect_script_lang(body)
    return Loaded(name, fmt, document=segment_text(body, language, Path(name).name))


def _load_xml(raw: bytes, name: str) -> Loaded:
    """XLIFF or TMX, told apart by the root element the safe parser finds."""
    from lxml import etree

    root = xmlsafe.parse(raw, name)
    kind = etree.QName(root).localname
    if kind == "xliff":
        from qa.io import xliff

        return _units(name, "xliff", xliff.read_units(raw, name, root))
    if kind == "tmx":
        from qa.io import tmx

        return _units(name, "tmx", tmx.read_units(raw, name, root))
    raise InputError(
        f"XML with root <{kind}> is not a supported format (XLIFF or TMX expected)", name, 1
    )
