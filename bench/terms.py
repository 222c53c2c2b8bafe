"""Benchmark the term checks on TICO-19 (CC0): false alarms on references, detection on corrupted ones.

Data: ``../shared/data/terms_tico19_zhen.dev.jsonl`` (zh source, en human
reference, the glossary terms attached to each sentence) and
``tico19_glossary_zh_en.tsv``. See ``../shared/data/README.md`` section 3 and 5.3.

1. False alarms: the segment's terms are checked against its own human
   reference (every term is there by construction, so each finding is a
   false alarm). Rate = terms flagged / terms.
2. Detection: in each reference, one term's rendering (every occurrence) is
   replaced by the rendering of an unrelated glossary entry; the check should
   flag that term. Rate = corrupted terms flagged / corrupted terms.

Both are printed beside naive exact matching (case-sensitive substring), the
incumbent behaviour. A secondary figure runs the whole TICO glossary (source
terms found by jieba segmentation) over the references: there a "violation"
is mostly the reference choosing another word, so it is shown for
information, beside naive substring matching.

Usage: ``python bench/terms.py [--data ../shared/data] [--limit N]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.checks.registry import CheckContext  # noqa: E402
from qa.glossary import GlossarySet, load_glossary  # noqa: E402
from qa.model import TermConstraint, Unit  # noqa: E402
from qa.pipeline import run_checks  # noqa: E402

SEED = 20240601


def load_records(path: Path, limit: int | None) -> list[dict]:
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return records[:limit] if limit else records


def unit_of(record: dict, reference: str) -> Unit:
    terms = tuple(TermConstraint(t["zh"], t["en"]) for t in record["terms"])
    return Unit(
        id=record["id"],
        target=reference,
        source=record["source"],
        terms=terms,
        doc_id=record.get("doc_id", ""),
    )


def flagged_terms(results, select=("term-constraint",)) -> list[set[str]]:
    """Per unit, the source terms some finding of the chosen checks is about."""
    out = []
    for r in results:
        hit = set()
        for f in r.findings:
            if f.check in select and f.evidence:
                hit.add(f.evidence.split(" → ", 1)[0])
        out.append(hit)
    return out


def word_re(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE)


def corrupt(records: list[dict], pool: list[str]) -> list[tuple[dict, str, str]]:
    """One term per record replaced (all occurrences) by an unrelated glossary rendering."""
    rng = random.Random(SEED)
    out = []
    for rec in records:
        if not rec["terms"]:
            continue
        term = rng.choice(rec["terms"])
        right = term["en_in_reference"]
        right_words = {w.lower() for w in re.findall(r"\w+", term["en"])}
        while True:
            wrong = rng.choice(pool)
            words = {w.lower() for w in re.findall(r"\w+", wrong)}
            if words and not words & right_words and not word_re(wrong).search(rec["reference"]):
                break
        corrupted = word_re(right).sub(wrong, rec["reference"])
        out.append(({**rec, "reference": corrupted}, term["zh"], term["en"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--skip-mqm", action="store_true", help="skip the slower MQM agreement section"
    )
    args = parser.parse_args()
    data_file = args.data / "terms_tico19_zhen.dev.jsonl"
    glossary_file = args.data / "tico19_glossary_zh_en.tsv"
    if not data_file.exists():
        sys.exit(f"missing {data_file}")
    records = load_records(data_file, args.limit)
    n_terms = sum(len(r["terms"]) for r in records)
    n_copy = sum(t["copy_term"] for r in records for t in r["terms"])
    print(
        f"TICO-19 dev: {len(records)} sentences, {n_terms} term constraints ({n_copy} copy terms)"
    )

    # 1. false alarms on the human references
    started = time.perf_counter()
    ctx = CheckContext(use_models=False)
    units = [unit_of(r, r["reference"]) for r in records]
    results = run_checks(units, ctx, select=["term-constraint"])
    flagged = flagged_terms(results)
    ours_fa = sum(len(f) for f in flagged)
    ours_sent = sum(bool(f) for f in flagged)
    naive_fa = sum(t["en"] not in r["reference"] for r in records for t in r["terms"])
    naive_sent = sum(any(t["en"] not in r["reference"] for t in r["terms"]) for r in records)
    elapsed = time.perf_counter() - started
    print("\n1. False alarms on human references (lower is better; target <= 3%)")
    print(
        f"   tqa term-constraint : {ours_fa}/{n_terms} terms = {ours_fa / n_terms:.1%}"
        f"   ({ours_sent}/{len(records)} sentences = {ours_sent / len(records):.1%})"
    )
    print(
        f"   naive exact match   : {naive_fa}/{n_terms} terms = {naive_fa / n_terms:.1%}"
        f"   ({naive_sent}/{len(records)} sentences = {naive_sent / len(records):.1%})"
    )
    print(f"   ({elapsed:.1f} s for {len(records)} sentences)")

    # 2. detection on corrupted references
    glossary = load_glossary(glossary_file)
    pool = sorted({t for e in glossary.entries for t in e.targets if len(t) < 40})
    corrupted = corrupt(records, pool)
    units = [unit_of(rec, rec["reference"]) for rec, _, _ in corrupted]
    results = run_checks(units, CheckContext(use_models=False), select=["term-constraint"])
    flagged = flagged_terms(results)
    caught = sum(zh in f for (_, zh, _), f in zip(corrupted, flagged, strict=True))
    naive_caught = sum(en not in rec["reference"] for rec, _, en in corrupted)
    n = len(corrupted)
    print("\n2. Detection on corrupted references (higher is better; target >= 95%)")
    print(f"   tqa term-constraint : {caught}/{n} = {caught / n:.1%}")
    print(f"   naive exact match   : {naive_caught}/{n} = {naive_caught / n:.1%}")
    from qa.termmatch import find_english

    missed = [
        (rec, zh, en) for (rec, zh, en), f in zip(corrupted, flagged, strict=True) if zh not in f
    ]
    still = [m for m in missed if find_english(m[0]["reference"], m[2])]
    if missed:
        print(
            f"   missed {len(missed)}, of which {len(still)} still hold the right term in another "
            f"inflection (the corruption replaced only the exact form): "
            f"{', '.join(f'{en!r}' for _, _, en in still[:6])}"
        )
        print(
            f"   detection excluding those: {caught}/{n - len(still)} = {caught / (n - len(still)):.1%}"
        )

    # 3. whole TICO glossary over the references (information only)
    gset = GlossarySet.of([glossary])
    ctx = CheckContext(use_models=False, glossary=gset)
    units = [
        Unit(id=r["id"], target=r["reference"], source=r["source"], doc_id=r.get("doc_id", ""))
        for r in records
    ]
    started = time.perf_counter()
    results = run_checks(units, ctx, select=["term-missing"])
    ours_missing = sum(len(r.findings) for r in results)
    from qa.checks.terminology import analyse_unit

    seen = sum(len(analyse_unit(u, gset, ctx.cache)) for u in units)
    naive_seen = naive_missing = 0
    for r in records:
        for e in gset.bilingual:
            if e.source in r["source"]:
                naive_seen += 1
                naive_missing += not any(t in r["reference"] for t in e.targets)
    elapsed = time.perf_counter() - started
    print("\n3. Whole TICO glossary over the references (information: mostly legitimate rewording)")
    print(
        f"   tqa  (jieba boundaries, lemmas, case policy): {seen} source terms found, "
        f"{ours_missing} without an approved rendering = {ours_missing / max(seen, 1):.1%}"
    )
    print(
        f"   naive (substring, exact)                   : {naive_seen} source terms found, "
        f"{naive_missing} without = {naive_missing / max(naive_seen, 1):.1%}"
    )
    print(f"   ({elapsed:.1f} s)")

    if not args.skip_mqm:
        mqm_agreement(args.data / "mqm_zhen.dev.jsonl", glossary, args.limit)


def mqm_agreement(path: Path, tico: object, limit: int | None) -> None:
    """Section 5.3, third bullet: flag = a glossary term violated; gold = MQM terminology_any."""
    from collections import defaultdict

    from qa.glossary import shipped_glossary_paths

    if not path.exists():
        print(f"\n4. skipped: {path} is absent")
        return
    records = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    records = [r for r in records if not r["is_human_translation"]][: limit or None]
    gset = GlossarySet.of([tico] + [load_glossary(p) for p in shipped_glossary_paths()])  # type: ignore[list-item]
    units = [
        Unit(
            id=r["id"],
            target=r["target"],
            source=r["source"],
            doc_id=f"{r['doc_id']}|{r['system']}",
        )
        for r in records
    ]
    started = time.perf_counter()
    results = run_checks(
        units,
        CheckContext(use_models=False, glossary=gset),
        select=["term-missing", "term-forbidden", "term-case", "term-untranslated"],
    )
    elapsed = time.perf_counter() - started
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn n
    for rec, res in zip(records, results, strict=True):
        flag = bool(res.findings)
        gold = bool(rec["labels"]["terminology_any"])
        c = counts[rec["dataset"]]
        c[0] += flag and gold
        c[1] += flag and not gold
        c[2] += gold and not flag
        c[3] += 1
    print("\n4. Agreement with MQM terminology errors (MT records; TICO + shipped glossaries)")
    print("   dataset              n     base   flagged  P      R      F1     flag-all F1")
    for name, (tp, fp, fn, n) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        base = (tp + fn) / n
        print(
            f"   {name:<20} {n:<5} {base:.3f}  {tp + fp:<7}  {p:.3f}  {r:.3f}  {f1:.3f}  "
            f"{2 * base / (1 + base):.3f}"
        )
    print(f"   ({elapsed:.1f} s for {len(records)} records)")


if __name__ == "__main__":
    main()
