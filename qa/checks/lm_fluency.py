"""Language-model fluency: where a causal LM finds the English surprising.

The plain mean surprisal of a sentence measures its topic and vocabulary as
much as its fluency (on the MQM dev data it is at chance), so this family
records several views of the per-token surprisal as signals for the verdict:
the mean, the weakest span (the worst window of a few tokens) and the share
of very surprising tokens. Only the MT is scored, never the reference: the
verdict does not use MT-minus-reference surprisal (it did not carry across
dev documents), and references were 15 % of the tokens the model read on the
MQM dev sample. A finding is raised only when the weakest span is far out of
the range of fluent English; its span is that window, so the reviewer sees
where the model stumbled.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit
from qa.models import SentenceSurprisal

# Tokens in a window whose mean surprisal is the "weakest span".
WINDOW = 3
# A token this surprising (nats; p < 1/8,000) is rare in fluent text.
HIGH_SURPRISAL = 9.0
# Thresholds on the name-masked weakest span (nats/token), set on the MQM dev
# data with SmolLM2 (TED and biomedical: 2,265 MT and 349 human records;
# ``bench/lm_signals.py`` prints these figures). At 12.0 the check flags
# 1.2 % of TED MT (precision 0.20 against awkward_or_broken, base rate 0.106)
# and 3.1 % of biomedical MT (precision 0.065, base 0.053), and 2 of 349
# human translations. The signal is weak alone (ROC AUC of the weakest span:
# TED 0.50 masked / 0.50 unmasked, biomedical 0.59 / 0.67, about the same
# within length quartiles; the plain mean is at chance, 0.45 / 0.49), so the
# finding is minor, and the weakest span orders segments whose findings weigh
# the same (``qa.verdict.score``). Scrambled
# word salad scores about 11.5-12.8; no dev segment reaches 16 (MT maximum
# 14.6, human 12.3), so MAJOR is kept for gibberish, not for awkward MT.
FINDING_MINOR = 12.0
FINDING_MAJOR = 16.0
# Minimum tokens before the weakest span means anything.
MIN_TOKENS = 4

_CACHE_KEY = "lm_fluency.scores"


@dataclass(frozen=True)
class Weakest:
    """The window of tokens with the highest mean surprisal, in characters."""

    value: float
    start: int
    end: int


def weakest_span(scored: SentenceSurprisal, k: int = WINDOW, skip_names: bool = False) -> Weakest:
    """The highest mean surprisal over ``k`` consecutive tokens, and where it is.

    With ``skip_names`` the tokens of capitalised words past the first word
    and of words with digits count no more than the sentence's median token:
    rare names and figures are surprising but not disfluent, and MT of
    Chinese news is full of them.
    """
    values = list(scored.surprisal)
    if not values:
        return Weakest(0.0, 0, 0)
    if skip_names:
        median = sorted(values)[len(values) // 2]
        values = [
            min(v, median) if masked else v
            for v, masked in zip(values, _name_tokens(scored), strict=True)
        ]
    k = max(1, min(k, len(values)))
    best = Weakest(-1.0, 0, 0)
    for i in range(len(values) - k + 1):
        mean = sum(values[i : i + k]) / k
        if mean > best.value:
            best = Weakest(mean, scored.offsets[i][0], scored.offsets[i + k - 1][1])
    return best


def _name_tokens(scored: SentenceSurprisal) -> list[bool]:
    """Per token: is it part of a name-like word (capitalised past the first word, or with a digit)?"""
    text = scored.text
    first_word_end = len(text) - len(text.lstrip())
    while first_word_end < len(text) and not text[first_word_end].isspace():
        first_word_end += 1
    out = []
    for start, end in scored.offsets:
        left = start
        # Byte-level tokens carry their leading space; the word starts after it.
        while left < end and text[left].isspace():
            left += 1
        while left > 0 and not text[left - 1].isspace():
            left -= 1
        right = end
        while right < len(text) and not text[right].isspace():
            right += 1
        word = text[left:right].strip("\"'“”‘’([{")
        out.append(
            bool(word)
            and left >= first_word_end
            and (word[0].isupper() or any(c.isdigit() for c in word))
        )
    return out


def features(scored: SentenceSurprisal) -> dict[str, float]:
    """The per-unit fluency signals of one scored text."""
    values = scored.surprisal
    n = len(values)
    if n == 0:
        return {}
    high = sum(1 for v in values if v > HIGH_SURPRISAL)
    top = sorted(values, reverse=True)[: max(1, math.ceil(n / 5))]
    return {
        "lm_mean": sum(values) / n,
        "lm_window": weakest_span(scored).value,
        "lm_window_nonames": weakest_span(scored, skip_names=True).value,
        "lm_top20": sum(top) / len(top),
        "lm_high_frac": high / n,
        "lm_high_count": float(high),
        "lm_tokens": float(n),
    }


def score_units(units: Sequence[Unit], ctx: CheckContext) -> None:
    """Score every content unit's target once, in length-sorted batches.

    Texts are deduplicated across units (many systems agree) and kept in
    ``ctx.cache`` for the run, so the other LM checks and a second pass cost
    nothing.
    """
    if not ctx.has("lm"):
        return
    scores: dict[str, SentenceSurprisal] = ctx.cache.setdefault(_CACHE_KEY, {})
    wanted = list(
        dict.fromkeys(
            unit.target
            for unit in units
            if unit.content and unit.target.strip() and unit.target not in scores
        )
    )
    if wanted:
        for text, scored in zip(wanted, ctx.lm.score(wanted), strict=True):
            scores[text] = scored
    for unit in units:
        scored = scores.get(unit.target)
        if not unit.content or scored is None:
            continue
        for name, value in features(scored).items():
            ctx.record_signal(unit, name, value)


def scored_target(unit: Unit, ctx: CheckContext) -> SentenceSurprisal | None:
    return ctx.cache.get(_CACHE_KEY, {}).get(unit.target)


@register(
    "lm-fluency",
    Category.FLUENCY,
    Severity.MINOR,
    "A span the language model finds very unlikely in fluent English (awkward or broken wording).",
    needs={"lm"},
    prepare=score_units,
    uses_model=True,
)
def lm_fluency(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    scored = scored_target(unit, ctx)
    if scored is None or len(scored) < MIN_TOKENS:
        return
    worst = weakest_span(scored, skip_names=True)
    if worst.value < FINDING_MINOR:
        return
    severity = Severity.MAJOR if worst.value >= FINDING_MAJOR else Severity.MINOR
    raw = unit.target[worst.start : worst.end]
    start = worst.start + len(raw) - len(raw.lstrip())
    span = raw.strip()
    yield Hit(
        start,
        worst.end,
        f"Unusual wording here: {span!r} (language-model surprisal {worst.value:.1f} nats/token)",
        evidence=f"{ctx.lm.name}: weakest {WINDOW}-token span {worst.value:.2f}",
        severity=severity,
    )
