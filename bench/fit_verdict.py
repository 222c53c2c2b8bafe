"""Fit the verdict's combiner on the MQM dev data and write ``qa/data/verdict_model.json``.

The combiner is a logistic regression over the features of ``qa.verdict.features``
(finding counts, penalty, length, and the signals the checks record). One
regression is fitted per *available-feature set* (e.g. with and without a
reference, with and without the language model), each on every dev unit that
has those inputs, so a unit is never scored with imputed values.

Nothing here is evaluated on labels it was fitted on:

* outer loop: ``GroupKFold`` by document (dataset|doc_id, 29 documents in dev);
  every record of a held-out document (MT and human) is scored by a model
  fitted on the other documents;
* inner loop (inside each outer training part, again grouped by document):
  picks the regularisation ``C`` and class weighting by ROC AUC, and the
  threshold by the F1 of ``rule OR score >= t`` on inner out-of-fold scores.

The shipped model is then fitted on all dev MT records the same way (its
hyper-parameters and threshold come from the inner CV on all of dev).

    .venv/bin/python bench/fit_verdict.py [--no-models] [--cache] [--dry-run]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bench.common import DATASETS, Record, load_records, run_pipeline, subsample, units_of  # noqa: E402
from qa.model import Finding  # noqa: E402
from qa.verdict import MODEL_PATH, choose_variant, features, rule_evidence, score_variant  # noqa: E402

C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
CLASS_WEIGHTS = (None, "balanced")
N_OUTER = 5
N_INNER = 4
MIN_CHECK_UNITS = 30  # a per-check feature needs this many training units that fire it
MIN_PATTERN_UNITS = 100  # an available-feature set gets its own regression above this
# Most of the flags a threshold may raise on human translations (dev records with
# ``is_human_translation``): the verdict must not cry wolf on good English.
HUMAN_FLAG_CAP = 0.10


@dataclass
class Row:
    """One record's features, gold and group, as the fitter sees it."""

    record: Record
    always: dict[str, float]
    optional: dict[str, float]
    rule: bool
    penalty: float

    @property
    def values(self) -> dict[str, float]:
        return {**self.always, **self.optional}


def build_rows(records: Sequence[Record], outputs: Sequence[dict]) -> list[Row]:
    """Features of each record from its cached pipeline output (findings + signals)."""
    rows = []
    for record, unit, out in zip(records, units_of(records), outputs, strict=True):
        findings = [Finding.from_dict(f) for f in out["findings"]]
        always, optional = features(unit, findings, out.get("signals") or {})
        rows.append(Row(record, always, optional, rule_evidence(findings), float(out["penalty"])))
    return rows


def _groups(rows: Sequence[Row]) -> np.ndarray:
    return np.array([r.record.group for r in rows])


def _folds(rows: Sequence[Row], n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    groups = _groups(rows)
    k = min(n, len(set(groups)))
    if k < 2:
        return []
    return list(GroupKFold(n_splits=k).split(np.zeros(len(rows)), groups=groups))


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s)) if 0 < y.sum() < len(y) else float("nan")


def _domain_auc(y: np.ndarray, s: np.ndarray, domain: np.ndarray) -> float:
    """Mean AUC within domains: the ranking a reviewer of one kind of text sees."""
    aucs = [_auc(y[domain == d], s[domain == d]) for d in sorted(set(domain))]
    aucs = [a for a in aucs if not math.isnan(a)]
    return float(np.mean(aucs)) if aucs else float("nan")


# Features left out of the regression (set from the command line for ablations).
EXCLUDE: set[str] = set()
DOMAIN_EFFECTS = True
# Keep only features whose direction agrees across datasets (see consistent_features).
SCREEN = False
SCREEN_MARGIN = 0.01


def _feature_names(rows: Sequence[Row], requires: Sequence[str]) -> list[str]:
    counts: Counter[str] = Counter()
    for r in rows:
        counts.update(k for k, v in r.always.items() if v)
    names = sorted(
        k
        for k in {k for r in rows for k in r.always}
        if not k.startswith("check:") or counts[k] >= MIN_CHECK_UNITS
    )
    # constant columns carry nothing and break the scaler
    names = [k for k in names if len({r.always.get(k, 0.0) for r in rows}) > 1 and k not in EXCLUDE]
    return names + sorted(k for k in requires if k not in EXCLUDE)


def _matrix(rows: Sequence[Row], names: Sequence[str]) -> np.ndarray:
    return np.array([[r.values.get(k, 0.0) for k in names] for r in rows], dtype=float)


def _fit_lr(
    x: np.ndarray, y: np.ndarray, c: float, cw: str | None, domain: np.ndarray | None = None
) -> dict:
    """Standardised logistic regression, with a fixed effect per domain when given.

    Domains (datasets: TED talks, news, biomedical abstracts) differ in length
    and base rate at once, so a pooled fit learns "long biomedical sentences
    are fine" and ranks badly *within* each domain. With one intercept per
    domain the coefficients are within-domain effects; the shipped intercept is
    the size-weighted mean of the domain intercepts (the domain of a new text
    is unknown).
    """
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    names: list[str] = []
    if DOMAIN_EFFECTS and domain is not None and len(set(domain)) > 1:
        names = sorted(set(domain))
        z = np.hstack([z, np.array([[float(d == n) for n in names] for d in domain])])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lr = LogisticRegression(C=c, class_weight=cw, max_iter=2000)
        lr.fit(z, y)
    k = x.shape[1]
    intercept = float(lr.intercept_[0])
    if names:
        shares = np.array([float(np.mean(domain == n)) for n in names])
        intercept += float(shares @ lr.coef_[0][k:])
    return {
        "coef": [round(float(v), 6) for v in lr.coef_[0][:k]],
        "intercept": round(intercept, 6),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "C": c,
        "class_weight": cw,
    }


def _predict(params: dict, x: np.ndarray) -> np.ndarray:
    z = ((x - np.array(params["mean"])) / np.array(params["scale"])) @ np.array(params["coef"])
    return 1.0 / (1.0 + np.exp(-np.clip(z + params["intercept"], -60, 60)))


def best_threshold(
    y: np.ndarray,
    score: np.ndarray,
    rule: np.ndarray,
    human_score: np.ndarray | None = None,
    human_rule: np.ndarray | None = None,
) -> tuple[float, float]:
    """Threshold maximising the F1 of ``rule OR score >= t``; returns ``(t, f1)``.

    Thresholds that flag more than ``HUMAN_FLAG_CAP`` of the human translations
    are not eligible.
    """
    best = (1.0, -1.0)
    for t in np.unique(np.quantile(score, np.linspace(0.3, 0.995, 140))):
        if human_score is not None and human_rule is not None and len(human_score):
            if (human_rule | (human_score >= t)).mean() > HUMAN_FLAG_CAP:
                continue
        flag = rule | (score >= t)
        tp = float((flag & (y == 1)).sum())
        f1 = 2 * tp / (flag.sum() + y.sum()) if flag.sum() + y.sum() else 0.0
        if f1 > best[1]:
            best = (float(t), f1)
    return best


def consistent_features(
    rows: Sequence[Row], names: Sequence[str], y: np.ndarray, domain: np.ndarray
) -> list[str]:
    """Features whose effect points the same way in every domain of the training data.

    On dev, several signals reverse between datasets (mean LM surprisal rises
    with awkwardness in biomedical MT and falls with it in TED talks); a
    regression fitted on the mix learns a compromise that ranks each domain
    badly. A feature is kept when its AUC is at least ``SCREEN_MARGIN`` on the
    same side of 0.5 in every domain with enough positives (a domain where the
    feature is constant does not vote). This runs inside each training fold.
    """
    x = _matrix(rows, names)
    domains = [d for d in sorted(set(domain)) if y[domain == d].sum() >= 10]
    kept = []
    for j, name in enumerate(names):
        sides = []
        for d in domains:
            m = domain == d
            if len(set(x[m, j])) < 2:
                continue
            sides.append(_auc(y[m], x[m, j]) - 0.5)
        if sides and (
            all(v >= SCREEN_MARGIN for v in sides) or all(v <= -SCREEN_MARGIN for v in sides)
        ):
            kept.append(name)
    return kept or [n for n in names if n == "log_words"]


def fit_variant(all_rows: Sequence[Row], requires: Sequence[str]) -> dict | None:
    """One regression (hyper-parameters and threshold by grouped inner CV).

    It is fitted on the MT rows; the human rows only bound the threshold.
    """
    human = np.array([r.record.is_human for r in all_rows])
    rows = [r for r in all_rows if not r.record.is_human]
    y_all = np.array([r.record.gold for r in all_rows])
    y = y_all[~human]
    domain_all = np.array([r.record.dataset for r in all_rows])
    names = _feature_names(rows, requires)
    if SCREEN:
        names = consistent_features(rows, names, y, domain_all[~human])
    if y.sum() < 10 or len(names) == 0:
        return None
    x_all = _matrix(all_rows, names)
    rule_all = np.array([r.rule for r in all_rows])
    folds = _folds(all_rows, N_INNER)
    best: tuple[float, float | None, str | None, np.ndarray | None] = (-1.0, None, None, None)
    for c in C_GRID:
        for cw in CLASS_WEIGHTS:
            oof = np.zeros(len(all_rows))
            for tr, te in folds:
                tr = tr[~human[tr]]
                if y_all[tr].sum() == 0:
                    continue
                fitted = _fit_lr(x_all[tr], y_all[tr], c, cw, domain_all[tr])
                oof[te] = _predict(fitted, x_all[te])
            auc = _domain_auc(y, oof[~human], domain_all[~human])
            if auc > best[0]:
                best = (auc, c, cw, oof)
    inner_auc, c, cw, oof = best
    assert c is not None and oof is not None
    threshold, inner_f1 = best_threshold(
        y, oof[~human], rule_all[~human], oof[human], rule_all[human]
    )
    params = _fit_lr(x_all[~human], y, c, cw, domain_all[~human])
    return {
        "requires": sorted(requires),
        "features": names,
        **params,
        "threshold": round(threshold, 6),
        "n_train": len(rows),
        "positives": int(y.sum()),
        "inner_cv": {"auc": round(inner_auc, 4), "f1_at_threshold": round(float(inner_f1), 4)},
    }


def input_family(feature: str) -> str:
    """Which input an optional feature needs: the reference, the source, or neither (the LM)."""
    name = feature.lower()
    if "ref" in name:
        return "reference"
    if "src" in name or "source" in name:
        return "source"
    return "target"


def candidate_sets(rows: Sequence[Row]) -> set[frozenset[str]]:
    """Available-feature sets worth a regression of their own.

    Every set seen on ``MIN_PATTERN_UNITS`` MT units, and each of its
    restrictions to some of the input families: in the dev data every unit has
    a source, but a user who checks an English document alone still has the
    language model, and must be scored with it.
    """
    patterns = Counter(frozenset(r.optional) for r in rows if not r.record.is_human)
    out: set[frozenset[str]] = {frozenset()}
    for pattern, n in patterns.items():
        if n < MIN_PATTERN_UNITS:
            continue
        families = sorted({input_family(f) for f in pattern})
        for k in range(len(families) + 1):
            for keep in itertools.combinations(families, k):
                out.add(frozenset(f for f in pattern if input_family(f) in keep))
    return out


def fit_model(rows: Sequence[Row]) -> dict:
    """All regressions for the available-feature sets seen in the MT records of ``rows``."""
    candidates = candidate_sets(rows)
    variants = []
    for req in sorted(candidates, key=len):
        eligible = [r for r in rows if req <= set(r.optional)]
        variant = fit_variant(eligible, sorted(req))
        if variant is not None:
            variants.append(variant)
    # A richer regression earns its place only if its inner-CV AUC beats the one
    # with no optional input: on dev the reference features do not (0.46-0.49).
    base = next((v for v in variants if not v["requires"]), None)
    if base is not None:
        variants = [
            v
            for v in variants
            if not v["requires"] or v["inner_cv"]["auc"] > base["inner_cv"]["auc"]
        ]
    return {"variants": variants}


def score_rows(model: dict, rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray]:
    """``(score, broken)`` of each row under ``model``."""
    scores = np.zeros(len(rows))
    broken = np.zeros(len(rows), dtype=bool)
    for i, r in enumerate(rows):
        variant = choose_variant(model, r.optional)
        if variant is None:
            scores[i], broken[i] = float(r.rule), r.rule
            continue
        scores[i] = score_variant(variant, r.values)
        broken[i] = r.rule or scores[i] >= variant["threshold"]
    return scores, broken


def cross_validate(rows: Sequence[Row]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold ``(score, broken, fold)`` for every row (MT and human), grouped by document.

    Models are fitted on MT records only (human records of the training
    documents bound the threshold); a human record is scored by the model of
    the fold that held out its document.
    """
    scores = np.full(len(rows), np.nan)
    broken = np.zeros(len(rows), dtype=bool)
    fold = np.full(len(rows), -1)
    for k, (tr, te) in enumerate(_folds(rows, N_OUTER)):
        model = fit_model([rows[i] for i in tr])
        s, b = score_rows(model, [rows[i] for i in te])
        scores[te], broken[te], fold[te] = s, b, k
    return scores, broken, fold


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--no-models", action="store_true", help="rule checks only (no language model)")
    ap.add_argument(
        "--cache", action="store_true", help="reuse/keep pipeline outputs in bench/out/"
    )
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the model file")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--limit", type=int, default=None, help="records per dataset (fixed seed)")
    args = ap.parse_args(argv)

    records = subsample(load_records(), args.limit)
    outputs = run_pipeline(records, use_models=not args.no_models, cache=args.cache)
    rows = build_rows(records, outputs)
    mt = [r for r in rows if not r.record.is_human]
    oof_score, oof_broken, _ = cross_validate(rows)
    cv: dict[str, dict[str, float]] = {}
    for ds in DATASETS:
        idx = [i for i, r in enumerate(rows) if r.record.dataset == ds and not r.record.is_human]
        hum = [i for i, r in enumerate(rows) if r.record.dataset == ds and r.record.is_human]
        if not idx:
            continue
        y = np.array([rows[i].record.gold for i in idx])
        flag = oof_broken[idx]
        tp = float((flag & (y == 1)).sum())
        cv[ds] = {
            "n": len(idx),
            "auc": round(_auc(y, oof_score[idx]), 4),
            "f1": round(2 * tp / (flag.sum() + y.sum()), 4) if flag.sum() + y.sum() else 0.0,
            "precision": round(tp / flag.sum(), 4) if flag.sum() else 0.0,
            "recall": round(tp / y.sum(), 4) if y.sum() else 0.0,
            "human_false_flag": round(float(oof_broken[hum].mean()), 4) if hum else math.nan,
        }
    model = fit_model(rows)
    model = {
        "version": 1,
        "trained": dt.date.today().isoformat(),
        "data": f"../shared/data/mqm_zhen.dev.jsonl, {len(mt)} MT records, gold awkward_or_broken "
        "(WMT23: any rater)",
        "with_language_model": not args.no_models,
        "sample": f"{args.limit} records per dataset, seed 13" if args.limit else "all",
        "rule": "broken = rule evidence (non-translation, critical, major fluency/style finding) "
        "OR score >= threshold of the richest applicable variant",
        "cv": {
            "scheme": f"GroupKFold({N_OUTER}) by dataset|doc_id, nested GroupKFold({N_INNER})",
            **cv,
        },
        **model,
    }
    for ds, figures in cv.items():
        print(f"{ds:20s} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    for v in model["variants"]:
        top = sorted(zip(v["features"], v["coef"], strict=True), key=lambda kv: -abs(kv[1]))[:8]
        print(
            f"variant requires={v['requires'] or '-'} n={v['n_train']} C={v['C']} cw={v['class_weight']} "
            f"t={v['threshold']:.3f} inner={v['inner_cv']} top: "
            + ", ".join(f"{k}={c:+.2f}" for k, c in top)
        )
    if not args.dry_run:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
