"""Mechanical checks: full-width punctuation, spacing, brackets, quotes, capitals after commas."""

from tests.checks.helpers import fails, findings, passes


def test_fullwidth_punctuation():
    assert fails("fullwidth-punctuation", "The two sides agreed，and talks began。")
    (f, *_) = findings("fullwidth-punctuation", "The two sides agreed，and talks began.")
    assert f.suggestion == ","
    assert passes("fullwidth-punctuation", "The two sides agreed, and talks began.")


def test_double_space():
    assert fails("double-space", "The talks  began.")
    assert fails("double-space", "The talks\u00a0began.")
    assert passes("double-space", "The talks began. Then they ended.")


def test_missing_space_after_punctuation():
    assert fails("missing-space-after-punctuation", "The talks began,and ended.")
    assert passes(
        "missing-space-after-punctuation", "Growth was 3.5 percent at 10:30 in the U.S. market."
    )
    assert passes("missing-space-after-punctuation", "See www.example.com/a,b for details.")


def test_unbalanced_brackets():
    assert fails("unbalanced-brackets", "The group (CSIA said on Thursday.")
    assert fails("unbalanced-brackets", "The group said “supply chain security on Thursday.")
    assert passes("unbalanced-brackets", "The group (CSIA) said “supply chain security” matters.")
    # Apostrophes and nested single quotes are not brackets.
    assert passes("unbalanced-brackets", "He said “the ‘rules’ of the companies’ game”.")
    assert passes("unbalanced-brackets", "It’s the workers’ choice.")


def test_unbalanced_quotes():
    assert fails(
        "unbalanced-quotes", 'to address the "export control, Establish communication channels.'
    )
    assert passes("unbalanced-quotes", 'the "Sino-US Working Group" plans to meet.')
    assert passes("unbalanced-quotes", "He said 'no' and left.")


def test_capital_after_comma():
    (f,) = findings(
        "capital-after-comma", "to address export control, Establish communication channels"
    )
    assert f.suggestion == "establish"
    assert passes("capital-after-comma", "headquartered in Washington, has not announced it.")
    assert passes("capital-after-comma", "from Huawei, SMIC and others, China will gain.")
    assert passes("capital-after-comma", "said the ministry, Human Resources Department.")
