"""Term matching: English inflection, hyphen/space, case policy, acronyms; Chinese word boundaries."""

import pytest

from qa.glossary import CasePolicy
from qa.termmatch import ChineseTermFinder, find_english


def surfaces(text, rendering, case=CasePolicy.AUTO):
    return [(m.surface, m.case_ok) for m in find_english(text, rendering, case)]


@pytest.mark.parametrize(
    ("text", "rendering", "found"),
    [
        ("Two wafers broke.", "wafer", "wafers"),  # plural
        ("Several analyses agree.", "analysis", "analyses"),  # irregular plural
        ("They carried out work on it.", "carry out work", "carried out work"),  # verb form
        ("Firms are carrying out work.", "carry out work", "carrying out work"),
        ("New export-control rules.", "export control", "export-control"),  # hyphen for space
        ("The US–China talks.", "US-China", "US–China"),  # en dash for hyphen
        ("The Sino US talks.", "Sino-US", "Sino US"),  # space for hyphen
        ("Send an email.", "e-mail", "email"),  # closed compound
        ("Two chipmakers said so.", "chip maker", "chipmakers"),  # closed compound, inflected
        ("A chip-maker said so.", "chip maker", "chip-maker"),
        ("Three GPUs.", "GPU", "GPUs"),  # acronym plural
    ],
)
def test_english_matches_across_inflection_and_hyphenation(text, rendering, found):
    assert surfaces(text, rendering) == [(found, True)]


@pytest.mark.parametrize(
    ("text", "rendering"),
    [
        ("Several organizations joined.", "organ"),  # no stemming over-reach
        ("Better chips.", "good chip"),  # adjective comparatives are not inflections of the term
        ("The export, control of it.", "export control"),  # a comma breaks the phrase
        ("Please tell us more.", "US"),  # an acronym in lower case that is a word is another word
        ("The subwafer layer.", "wafer"),  # inside a longer word
    ],
)
def test_english_does_not_match_false_friends(text, rendering):
    assert surfaces(text, rendering) == []


def test_acronym_with_expansion_matches_whole_expansion_or_acronym():
    rendering = "China Semiconductor Industry Association (CSIA)"
    assert surfaces("The China Semiconductor Industry Association (CSIA) said.", rendering) == [
        ("China Semiconductor Industry Association (CSIA)", True)
    ]
    assert surfaces("The China Semiconductor Industry Association said.", rendering) == [
        ("China Semiconductor Industry Association", True)
    ]
    assert surfaces("CSIA said.", rendering) == [("CSIA", True)]


def test_case_policy_auto_is_strict_for_acronyms_and_proper_names_only():
    assert surfaces("the csia said", "CSIA") == [("csia", False)]
    assert surfaces(
        "the semiconductor industry association", "Semiconductor Industry Association"
    ) == [("semiconductor industry association", False)]
    assert surfaces("Antibody tests", "antibody") == [("Antibody", True)]
    assert surfaces("antibody tests", "Antibody") == [
        ("antibody", True)
    ]  # one capitalised word: not a name


def test_case_policy_sensitive_and_insensitive():
    assert surfaces("SK Hynix said", "SK hynix", CasePolicy.SENSITIVE) == [("SK Hynix", False)]
    assert surfaces("SK hynix said", "SK hynix", CasePolicy.SENSITIVE) == [("SK hynix", True)]
    assert surfaces("the csia said", "CSIA", CasePolicy.INSENSITIVE) == [("csia", True)]


FINDER_TERMS = ["晶圆", "电路", "中国半导体行业协会", "半导体", "出口管制", "光刻机", "SARS-CoV-2"]


@pytest.fixture(scope="module")
def finder():
    return ChineseTermFinder(FINDER_TERMS)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("美国的出口管制措施", ["出口管制"]),
        ("光刻机进口受限", ["光刻机"]),
        ("这个电路坏了", ["电路"]),
        ("半导体产业", ["半导体"]),
        ("病毒SARS-CoV-2传播", ["SARS-CoV-2"]),
    ],
)
def test_chinese_terms_found_on_word_boundaries(finder, text, terms):
    assert [m.term for m in finder.find(text)] == terms


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("集成电路产业", "电路"),  # 电路 inside the word 集成电路
        ("晶圆厂正在扩产", "晶圆"),  # 晶圆 inside the word 晶圆厂
        ("中国半导体行业协会表示", "半导体"),  # inside a longer glossary term: the longer wins
    ],
)
def test_chinese_term_inside_a_longer_word_does_not_match(finder, text, absent):
    assert absent not in [m.term for m in finder.find(text)]


def test_chinese_offsets_point_at_the_term(finder):
    text = "中国半导体行业协会表示"
    (m,) = finder.find(text)
    assert text[m.start : m.end] == "中国半导体行业协会"


def test_fullwidth_source_text_matches_halfwidth_term(finder):
    (m,) = finder.find("病毒ＳＡＲＳ－ＣｏＶ－２传播")
    assert m.term == "SARS-CoV-2" and (m.start, m.end) == (2, 12)
