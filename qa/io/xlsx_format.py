"""XLSX: a bilingual table in the first worksheet, read like a CSV file.

openpyxl reads the workbook (read-only, cached values rather than formulas:
a formula cell shows what Excel last computed). Rows become ``(row number,
cells)`` and go through the same header and column-width rules as CSV
(:func:`qa.io.csv_format.units_from_rows`), so a unit's ``line`` is its
spreadsheet row. :func:`qa.io.ooxml.check_package` vets the archive first.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from qa.errors import InputError
from qa.io.csv_format import units_from_rows
from qa.io.ooxml import check_package
from qa.io.text import MAX_LINE_CHARS
from qa.model import Unit


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids typed as numbers: 7.0 -> "7"
    return str(value)


def read_rows(data: bytes, name: str = "") -> list[tuple[int, list[str]]]:
    """Non-blank rows of the first worksheet, padded to the widest row."""
    check_package(data, name, "xl/workbook.xml")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read XLSX: {exc}", name) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if not cells:
                continue
            if any(len(c) > MAX_LINE_CHARS for c in cells):
                raise InputError(
                    f"a cell is longer than {MAX_LINE_CHARS:,} characters", name, number
                )
            rows.append((number, cells))
    finally:
        workbook.close()
    width = max((len(cells) for _, cells in rows), default=0)
    return [(number, cells + [""] * (width - len(cells))) for number, cells in rows]


def read_units(data: bytes, name: str = "") -> list[Unit]:
    """Units of the first worksheet; InputError naming the file (and row) on failure."""
    return list(units_from_rows(read_rows(data, name), name, unescape=False))
