"""The seed document: its three broken sentences and the widget are flagged, clean ones are not."""

from pathlib import Path

import pytest

from qa.checks.registry import CheckContext
from qa.model import Category, Severity
from qa.pipeline import run_checks, units_from_document
from qa.segment import segment_text

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_676519bc2e061030.txt"


@pytest.fixture(scope="module")
def results():
    doc = segment_text(SEED.read_text(encoding="utf-8"), "en")
    return run_checks(units_from_document(doc), CheckContext(use_models=False))


def _result(results, start: str):
    (match,) = [r for r in results if r.unit.target.startswith(start)]
    return match


def _checks(result) -> set[str]:
    return {f.check for f in result.findings}


def test_open_quote_and_mid_clause_capital(results):
    r = _result(results, "According to the Hong Kong")
    assert r.broken
    assert {"unbalanced-quotes", "capital-after-comma"} <= _checks(r)
    capital = next(f for f in r.findings if f.check == "capital-after-comma")
    assert r.unit.target[capital.start : capital.end] == "Establish"
    assert capital.category is Category.FLUENCY


def test_stray_trailing_noun(results):
    r = _result(results, "According to a report on March 12")
    assert r.broken
    hit = next(f for f in r.findings if f.check == "stray-trailing-noun")
    assert r.unit.target[hit.start : hit.end] == "Countermeasures"
    assert hit.category is Category.FLUENCY and hit.severity is Severity.MAJOR


def test_sentence_without_finite_verb(results):
    r = _result(results, "Dialogue and research to provide advice")
    assert r.broken
    assert "missing-finite-verb" in _checks(r)


def test_widget_left_in_chinese_is_non_translation(results):
    r = _result(results, "在线客服")
    assert any(f.category is Category.NON_TRANSLATION for f in r.findings)


@pytest.mark.parametrize(
    "start",
    [
        "The American Semiconductor Industry Association, headquartered in Washington",
        "This move may benefit Chinese companies from Huawei to SMIC.",
        "There are speculations that the government",
        "(Source: Reference News Network)",
    ],
)
def test_clean_sentences_have_no_fluency_or_style_finding(results, start):
    r = _result(results, start)
    assert not r.broken
    assert not [f for f in r.findings if f.category in {Category.FLUENCY, Category.STYLE}]
