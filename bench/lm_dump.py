"""Score every distinct MQM dev text once with the fluency LM and keep the raw outputs.

The verdict experiments (``bench/qe_probe.py``) need, per text, the token
surprisals and a pooled hidden state of the language model; computing them
inside the pipeline for every experiment would cost a full LM pass (the
slowest thing in the project) each time. This writes them once to
``bench/out/lm_dump.pkl``:

    {text: {"surprisal": [...], "offsets": [...], "hidden": float32[layers, dim]}}

``hidden`` holds, for a few layers, the mean over the text's tokens of the
hidden state (the prefix token excluded).

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

# Hidden layers pooled (clipped to the model's depth).
LAYERS = (6, 15, 24, 30)


def texts_of(limit: int | None) -> list[str]:
    records = load_records(include_human=True)
    texts: list[str] = []
    for r in records:
        for t in (r.target, r.reference, r.source):
            if t and t.strip():
                texts.append(t)
    texts = list(dict.fromkeys(texts))
    return texts[:limit] if limit else texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", type=Path, default=None, help="default bench/out/lm_dump[.<lm>].pkl")
    ap.add_argument("--lm", default=None, help="model spec (default: $TQA_LM or SmolLM2)")
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    from qa.models import load_lm

    lm = load_lm(args.lm)
    if args.out is None:
        args.out = OUT / (f"lm_dump.{args.lm}.pkl" if args.lm else "lm_dump.pkl")
    texts = [t for t in texts_of(args.limit) if not any("\u4e00" <= c <= "\u9fff" for c in t)]
    done: dict[str, dict] = {}
    if args.out.exists():
        done = pickle.loads(args.out.read_bytes())
    todo = [t for t in texts if t not in done]
    print(f"{len(texts)} English texts, {len(todo)} to score", flush=True)
    encoded = {t: lm._encode(t) for t in todo}
    todo.sort(key=lambda t: len(encoded[t][0]))
    started = time.perf_counter()
    ntok = 0
    batch: list[str] = []

    def flush() -> None:
        nonlocal ntok
        if not batch:
            return
        seqs = [encoded[t][0] for t in batch]
        width = max(len(s) for s in seqs) + 1
        ids = torch.full((len(seqs), width), lm.pad_id, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for row, seq in enumerate(seqs):
            ids[row, 0] = lm.prefix_id
            ids[row, 1 : len(seq) + 1] = torch.tensor(seq, dtype=torch.long)
            mask[row, : len(seq) + 1] = 1
        out = lm.model(input_ids=ids, attention_mask=mask, output_hidden_states=True)
        logits = out.logits[:, :-1, :].float()
        picked = logits.gather(-1, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
        surprisal = torch.logsumexp(logits, dim=-1) - picked
        hs = out.hidden_states
        for row, (t, seq) in enumerate(zip(batch, seqs, strict=True)):
            n = len(seq)
            pooled = np.stack(
                [
                    hs[min(layer, len(hs) - 1)][row, 1 : n + 1].mean(0).numpy().astype(np.float32)
                    for layer in LAYERS
                ]
            )
            done[t] = {
                "surprisal": surprisal[row, :n].tolist(),
                "offsets": encoded[t][1],
                "hidden": pooled,
            }
            ntok += n
        batch.clear()

    last_save = time.perf_counter()
    with torch.inference_mode():
        for t in todo:
            width = len(encoded[t][0]) + 1
            if batch and width * (len(batch) + 1) > lm.batch_tokens:
                flush()
                if time.perf_counter() - last_save > 120:
                    args.out.parent.mkdir(parents=True, exist_ok=True)
                    args.out.write_bytes(pickle.dumps(done))
                    last_save = time.perf_counter()
                    el = last_save - started
                    print(f"  {len(done)} texts, {ntok} tokens, {ntok / el:.0f} tok/s", flush=True)
            batch.append(t)
        flush()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pickle.dumps(done))
    el = time.perf_counter() - started
    print(f"done: {len(done)} texts, {ntok} tokens in {el:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
