"""How well each language-model signal separates awkward/broken MT on the MQM dev data.

For each dataset with the LM signals of ``qa/checks/lm_fluency.py`` (and the
reference chrF of ``qa/checks/reference.py``) it prints the ROC AUC against
``awkward_or_broken`` beside the AUC of length alone and a length-controlled
AUC (mean AUC within target-length quartiles), then the share of MT and of
human translations that the ``lm-fluency`` finding thresholds flag, with the
precision of those flags. These are the figures behind the thresholds in
``qa/checks/lm_fluency.py``.

    .venv/bin/python bench/lm_signals.py                        # SmolLM2, TED + biomedical (~20 min on 2 busy cores)
    .venv/bin/python bench/lm_signals.py --lm gemma3-270m --segments 30 --datasets wmt21_ted
    .venv/bin/python bench/lm_signals.py --segments 30 --datasets wmt21_ted   # the same subset, SmolLM2

``--segments N`` keeps N source segments per dataset (every system's output
of them, fixed seed), so two models can be compared on identical records.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATASETS, Record, load_records  # noqa: E402

FEATURES = (
    "lm_mean",
    "lm_window",
    "lm_window_nonames",
    "lm_top20",
    "lm_high_frac",
    "lm_high_count",
    "ref_chrf",
)
# Signals where lower means worse; negated before the AUC.
LOWER_IS_WORSE = frozenset({"ref_chrf"})


def pick(records: list[Record], segments: int, seed: int) -> list[Record]:
    if not segments:
        return records
    out = []
    for ds in DATASETS:
        keys = sorted({(r.doc_id, r.source) for r in records if r.dataset == ds})
        random.Random(seed).shuffle(keys)
        keep = set(keys[:segments])
        out.extend(r for r in records if r.dataset == ds and (r.doc_id, r.source) in keep)
    return out


def signals_of(records: list[Record], lm_spec: str | None) -> dict[str, dict[str, float]]:
    from qa.checks.lm_fluency import score_units
    from qa.checks.reference import agreement
    from qa.checks.registry import CheckContext
    from qa.model import Unit
    from qa.models import load_lm

    ctx = CheckContext(lm=load_lm(lm_spec))
    units = [
        Unit(id=r.id, target=r.target, reference=r.reference if r.reference != r.target else None)
        for r in records
    ]
    score_units(units, ctx)
    for unit in units:
        if unit.reference:
            ctx.record_signal(unit, "ref_chrf", agreement(unit.target, unit.reference)["ref_chrf"])
    return ctx.signals


def length_controlled_auc(y, score, length) -> float:  # type: ignore[no-untyped-def]
    import numpy as np
    from sklearn.metrics import roc_auc_score

    edges = np.quantile(length, [0.25, 0.5, 0.75])
    bins = np.digitize(length, edges)
    aucs = [
        roc_auc_score(y[bins == k], score[bins == k])
        for k in range(4)
        if len(set(y[bins == k])) == 2
    ]
    return float(np.mean(aucs)) if aucs else float("nan")


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from qa.checks import lm_fluency

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lm", default=None, help="model spec (default: $TQA_LM or smollm2)")
    parser.add_argument("--datasets", default="wmt21_ted,wmt21_biomed")
    parser.add_argument("--segments", type=int, default=0, help="source segments per dataset")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    records = pick(load_records(datasets=args.datasets.split(",")), args.segments, args.seed)
    signals = signals_of(records, args.lm)
    print(f"model: {args.lm or 'default'}; records: {len(records)}")
    for ds in DATASETS:
        mt = [r for r in records if r.dataset == ds and not r.is_human]
        human = [r for r in records if r.dataset == ds and r.is_human]
        if not mt:
            continue
        y = np.array([r.gold for r in mt])
        length = np.array([len(r.target) for r in mt], dtype=float)
        print(
            f"\n== {ds}: {len(mt)} MT, {len(human)} human; base rate {y.mean():.3f}; "
            f"length alone AUC {roc_auc_score(y, length):.3f}"
        )
        print(f"   {'signal':<30} {'AUC':>6} {'len-ctl':>8}")
        for name in FEATURES:
            values = np.array([signals.get(r.id, {}).get(name, np.nan) for r in mt], dtype=float)
            keep = ~np.isnan(values)
            if keep.sum() < 30 or len(set(y[keep])) < 2:
                continue
            sign = -1.0 if name in LOWER_IS_WORSE else 1.0
            v = sign * values[keep]
            print(
                f"   {name:<30} {roc_auc_score(y[keep], v):>6.3f} "
                f"{length_controlled_auc(y[keep], v, length[keep]):>8.3f}"
            )
        window = np.array([signals[r.id]["lm_window_nonames"] for r in mt])
        human_window = np.array([signals[r.id]["lm_window_nonames"] for r in human])
        print("   lm-fluency finding (name-masked weakest span):")
        for threshold in (11.0, lm_fluency.FINDING_MINOR, 13.0, lm_fluency.FINDING_MAJOR):
            flagged = window >= threshold
            precision = y[flagged].mean() if flagged.any() else float("nan")
            recall = (flagged & (y == 1)).sum() / max(1, y.sum())
            human_rate = (human_window >= threshold).mean() if len(human) else float("nan")
            print(
                f"     >= {threshold:>5.1f}: MT flagged {flagged.mean():.3f}, precision "
                f"{precision:.3f}, recall {recall:.3f}; human flagged {human_rate:.3f}"
            )
        if len(human):
            print(f"   weakest span maxima: MT {window.max():.2f}, human {human_window.max():.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
