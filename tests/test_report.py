"""Reports are safe to open: no formulas in CSV, no live HTML."""

import csv
import io

from qa.model import Category, Finding, Severity, Unit, UnitResult
from qa.report import safe_cell, to_csv, to_html, to_json, to_text


def hostile_result() -> UnitResult:
    target = '=HYPERLINK("http://x","y") <script>alert(1)</script>'
    f = Finding("c", Category.FLUENCY, Severity.MAJOR, 0, 10, "<b>bad</b>", suggestion="+SUM(A1)")
    return UnitResult(Unit("=1", target), (f,), True)


def test_safe_cell_defuses_formulas():
    for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "＝1"]:
        assert safe_cell(text).startswith("'")
    assert safe_cell("plain") == "plain"
    assert safe_cell(None) == ""


def test_csv_report_has_no_formula_cells():
    rows = list(csv.reader(io.StringIO(to_csv([hostile_result()]).decode("utf-8-sig"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_html_report_escapes_document_text():
    page = to_html([hostile_result()]).decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>bad</b>" not in page


def test_json_and_text_reports_carry_the_summary():
    r = hostile_result()
    assert b'"broken_segments": 1' in to_json([r])
    assert "1 broken" in to_text([r])


def test_text_report_quotes_a_source_side_finding_from_the_source():
    unit = Unit("s1", "We discussed trade.", source="我们讨论了出口管制。")
    f = Finding("term-missing", Category.TERMINOLOGY, Severity.MAJOR, 5, 9, "m", side="source")
    text = to_text([UnitResult(unit, (f,))])
    assert "s1:source:5-9: major terminology/term-missing: m [出口管制]" in text
    row = list(csv.DictReader(io.StringIO(to_csv([UnitResult(unit, (f,))]).decode("utf-8-sig"))))[0]
    assert row["flagged_text"] == "出口管制"
