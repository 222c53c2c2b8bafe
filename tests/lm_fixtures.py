"""A tiny random-weight causal LM built from a config, for plumbing tests.

Random weights prove that loading, batching, offsets and order work; they say
nothing about fluency, which the packaged-model tests cover.
"""

from __future__ import annotations

from pathlib import Path

WORDS = (
    "the cat sat on a mat dog ran to park . , and is was it in of he she they "
    "we you blue red green government companies dialogue research"
).split()


def build_tiny_lm(folder: Path) -> Path:
    """Write a 1-layer Llama with a word-level tokenizer to ``folder``; return it."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    vocab = {"<|endoftext|>": 0, "<unk>": 1, "<pad>": 2}
    for word in WORDS:
        vocab.setdefault(word, len(vocab))
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation()]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="<unk>", pad_token="<pad>", eos_token="<|endoftext|>"
    )
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=128,
        pad_token_id=2,
        eos_token_id=0,
        bos_token_id=0,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
