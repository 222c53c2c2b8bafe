"""`tqa align`: output formats, --presplit, bilingual detection, run through the real entry point."""

import json

import pytest

from qa.cli import main

EN = [
    "The committee approved the new budget for the harbour district on Monday.",
    "Fishermen complained that diesel prices had doubled since spring.",
    "A spokesman for the ministry declined to comment on the negotiations.",
]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def docs(tmp_path):
    a = tmp_path / "mt.txt"
    b = tmp_path / "ref.txt"
    a.write_text(" ".join(EN) + "\n", encoding="utf-8")
    # The reference splits the second sentence in two and has each sentence on its own line.
    b.write_text(f"{EN[0]}\nFishermen complained.\nDiesel prices had doubled since spring.\n{EN[2]}\n", encoding="utf-8")
    return a, b


def test_json_beads_cover_both_sides_in_order(capsys, docs):
    code, out, _ = run(capsys, "align", *docs, "--no-models")
    assert code == 0
    beads = json.loads(out)["beads"]
    assert [(b["a"], b["b"]) for b in beads] == [([0], [0]), ([1], [1, 2]), ([2], [3])]
    assert all(0.0 <= b["score"] <= 1.0 for b in beads)


def test_presplit_keeps_lines_as_sentences(capsys, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    # Two sentences on one line stay one "sentence" with --presplit.
    a.write_text(f"{EN[0]} {EN[1]}\n\n{EN[2]}\n", encoding="utf-8")
    b.write_text("\n".join(EN) + "\n", encoding="utf-8")
    _, out, _ = run(capsys, "align", a, b, "--presplit", "--no-models")
    beads = json.loads(out)["beads"]
    assert [(b["a"], b["b"]) for b in beads] == [([0], [0, 1]), ([1], [2])]


def test_tsv_and_text_formats(capsys, docs):
    _, out, _ = run(capsys, "align", *docs, "--format", "tsv", "--no-models")
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[:2] for r in rows] == [["0", "0"], ["1", "1,2"], ["2", "3"]]
    assert rows[1][4] == "Fishermen complained. Diesel prices had doubled since spring."
    _, out, _ = run(capsys, "align", *docs, "--format", "text", "--no-models")
    assert "[1-2 " in out


def test_chinese_source_is_aligned_bilingually_and_says_without_model(capsys, tmp_path):
    en = tmp_path / "en.txt"
    zh = tmp_path / "zh.txt"
    en.write_text("The meeting was held in March 2019. A total of 45 countries took part.\n", encoding="utf-8")
    zh.write_text("会议于2019年3月召开。共有45个国家参加。\n", encoding="utf-8")
    code, out, err = run(capsys, "align", en, zh, "--no-models")
    assert code == 0
    data = json.loads(out)
    assert data["method"].startswith("bilingual")
    assert [(b["a"], b["b"]) for b in data["beads"]] == [([0], [0]), ([1], [1])]
    assert "length and anchors" in err


def test_missing_file_is_an_input_error(capsys, tmp_path):
    code, _, err = run(capsys, "align", tmp_path / "nope.txt", tmp_path / "nope2.txt")
    assert code == 2 and "nope.txt" in err
