"""spaCy tags: loaded once, batched, cached per run."""

import pytest

from qa.checks.registry import CheckContext
from qa.nlp import has_finite_verb, prepare_tags, tag_texts, tagger, tags_of

pytestmark = pytest.mark.skipif(tagger() is None, reason="spaCy English model not installed")


def test_tagger_is_loaded_once_without_ner():
    assert tagger() is tagger()
    assert "ner" not in tagger().pipe_names


def test_tagger_multiplies_with_numpy_and_tags_as_thincs_default():
    import spacy

    model = tagger().get_pipe("tok2vec").model
    assert all(getattr(node.ops, "use_blis", True) is False for node in model.walk())
    default = spacy.load(_model_package(), exclude=["ner", "senter"])  # thinc's default ops
    texts = [
        "Dialogue and research to provide advice.",
        "The wounds healed over time, and the patients underwent surgery in 2019.",
        "Icebergs form when chunks of ice break off glaciers.",
    ]
    ours = tag_texts(texts)
    theirs = [tuple((t.text, t.tag_, t.dep_, t.head.i) for t in doc) for doc in default.pipe(texts)]
    assert [tuple((w, tag, dep, head) for w, tag, _, dep, head in doc) for doc in ours] == theirs


def _model_package() -> str:
    import importlib.util

    from qa.nlp import MODEL_NAMES

    return next(name for name in MODEL_NAMES if importlib.util.find_spec(name))


def test_finite_verbs():
    fragment, sentence = tag_texts(
        ["Dialogue and research to provide advice.", "The group provides advice."]
    )
    assert not has_finite_verb(fragment)
    assert has_finite_verb(sentence)


def test_run_cache_is_shared():
    ctx = CheckContext()
    prepare_tags(ctx, ["The group provides advice."])
    cached = ctx.cache["nlp.tags"]["The group provides advice."]
    assert tags_of(ctx, "The group provides advice.") is cached


WORDS = (
    "the was were is being been be has had wafers wafer carried carries better best good "
    "data axes mice went underwent leaves left US us Paris China I it's can't Running RUN "
    "geese chipmaker organization organizations xyzzyq lie lay lain analyses Analyses"
).split()


@pytest.mark.parametrize("word", WORDS)
def test_all_lemmas_is_lemminflects_answer(word):
    from lemminflect import getAllLemmas

    from qa.nlp import all_lemmas

    assert all_lemmas(word) == getAllLemmas(word)


def test_all_lemmas_leaves_lemminflects_tables_alone():
    from lemminflect import getAllLemmas

    from qa.nlp import all_lemmas

    before = getAllLemmas("went")
    all_lemmas("WENT")["VERB"] = ("changed",)
    assert getAllLemmas("went") == before == all_lemmas("went")


@pytest.mark.parametrize("parse", [False, True])
def test_tags_are_those_of_the_whole_pipeline(parse):
    """The attribute ruler is left out; its tag and label rules for spaces are applied instead."""
    import spacy

    texts = [
        "The wounds healed over time.",
        "Two  spaces and a\nline break here.",
        "He said:\n\n it was late . ",
        "Dialogue and research to provide advice.",
    ]
    full = spacy.load(_model_name(), exclude=["ner", "lemmatizer"])
    disable = [] if parse else ["parser"]
    want = [
        tuple((t.text, t.tag_, t.idx, t.dep_, t.head.i) for t in doc)
        for doc in full.pipe(texts, disable=disable)
    ]
    got = tag_texts(texts, parse=parse)
    assert got == want
    assert any(tok[1] == "_SP" for tags in got for tok in tags)


def _model_name():
    import importlib.util

    from qa.nlp import MODEL_NAMES

    return next(name for name in MODEL_NAMES if importlib.util.find_spec(name))
