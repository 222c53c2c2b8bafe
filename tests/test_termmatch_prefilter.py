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
