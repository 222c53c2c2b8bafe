"""How well ``broken`` and ``penalty`` find awkward or broken MT sentences (MQM dev data).

Runs the pipeline over ``../shared/data/mqm_zhen.dev.jsonl`` through the JSONL
reader (the code path of ``tqa check x.jsonl --format jsonl``) and prints, per
dataset and as a macro average over datasets:

* ``n``, base rate, and the flag-everything F1 floor ``2p/(1+p)``;
* P/R/F1 of ``broken`` (the rule evidence of :mod:`qa.verdict`; nothing in
  it is fitted, the severities of the checks were set from these data);
* ROC AUC and PR-AUC (average precision) of ``penalty`` and of the verdict
  score (the penalty with the language model's weakest span as tie-break),
  and how that AUC moves with the tie-break's scale;
* AUC of segment length alone, and length-controlled AUC (mean AUC within
  length quartiles of the dataset) of penalty, score and chrF;
* the baseline: sentence chrF against the reference (AUC and best-threshold F1,
  the latter chosen on the same data, so it is the baseline's ceiling);
* the false-flag rate of ``broken`` on human translations (``is_human_translation``).

    .venv/bin/python bench/flags.py [--no-models] [--limit N] [--dataset X] [--cache] [--data FILE]

``--data`` runs the same figures on another file of MQM records in the dev
file's format (a held-out split).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import (  # noqa: E402
    DATASETS,
    MQM_DEV,
    Record,
    load_records,
    run_pipeline,
    subsample,
)
from qa.model import Finding  # noqa: E402
from qa.verdict import LM_SIGNAL, judge  # noqa: E402

TARGET_AUC = 0.70
TARGET_F1 = 0.40


@dataclass(frozen=True)
class Row:
    """One record and the tool's verdict on it."""

    record: Record
    rule: bool
    penalty: float
    score: float
    lm_window: float


def build_rows(records: Sequence[Record], outputs: Sequence[dict]) -> list[Row]:
    rows = []
    for record, out in zip(records, outputs, strict=True):
        findings = [Finding.from_dict(f) for f in out["findings"]]
        signals = out.get("signals", {})
        verdict = judge(findings, signals)
        window = signals.get(LM_SIGNAL)
        rows.append(
            Row(
                record,
                verdict.broken,
                float(out["penalty"]),
                verdict.score,
                math.nan if window is None else float(window),
            )
        )
    return rows


def auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    ok = ~np.isnan(s)
    y, s = y[ok], s[ok]
    return float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else math.nan


def pr_auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    ok = ~np.isnan(s)
    return float(average_precision_score(y[ok], s[ok])) if y[ok].sum() else math.nan


def length_controlled_auc(y: np.ndarray, s: np.ndarray, length: np.ndarray) -> float:
    """Mean AUC within length quartiles: what a score finds beyond "this one is long"."""
    edges = np.quantile(length, [0.25, 0.5, 0.75])
    bins = np.digitize(length, edges)
    aucs = [auc(y[bins == b], s[bins == b]) for b in range(4)]
    aucs = [a for a in aucs if not math.isnan(a)]
    return float(np.mean(aucs)) if aucs else math.nan


def prf(y: np.ndarray, flag: np.ndarray) -> tuple[float, float, float]:
    tp = float((flag & (y == 1)).sum())
    p = tp / flag.sum() if flag.sum() else 0.0
    r = tp / y.sum() if y.sum() else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_f1(y: np.ndarray, s: np.ndarray) -> float:
    ok = ~np.isnan(s)
    y, s = y[ok], s[ok]
    best = 0.0
    for t in np.unique(np.quantile(s, np.linspace(0, 1, 201))):
        best = max(best, prf(y, s >= t)[2])
    return best


def chrf_scores(rows: Sequence[Row]) -> np.ndarray:
    """Negated sentence chrF against the reference (higher = worse); NaN without one."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    out = np.full(len(rows), np.nan)
    for i, r in enumerate(rows):
        ref = r.record.reference
        if ref and ref != r.record.target:
            out[i] = -chrf.sentence_score(r.record.target, [ref]).score
    return out


def evaluate(rows: Sequence[Row]) -> dict[str, dict]:
    """All figures per dataset (MT records), plus human false-flag rates."""
    chrf = chrf_scores(rows)
    table: dict[str, dict] = {}
    for ds in DATASETS:
        mt = np.array(
            [i for i, r in enumerate(rows) if r.record.dataset == ds and not r.record.is_human]
        )
        hum = np.array(
            [i for i, r in enumerate(rows) if r.record.dataset == ds and r.record.is_human]
        )
        if len(mt) == 0:
            continue
        y = np.array([rows[i].record.gold for i in mt])
        length = np.array([len(rows[i].record.target) for i in mt], dtype=float)
        penalty = np.array([rows[i].penalty for i in mt])
        rule = np.array([rows[i].rule for i in mt])
        score = np.array([rows[i].score for i in mt])
        base = float(y.mean())
        has_ref = ~np.isnan(chrf[mt])
        row: dict[str, float] = {
            "n": len(mt),
            "base": base,
            "floor_f1": 2 * base / (1 + base),
            "p": prf(y, rule)[0],
            "r": prf(y, rule)[1],
            "f1": prf(y, rule)[2],
            "auc_penalty": auc(y, penalty),
            "ap_penalty": pr_auc(y, penalty),
            "auc_score": auc(y, score),
            "ap_score": pr_auc(y, score),
            "auc_length": auc(y, length),
            "lc_auc_penalty": length_controlled_auc(y, penalty, length),
            "lc_auc_score": length_controlled_auc(y, score, length),
            "auc_chrf": auc(y[has_ref], chrf[mt][has_ref]) if has_ref.sum() else math.nan,
            "lc_auc_chrf": length_controlled_auc(y[has_ref], chrf[mt][has_ref], length[has_ref])
            if has_ref.sum()
            else math.nan,
            "f1_chrf": best_f1(y[has_ref], chrf[mt][has_ref]) if has_ref.sum() else math.nan,
            "n_human": len(hum),
            "human_ff": float(np.mean([rows[i].rule for i in hum])) if len(hum) else math.nan,
            "human_gold": float(np.mean([rows[i].record.gold for i in hum]))
            if len(hum)
            else math.nan,
        }
        table[ds] = row
    if table:
        keys = next(iter(table.values())).keys()
        table["macro"] = {
            k: float(np.nanmean([t[k] for t in table.values()]))
            if any(not math.isnan(t[k]) for t in table.values())
            else math.nan
            for k in keys
        }
    return table


COLUMNS = (
    ("n", "n", "{:.0f}"),
    ("base", "base", "{:.3f}"),
    ("floor_f1", "floorF1", "{:.3f}"),
    ("p", "P", "{:.3f}"),
    ("r", "R", "{:.3f}"),
    ("f1", "F1", "{:.3f}"),
    ("auc_penalty", "AUCpen", "{:.3f}"),
    ("ap_penalty", "APpen", "{:.3f}"),
    ("auc_score", "AUCscore", "{:.3f}"),
    ("ap_score", "APscore", "{:.3f}"),
    ("auc_length", "AUClen", "{:.3f}"),
    ("lc_auc_penalty", "lcAUCpen", "{:.3f}"),
    ("lc_auc_score", "lcAUCscore", "{:.3f}"),
    ("auc_chrf", "AUCchrF", "{:.3f}"),
    ("lc_auc_chrf", "lcAUCchrF", "{:.3f}"),
    ("f1_chrf", "F1chrF*", "{:.3f}"),
    ("n_human", "nHum", "{:.0f}"),
    ("human_gold", "humGold", "{:.3f}"),
    ("human_ff", "humFF", "{:.3f}"),
)


def render(table: dict[str, dict]) -> str:
    width = max(len(k) for k in table) + 1
    head = " " * width + " ".join(f"{label:>10s}" for _, label, _ in COLUMNS)
    lines = [head]
    for ds, row in table.items():
        cells = []
        for key, _, fmt in COLUMNS:
            v = row.get(key, math.nan)
            cells.append(
                f"{'-':>10s}"
                if v is None or (isinstance(v, float) and math.isnan(v))
                else f"{fmt.format(v):>10s}"
            )
        lines.append(f"{ds:<{width}s}" + " ".join(cells))
    return "\n".join(lines)


def per_check(rows: Sequence[Row], outputs: Sequence[dict]) -> str:
    """How often each check fires on MT and human records, and the gold rate where it fires.

    ``lift`` = gold rate among the MT records it fires on / base rate of the
    dataset mix: above 1 the check points at awkward sentences, at or below 1
    it is noise for this label (which may still be right for another purpose).
    """
    from collections import defaultdict

    fired: dict[str, list[int]] = defaultdict(list)
    human: dict[str, int] = defaultdict(int)
    n_human = sum(r.record.is_human for r in rows)
    mt_gold = [r.record.gold for r in rows if not r.record.is_human]
    base = float(np.mean(mt_gold)) if mt_gold else math.nan
    for row, out in zip(rows, outputs, strict=True):
        for name in {f["check"] + "/" + f["severity"] for f in out["findings"]}:
            if row.record.is_human:
                human[name] += 1
            else:
                fired[name].append(row.record.gold)
    lines = [
        f"{'check/severity':45s} {'MT fired':>8s} {'gold@fired':>10s} {'lift':>6s} {'human%':>7s}"
    ]
    for name in sorted(fired, key=lambda k: -len(fired[k])):
        g = float(np.mean(fired[name]))
        lines.append(
            f"{name:45s} {len(fired[name]):8d} {g:10.3f} {g / base:6.2f} "
            f"{100 * human[name] / max(1, n_human):7.1f}"
        )
    return "\n".join(lines)


def tie_break_sensitivity(rows: Sequence[Row]) -> str:
    """AUC of penalty + scale x weakest span for several scales: the choice of scale hardly matters."""
    lines = ["tie-break scale  " + "  ".join(f"{ds[:10]:>10s}" for ds in DATASETS)]
    for scale in (0.0, 0.001, 0.01, 0.1, 1.0, 10.0):
        cells = []
        for ds in DATASETS:
            mt = [r for r in rows if r.record.dataset == ds and not r.record.is_human]
            y = np.array([r.record.gold for r in mt])
            s = np.array([r.penalty + scale * np.nan_to_num(r.lm_window) for r in mt])
            cells.append(f"{auc(y, s):10.3f}" if len(mt) else f"{'-':>10s}")
        lines.append(f"{scale:<15g}  " + "  ".join(cells))
    return "\n".join(lines)


def verdict_gaps(table: dict[str, dict]) -> list[str]:
    """One line per dataset that misses a target, and by how much."""
    out = []
    for ds, row in table.items():
        if ds == "macro":
            continue
        if row["auc_score"] < TARGET_AUC:  # the score is the penalty when no LM ran
            out.append(
                f"{ds}: AUC {row['auc_score']:.3f} misses {TARGET_AUC} by {TARGET_AUC - row['auc_score']:.3f}"
            )
        if row["f1"] < TARGET_F1:
            out.append(
                f"{ds}: F1 {row['f1']:.3f} misses {TARGET_F1} by {TARGET_F1 - row['f1']:.3f}"
            )
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--no-models", action="store_true", help="rule checks only (no language model)")
    ap.add_argument(
        "--limit", type=int, default=None, help="records per dataset (fixed-seed sample)"
    )
    ap.add_argument(
        "--dataset", action="append", choices=DATASETS, help="only this dataset (repeatable)"
    )
    ap.add_argument(
        "--cache", action="store_true", help="reuse/keep pipeline outputs in bench/out/"
    )
    ap.add_argument("--per-check", action="store_true", help="print how each check fires")
    ap.add_argument(
        "--data",
        type=Path,
        default=MQM_DEV,
        help="MQM records in the dev file's format, e.g. a held-out split (default: the dev file)",
    )
    args = ap.parse_args(argv)

    records = subsample(load_records(args.data, datasets=args.dataset), args.limit)
    t0 = time.perf_counter()
    tag = "mqm_dev" if args.data == MQM_DEV else f"mqm_{args.data.stem}"
    outputs = run_pipeline(records, use_models=not args.no_models, cache=args.cache, tag=tag)
    elapsed = time.perf_counter() - t0
    rows = build_rows(records, outputs)
    table = evaluate(rows)
    print(
        f"MQM {args.data.name}, {len(records)} records ({'rules only' if args.no_models else 'with models'}), "
        f"pipeline {elapsed:.1f} s; gold awkward_or_broken (WMT23: any rater)"
    )
    print(render(table))
    print(
        "P/R/F1 = broken (rule evidence); AUCpen = penalty; AUCscore = verdict score (penalty, "
        "language-model weakest span as tie-break); lcAUC = mean AUC within length quartiles; "
        "F1chrF* = best threshold on the same data (ceiling); humFF = share of human "
        "translations flagged broken (humGold = their own gold rate)."
    )
    if not args.no_models:
        print(tie_break_sensitivity(rows))
    if args.per_check:
        print(per_check(rows, outputs))
    for gap in verdict_gaps(table):
        print("target missed:", gap)


if __name__ == "__main__":
    main()
