"""Formats are recognised by content; the extension only separates CSV/TSV from text."""

import codecs
from pathlib import Path

import pytest

from qa.errors import InputError
from qa.io import load
from qa.io.sniff import sniff

DATA = Path(__file__).parent.parent / "data" / "io"


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        ((DATA / "xliff12.xlf").read_bytes(), "a.txt", "xliff"),
        ((DATA / "xliff20.xlf").read_bytes(), "a.csv", "xliff"),
        ((DATA / "memory.tmx").read_bytes(), "a.xml", "tmx"),
        (codecs.BOM_UTF8 + (DATA / "memory.tmx").read_bytes(), "a", "tmx"),
        ((DATA / "xliff12.xlf").read_text(encoding="utf-8").encode("utf-16"), "a", "xliff"),
        (b'{"id": 1, "target": "x"}\n', "a.txt", "jsonl"),
        (b'[\n  {"target": "x"}\n]', "a.txt", "json"),
        (b'{\n  "segments": []\n}', "a", "json"),
        (b"[Draft] A title", "a.txt", "text"),
        (b"source,target\n", "a.csv", "csv"),
        (b"source\ttarget\n", "a.TSV", "tsv"),
        (b"source,target\n", "a.txt", "text"),
        ("你好。".encode(), "a.xlf", "text"),
    ],
)
def test_sniff(data, name, expected):
    assert sniff(data, name) == expected


def test_xml_with_long_preamble_is_dispatched_by_root_element():
    body = (DATA / "xliff12.xlf").read_bytes()
    data = body.replace(b"?>", b"?>\n<!-- " + b"x" * 5000 + b" -->", 1)
    assert sniff(data, "a.xml") == "xml"
    loaded = load("a.xml", data)
    assert loaded.format == "xliff"
    assert len(loaded.units) == 3


def test_directory_and_missing_file_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="directory"):
        load(tmp_path)
    with pytest.raises(InputError, match="cannot read"):
        load(tmp_path / "missing.txt")


def test_unsupported_zip_is_named():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(InputError, match="not supported"):
        load("a.zip", out.getvalue())


def test_truncated_office_file_is_named_as_damaged_not_decoded_as_text():
    import io

    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A sentence that would be lost.")
    document.save(out)
    for cut in (8, 3000):
        with pytest.raises(InputError, match="damaged or truncated ZIP"):
            load("report.docx", out.getvalue()[:cut])
