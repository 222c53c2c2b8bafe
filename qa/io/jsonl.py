"""Segment JSONL (one ``{"id", "target", "source"?, "reference"?, "terms"?, "note"?}`` per line) and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from qa.errors import InputError
from qa.io.text import decode
from qa.model import TermConstraint, Unit, UnitResult


def _terms(raw: object, name: str, line: int | None) -> tuple[TermConstraint, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError('"terms" must be a list of {"source", "target"} objects', name, line)
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise InputError('each term must be an object with "source" and "target"', name, line)
        src = item.get("source", item.get("zh"))
        tgt = item.get("target", item.get("en"))
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise InputError('each term needs string "source" and "target"', name, line)
        out.append(TermConstraint(src, tgt))
    return tuple(out)


def _optional_text(record: dict, key: str, name: str, line: int | None) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string', name, line)
    return value


def read_units(data: bytes, name: str = "") -> Iterator[Unit]:
    """Units of segment JSONL; InputError naming the line of the first bad record."""
    text = decode(data, name)
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg} (column {exc.colno})", name, line_no
            ) from exc
        yield _unit(record, name, line_no, str(line_no))


def read_json_units(data: bytes, name: str = "") -> list[Unit]:
    """Units of a JSON document: an array of segment objects, or ``{"segments": [...]}``.

    The same records as JSONL, for tools that write one JSON value instead
    of one per line. A unit's ``line`` is where its object starts (in a
    top-level array; None inside a ``{"segments": ...}`` object).
    """
    text = decode(data, name)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})", name, exc.lineno) from exc
    # Lines are located only for a top-level array; inside an object they are left unknown.
    starts = _object_lines(text) if isinstance(value, list) else []
    if isinstance(value, dict):
        value = value.get("segments", value.get("units"))
    if not isinstance(value, list):
        raise InputError(
            'expected a JSON array of segments or an object with a "segments" array', name, 1
        )
    units = []
    for index, record in enumerate(value):
        line = starts[index] if index < len(starts) else None
        units.append(_unit(record, name, line, str(index + 1)))
    return units


def _object_lines(text: str) -> list[int]:
    """1-based lines where the elements of the top-level array of objects start."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    start = text.find("[")
    if start < 0:
        return lines
    pos = start + 1
    while True:
        while pos < len(text) and text[pos] in " \t\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return lines
        lines.append(text.count("\n", 0, pos) + 1)
        try:
            _, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            return lines


def _unit(record: object, name: str, line: int | None, default_id: str) -> Unit:
    if not isinstance(record, dict):
        raise InputError("each segment must be a JSON object", name, line)
    target = record.get("target")
    if not isinstance(target, str):
        raise InputError('missing or non-string "target"', name, line)
    return Unit(
        id=str(record.get("id", default_id)),
        target=target,
        source=_optional_text(record, "source", name, line),
        reference=_optional_text(record, "reference", name, line),
        terms=_terms(record.get("terms"), name, line),
        doc_id=str(record.get("doc_id", "")),
        note=_optional_text(record, "note", name, line) or "",
        line=line,
    )


def result_record(result: UnitResult) -> dict[str, object]:
    """The JSONL output record of one checked unit."""
    unit = result.unit
    record: dict[str, object] = {
        "id": unit.id,
        "target": unit.target,
        "findings": [f.to_dict() for f in result.findings],
        "penalty": result.penalty,
        "broken": result.broken,
    }
    if not unit.content:
        record["content"] = False
        record["noncontent_reason"] = unit.noncontent_reason
    if result.signals:
        record["signals"] = dict(result.signals)
    return record


# Line breaks other than "\n" that json.dumps leaves raw with ensure_ascii=False; readers
# that split on Unicode line boundaries (str.splitlines, many editors) would cut a record.
_UNICODE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps_line(record: object) -> str:
    """One JSON record that stays on one line for every line-splitting reader."""
    return json.dumps(record, ensure_ascii=False).translate(_UNICODE_BREAKS)


def write_results(results: Iterable[UnitResult]) -> bytes:
    lines = [dumps_line(result_record(r)) for r in results]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
