"""`tqa check`: formats and exit codes, run in-process through the real entry point."""

import json
from pathlib import Path

import pytest

from qa.cli import main

SEED = Path(__file__).parents[2] / "seeds" / "000_676519bc2e061030.txt"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_seed_jsonl_flags_the_known_problems(capsys):
    code, out, _ = run(capsys, "check", SEED, "--format", "jsonl", "--no-models")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    by_start = {r["target"][:40]: r for r in records}
    date = next(r for r in records if r["target"].startswith("Date:2021-03-18"))
    assert date["content"] is False and date["findings"] == []
    widget = next(r for r in records if r["target"] == "在线客服")
    assert any(f["category"] == "non-translation" for f in widget["findings"])
    broken = next(r for r in records if "export control, Establish" in r["target"])
    assert broken["broken"] is True
    assert {f["check"] for f in broken["findings"]} >= {"unbalanced-quotes"}
    for clean in (
        "The American Semiconductor Industry Association, headquartered in Washington, "
        "has not announced the establishment of a joint working group.",
        "This move may benefit Chinese companies from Huawei to SMIC.",
    ):
        record = next(r for r in records if r["target"] == clean)
        assert not [f for f in record["findings"] if f["category"] in {"fluency", "style"}]
        assert record["broken"] is False
    assert all(set(r) >= {"id", "target", "findings", "penalty", "broken"} for r in by_start.values())


def test_fail_on_sets_exit_code(capsys, tmp_path):
    out_file = tmp_path / "r.json"
    code, _, _ = run(capsys, "check", SEED, "--no-models", "--fail-on", "major", "-o", out_file)
    assert code == 1
    assert out_file.exists()
    clean = tmp_path / "clean.txt"
    clean.write_text("This sentence is perfectly fine.\n", encoding="utf-8")
    code, _, _ = run(capsys, "check", clean, "--no-models", "--fail-on", "minor")
    assert code == 0


def test_missing_file_is_exit_2_with_a_one_line_message(capsys, tmp_path):
    missing = tmp_path / "nope.txt"
    code, out, err = run(capsys, "check", missing)
    assert code == 2
    assert str(missing) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_jsonl_names_the_line(capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "target": "ok"}\n{"id": 2, "target": \n', encoding="utf-8")
    code, _, err = run(capsys, "check", bad, "--no-models")
    assert code == 2
    assert f"{bad}:2:" in err


@pytest.mark.parametrize("args", [["check"], ["check", SEED, "--format", "xml"], ["check", SEED, "--select", "bogus"], ["nosuchcommand"]])
def test_usage_errors_are_exit_2(capsys, args):
    code, _, _ = run(capsys, *args)
    assert code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_every_format_renders(capsys, tmp_path, fmt):
    out_file = tmp_path / f"report.{fmt}"
    code, _, _ = run(capsys, "check", SEED, "--no-models", "--format", fmt, "-o", out_file)
    assert code == 0
    data = out_file.read_bytes()
    if fmt == "json":
        body = json.loads(data)
        assert body["summary"]["segments"] == len(body["segments"])
        checks = {f["check"] for r in body["segments"] for f in r["findings"]}
    elif fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        checks = {r["check"] for r in rows}
        establish = next(r for r in rows if r["check"] == "capital-after-comma")
        assert establish["flagged_text"] == "Establish" and establish["broken"] == "True"
    elif fmt == "html":
        page = data.decode("utf-8")
        assert page.startswith("<!doctype html>") and "<script" not in page
        assert ">Establish</mark>" in page
        checks = {c for c in ("unbalanced-quotes", "untranslated-chinese") if c in page}
    else:
        text = data.decode("utf-8")
        assert "[Establish] -> establish" in text and "segments," in text.splitlines()[-1]
        checks = {c for c in ("unbalanced-quotes", "untranslated-chinese") if f"/{c}:" in text}
    assert {"unbalanced-quotes", "untranslated-chinese"} <= checks


def test_segment_jsonl_input(capsys, tmp_path):
    seg = tmp_path / "segs.jsonl"
    seg.write_text(
        json.dumps({"id": "a", "target": "Prices rose sharply."}) + "\n"
        + json.dumps({"id": "b", "target": "The 工厂 closed."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", seg, "--format", "jsonl", "--no-models")
    assert code == 0
    records = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert records["a"]["broken"] is False
    assert records["b"]["broken"] is True
    [f] = [f for f in records["b"]["findings"] if f["category"] == "non-translation"]
    assert records["b"]["target"][f["start"] : f["end"]] == "工厂"


@pytest.mark.parametrize("where", ["missing-folder", "a-directory"])
def test_unwritable_output_is_exit_2_with_a_one_line_message(capsys, tmp_path, where):
    output = tmp_path / "no" / "such" / "r.jsonl" if where == "missing-folder" else tmp_path
    code, _, err = run(capsys, "check", SEED, "--no-models", "-o", output)
    assert code == 2
    assert str(output) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_findings_below_fail_on_exit_0_and_at_it_exit_1(capsys, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("The the chip maker said so.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", doc, "--no-models", "--format", "jsonl")
    severities = {f["severity"] for line in out.splitlines() for f in json.loads(line)["findings"]}
    assert severities == {"major"}
    assert run(capsys, "check", doc, "--no-models", "--fail-on", "critical")[0] == 0
    assert run(capsys, "check", doc, "--no-models", "--fail-on", "major")[0] == 1
    assert run(capsys, "check", doc, "--no-models", "--fail-on", "minor")[0] == 1
    assert run(capsys, "check", doc, "--no-models")[0] == 0  # no --fail-on: a report, not a gate
