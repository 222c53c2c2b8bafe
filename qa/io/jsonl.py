"""Segment JSONL: one ``{"id", "target", "source"?, "reference"?, "terms"?}`` per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from qa.errors import InputError
from qa.io.text import decode
from qa.model import TermConstraint, Unit, UnitResult


def _terms(raw: object, name: str, line: int) -> tuple[TermConstraint, ...]:
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


def _optional_text(record: dict, key: str, name: str, line: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'"{key}" must be a string', name, line)
    return value


def read_units(data: bytes, name: str = "") -> Iterator[Unit]:
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
        if not isinstance(record, dict):
            raise InputError("each line must be a JSON object", name, line_no)
        target = record.get("target")
        if not isinstance(target, str):
            raise InputError('missing or non-string "target"', name, line_no)
        yield Unit(
            id=str(record.get("id", line_no)),
            target=target,
            source=_optional_text(record, "source", name, line_no),
            reference=_optional_text(record, "reference", name, line_no),
            terms=_terms(record.get("terms"), name, line_no),
            doc_id=str(record.get("doc_id", "")),
            line=line_no,
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


def write_results(results: Iterable[UnitResult]) -> bytes:
    lines = [json.dumps(result_record(r), ensure_ascii=False) for r in results]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
