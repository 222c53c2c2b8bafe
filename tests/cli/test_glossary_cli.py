"""`tqa glossary validate|import|export|terms` and `tqa check --glossary`, through the real entry point."""

import json
from pathlib import Path

from qa.cli import main

DATA = Path(__file__).parents[1] / "data" / "glossary"
SEED = Path(__file__).parents[2] / "seeds" / "000_676519bc2e061030.txt"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_reports_rows_and_fails_on_errors(capsys):
    code, out, _ = run(capsys, "glossary", "validate", DATA / "problems.csv")
    assert code == 1
    assert "problems.csv:3: error: empty entry" in out
    assert "problems.csv:4: warning: duplicate of row 2" in out


def test_validate_clean_file_exits_0(capsys):
    code, out, _ = run(capsys, "glossary", "validate", DATA / "minimal.csv", DATA / "basic3.tbx")
    assert code == 0 and "error" not in out


def test_export_to_tbx_and_import_back(capsys, tmp_path):
    tbx = tmp_path / "g.tbx"
    code, _, _ = run(capsys, "glossary", "export", DATA / "minimal.csv", "-o", tbx)
    assert code == 0 and b"conceptEntry" in tbx.read_bytes()
    target = tmp_path / "merged.csv"
    code, out, _ = run(capsys, "glossary", "import", tbx, target)
    assert code == 0 and "2 added" in out
    code, out, _ = run(capsys, "glossary", "import", DATA / "basic2008.tbx", target)
    assert "2 added" in out and "4 entries" in out


def test_terms_table_lists_renderings_per_term(capsys, tmp_path):
    seg = tmp_path / "segs.jsonl"
    rows = [
        {
            "id": "1",
            "doc_id": "a",
            "source": "光刻机到了。",
            "target": "A lithography machine arrived.",
        },
        {
            "id": "2",
            "doc_id": "b",
            "source": "光刻机坏了。",
            "target": "A lithography system broke.",
        },
    ]
    seg.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "glossary",
        "terms",
        seg,
        "--no-default-glossaries",
        "--glossary",
        DATA / "basic2008.tbx",
        "--json",
    )
    assert code == 0
    table = {(r["rendering"], r["count"], tuple(r["documents"])) for r in json.loads(out)}
    assert table == {("lithography machine", 1, ("a",)), ("lithography system", 1, ("b",))}


def test_check_uses_given_glossary_and_shipped_ones_by_default(capsys, tmp_path):
    doc = tmp_path / "t.txt"
    doc.write_text("The Sino-US group bought a photoetching machine.\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "check", doc, "--no-models", "-f", "jsonl", "--glossary", DATA / "basic2008.tbx"
    )
    checks = {f["check"] for r in map(json.loads, out.splitlines()) for f in r["findings"]}
    assert {"term-forbidden", "style-calque"} <= checks
    code, out, _ = run(
        capsys, "check", doc, "--no-models", "-f", "jsonl", "--no-default-glossaries"
    )
    checks = {f["check"] for r in map(json.loads, out.splitlines()) for f in r["findings"]}
    assert not checks & {"term-forbidden", "style-calque"}


def test_terms_table_names_the_input_file_for_segments_without_a_document(capsys, tmp_path):
    seg = tmp_path / "batch7.jsonl"
    seg.write_text(
        json.dumps(
            {"id": "1", "source": "光刻机到了。", "target": "A lithography machine arrived."}
        )
        + "\n",
        encoding="utf-8",
    )
    args = ["glossary", "terms", seg, "--no-default-glossaries", "--glossary"]
    code, out, _ = run(capsys, *args, DATA / "basic2008.tbx", "--json")
    assert code == 0
    assert [r["documents"] for r in json.loads(out)] == [["batch7.jsonl"]]
