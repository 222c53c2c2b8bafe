"""The document model: MQM weights and the finding round trip."""

import pytest

from qa.model import Bead, Category, Finding, Severity, penalty


def finding(category: Category, severity: Severity, subcategory: str = "") -> Finding:
    return Finding("x", category, severity, 0, 1, "m", subcategory=subcategory)


@pytest.mark.parametrize(
    ("category", "severity", "subcategory", "weight"),
    [
        (Category.FLUENCY, Severity.MINOR, "", 1.0),
        (Category.ACCURACY, Severity.MAJOR, "", 5.0),
        (Category.ACCURACY, Severity.CRITICAL, "", 10.0),
        (Category.NON_TRANSLATION, Severity.MINOR, "", 25.0),
        (Category.NON_TRANSLATION, Severity.CRITICAL, "", 25.0),
        (Category.FLUENCY, Severity.MINOR, "punctuation", 0.1),
        # a major punctuation error is a major error, not 0.1
        (Category.FLUENCY, Severity.MAJOR, "punctuation", 5.0),
    ],
)
def test_google_mqm_weights(category, severity, subcategory, weight):
    assert finding(category, severity, subcategory).weight == weight


def test_penalty_sums_weights():
    fs = [finding(Category.FLUENCY, Severity.MINOR), finding(Category.STYLE, Severity.MAJOR)]
    assert penalty(fs) == 6.0
    assert penalty([]) == 0


def test_finding_dict_round_trip():
    f = Finding("c", Category.TERMINOLOGY, Severity.MAJOR, 3, 9, "msg", "fix", "ev", "term", "source")
    assert Finding.from_dict(f.to_dict()) == f


def test_severity_rank_orders():
    assert Severity.MINOR.rank < Severity.MAJOR.rank < Severity.CRITICAL.rank


def test_bead_kind():
    assert Bead((0,), (0, 1), 0.9).kind == "1-2"
    assert Bead((), (3,), 0.0).kind == "0-1"
