"""Speed of ``tqa check`` beside translate-toolkit's ``pofilter`` on the MQM dev segments.

Prints
  (a) every check, the language model included, over N dev segments (default 1,000)
      after the model is cached: load time, check time, total, and the time per
      1,000 target sentences (the issue's target: under 60 s);
  (b) the rule checks alone (no models): segments and sentences per second (target:
      2,000 sentences/s or more), timed after a warm-up run on *other* segments, so
      that loading is excluded but no text is met twice; by default the pipeline hands
      half the checks to its check worker (``qa/workers.py``), ``TQA_WORKERS=1`` times
      one process;
  (b') with ``--batch``, alone: the rule checks over every dev record the warm-up did
      not see (about 3,900, MT and human) in one run, the throughput of a batch job;
  (c) translate-toolkit's pofilter checks over the same segments: its throughput
      (library calls, and the ``pofilter`` command on a PO file, start-up included),
      and the precision / recall / F1 of "any pofilter failure" against the
      ``awkward_or_broken`` gold (WMT23: any rater), beside the same figures for
      tqa's ``broken`` verdict on the same segments.

The sample is a fixed-seed draw of MT records stratified over the three dev
datasets (TED and biomedical records are sentences, WMT23 records short
paragraphs), read through the JSONL interface like ``tqa check x.jsonl``.

    .venv/bin/python bench/speed.py              # 1,000 segments
    .venv/bin/python bench/speed.py -n 300       # quicker
    .venv/bin/python bench/speed.py --profile    # only the time of each rule check
    .venv/bin/python bench/speed.py --batch      # only (b'): rule checks, all other dev records, one run
    .venv/bin/python bench/speed.py --cli        # also (d): the tqa command, cold
    .venv/bin/python bench/speed.py --no-models --ignore added-sentence,dropped-sentence

(a) runs after (b) in the same process, so the rule checks in (a) find the
sample's texts in the process caches; the line "the same segments again" of
(b) shows how little that is worth.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATASETS, Record, load_records, subsample, units_of  # noqa: E402


def prf(flags: Sequence[bool], gold: Sequence[int]) -> tuple[float, float, float]:
    tp = sum(1 for f, g in zip(flags, gold, strict=True) if f and g)
    fp = sum(1 for f, g in zip(flags, gold, strict=True) if f and not g)
    fn = sum(1 for f, g in zip(flags, gold, strict=True) if not f and g)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def sample(n: int, seed: int) -> list[Record]:
    records = load_records(include_human=False)
    per = -(-n // len(DATASETS))
    return subsample(records, per, seed=seed)[:n]


def warmup_sample(records: Sequence[Record], n: int, seed: int) -> list[Record]:
    """``n`` records whose targets the timed run never sees, for the warm-up run.

    The timed run must not find its own texts in the process-wide caches
    (term indexes, spelling look-ups) that a first run over the same records
    leaves behind: that would time a repeat, not the checks. MT of the
    sample's source segments is left out; human translations of them are
    used (the sample holds few other sources, and no biomedical ones), so the
    warm-up meets every dataset and loads every table. A human translation's
    reference may be one the sample uses, which saves the timed run a few
    chrF n-gram extractions (milliseconds).
    """
    taken_sources = {(r.dataset, r.source) for r in records}
    taken_targets = {r.target for r in records}
    others = [
        r
        for r in load_records(include_human=True)
        if r.target not in taken_targets
        and (r.is_human or (r.dataset, r.source) not in taken_sources)
    ]
    per = -(-n // len(DATASETS))
    return subsample(others, per, seed=seed)[:n]


def load_lazy_tables() -> float:
    """Finish what loading leaves pending after the warm-up (seconds taken).

    jieba's dictionary loads on the first Chinese source that holds a
    glossary term, and the warm-up records hold none (a one-off 0.4 s). And
    Python's first full garbage collection after the tables are loaded walks
    every object they hold (0.3 s); it comes once, soon after loading, so it
    is part of loading, not of the steady rate.
    """
    import gc

    from qa.termmatch import ChineseTermFinder

    started = time.perf_counter()
    ChineseTermFinder(["半导体"]).find("半导体产业")
    gc.collect()
    return time.perf_counter() - started


def time_tqa(
    records: list[Record], use_models: bool, ignore: Sequence[str] = ()
) -> tuple[float, float, list, list[str]]:
    """(context seconds, check seconds, results, notices) of one in-process ``tqa check`` run."""
    from qa.pipeline import make_context, run_checks

    units = units_of(records)
    started = time.perf_counter()
    ctx = make_context(use_models=use_models)
    loaded = time.perf_counter()
    results = run_checks(units, ctx, ignore=ignore)
    done = time.perf_counter()
    return loaded - started, done - loaded, results, list(ctx.notices)


def profile_rules(records: list[Record], warmup: list[Record]) -> list[tuple[str, float]]:
    """Seconds spent in each rule check (its prepare hook included) during one warm run.

    Timed inside a single run over the records, after a warm-up on other
    records, so each check meets the text unseen and shares what the run
    shares (a parse, an alignment) as it does in ``tqa check``.
    """
    from dataclasses import replace

    from qa.checks.registry import REGISTRY
    from qa.pipeline import make_context, run_checks

    spent: dict[str, float] = defaultdict(float)

    def timed(name: str, func):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            out = func(*args, **kwargs)
            if out is not None:
                out = list(out)  # checks are generators: time their work, not their creation
            spent[name] += time.perf_counter() - started
            return out

        return wrapper

    run_checks(units_of(warmup), make_context(use_models=False))
    load_lazy_tables()
    original = dict(REGISTRY)
    try:
        for name, spec in original.items():
            REGISTRY[name] = replace(
                spec,
                func=timed(name, spec.func),
                prepare=timed(name, spec.prepare) if spec.prepare else None,
            )
        started = time.perf_counter()
        run_checks(units_of(records), make_context(use_models=False))
        spent["(whole run)"] = time.perf_counter() - started
    finally:
        REGISTRY.clear()
        REGISTRY.update(original)
    return sorted(spent.items(), key=lambda kv: -kv[1])


def pofilter_store(records: Sequence[Record]):  # type: ignore[no-untyped-def]
    from translate.storage import po

    store = po.pofile()
    for r in records:
        unit = store.addsourceunit(r.source)
        unit.target = r.target
        unit.addlocation(r.id)
    return store


def run_pofilter_library(records: Sequence[Record]) -> tuple[float, Sequence[Mapping[str, object]]]:
    """Seconds and per-record failures of translate-toolkit's standard checks."""
    from translate.filters import checks

    store = pofilter_store(records)
    checker = checks.StandardChecker(checkerconfig=checks.CheckerConfig(targetlanguage="en"))
    units = [u for u in store.units if not u.isheader()]
    started = time.perf_counter()
    failures = [checker.run_filters(u) for u in units]
    return time.perf_counter() - started, failures


def run_tqa_command(records: Sequence[Record], use_models: bool) -> float | None:
    """Wall seconds of ``tqa check x.jsonl -f jsonl`` in a fresh process (every load included)."""
    from bench.common import jsonl_input

    exe = Path(sys.executable).with_name("tqa")
    if not exe.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sample.jsonl"
        src.write_bytes(jsonl_input(records))
        command = [str(exe), "check", str(src), "-f", "jsonl", "-o", str(Path(tmp) / "out.jsonl")]
        started = time.perf_counter()
        subprocess.run(
            command + ([] if use_models else ["--no-models"]), check=True, capture_output=True
        )
        seconds = time.perf_counter() - started
        if sum(1 for _ in (Path(tmp) / "out.jsonl").open(encoding="utf-8")) != len(records):
            raise SystemExit("tqa check did not write one result per record")
        return seconds


def run_pofilter_command(records: Sequence[Record]) -> float | None:
    """Wall seconds of the ``pofilter`` command over a PO file of the records, start-up included."""
    exe = Path(sys.executable).with_name("pofilter")
    if not exe.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "dev.po"
        src.write_bytes(bytes(pofilter_store(records)))
        started = time.perf_counter()
        subprocess.run(
            [str(exe), "--language=en", str(src), str(Path(tmp) / "out.po")],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="segments to check (default 1000)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--profile", action="store_true", help="only time each rule check (nothing else)"
    )
    parser.add_argument("--no-models", action="store_true", help="skip (a), the LM run")
    parser.add_argument(
        "--batch",
        action="store_true",
        help="only time the rule checks on every other dev record in one run (b')",
    )
    parser.add_argument(
        "--cli", action="store_true", help="also time the tqa command in a fresh process (d)"
    )
    parser.add_argument(
        "--ignore", default="", help="checks or categories to leave out, comma-separated"
    )
    args = parser.parse_args(argv)
    ignore = [name for name in args.ignore.split(",") if name]
    if ignore:
        print(f"checks left out: {', '.join(ignore)}")

    records = sample(args.n, args.seed)
    gold = [r.gold for r in records]
    n = len(records)
    by_ds = Counter(r.dataset for r in records)
    print(f"machine: {os.cpu_count()} CPU cores; sample: {n} MT segments {dict(by_ds)}")
    print(f"target characters: {sum(len(r.target) for r in records):,}")
    # The targets are stated per sentence; MQM segments hold one or several.
    from qa.segment import split_english

    sentences = sum(len(split_english(r.target)) or 1 for r in records)
    print(f"target sentences: {sentences:,} ({sentences / n:.2f} per segment)")

    if args.batch:
        # Alone in its process, like --profile: one run over every other dev record.
        warmup = warmup_sample(records, max(50, n // 5), args.seed)
        time_tqa(warmup, use_models=False, ignore=ignore)
        load_lazy_tables()
        seen = {r.target for r in warmup}
        batch = [r for r in load_records(include_human=True) if r.target not in seen]
        batch_sentences = sum(len(split_english(r.target)) or 1 for r in batch)
        _, seconds, _, _ = time_tqa(batch, use_models=False, ignore=ignore)
        print(
            f"\n(b') rule checks alone, one batch of {len(batch):,} dev records "
            f"({batch_sentences:,} sentences) unseen by the process: {seconds:.2f} s = "
            f"{batch_sentences / seconds:,.0f} sentences/s (target >= 2,000 sentences/s)"
        )
        return 0

    if args.profile:
        # Alone in its process: the runs of (a) and (b) would leave the sample's texts in caches.
        # One process, so that every check's time is counted here (no check worker).
        os.environ["TQA_WORKERS"] = "1"
        print("\nseconds per rule check in one run over the sample (after a warm-up on others)")
        for name, seconds in profile_rules(
            records, warmup_sample(records, max(50, n // 5), args.seed)
        ):
            print(f"    {name:<36} {seconds:7.3f} s")
        return 0

    # (b) rules alone: a warm-up run on other segments (spaCy, jieba, glossaries
    # load), then the timed run on the sample (the steady rate on unseen text).
    warmup = warmup_sample(records, max(50, n // 5), args.seed)
    cold_ctx, cold_run, _, _ = time_tqa(warmup, use_models=False, ignore=ignore)
    cold_run += load_lazy_tables()
    warm_ctx, warm_run, rule_results, _ = time_tqa(records, use_models=False, ignore=ignore)
    _, again_run, _, _ = time_tqa(records, use_models=False, ignore=ignore)
    rules_rate = n / warm_run
    from qa import workers

    mode = (
        "one process (TQA_WORKERS=1)"
        if os.environ.get(workers.ENV_SWITCH, "").strip() == "1"
        else "with the check worker, a second process (TQA_WORKERS=1 for one)"
    )
    print(f"\n(b) rule checks alone (no models), {mode}")
    print(
        f"    warm-up on {len(warmup)} other segments: context {cold_ctx:.2f} s + "
        f"checks {cold_run:.2f} s (models and tables load)"
    )
    print(
        f"    warm: {warm_run:.2f} s = {rules_rate:,.0f} segments/s = "
        f"{sentences / warm_run:,.0f} sentences/s (target >= 2,000 sentences/s)"
    )
    print(f"    the same segments again (their texts in process caches): {again_run:.2f} s")

    # (a) every check, the LM included, the model already converted into the cache.
    lm_results = None
    if not args.no_models:
        from qa.models import prepare

        prepare()  # conversion (once per machine) is not part of the figure
        ctx_s, run_s, lm_results, notices = time_tqa(records, use_models=True, ignore=ignore)
        for note in notices:
            print(f"    note: {note}")
        total = ctx_s + run_s
        print("\n(a) every check incl. the language model (model cached)")
        print(f"    context (models loaded) {ctx_s:.2f} s + checks {run_s:.2f} s = {total:.2f} s")
        print(
            f"    {sentences / total:,.1f} sentences/s; "
            f"1,000 sentences take {1000 * total / sentences:.1f} s (target < 60 s)"
        )
        print(
            f"    {n / total:,.1f} segments/s; target: {n} segments in < 60 s -> "
            f"{'met' if total < 60 and n >= 1000 else 'not met' if n >= 1000 else 'n/a (n < 1000)'}"
        )

    if args.cli:
        print("\n(d) the tqa command in a fresh process (start-up and every load included)")
        for use_models in (False, True) if not args.no_models else (False,):
            fresh = run_tqa_command(records, use_models)
            if fresh is not None:
                label = "every check" if use_models else "--no-models"
                print(
                    f"    tqa check sample.jsonl -f jsonl ({label}): {fresh:.2f} s = "
                    f"{1000 * fresh / sentences:.1f} s per 1,000 sentences"
                )

    # (c) pofilter on the same segments.
    lib_s, failures = run_pofilter_library(records)
    cmd_s = run_pofilter_command(records)
    po_flags = [bool(f) for f in failures]
    print("\n(c) translate-toolkit pofilter (StandardChecker, target language en)")
    print(f"    library: {lib_s:.2f} s = {n / lib_s:,.0f} segments/s")
    if cmd_s is not None:
        print(f"    command: {cmd_s:.2f} s = {n / cmd_s:,.0f} segments/s (start-up included)")
    fired = Counter(name for f in failures for name in f)
    print(
        "    most frequent pofilter failures: "
        + ", ".join(f"{k} {v}" for k, v in fired.most_common(6))
    )

    print("\nagainst awkward_or_broken (WMT23: any rater), same segments")
    print(f"    {'system':<34} {'flag rate':>9} {'P':>6} {'R':>6} {'F1':>6}")
    rows: list[tuple[str, list[bool]]] = [("pofilter: any failure", po_flags)]
    rows.append(("tqa broken, rule checks only", [r.broken for r in rule_results]))
    if lm_results is not None:
        rows.append(("tqa broken, all checks", [r.broken for r in lm_results]))
    base = sum(gold) / n
    print(
        f"    {'base rate / flag-everything F1':<34} {1.0:>9.3f} {base:>6.3f} {1.0:>6.3f} "
        f"{2 * base / (1 + base):>6.3f}"
    )
    for name, flags in rows:
        p, r, f1 = prf(flags, gold)
        print(f"    {name:<34} {sum(flags) / n:>9.3f} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
    for ds in DATASETS:
        idx = [i for i, rec in enumerate(records) if rec.dataset == ds]
        if not idx:
            continue
        g = [gold[i] for i in idx]
        cells = []
        for name, flags in rows:
            p, r, f1 = prf([flags[i] for i in idx], g)
            cells.append(
                f"{name.split(':')[0].replace('tqa broken, ', '')}: P {p:.2f} R {r:.2f} F1 {f1:.2f}"
            )
        print(f"    {ds:<18} base {sum(g) / len(g):.3f} | " + " | ".join(cells))

    return 0


if __name__ == "__main__":
    sys.exit(main())
