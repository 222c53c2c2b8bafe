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


def test_article_form():
    (f,) = findings("article-form", "The Government announced a allocation of S$500 million.")
    assert f.suggestion == "an allocation"
    assert fails("article-form", "It was an new start for the company.")
    assert fails("article-form", "An unique chance was lost.")
    assert fails("article-form", '"A evening to remember," he said.')
    # Vowels that sound like consonants, silent h, the prefix un-.
    assert passes("article-form", "a unique chance, a university, a one-off, a user, a eulogy")
    assert passes("article-form", "an hour later, an honest man, an unidentified object")
    # Names, acronyms and letters follow their pronunciation; a capital A mid-sentence is a letter.
    assert passes("article-form", "an FBI agent, a NATO summit, an Uber, an MRI scan, an x-ray")
    assert passes("article-form", "a mutation c.911G > A on exon 6 and c.911g > a on exon 7")
    assert passes("article-form", "Grade A in all tests; vitamin A intake rose.")


def test_empty_brackets():
    (f,) = findings(
        "empty-brackets", "A banner of a group of hackers named Edalat Ali () appeared."
    )
    assert f.end - f.start == 2
    assert f.suggestion and "delete the brackets" in f.suggestion
    assert fails("empty-brackets", "() RQ-PCR was used to detect the ligands (), () and [ ].")
    assert passes("empty-brackets", "A banner of hackers named Edalat Ali (Justice Ali) appeared.")
    assert passes("empty-brackets", "Call f() twice.", source="调用 f() 两次。")
