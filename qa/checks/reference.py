"""Agreement with a reference translation or retranslation of the same source.

When the user supplies a second English version (a human reference, or
another MT system's output as a retranslation), a sentence that shares little
with it has likely lost or changed content. Sentence chrF (character n-gram
F-score, robust to morphology and tokenisation) is recorded with the length
ratio as signals for the verdict (sentence BLEU was left out: it costs half as
much again and adds nothing chrF does not already say about one sentence); a finding is raised only when chrF is so low that
the two can hardly be translations of the same sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit

# Sentence chrF below which the target and reference barely overlap. Set on the
# MQM dev data (MT records with 20+ characters on both sides, against the
# human reference): below 25, 0.7 % of biomedical MT is flagged and every one
# has a major error (accuracy_major precision 1.00 vs base rate 0.32), 0.4 %
# of TED MT with major_any precision 0.40 (base 0.24); second human
# translations fall below 25 in 0 of 68 (bio) and 2 of 96 (TED) records.
# At 30 the TED human rate doubles (4 %) for little gain. As a ranking signal
# chrF is weak for awkwardness (ROC AUC 0.51 TED, 0.56 bio on
# awkward_or_broken) and better for accuracy (0.64, 0.62 on accuracy_major).
LOW_CHRF = 25.0
# Under this many characters chrF is too noisy to act on.
MIN_CHARS = 20


@lru_cache(maxsize=1)
def _chrf() -> Any:
    # sacrebleu pulls in regex tables; imported on first use, not with the CLI.
    from sacrebleu.metrics import CHRF

    metric = CHRF()
    # The signature reports the reference count of an evaluation; every score here has one.
    metric.sentence_score("x", ["x"])
    return metric


@lru_cache(maxsize=4096)
def _reference_ngrams(reference: str) -> Any:
    """chrF's character n-grams of one reference, extracted once per run.

    Every MT system of a source shares its reference (a TED or biomedical
    reference is compared with about four outputs), and extracting them is a
    quarter of the cost of a sentence chrF.
    """
    chrf = _chrf()
    return chrf._extract_reference_info([chrf._preprocess_segment(reference)])


def sentence_chrf(target: str, reference: str) -> float:
    """Sentence chrF (0-100): sacrebleu's ``sentence_score``, with the reference's n-grams cached.

    Goes through the hooks that ``sentence_score`` itself calls (the metric
    API's per-segment statistics), so the number is the same to the last bit;
    ``tests/checks/test_reference.py`` holds it to ``sentence_score``.
    """
    chrf = _chrf()
    hypothesis = chrf._preprocess_segment(target)
    if chrf.word_order == 0 and not chrf.whitespace:
        stats = _char_statistics(hypothesis, *_reference_counts(reference))
    else:
        stats = chrf._compute_segment_statistics(hypothesis, _reference_ngrams(reference))
    return float(chrf._compute_score_from_stats(stats).score)


@lru_cache(maxsize=4096)
def _reference_counts(reference: str) -> tuple[list[Counter[str]], list[int]]:
    """The reference's n-gram counters per order, and their totals."""
    ngrams = _reference_ngrams(reference)["ref_ngrams"][0]
    return ngrams, [sum(counter.values()) for counter in ngrams]


def _char_statistics(
    hypothesis: str, ref_ngrams: list[Counter[str]], ref_totals: list[int]
) -> list[int]:
    """chrF's [hypothesis, reference, match] counts per character order against one reference.

    What sacrebleu's ``_compute_segment_statistics`` returns for one
    reference and no word n-grams (extract_all_char_ngrams, then
    _get_match_statistics), in one pass without its per-call overhead: a
    third of the check's time. ``tests/checks/test_reference.py`` holds the
    score to ``sentence_score``.
    """
    line = "".join(hypothesis.split())
    size = len(line)
    stats: list[int] = []
    for n, (ref, ref_total) in enumerate(zip(ref_ngrams, ref_totals, strict=True), start=1):
        hyp = Counter(line) if n == 1 else Counter([line[i : i + n] for i in range(size - n + 1)])
        get = ref.get
        match = 0
        for ngram, count in hyp.items():
            other = get(ngram)
            if other:
                match += count if count < other else other
        stats += [max(size - n + 1, 0) if ref else 0, ref_total, match]
    return stats


def agreement(target: str, reference: str) -> dict[str, float]:
    """Sentence chrF of ``target`` against ``reference`` (0-100), and the length ratio."""
    return {
        "ref_chrf": sentence_chrf(target, reference),
        "ref_len_ratio": len(target) / max(1, len(reference)),
    }


def signature() -> str:
    """Settings that produced the agreement numbers (sacrebleu's signature)."""
    return str(_chrf().get_signature())


@register(
    "reference-agreement",
    Category.ACCURACY,
    Severity.MINOR,
    "Little agreement with the reference or retranslation: content may be lost or changed.",
    needs={"reference"},
    subcategory="mistranslation",
)
def reference_agreement(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    reference = unit.reference or ""
    values = agreement(unit.target, reference)
    for name, value in values.items():
        ctx.record_signal(unit, name, value)
    if min(len(unit.target), len(reference)) < MIN_CHARS or values["ref_chrf"] >= LOW_CHRF:
        return
    yield Hit(
        0,
        len(unit.target),
        f"Low agreement with the reference (chrF {values['ref_chrf']:.1f}): "
        "check for missing or changed content",
        evidence=f"reference: {reference}",
    )
