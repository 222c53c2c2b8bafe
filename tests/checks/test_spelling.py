"""Conservative spelling: one-edit typos in lower-case words, not names, terms or British spelling."""

from tests.checks.helpers import fails, findings, passes


def test_typo_with_suggestion():
    (f,) = findings("misspelling", "The goverment announced new measures.")
    assert f.suggestion == "government"


def test_names_terms_and_british_spellings_pass():
    assert passes("misspelling", "Huawei and SMIC announced heterozygous benzaldehyde results.")
    assert passes("misspelling", "The colour of the organisation's programme centre.")
    assert passes("misspelling", "A well-known state-owned enterprise.")


def test_typo_inside_a_compound():
    assert fails("misspelling", "A well-knwon enterprise.")


def test_the_letters_lookup_answers_as_the_dictionary_does():
    """The cheaper look-up of one-edit candidates is exact for a-z words (see spelling.py)."""
    from qa.checks.spelling import _LETTERS, _letters_lookup
    from qa.lexicon import is_word

    lookup = _letters_lookup()
    assert lookup is not None  # the shipped en_US allows it
    candidates = set()
    for word in ("recieve", "teh", "organise", "colour", "benzaldehyde", "runing", "walked", "xqz"):
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        candidates.update(a + b[1:] for a, b in splits if b)
        candidates.update(a + c + b for a, b in splits for c in _LETTERS)
        candidates.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    found = [c for c in sorted(candidates) if is_word(c)]
    assert len(found) > 20  # the sample holds real words as well as non-words
    assert [c for c in sorted(candidates) if lookup(c)] == found
