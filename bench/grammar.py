"""Does a grammar checker help find awkward or broken MT? quire-grammar on the MQM dev data.

The issue asks for "a grammar model only if it measurably helps". MODELS.md
lists one that installs offline: ``quire-grammar[model]`` (MIT rules layer and
an Apache-2.0 GECToR-style ONNX edit tagger). It is not a project dependency;
install it into the virtualenv to run this::

    .venv/bin/pip install "quire-grammar[model]"
    .venv/bin/python bench/grammar.py [--limit N]

For each dataset it prints, over MT records (gold as in ``bench/flags.py``):
how often the checker fires, the gold rate where it fires (precision) against
the base rate, recall, F1, the ROC AUC of its correction count and its
length-controlled AUC, and the share of human translations it flags; per rule
group (rules layer by category, model edits), and for the model's edits at
confidence floors 0.9 (its default) and 0.95. Then whether adding "any
correction" or "a model edit at >= 0.95" to the tool's own ``broken`` raises
F1 (the tool's findings come from the cached rule pass of ``bench/flags.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import DATASETS, Record, load_records, run_pipeline, subsample  # noqa: E402
from bench.flags import auc, length_controlled_auc, prf  # noqa: E402


def corrections(records: Sequence[Record]) -> dict[str, list[tuple[str, str, float]]]:
    """(group, rule id, confidence) of every correction, per distinct target text."""
    try:
        from quire_grammar import check
    except ImportError:
        raise SystemExit(
            'quire-grammar is not installed (not a project dependency): .venv/bin/pip install "quire-grammar[model]"'
        ) from None

    out: dict[str, list[tuple[str, str, float]]] = {}
    for r in records:
        if r.target in out:
            continue
        found = check(r.target)
        out[r.target] = [
            (
                "model" if c.rule_id.startswith("model:") else f"rules:{c.category}",
                c.rule_id,
                float(c.confidence),
            )
            for c in found
        ]
    return out


def _in_group(group: str, correction: tuple[str, str, float]) -> bool:
    return correction[0] == group


def row(name: str, y: np.ndarray, flag: np.ndarray, hum: np.ndarray | None) -> str:
    p, r, f = prf(y, flag)
    human = f"{hum.mean():6.3f}" if hum is not None and len(hum) else "     -"
    return f"    {name:<34} {flag.mean():6.3f} {p:6.3f} {r:6.3f} {f:6.3f} {human}"


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="records per dataset")
    args = ap.parse_args(argv)
    records = subsample(load_records(), args.limit)
    found = corrections(records)
    outputs = run_pipeline(records, use_models=False, cache=True)
    from qa.model import Finding
    from qa.verdict import rule_evidence

    broken = np.array([rule_evidence(Finding.from_dict(f) for f in o["findings"]) for o in outputs])
    rule_ids: Counter[str] = Counter()
    for r in records:
        rule_ids.update(rid for _, rid, _ in found[r.target])
    print(f"quire-grammar on {len(records)} MQM dev records; corrections by rule: {dict(rule_ids)}")
    for ds in DATASETS:
        mt = [i for i, r in enumerate(records) if r.dataset == ds and not r.is_human]
        hu = [i for i, r in enumerate(records) if r.dataset == ds and r.is_human]
        if not mt:
            continue
        y = np.array([records[i].gold for i in mt])
        length = np.array([len(records[i].target) for i in mt], dtype=float)

        def flags(idx: list[int], keep) -> np.ndarray:  # type: ignore[no-untyped-def]
            return np.array([any(keep(c) for c in found[records[i].target]) for i in idx])

        count = np.array([len(found[records[i].target]) for i in mt], dtype=float)
        print(
            f"\n{ds}: n {len(mt)}, base {y.mean():.3f}; AUC of the correction count "
            f"{auc(y, count):.3f} (length alone {auc(y, length):.3f}, length-controlled "
            f"{length_controlled_auc(y, count, length):.3f})"
        )
        print(f"    {'flag':<34} {'rate':>6} {'P':>6} {'R':>6} {'F1':>6} {'human':>6}")
        groups = sorted({g for i in mt + hu for g, _, _ in found[records[i].target]})
        selectors: dict[str, Callable[[tuple[str, str, float]], bool]] = {
            "any correction": lambda c: True
        }
        for group in groups:
            selectors[group] = partial(_in_group, group)
        selectors["model, confidence >= 0.95"] = lambda c: c[0] == "model" and c[2] >= 0.95
        for name, keep in selectors.items():
            hum = flags(hu, keep) if hu else None
            print(row(name, y, flags(mt, keep), hum))
        tool = broken[mt]
        print(row("tool's broken", y, tool, broken[hu] if hu else None))
        for name in ("any correction", "model, confidence >= 0.95"):
            keep = selectors[name]
            hum = (broken[hu] | flags(hu, keep)) if hu else None
            print(row(f"broken or {name}", y, tool | flags(mt, keep), hum))


if __name__ == "__main__":
    main()
