"""The first-word prefilter never hides a match that the full matcher finds."""

import pytest

from qa.termmatch import find_english, first_word_forms, index


@pytest.mark.parametrize(
    ("text", "rendering"),
    [
        ("Wafers were shipped.", "wafer"),
        ("The CSIA said so.", "China Semiconductor Industry Association (CSIA)"),
        ("Big chipmakers gained.", "chip maker"),
        ("Send an email today.", "e-mail"),
        ("They carried out checks.", "carry out"),
    ],
)
def test_prefilter_keeps_every_real_match(text, rendering):
    assert find_english(text, rendering), "matcher should find it"
    assert first_word_forms(rendering) & set(index(text).by_form)


def test_prefilter_rejects_texts_without_the_first_word():
    assert not first_word_forms("export control") & set(index("Prices rose sharply.").by_form)


# --- Chinese: the cheap tests before jieba give the answers of the slow ones ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qa.termmatch import ChineseTermFinder, _nfkc_same_length  # noqa: E402

# Characters NFKC folds to one character (full-width forms, ideographic space,
# compatibility ideographs), ones it expands (ﬁ, ㈱, ½: kept as they are) and plain ones.
_MIXED = st.text(
    alphabet="半导体产业集成电路，。（）ＡＢ１２　ﬁ㈱½abc \u2f00\uf900\u00e9e\u0301", max_size=40
)


def _nfkc_per_character(text: str) -> str:
    import unicodedata

    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


@given(_MIXED)
@settings(max_examples=300, deadline=None)
def test_nfkc_fold_is_per_character_nfkc(text):
    assert _nfkc_same_length(text) == _nfkc_per_character(text)
    assert len(_nfkc_same_length(text)) == len(text)


@given(
    st.lists(st.text(alphabet="半导体产业集成电路ＡB1", min_size=1, max_size=4), max_size=6), _MIXED
)
@settings(max_examples=300, deadline=None)
def test_first_character_prefilter_is_substring_search(terms, text):
    finder = ChineseTermFinder(terms)
    folded = _nfkc_same_length(text)
    assert finder._holds_a_term(folded) == any(t in folded for t in finder.terms)
