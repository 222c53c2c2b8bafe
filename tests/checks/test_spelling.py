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


def test_words_as_common_as_their_neighbour_are_not_typos():
    """Unknown to the dictionary but common English: ``scalable`` is not a typo of ``salable``."""
    assert passes("misspelling", "A scalable design keeps cytokine and thrombin assays cheap.")
    assert passes("misspelling", "He took a hardline stance.")


def test_rare_neighbours_of_common_words_still_fail():
    (f,) = findings("misspelling", "The new softwares are ready.")
    assert f.suggestion == "software"
    (f,) = findings("misspelling", "We will recieve it.")
    assert f.suggestion == "receive"  # the most common word one edit away


def test_a_name_in_lower_case_gets_its_capital_back():
    (f,) = findings("misspelling", "The talks began in june.")
    assert f.message == "Name in lower case: 'june'"
    assert f.suggestion == "June"


def test_source_spelling_is_the_fix_for_a_recased_word_of_the_source():
    (f,) = findings("misspelling", "Grades follow the texas scale.", source="按Texas分级。")
    assert f.suggestion == "Texas"
    (f,) = findings("misspelling", "We measured vocs in breath.", source="检测VOC。")
    assert f.suggestion == "VOCs"


def test_codes_that_code_form_holds_are_left_to_it():
    assert passes("misspelling", "The mrna level fell.", source="mRNA水平下降。")
    assert fails("code-form", "The mrna level fell.", source="mRNA水平下降。")


def test_word_frequencies_are_available():
    from qa.lexicon import zipf

    assert zipf("receive") > zipf("recieve") + 2
    assert zipf("scalable") > 2
