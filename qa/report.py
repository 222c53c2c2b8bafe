"""Reports of checked units: text for the terminal, JSON, CSV and HTML.

Every cell and every piece of document text is escaped for its destination:
CSV cells that a spreadsheet would run as formulas are defused, HTML is
escaped, so a hostile document cannot execute anything in a reviewer's tools.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence

from qa.io.csv_format import safe_cell
from qa.io.jsonl import result_record
from qa.model import Unit, UnitResult


def summary(results: Sequence[UnitResult]) -> dict[str, object]:
    scored = [r for r in results if r.unit.content]
    words = sum(len(r.unit.target.split()) for r in scored) or 1
    total = sum(r.penalty for r in scored)
    return {
        "segments": len(results),
        "scored_segments": len(scored),
        "broken_segments": sum(r.broken for r in scored),
        "findings": sum(len(r.findings) for r in results),
        "penalty": round(total, 2),
        "penalty_per_100_words": round(100 * total / words, 2),
    }


def to_json(results: Sequence[UnitResult], notices: Sequence[str] = ()) -> bytes:
    body = {
        "summary": summary(results),
        "notices": list(notices),
        "segments": [result_record(r) for r in results],
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


CSV_COLUMNS = [
    "id", "line", "broken", "penalty", "check", "category", "severity",
    "start", "end", "flagged_text", "message", "suggestion", "target",
]


def _side_text(unit: Unit, side: str) -> str:
    """The text a finding's offsets index: the target, or the source or reference it names."""
    if side == "target":
        return unit.target
    return (unit.reference if side == "reference" else unit.source) or ""


def to_csv(results: Sequence[UnitResult]) -> bytes:
    """One row per finding (and one per clean segment, so every segment appears)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for r in results:
        u = r.unit
        base = [u.id, u.line or "", r.broken, r.penalty]
        if not r.findings:
            writer.writerow([safe_cell(v) for v in base + ["", "", "", "", "", "", "", "", u.target]])
        for f in r.findings:
            text = _side_text(u, f.side)[f.start : f.end]
            row = base + [
                f.check, f.category.value, f.severity.value, f.start, f.end,
                text, f.message, f.suggestion or "", u.target,
            ]
            writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel then reads UTF-8 correctly


def to_text(results: Sequence[UnitResult], notices: Sequence[str] = ()) -> str:
    lines = [f"note: {n}" for n in notices]
    for r in results:
        u = r.unit
        where = f"{u.doc_id + ':' if u.doc_id else ''}{u.id}"
        if not u.content:
            lines.append(f"{where}: [not scored: {u.noncontent_reason}] {u.target[:60]}")
        for f in r.findings:
            # A source-side finding's offsets point into the source: say so and quote it from there.
            span = f"{f.start}-{f.end}" if f.side == "target" else f"{f.side}:{f.start}-{f.end}"
            flagged = _side_text(u, f.side)[f.start : f.end]
            fix = f" -> {f.suggestion}" if f.suggestion else ""
            lines.append(
                f"{where}:{span}: {f.severity.value} {f.category.value}/{f.check}: "
                f"{f.message} [{flagged}]{fix}"
            )
    s = summary(results)
    lines.append(
        f"{s['segments']} segments, {s['broken_segments']} broken, {s['findings']} findings, "
        f"MQM penalty {s['penalty']} ({s['penalty_per_100_words']} per 100 words)"
    )
    return "\n".join(lines) + "\n"


def highlight_html(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, with each ``(start, end, title, style)`` span in a ``<mark>``.

    Spans are taken in the order given (callers sort them); one that starts
    inside an earlier one is left out. Used by the HTML report and the
    review app, so both escape document text the same way.
    """
    out, pos = [], 0
    for start, end, title, style in spans:
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        attr = f' style="{html.escape(style)}"' if style else ""
        out.append(
            f'<mark{attr} title="{html.escape(title)}">{html.escape(text[start:end])}</mark>'
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def to_html(results: Sequence[UnitResult], title: str = "tqa report") -> bytes:
    """A self-contained page (no scripts, no external resources)."""
    rows = []
    for r in results:
        u = r.unit
        spans = sorted(
            (f.start, f.end, f"{f.severity.value}: {f.message}", "")
            for f in r.findings
            if f.side == "target"
        )
        notes = "<br>".join(
            html.escape(f"{f.severity.value} {f.category.value}/{f.check}: {f.message}")
            for f in r.findings
        )
        cls = "skip" if not u.content else ("broken" if r.broken else "")
        rows.append(
            f'<tr class="{cls}"><td>{html.escape(u.id)}</td><td>{highlight_html(u.target, spans)}</td>'
            f"<td>{r.penalty:g}</td><td>{notes}</td></tr>"
        )
    s = summary(results)
    head = (
        "<style>body{font-family:sans-serif;margin:2em}td{vertical-align:top;padding:4px;border-bottom:1px solid #ddd}"
        "mark{background:#ffd27a}tr.broken td:first-child{border-left:4px solid #c33}tr.skip{color:#888}</style>"
    )
    body = (
        f"<h1>{html.escape(title)}</h1><p>{html.escape(json.dumps(s))}</p>"
        "<table><tr><th>id</th><th>target</th><th>penalty</th><th>findings</th></tr>"
        + "".join(rows)
        + "</table>"
    )
    page = f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>{head}</head><body>{body}</body></html>"
    return page.encode("utf-8")
