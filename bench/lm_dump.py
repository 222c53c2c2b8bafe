"""Score every distinct MQM dev text once with the fluency LM and keep the raw outputs.

The verdict experiments (``bench/qe_probe.py``) need, per text, the token
surprisals and a pooled hidden state of the language model; computing them
inside the pipeline for every experiment would cost a full LM pass (the
slowest thing in the project) each time. This writes them once to
``bench/out/lm_dump.pkl``:

    {text: {"surprisal": [...], "offsets": [...], "hidden": float32[layers, dim]}}

Surprisals come from the pipeline's own :meth:`qa.models.CausalLM.score`.
``hidden`` (only with ``--hidden``) holds, for a few layers, the mean over the
text's tokens of the hidden state (the prefix token excluded).

    .venv/bin/python bench/lm_dump.py            # all dev targets and references
    .venv/bin/python bench/lm_dump.py --limit 50 # a quick look
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, load_records  # noqa: E402

# Hidden layers pooled with --hidden (clipped to the model's depth).
LAYERS = (6, 15, 24, 30)
# Texts scored between two saves of the output.
CHUNK = 300


def texts_of(limit: int | None) -> list[str]:
    records = load_records(include_human=True)
    texts: list[str] = []
    for r in records:
        for t in (r.target, r.reference, r.source):
            if t and t.strip():
                texts.append(t)
    texts = list(dict.fromkeys(texts))
    return texts[:limit] if limit else texts


def pooled_hidden(lm, text: str):  # type: ignore[no-untyped-def]
    """Mean hidden state over the text's tokens at each of ``LAYERS`` (one unpadded forward)."""
    import numpy as np
    import torch

    ids, _, _ = lm._encode(text)
    inputs = torch.tensor([[lm.prefix_id, *ids]], dtype=torch.long)
    states = lm.model(input_ids=inputs, output_hidden_states=True).hidden_states
    return np.stack(
        [states[min(k, len(states) - 1)][0, 1:].mean(0).numpy().astype(np.float32) for k in LAYERS]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", type=Path, default=None, help="default bench/out/lm_dump[.<lm>].pkl")
    ap.add_argument("--lm", default=None, help="model spec (default: $TQA_LM or SmolLM2)")
    ap.add_argument("--hidden", action="store_true", help="also keep pooled hidden states")
    args = ap.parse_args(argv)

    import torch

    from qa.models import load_lm

    lm = load_lm(args.lm)
    if args.out is None:
        args.out = OUT / (f"lm_dump.{args.lm}.pkl" if args.lm else "lm_dump.pkl")
    texts = [t for t in texts_of(args.limit) if not any("\u4e00" <= c <= "\u9fff" for c in t)]
    done: dict[str, dict] = {}
    if args.out.exists():
        done = pickle.loads(args.out.read_bytes())
    todo = sorted((t for t in texts if t not in done), key=len)
    print(f"{len(texts)} English texts, {len(todo)} to score", flush=True)
    started = time.perf_counter()
    ntok = 0
    # Chunks so that a long run is saved as it goes; scoring is the pipeline's own.
    for k in range(0, len(todo), CHUNK):
        chunk = todo[k : k + CHUNK]
        for text, scored in zip(chunk, lm.score(chunk), strict=True):
            item = {"surprisal": list(scored.surprisal), "offsets": list(scored.offsets)}
            if args.hidden:
                with torch.inference_mode():
                    item["hidden"] = pooled_hidden(lm, text)
            done[text] = item
            ntok += len(scored.surprisal)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(pickle.dumps(done))
        elapsed = time.perf_counter() - started
        print(f"  {len(done)} texts, {ntok} tokens, {ntok / elapsed:.0f} tok/s", flush=True)
    print(f"done: {len(done)} texts, {ntok} tokens in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
