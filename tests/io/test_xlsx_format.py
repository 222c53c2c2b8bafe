"""XLSX: the first worksheet read with the CSV column rules; the archive is vetted first."""

import io
import zipfile

import openpyxl
import pytest

from qa.errors import InputError
from qa.io import load
from qa.io.ooxml import check_package
from qa.model import Unit


def xlsx_bytes(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_header_row_and_numeric_ids():
    data = xlsx_bytes(
        ("编号", "原文", "译文", "备注"),
        (1, "你好", "Hello", None),
        (),
        (3.0, "世界", "World", "n"),
    )
    loaded = load("table.xlsx", data)
    assert loaded.format == "xlsx"
    assert loaded.units == (
        Unit("1", "Hello", "你好", line=2),
        Unit("3", "World", "世界", note="n", line=4),  # blank row 3 skipped; line = row
    )


def test_without_header_two_chinese_first_columns_are_source_target():
    units = load("t.xlsx", xlsx_bytes(("你好", "Hello"), ("世界", "World"))).units
    assert [(u.source, u.target, u.line) for u in units] == [
        ("你好", "Hello", 1),
        ("世界", "World", 2),
    ]


def test_apostrophes_are_kept_as_typed():
    # In a spreadsheet a leading apostrophe is formatting, never part of the value;
    # a value that does start with one is the user's text.
    units = load("t.xlsx", xlsx_bytes(("source", "target"), ("你", "'=x"))).units
    assert units[0].target == "'=x"


def test_header_without_target_is_an_error_naming_the_row():
    with pytest.raises(InputError, match="no target column") as info:
        load("t.xlsx", xlsx_bytes((), ("id", "source"), ("1", "你")))
    assert info.value.line == 2


def test_empty_workbook_is_refused():
    with pytest.raises(InputError, match="empty"):
        load("e.xlsx", xlsx_bytes())


def repack(data: bytes, part: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, change(body) if item.filename == part else body)
    return out.getvalue()


def test_entity_declaration_in_a_sheet_is_refused():
    data = repack(
        xlsx_bytes(("source", "target"), ("你", "a")),
        "xl/worksheets/sheet1.xml",
        lambda b: b'<!DOCTYPE x [<!ENTITY e "lol">]>' + b,
    )
    with pytest.raises(InputError, match="sheet1.xml declares"):
        load("evil.xlsx", data)


def test_zip_bomb_is_refused_before_inflating(monkeypatch):
    import qa.io.ooxml as ooxml

    data = xlsx_bytes(("source", "target"), ("你", "a"))
    monkeypatch.setattr(ooxml, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(InputError, match="unpack to"):
        check_package(data, "bomb.xlsx", "xl/workbook.xml")
