"""Planted-defect benchmark: recall of blatant MT defects, false flags on clean human English.

The MQM labels measure the subtle awkwardness of strong MT systems; web MT of
Chinese fails more blatantly (see the seed). This benchmark takes the human
translations of the MQM dev data (records with ``is_human_translation`` and
the ``reference`` fields, deduplicated, split into sentences), plants ONE
defect of one kind into each sentence of a fixed random sample, runs the
pipeline, and prints per kind the share the tool calls ``broken`` (recall),
plus the share of the untouched sentences it calls ``broken`` (false flags).

Every kind is planted into the same sample with the same seed. A kind that
cannot be planted into a sentence (no finite verb to remove, no phrase to
cut) skips it; the count planted is printed beside the recall.

Usage (repository root)::

    .venv/bin/python bench/planted.py                # rule checks only
    .venv/bin/python bench/planted.py --lm           # with the language model
    .venv/bin/python bench/planted.py --show-misses 5
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from qa.checks.registry import CheckContext  # noqa: E402
from qa.model import Unit  # noqa: E402
from qa.nlp import Tagged, tag_texts  # noqa: E402
from qa.segment import split_sentences  # noqa: E402

MQM_DEV = ROOT.parent / "shared" / "data" / "mqm_zhen.dev.jsonl"
MIN_WORDS = 6

# Toneless pinyin as web MT leaves it for words it cannot translate.
PINYIN_WORDS = (
    "zhengfu jingji fazhan hezuo gongzuo shehui wenhua jishu chanye qiye zhengce shichang "
    "jianshe guanli fuwu anquan xinxi kexue jiaoyu huanjing zhiliang chuangxin gaige kaifang"
).split()
AUX = frozenset(
    "is are was were am has have had will would can could may might must should shall do does did".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def human_sentences(path: Path = MQM_DEV) -> tuple[list[str], list[str]]:
    """Unique sentences of the human translations, and the Chinese sources (for planting)."""
    texts: dict[str, None] = {}
    sources: dict[str, None] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if rec["is_human_translation"]:
                texts[rec["target"]] = None
            if rec.get("reference"):
                texts[rec["reference"]] = None
            sources[rec["source"]] = None
    sentences: dict[str, None] = {}
    for text in texts:
        for sentence in split_sentences(text, "en"):
            if len(WORD.findall(sentence)) >= MIN_WORDS and not re.search(
                r"[\u3400-\u9fff]", sentence
            ):
                sentences[sentence] = None
    return list(sentences), list(sources)


# --- planting: each function returns the planted sentence, or None ------------

Planter = Callable[[str, Tagged, random.Random, "Pools"], str | None]


class Pools:
    """Material borrowed from other sentences: Chinese words, common nouns."""

    def __init__(self, sources: list[str], tagged: list[Tagged]) -> None:
        self.hanzi = [m.group() for s in sources for m in re.finditer(r"[\u4e00-\u9fff]{2,4}", s)]
        self.nouns = sorted(
            {
                tok[0]
                for tags in tagged
                for tok in tags
                if tok[1] in {"NN", "NNS"} and tok[0].isalpha() and tok[0].islower()
            }
        )


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def plant_chinese(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    words = [m for m in _words(text) if m.group().islower() and len(m.group()) >= 4]
    if not words:
        return None
    m = rng.choice(words)
    return text[: m.start()] + rng.choice(pools.hanzi) + text[m.end() :]


def plant_pinyin(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    words = [m for m in _words(text) if m.group().islower() and len(m.group()) >= 4]
    if not words:
        return None
    m = rng.choice(words)
    return text[: m.start()] + " ".join(rng.sample(PINYIN_WORDS, 2)) + text[m.end() :]


def plant_fullwidth(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    commas = [i for i, ch in enumerate(text) if ch == ","]
    if commas and rng.random() < 0.5:
        i = rng.choice(commas)
        return text[:i] + "，" + text[i + 1 :].lstrip()
    if text.rstrip().endswith("."):
        return text.rstrip()[:-1] + "。"
    return None


def plant_capital_after_comma(
    text: str, tags: Tagged, rng: random.Random, pools: Pools
) -> str | None:
    after_comma = [m for m in re.finditer(r", ([a-z]{3,})\b", text)]
    if after_comma:
        m = rng.choice(after_comma)
        return text[: m.start(1)] + m.group(1).capitalize() + text[m.end(1) :]
    words = _words(text)
    middle = [m for m in words[2:-2] if m.group().islower() and len(m.group()) >= 3]
    if not middle:
        return None
    m = rng.choice(middle)
    return text[: m.start()].rstrip() + ", " + m.group().capitalize() + text[m.end() :]


def plant_stray_noun(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    body = text.rstrip()
    stop = body[-1] if body[-1] in ".!?" else "."
    if body[-1] in ".!?":
        body = body[:-1]
    if not body or not body[-1].isalnum():
        return None
    return f"{body} {rng.choice(pools.nouns).capitalize()}{stop}"


def plant_lone_quote(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    words = _words(text)
    if len(words) < 3:
        return None
    m = rng.choice(words[1:])
    quote = rng.choice(['"', "“"])
    return text[: m.start()] + quote + text[m.start() :]


def plant_repeated_span(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    words = _words(text)
    n = rng.randint(1, 4)
    if len(words) < n + 2:
        return None
    i = rng.randrange(0, len(words) - n)
    span = text[words[i].start() : words[i + n - 1].end()]
    at = words[i + n - 1].end()
    return text[:at] + " " + span + text[at:]


# A cut after one of these leaves an open phrase (a determiner without its noun,
# a preposition without its object, an adjective before its noun, ...).
_OPEN_AFTER = {"DT", "IN", "CC", "TO", "PRP$", "MD", "POS", "WDT"}


def plant_truncated(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    cuts = []
    for k in range(len(tags) - 1):
        word, tag, idx = tags[k][:3]
        next_tag = tags[k + 1][1]
        if idx < len(text) * 0.4:
            continue
        if (
            tag in _OPEN_AFTER
            or (tag == "JJ" and next_tag.startswith("NN"))
            or (tag in {"VBZ", "VBP", "VBD"} and word.lower() in AUX and next_tag.startswith("VB"))
        ):
            cuts.append(idx + len(word))
    if not cuts:
        return None
    cut = rng.choice(cuts)
    return text[:cut] + ("." if rng.random() < 0.5 else "")


_BE = frozenset("is are was were am 's 're ’s ’re 'm ’m".split())
_HAVE = frozenset("has have had 've ’ve 'd ’d".split())


def plant_no_finite_verb(text: str, tags: Tagged, rng: random.Random, pools: Pools) -> str | None:
    """Every finite verb group loses its finiteness, the way MT of Chinese drops it.

    A lexical verb becomes its "to"-infinitive ("The group to provide advice"),
    a modal or do-support becomes "to" ("you to see"), a copula disappears
    ("It highly infectious"), a passive or perfect auxiliary becomes "being" /
    "having", a progressive auxiliary disappears ("The company building ...").
    Deleting a modal alone would leave a finite present ("you see"): not a fragment.
    """
    from lemminflect import getLemma

    edits: list[tuple[int, int, str]] = []
    for k, (word, tag, idx, _, _) in enumerate(tags):
        if tag not in {"VBD", "VBZ", "VBP", "MD"}:
            continue
        lower = word.lower()
        following = [t[1] for t in tags[k + 1 : k + 4] if t[1] not in {"RB", "RBR", "RBS"}]
        nxt = following[0] if following else ""
        if tag == "MD" or lower in {"do", "does", "did"}:
            repl = "to" if nxt == "VB" else ""
        elif lower in _BE:
            repl = "being" if nxt == "VBN" else ""
        elif lower in _HAVE and nxt == "VBN":
            repl = "having"
        else:
            repl = "to " + (getLemma(lower, upos="VERB") or (lower,))[0]
        edits.append((idx, idx + len(word), repl))
    if not edits:
        return None
    out = text
    for start, end, repl in reversed(edits):
        out = out[:start] + repl + out[end:]
    out = re.sub(r"\s{2,}", " ", out).replace(" n't", "").replace(" not ", " ").strip()
    return out[0].upper() + out[1:]


KINDS: dict[str, Planter] = {
    "chinese": plant_chinese,
    "pinyin": plant_pinyin,
    "fullwidth_punct": plant_fullwidth,
    "capital_after_comma": plant_capital_after_comma,
    "stray_noun": plant_stray_noun,
    "lone_quote": plant_lone_quote,
    "repeated_span": plant_repeated_span,
    "truncated": plant_truncated,
    "no_finite_verb": plant_no_finite_verb,
}


@lru_cache(maxsize=2)
def base_context(use_lm: bool) -> CheckContext:
    """Glossaries and models, loaded once for all runs of this benchmark."""
    from qa.pipeline import make_context

    ctx = make_context(use_models=use_lm)
    for notice in ctx.notices:
        print(f"  notice: {notice}")
    return ctx


def run(sample: list[str], use_lm: bool) -> tuple[list[bool], float, dict[str, Counter[str]]]:
    """Broken flags for ``sample`` (in order), seconds taken, and which checks fired.

    Each run gets a fresh context (its own per-run caches and signals) that
    shares the loaded glossaries and models.
    """
    from qa.pipeline import run_checks

    base = base_context(use_lm)
    ctx = CheckContext(
        glossary=base.glossary, lm=base.lm, options=dict(base.options), use_models=base.use_models
    )
    units = [Unit(id=str(i), target=t) for i, t in enumerate(sample)]
    t0 = time.perf_counter()
    results = run_checks(units, ctx)
    seconds = time.perf_counter() - t0
    fired: dict[str, Counter[str]] = {"all": Counter()}
    for r in results:
        for check in {f.check for f in r.findings}:
            fired["all"][check] += 1
    return [r.broken for r in results], seconds, fired


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sample", type=int, default=400, help="sentences to plant into (default 400)"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--lm", action="store_true", help="include the language-model checks")
    parser.add_argument(
        "--show-misses", type=int, default=0, metavar="N", help="print N misses per kind"
    )
    parser.add_argument(
        "--show-false", type=int, default=0, metavar="N", help="print N false flags"
    )
    parser.add_argument(
        "--speed", action="store_true", help="also time the rule checks on 1,000 MT dev segments"
    )
    args = parser.parse_args(argv)

    sentences, sources = human_sentences()
    rng = random.Random(args.seed)
    sample = rng.sample(sentences, min(args.sample, len(sentences)))
    tagged = tag_texts(sample)
    pools = Pools(sources, tag_texts(sentences[:300]))
    print(
        f"clean human sentences: {len(sentences)} unique, sample {len(sample)} (seed {args.seed})"
    )

    planted: list[tuple[str, int, str]] = []  # kind, index of the clean sentence, planted text
    for kind, planter in KINDS.items():
        krng = random.Random(f"{args.seed}:{kind}")
        for i, (text, tags) in enumerate(zip(sample, tagged, strict=True)):
            out = planter(text, tags, krng, pools)
            if out and out != text:
                planted.append((kind, i, out))

    clean_flags, _, clean_fired = run(sample, args.lm)
    # One run per kind, like one document per defect: document-scope evidence
    # (names seen elsewhere in the run) never mixes two kinds.
    planted_flags: list[bool] = []
    planted_s = 0.0
    for kind in KINDS:
        flags, seconds, _ = run([p[2] for p in planted if p[0] == kind], args.lm)
        planted_flags.extend(flags)
        planted_s += seconds

    mode = "rules + LM" if args.lm else "rules only"
    print(
        f"\nmode: {mode}; {len(planted)} planted sentences checked in {planted_s:.2f} s "
        f"= {len(planted) / planted_s:,.0f} sentences/s (all registered checks, warm, in-process)"
    )
    print(f"\n{'kind':22s} {'planted':>8s} {'recall':>7s}")
    hits_total = 0
    for kind in KINDS:
        rows = [
            (i, text, flag)
            for (k, i, text), flag in zip(planted, planted_flags, strict=True)
            if k == kind
        ]
        hits = sum(flag for _, _, flag in rows)
        hits_total += hits
        recall = hits / len(rows) if rows else float("nan")
        mark = "" if recall >= 0.60 else "   < 0.60 target"
        print(f"{kind:22s} {len(rows):8d} {recall:7.3f}{mark}")
        if args.show_misses:
            for _, text, _flag in [r for r in rows if not r[2]][: args.show_misses]:
                print(f"      miss: {text}")
    overall = hits_total / len(planted) if planted else float("nan")
    false_rate = sum(clean_flags) / len(clean_flags)
    print(f"{'overall':22s} {len(planted):8d} {overall:7.3f}   (target >= 0.85)")
    print(
        f"\nfalse flags on the untouched sentences: {sum(clean_flags)}/{len(clean_flags)} = {false_rate:.3f}"
        "   (target <= 0.10)"
    )
    print(
        "checks firing on the untouched sentences: "
        + ", ".join(f"{c} {n}" for c, n in clean_fired["all"].most_common(8))
    )
    if args.show_false:
        for text, flag in list(zip(sample, clean_flags, strict=True)):
            if flag and args.show_false > 0:
                args.show_false -= 1
                print(f"      false flag: {text}")
    if args.speed:
        rule_speed()
    return 0


RULE_MODULES = frozenset(
    f"qa.checks.{m}"
    for m in ("mechanics", "structure", "nontranslation", "accuracy", "length", "spelling")
)


def rule_speed(n: int = 1000) -> None:
    """Segments per second of the rule checks on MT dev segments.

    Warmed up on a different set of segments first (loads spaCy, the
    dictionary and language profiles), so the timed run sees new sentences
    with cold per-sentence caches, as a user's file would.
    """
    from qa.checks.registry import REGISTRY
    from qa.checks.structure import sentence_spans
    from qa.pipeline import make_context, run_checks

    units = []
    with MQM_DEV.open(encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if not rec["is_human_translation"]:
                units.append(
                    Unit(
                        id=rec["id"],
                        target=rec["target"],
                        source=rec["source"],
                        reference=rec["reference"],
                    )
                )
    rng = random.Random(0)
    rng.shuffle(units)
    timed, warm = units[:n], units[n : 2 * n]
    rules = [name for name, spec in REGISTRY.items() if spec.func.__module__ in RULE_MODULES]
    every = [name for name, spec in REGISTRY.items() if not spec.uses_model]
    print(
        f"\nrule-check throughput on {len(timed)} unseen MT dev segments (with source and reference):"
    )
    no_parse = [name for name in rules if name != "missing-finite-verb"]
    sentences = sum(len(sentence_spans(u.target)) for u in timed)
    for label, names in (
        ("rule families (this benchmark's checks)", rules),
        ("rule families without the spaCy fragment check", no_parse),
        ("all non-model checks", every),
    ):
        run_checks(warm, make_context(use_models=False), select=names)
        ctx = make_context(use_models=False)
        t0 = time.perf_counter()
        run_checks(timed, ctx, select=names)
        seconds = time.perf_counter() - t0
        print(
            f"  {label:48s} {len(timed) / seconds:7,.0f} segments/s = "
            f"{sentences / seconds:7,.0f} sentences/s ({len(names)} checks)"
        )
    slowest = []
    for name in every:
        ctx = make_context(use_models=False)
        t0 = time.perf_counter()
        run_checks(warm, ctx, select=[name])
        slowest.append((time.perf_counter() - t0, name))
    print(
        "  slowest checks: "
        + ", ".join(f"{name} {s:.2f}s" for s, name in sorted(slowest, reverse=True)[:5])
    )


if __name__ == "__main__":
    raise SystemExit(main())
