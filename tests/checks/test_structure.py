"""Structure checks: stray nouns, fragments, cut-off sentences, repeats, case and punctuation."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.checks.structure import lacks_finite_verb, looping_repeats, only_past_tense, sentence_spans
from qa.model import Category, Severity
from qa.nlp import tag_texts, tagger
from tests.checks.helpers import fails, findings, passes

needs_spacy = pytest.mark.skipif(tagger() is None, reason="spaCy English model not installed")


def test_sentence_spans_keep_variant_prefixes_together():
    # HGVS "p." and "c." prefixes are not sentence ends, even with a space after them.
    text = "It results in p. Gly276Glu; the other in c. 5343 deletions. Both are new."
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == [
        "It results in p. Gly276Glu; the other in c. 5343 deletions.",
        "Both are new.",
    ]


def test_sentence_spans_keep_abbreviations_together():
    text = "Dr. Smith met U.S. officials on Jan. 5. They agreed. Talks go on"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert pieces == ["Dr. Smith met U.S. officials on Jan. 5.", "They agreed.", "Talks go on"]


def test_stray_trailing_noun():
    text = "They will negotiate on issues such as the US government's sanctions on Chinese companies Countermeasures."
    (f,) = findings("stray-trailing-noun", text)
    assert text[f.start : f.end] == "Countermeasures"
    assert passes(
        "stray-trailing-noun", "This move may benefit Chinese companies from Huawei to SMIC."
    )
    assert passes("stray-trailing-noun", "The bill was passed yesterday by the Senate.")
    assert passes("stray-trailing-noun", "The clinical stages of the patients were all stage III.")
    assert fails(
        "stray-trailing-noun", "He was admitted to hospital at the age of 28 Intervention."
    )
    assert passes("stray-trailing-noun", "They discussed trade, investment, Countermeasures.")
    assert passes("stray-trailing-noun", "The Report Of The Working Group On Trade Policy.")


def test_stray_trailing_noun_spares_names_used_inside_clauses():
    text = "The new chatbot Bard answers questions. Users were unimpressed by the chatbot Bard."
    assert passes("stray-trailing-noun", text)
    # Without the evidence of the name, the same ending reads as a stray noun.
    assert fails("stray-trailing-noun", "Users were unimpressed by the chatbot Bard.")
    # A stray noun of MT is capitalised only where it dangles.
    assert fails(
        "stray-trailing-noun",
        "Sanctions on Chinese companies hurt trade. They discussed the sanctions Countermeasures.",
    )


def test_truncated_sentence():
    assert fails("truncated-sentence", "The working group will discuss the impact of the.")
    assert fails("truncated-sentence", "The working group will discuss the impact of policies and")
    assert fails("truncated-sentence", "The working group will discuss the impact of policies,")
    assert fails("truncated-sentence", "Genetic testing suggests that the patient carries a new.")
    assert fails("truncated-sentence", "The virus damages the renal tubules with.")
    assert passes(
        "truncated-sentence", "Tourism recovers strongly, arrivals up 19 times compared to 2021"
    )
    assert fails("truncated-sentence", "Control cells were transfected with empty")
    # "the" and an adjective that is also a noun is a noun phrase: "the terminal", "the original".
    assert passes("truncated-sentence", "Mouse events are passed to the terminal.")
    assert passes("truncated-sentence", "The copy is compared with the original.")
    assert passes("truncated-sentence", "We walked on from there.")
    assert passes("truncated-sentence", "The volunteers came to help the injured.")
    assert passes("truncated-sentence", "The fund supports the vulnerable.")
    assert passes("truncated-sentence", "Good engineers expect the unexpected.")
    assert fails("truncated-sentence", "The ministry has adopted the new.")
    assert passes("truncated-sentence", "You can give one or the other, but not both.")
    assert passes("truncated-sentence", "It did not work the second time either.")
    assert fails("truncated-sentence", "The working group will discuss the policies of both")
    assert passes("truncated-sentence", "The output is read one by one.")
    assert passes("truncated-sentence", "Building things this way has a lot of potential.")
    assert passes("truncated-sentence", "The results were good in general.")
    assert passes("truncated-sentence", "That is what the working group was set up for.")
    assert passes("truncated-sentence", "Nobody knows where the idea came from.")
    assert passes("truncated-sentence", "The results were as follows:")
    assert fails("truncated-sentence", "It shows specific clinical phenotypes, such as.")
    assert fails("truncated-sentence", "Scores predicted higher crime rates as well as.")
    assert passes("truncated-sentence", "It is a disease, and it is known as such.")


@pytest.mark.parametrize(
    "text",
    [
        # The noun after the participle was dropped (自报的 IPV 犯罪率 -> "of self-reported").
        "Higher scores predict higher rates for nearly all types of self-reported.",
        "Higher scores predict higher rates for almost all types of self-reported .",
        "The levels were measured in cells transfected with infected.",
        "The effect was compared between patients with treated",
        # A participle the lexicon lacks is still a participle.
        "This study reviews clinical measures for a group of marginalized.",
    ],
)
def test_truncated_sentence_bare_participle(text):
    (f,) = findings("truncated-sentence", text)
    assert re.match(r"[\w-]+ed\b", text[f.start : f.end])


@pytest.mark.parametrize(
    "text",
    [
        "The rates were higher than expected.",
        "The clinic closed earlier than usual.",
        "Do not take more tablets than necessary.",
        "Everything went as planned.",
        "We were just about finished.",
        "Nobody should take such rights for granted.",
        "The survey covered the health of the affected.",
        "Support was offered to the families of those involved.",
        "The drugs were given to the patients with the doses combined.",
        "The sample was drawn from the population of the married.",
        "The interview was conducted with Ahmed.",
        'The backup file has the same name as the original file with "~" added.',
        "The value is the character code with 64 subtracted.",
        "Links are to be broken instead of preserved.",
    ],
)
def test_truncated_sentence_participle_endings_that_are_complete(text):
    assert passes("truncated-sentence", text)


@needs_spacy
def test_missing_finite_verb():
    assert fails(
        "missing-finite-verb",
        "Dialogue and research to provide advice to the government and enterprises.",
    )
    assert fails(
        "missing-finite-verb",
        "The study to involve 856 low-income couples in relationship education.",
    )
    assert passes(
        "missing-finite-verb",
        "The study involved 856 low-income couples in relationship education.",
    )
    # imperatives, purpose statements, titles, labels, questions
    assert passes(
        "missing-finite-verb",
        "Use the software to analyse the conservation of mutated amino acids.",
    )
    assert passes(
        "missing-finite-verb",
        "To investigate the role of STAT3 in apoptosis of drug-resistant leukemic cells.",
    )
    assert passes(
        "missing-finite-verb",
        "Phenotypic and genotypic analysis of families with hereditary factor V deficiency.",
    )
    assert passes("missing-finite-verb", "(Source: Reference News Network)")
    # The method statements of abstracts: a tool, then its purpose.
    assert passes(
        "missing-finite-verb",
        "Using ClustalX-2.1 software to analyze the conservation of the mutated amino acids, "
        "PROVEAN software to predict the effect of the mutations on protein function.",
    )
    # Only verbs of using a tool: other gerund openers lost their predicate.
    assert fails(
        "missing-finite-verb",
        "Adhering to the people-centred approach to promote the high-quality development of all fields.",
    )
    # Titles of papers are noun phrases headed by a research noun.
    assert passes(
        "missing-finite-verb",
        "Phenotype and genotype analysis of hereditary factor VII deficiency caused by compound "
        "heterozygous mutations.",
    )
    assert passes(
        "missing-finite-verb",
        "Effect of the new treatment on patients with chronic heart failure in rural hospitals.",
    )
    # An exclamation without its article is elliptic, not broken.
    assert passes(
        "missing-finite-verb",
        "What amazing parallel and distributed computing capabilities and new design possibilities.",
    )
    # A title-like opening whose verb was dropped is no title.
    assert fails(
        "missing-finite-verb",
        "Phenotypic and genotypic analysis of families with factor V deficiency being performed "
        "to investigate the molecular pathogenesis.",
    )
    assert fails(
        "missing-finite-verb",
        "However, studies on family and health often to focus on adult family members.",
    )
    # A label run into its sentence is not a title.
    assert fails(
        "missing-finite-verb",
        "Objective to study the role of STAT3 in apoptosis and immune escape of leukemia cells.",
    )
    assert passes(
        "missing-finite-verb", "Objective: to explore the effect of the new treatment on patients."
    )


@needs_spacy
def test_verbless_fragment_after_a_sentence():
    text = "Tourist numbers surpassed the level before the epidemic. The top 33% level."
    (f,) = findings("verbless-fragment", text)
    assert text[f.start : f.end] == "The top 33% level."
    assert f.severity is Severity.MAJOR and f.category is Category.FLUENCY
    assert fails(
        "verbless-fragment",
        'EU officials admit that there are bottlenecks in every step. "Permanent Crisis."',
    )
    assert fails("verbless-fragment", "The team will become stronger. Messenger of cooperation.")
    # A headline or title opens a unit; replies and headings are elliptic on purpose.
    assert passes("verbless-fragment", "The top 33% level.")
    assert passes("verbless-fragment", "Tourist numbers rose. It reached the level of 2019.")
    assert passes("verbless-fragment", "He said no. Not at all.")
    assert passes("verbless-fragment", "He agreed. Of course.")
    assert passes(
        "verbless-fragment", "We studied 40 patients. Materials and methods. We used a cohort."
    )
    assert passes("verbless-fragment", "Prices rose by 3%. What a year!")


@needs_spacy
def test_imperative_in_narrative():
    text = "Xi Jinping sent a reply letter to the medical team. Raise great expectations."
    (f,) = findings("imperative-in-narrative", text)
    assert text[f.start : f.end] == "Raise great expectations."
    assert f.severity is Severity.MAJOR
    assert fails(
        "imperative-in-narrative",
        "The team arrived in March. Make greater contributions to the health community.",
    )
    # A text that addresses someone or quotes speech may give orders; reports cite.
    assert passes("imperative-in-narrative", "We looked at natural systems. Make a copy.")
    assert passes("imperative-in-narrative", 'He said: "Take it." Raise your hand.')
    assert passes("imperative-in-narrative", "The results are shown below. See Table 2.")
    assert passes("imperative-in-narrative", "Make greater contributions to the health community.")


@needs_spacy
def test_fragments_across_units_of_one_paragraph():
    """A document split into one unit per sentence: a later sentence of a paragraph is no headline."""
    from qa.checks.registry import CheckContext
    from qa.pipeline import run_checks, units_from_document
    from qa.segment import segment_text

    text = (
        "Xi Jinping sent a reply letter to the medical team. Raise great expectations.\n\n"
        "Tourist numbers surpassed the level before the epidemic. The top 33% level.\n\n"
        "The top 33% level.\n\nMake greater contributions to the health community."
    )
    units = units_from_document(segment_text(text, "en"))
    results = run_checks(
        units,
        CheckContext(use_models=False),
        select=["verbless-fragment", "imperative-in-narrative"],
    )
    flagged = {(f.check, r.unit.target) for r in results for f in r.findings}
    assert flagged == {
        ("imperative-in-narrative", "Raise great expectations."),
        ("verbless-fragment", "The top 33% level."),
    }
    # The paragraph-opening copies of the same sentences are headlines and slogans.
    assert sum(1 for r in results if r.findings) == 2


@needs_spacy
def test_dropped_copula_before_an_adjective():
    assert fails(
        "missing-finite-verb", "The new coronavirus SARS-CoV-2 highly infectious in all age groups."
    )
    assert passes(
        "missing-finite-verb",
        "The new coronavirus SARS-CoV-2 is highly infectious in all age groups.",
    )


@needs_spacy
def test_tagger_errors_on_past_tense_are_not_fragments():
    # The tagger reads "healed" as a participle and "underwent" as an adjective.
    assert passes(
        "missing-finite-verb",
        "The ulcer wounds healed over time periods ranging from 5 to 9 weeks.",
    )
    assert passes(
        "missing-finite-verb", "Icebergs form when they break off from glaciers or ice shelves."
    )
    assert only_past_tense("underwent") and not only_past_tense("healed")
    (tags,) = tag_texts(
        ["Specifically, 18 patients with diabetes, underwent revascularization to open vessels."]
    )
    assert not lacks_finite_verb(tags)


def test_repeated_phrase():
    assert fails("repeated-phrase", "They will strengthen the the cooperation.")
    (f,) = findings(
        "repeated-phrase", "to set up a dialogue window a dialogue window with industry groups"
    )
    assert f.suggestion == "a dialogue window"
    assert passes("repeated-phrase", "He said that that was fine, and we had had enough.")
    assert passes("repeated-phrase", "No, no, it is very, very important.")
    assert passes("repeated-phrase", "Chong Yang asked Qiao Qiao about it.")
    assert fails("repeated-phrase", "The the study began in 2019.")
    assert passes("repeated-phrase", "Event-free survival, overall survival, overall recurrence.")


def test_looping_repeats():
    # The looping degeneration of neural MT (WMT23): copies joined by commas.
    text = (
        "The Prime Minister visited the University of Bern, Bern, Bern, Bern, Bern, and the campus."
    )
    (f,) = findings("repeated-phrase", text)
    assert text[f.start : f.end] == "Bern, Bern, Bern, Bern, Bern"
    assert f.severity is Severity.MAJOR and f.suggestion == "Bern"
    assert fails(
        "repeated-phrase", "to promote the continuous deepening, deepening, deepening of work"
    )
    assert fails(
        "repeated-phrase",
        "compared with dimethylene, and dimethylene, and dimethylene, and dimethylene.",
    )
    assert fails("repeated-phrase", "with cooperation, cooperation, cooperation and exchanges")
    # Emphasis, speech and lists are not loops.
    assert passes("repeated-phrase", "No, no, no, it is very, very important.")
    assert passes("repeated-phrase", '"No, no," she said. "Ha, ha, ha."')
    assert passes("repeated-phrase", "They tried again and again and again.")
    assert passes("repeated-phrase", "The values were 0, 0, 0 and 1, 1, 1 respectively.")
    assert passes("repeated-phrase", "Bern, Zurich, Basel and Geneva are Swiss cities.")
    assert passes("repeated-phrase", "Survival rate, total survival rate and recurrence rate.")


def test_looping_repeats_count_copies():
    text = "ha, ha, ha, ha, ha, ha, ha"
    words = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    assert [(phrase, copies) for _, _, phrase, copies in looping_repeats(text, words)] == [
        ("ha", 7)
    ]


def test_lowercase_sentence_start():
    assert fails("lowercase-sentence-start", "the two sides agreed.")
    assert passes("lowercase-sentence-start", "The two sides agreed.")
    assert passes("lowercase-sentence-start", "iPhone sales rose.")


def test_lowercase_sentence_start_inside_a_unit():
    # Whole outputs lower-cased by an MT system.
    text = "Levels were decreased (p=0.002). after treatment with the inhibitor, levels rose."
    (f,) = findings("lowercase-sentence-start", text)
    assert text[f.start : f.end] == "after" and f.suggestion == "After"
    assert fails(
        "lowercase-sentence-start", "Patients were followed up for 12.2 months. the wounds healed."
    )
    # Initials, abbreviations and gene names are no sentence starts.
    assert passes("lowercase-sentence-start", "Exports were 31.51 billion U.S. dollars last year.")
    assert passes(
        "lowercase-sentence-start", "Smith et al. reported this, as did Jones et al. earlier."
    )
    assert passes(
        "lowercase-sentence-start", "Expression rose in the cells. k562 cells were treated."
    )
    assert passes("lowercase-sentence-start", "See Fig. 2 and the values vs. controls in Table 1.")
    assert passes("lowercase-sentence-start", "Where is he? and why did he go? nobody knows.")


def test_doubled_punctuation():
    (f,) = findings("doubled-punctuation", "The two sides agreed,, and talks began.")
    assert f.suggestion == ","
    assert fails("doubled-punctuation", "The two sides agreed ., then left.")
    (f,) = findings("doubled-punctuation", "The sides agreed., then they met.")
    assert f.suggestion == ","
    text = "The sides met , then left."
    (f,) = findings("doubled-punctuation", text)
    assert (text[f.start : f.end], f.suggestion) == (" ,", ",")
    assert passes("doubled-punctuation", "Wait... the sides agreed, and talks began.")


def test_missing_final_punctuation():
    assert fails("missing-final-punctuation", "The two sides agreed", source="双方同意。")
    assert passes("missing-final-punctuation", "The two sides agreed.", source="双方同意。")
    assert passes("missing-final-punctuation", "Sino-US dialogue window", source="中美对话窗口")


def _loops_by_brute_force(text, words):
    """Every start, every phrase length, no shortcut: the definition that looping_repeats speeds up."""
    from qa.checks.structure import _LOOP_COPIES, _LOOP_COPIES_INTERJECTION, _OK_REPEATS, _copies

    out, i = [], 0
    while i < len(words):
        found = None
        for n in range(1, 5):
            if i + n * _LOOP_COPIES > len(words):
                break
            first = [w for w, _, _ in words[i : i + n]]
            if all(w.isdigit() for w in first):
                continue
            copies = _copies(text, words, i, n)
            need = _LOOP_COPIES_INTERJECTION if n == 1 and first[0] in _OK_REPEATS else _LOOP_COPIES
            if copies >= need:
                found = (n, copies)
                break
        if found is None:
            i += 1
            continue
        n, copies = found
        out.append(
            (
                words[i][1],
                words[i + n * copies - 1][2],
                text[words[i][1] : words[i + n - 1][2]],
                copies,
            )
        )
        i += n * copies
    return out


@given(
    st.lists(
        st.sampled_from(
            ["Bern", "bern", "BERN", "ha", "and", "of", "the", "it's", "Σ", "σ", "İ", "1"]
        ),
        max_size=14,
    ),
    st.lists(st.sampled_from([" ", ", ", "; ", " and ", ". ", "-"]), min_size=14, max_size=14),
)
@settings(max_examples=300, deadline=None)
def test_looping_repeats_finds_what_brute_force_finds(tokens, gaps):
    text = "".join(t + g for t, g in zip(tokens, gaps, strict=False))
    words = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"\w+(?:['’]\w+)?", text)]
    assert list(looping_repeats(text, words)) == _loops_by_brute_force(text, words)
