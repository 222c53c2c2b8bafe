"""Segment JSONL: one object per line; errors name the line."""

import json

import pytest

from qa.errors import InputError
from qa.io import load
from qa.io.jsonl import read_units, write_results
from qa.model import Category, Finding, Severity, TermConstraint, Unit, UnitResult


def read(text: str) -> list[Unit]:
    return list(read_units(text.encode("utf-8"), "s.jsonl"))


def test_reads_units_with_terms_and_blank_lines():
    got = read(
        '{"id": "a", "target": "Hi", "source": "你好", "terms": [{"source": "你", "target": "you"}]}\n'
        "\n"
        '{"target": "Two"}\n'
    )
    assert got[0] == Unit("a", "Hi", "你好", terms=(TermConstraint("你", "you"),), line=1)
    assert (got[1].id, got[1].line) == ("3", 3)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"target": "ok"}\n{"target": "broken"\n', 2, "invalid JSON"),
        ('{"target": "ok"}\n\n[1, 2]\n', 3, "JSON object"),
        ('{"id": 1, "source": "你好"}\n', 1, "target"),
        ('{"target": 5}\n', 1, "target"),
        ('{"target": "x", "source": 3}\n', 1, '"source"'),
        ('{"target": "x", "terms": "t"}\n', 1, "terms"),
        ('{"target": "x", "terms": [{"source": "a"}]}\n', 1, "term"),
    ],
    ids=[
        "bad-json",
        "not-object",
        "missing-target",
        "int-target",
        "int-source",
        "terms-str",
        "term-incomplete",
    ],
)
def test_errors_name_the_line(text, line, message):
    with pytest.raises(InputError, match=message) as info:
        read(text)
    assert info.value.line == line
    assert info.value.path == "s.jsonl"


def test_load_sniffs_jsonl_whatever_the_extension():
    loaded = load("upload.txt", b'{"id": "1", "target": "Hello."}\n')
    assert loaded.format == "jsonl"
    assert loaded.units == (Unit("1", "Hello.", line=1),)


def test_write_results_is_one_json_object_per_unit():
    finding = Finding("c", Category.FLUENCY, Severity.MINOR, 0, 2, "msg")
    data = write_results(
        [UnitResult(Unit("1", "Hi"), (finding,), False), UnitResult(Unit("2", "Yo"), (), False)]
    )
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert [r["id"] for r in records] == ["1", "2"]
    assert records[0]["findings"][0]["check"] == "c"
    assert write_results([]) == b""


def test_written_records_survive_unicode_line_splitting():
    target = "Line one\u2028line two\x85three\u2029 and 中文"
    data = write_results([UnitResult(Unit("1", target), (), False)])
    [line] = data.decode().splitlines()
    assert json.loads(line)["target"] == target
    assert [u.target for u in load("again.jsonl", data).units] == [target]


def test_json_array_of_segments_keeps_object_start_lines():
    data = '[\n {"id": "a", "target": "Hi"},\n\n {"target": "Two",\n  "source": "二"}\n]'.encode()
    loaded = load("seg.json", data)
    assert loaded.format == "json"
    assert loaded.units == (Unit("a", "Hi", line=2), Unit("2", "Two", "二", line=4))


def test_json_object_with_segments_array():
    loaded = load("seg.json", b'{"meta": [1],\n "segments": [{"target": "x", "note": "n"}]}')
    assert loaded.units == (Unit("1", "x", note="n"),)


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b'[{"target": "x"},\n 5]', 2, "JSON object"),
        (b'[\n{"target": "x"\n', 3, "invalid JSON"),
        (b'[{"target": "x"}, {"source": "y"}]', 1, "target"),
        (b'{\n"segments": 3}', 1, "segments"),
    ],
)
def test_json_errors_name_a_line(data, line, message):
    with pytest.raises(InputError, match=message) as info:
        load("bad.json", data)
    assert info.value.line == line
