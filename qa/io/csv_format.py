"""CSV and TSV: segment tables in, formula-safe tables out.

Reading uses the stdlib :mod:`csv` module; :class:`csv.Sniffer` only picks the
delimiter. Columns are found from a header row naming them (``source``,
``target``, ``reference``, ``id``, ``note`` and their usual aliases in English
and Chinese); without a header the column count decides (see
:func:`_headerless_columns`). Every unit keeps the 1-based line its record
starts on, and every parse problem is an :class:`InputError` naming that line.

Writing defuses spreadsheet formulas (OWASP "CSV injection"): a cell that
starts with ``= + - @``, a tab or a carriage return (or their full-width
forms) gets a leading apostrophe, and the reader strips it again so a
written table reads back to the same units.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from qa.errors import InputError
from qa.io.text import MAX_LINE_CHARS, decode
from qa.model import Unit
from qa.segment import detect_script_lang

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A cell the writer defused: apostrophes, then a formula start. Stripping one
# apostrophe from exactly these cells inverts safe_cell().
_DEFUSED = re.compile("'+[" + re.escape("".join(_FORMULA_START)) + "]")

# Header names (normalised: lower case, spaces and hyphens as underscores).
_ALIASES: dict[str, frozenset[str]] = {
    "source": frozenset(
        {
            "source",
            "src",
            "zh",
            "zh_cn",
            "chinese",
            "source_text",
            "source_segment",
            "原文",
            "源文",
            "中文",
            "source_zh",
        }
    ),
    "target": frozenset(
        {
            "target",
            "tgt",
            "mt",
            "translation",
            "en",
            "en_us",
            "english",
            "译文",
            "hypothesis",
            "hyp",
            "machine_translation",
            "mt_output",
            "output",
            "target_text",
            "target_en",
            "英文",
        }
    ),
    "reference": frozenset(
        {
            "reference",
            "ref",
            "retranslation",
            "back_translation",
            "backtranslation",
            "参考译文",
            "参考",
            "回译",
        }
    ),
    "id": frozenset({"id", "segment_id", "seg_id", "segid", "unit_id", "no", "#", "编号", "序号"}),
    "note": frozenset({"note", "notes", "comment", "comments", "备注", "注释"}),
    "doc_id": frozenset({"doc_id", "docid", "document", "doc"}),
}

SNIFF_CHARS = 64 * 1024


def safe_cell(value: object) -> str:
    """A CSV cell that spreadsheets show as text, never evaluate (OWASP CSV injection).

    A cell that already starts with apostrophes before a formula character
    gets one more, so :func:`unsafe_cell` can always undo exactly one.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) or _DEFUSED.match(text):
        return "'" + text
    return text


def unsafe_cell(cell: str) -> str:
    """Undo :func:`safe_cell`: the text a defused cell stood for."""
    return cell[1:] if _DEFUSED.match(cell) else cell


def _norm_header(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.strip().strip("\ufeff").lower())


def header_columns(row: Sequence[str]) -> dict[str, int] | None:
    """Map field names to column indices if ``row`` is a header, else None.

    A row is a header when it names a target column, or names at least two
    known columns (a header without a target column is then an error the
    caller reports).
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _norm_header(cell)
        for field, names in _ALIASES.items():
            if key in names and field not in found:
                found[field] = index
                break
    if "target" in found or len(found) >= 2:
        return found
    return None


def _headerless_columns(rows: Sequence[Sequence[str]]) -> dict[str, int]:
    """Columns of a table without header, from its width.

    1 column: target. 2 columns: source,target when the first column is
    Chinese by script, else target,reference. 3 or more: source,target,reference.
    """
    width = len(rows[0])
    if width == 1:
        return {"target": 0}
    if width == 2:
        first = "\n".join(r[0] for r in rows[:200])
        if detect_script_lang(first) == "zh":
            return {"source": 0, "target": 1}
        return {"target": 0, "reference": 1}
    return {"source": 0, "target": 1, "reference": 2}


def _delimiter(text: str, name: str) -> str:
    """Tab for ``.tsv``; otherwise what csv.Sniffer finds among , tab ; |."""
    if Path(name).suffix.lower() == ".tsv":
        return "\t"
    sample = text[:SNIFF_CHARS]
    cut = sample.rfind("\n")
    if 0 < cut < len(sample) - 1:
        sample = sample[:cut]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return "\t" if "\t" in first else ","


def _records(
    text: str, name: str, delimiter: str, quote_none: bool = False
) -> list[tuple[int, list[str]]]:
    """``(start line, cells)`` of every non-blank record, or InputError with the line."""
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        quoting=csv.QUOTE_NONE if quote_none else csv.QUOTE_MINIMAL,
        strict=True,
    )
    out: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                message = 'unterminated quoted field (a " is never closed)'
            elif "field larger than field limit" in message:
                message = f"a cell is longer than {MAX_LINE_CHARS:,} characters"
            raise InputError(
                f"malformed {('TSV' if delimiter == chr(9) else 'CSV')}: {message}", name, start
            ) from exc
        if any(cell.strip() for cell in row):
            out.append((start, row))
        start = reader.line_num + 1
    return out


def _check_widths(records: list[tuple[int, list[str]]], width: int, name: str) -> None:
    for line, row in records:
        if len(row) > width and not any(c.strip() for c in row[width:]):
            del row[width:]
        if len(row) != width:
            raise InputError(
                f"row has {len(row)} columns, expected {width} like the first row", name, line
            )


def _parse(text: str, name: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Records with RFC 4180 quoting; for tab-separated data fall back to no quoting.

    Many TSV files (WMT test sets, exports of MT systems) never quote, so a
    cell starting with a quotation mark is text, not a quoted field.
    """
    try:
        records = _records(text, name, delimiter)
        if records:
            _check_widths(records, len(records[0][1]), name)
        return records
    except InputError:
        if delimiter != "\t":
            raise
        records = _records(text, name, delimiter, quote_none=True)
        if records:
            _check_widths(records, len(records[0][1]), name)
        return records


def read_units(data: bytes, name: str = "") -> Iterator[Unit]:
    """Units from CSV/TSV bytes; raises InputError naming the file and line."""
    text = decode(data, name)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_LINE_CHARS)
    try:
        records = _parse(text, name, _delimiter(text, name))
    finally:
        csv.field_size_limit(old_limit)
    yield from units_from_rows(records, name)


def units_from_rows(
    records: Sequence[tuple[int, list[str]]], name: str, unescape: bool = True
) -> Iterator[Unit]:
    """Units from ``(line, cells)`` rows of equal width: header or width names the columns.

    Shared with the XLSX reader, which passes ``unescape=False``: a
    spreadsheet stores a leading apostrophe as a style, not in the value.
    """
    if not records:
        raise InputError("file is empty (no rows)", name)
    columns = header_columns(records[0][1])
    if columns is not None:
        if "target" not in columns:
            raise InputError(
                "the header names no target column (expected one of: target, mt, translation, en, 译文)",
                name,
                records[0][0],
            )
        records = records[1:]
    else:
        columns = _headerless_columns([r for _, r in records])

    def cell(row: list[str], field: str) -> str | None:
        index = columns.get(field)
        if index is None:
            return None
        return unsafe_cell(row[index]) if unescape else row[index]

    for line, row in records:
        yield Unit(
            id=cell(row, "id") or str(line),
            target=cell(row, "target") or "",
            source=cell(row, "source") or None,
            reference=cell(row, "reference") or None,
            doc_id=cell(row, "doc_id") or "",
            note=cell(row, "note") or "",
            line=line,
        )


def write_units(
    units: Iterable[Unit], corrected: Mapping[str, str] | None = None, delimiter: str = ","
) -> bytes:
    """A formula-safe CSV (UTF-8 with BOM, so Excel reads Chinese) of units.

    ``corrected`` maps unit ids to new targets that replace the original ones.
    The result reads back through :func:`read_units` to the same units.
    """
    corrected = corrected or {}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["id", "source", "target", "reference", "note"])
    for unit in units:
        target = corrected.get(unit.id, unit.target)
        row = [unit.id, unit.source or "", target, unit.reference or "", unit.note]
        writer.writerow([safe_cell(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
