"""spaCy tags: loaded once, batched, cached per run."""

import pytest

from qa.checks.registry import CheckContext
from qa.nlp import has_finite_verb, prepare_tags, tag_texts, tagger, tags_of

pytestmark = pytest.mark.skipif(tagger() is None, reason="spaCy English model not installed")


def test_tagger_is_loaded_once_without_ner():
    assert tagger() is tagger()
    assert "ner" not in tagger().pipe_names


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
