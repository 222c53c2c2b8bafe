"""Accuracy against the source: numbers, dates and Latin-script terms."""

from qa.model import Severity
from tests.checks.helpers import fails, findings, passes


def test_magnitude_error_is_major():
    (f,) = findings(
        "number-mismatch", "Revenue reached 3.5 billion yuan.", source="营收达3.5亿元。"
    )
    assert f.severity is Severity.MAJOR
    assert f.suggestion == "350 million"
    assert passes("number-mismatch", "Revenue reached 350 million yuan.", source="营收达3.5亿元。")


def test_dates():
    assert passes("number-mismatch", "On March 11, the group said", source="3月11日，该协会表示")
    (f,) = findings(
        "number-mismatch", "On November 3, the group said", source="3月11日，该协会表示"
    )
    assert f.suggestion == "March 11"


def test_dropped_number_is_minor_omission():
    (f,) = findings(
        "number-mismatch", "The association has many members.", source="该协会由774家企业组成。"
    )
    assert f.severity is Severity.MINOR and f.subcategory == "omission"
    assert f.suggestion == "add 774"


def test_a_percentage_keeps_its_sign_in_the_fix():
    (f,) = findings("number-mismatch", "The share rose to 21.5%.", source="占比升至12.5％。")
    assert f.suggestion == "12.5%"


def test_numbers_as_words():
    assert passes(
        "number-mismatch",
        "Twelve companies and 30 percent of them",
        source="12家公司，其中百分之三十",
    )


def test_latin_terms():
    assert fails("latin-term-missing", "The association said on Thursday.", source="CSIA周四表示。")
    assert passes("latin-term-missing", "The CSIA said on Thursday.", source="CSIA周四表示。")
    assert passes("latin-term-missing", "The results, respectively.", source="结果 vs 对照")
