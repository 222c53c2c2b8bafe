"""What the aligner compares: sentence vectors, anchor tokens and a length model.

Every similarity the aligner uses is a cosine between *summed* sentence vectors,
so a 2-1 bead is scored as if its two sentences were concatenated (Vecalign's
idea), yet only dot products between single sentences are ever computed:
``cos(a1+a2, b) = (a1.b + a2.b) / |a1+a2||b|``. :class:`VectorPair` holds the
two sides' vectors (dense embeddings or sparse n-gram counts) and computes
dot products only for the blocks the aligner asks for, never a dense
``n x m`` matrix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

# Gale-Church length model (Gale & Church 1993): the target length of a bead is
# about c times its source length with variance s2 per source character.
# Calibrated on the MQM dev segments (bench/align.py --calibrate): Chinese
# source vs English reference characters, and English MT vs English reference.
# Each document pair re-estimates c from its own total lengths, starting from
# the calibrated ratio as a prior worth RATIO_PRIOR_CHARS characters.
LENGTH_RATIO = {"bilingual": 3.15, "monolingual": 1.08}
LENGTH_VARIANCE = {"bilingual": 4.6, "monolingual": 2.2}
RATIO_PRIOR_CHARS = 400.0

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Z]")
_WORD = re.compile(r"\w+")


@dataclass
class VectorPair:
    """Sentence vectors of side A and side B in one space (rows), dense or sparse."""

    a: Any
    b: Any

    @property
    def is_sparse(self) -> bool:
        return sparse.issparse(self.a)

    def block(self, p0: int, p1: int, q0: int, q1: int) -> np.ndarray:
        """Dot products of A[p0:p1] with B[q0:q1] as a dense array."""
        if p1 <= p0 or q1 <= q0:
            return np.zeros((max(p1 - p0, 0), max(q1 - q0, 0)), dtype=np.float64)
        prod = self.a[p0:p1] @ self.b[q0:q1].T
        if sparse.issparse(prod):
            prod = prod.toarray()
        return np.asarray(prod, dtype=np.float64)

    def pair_dots(self, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Dot products of A[p[k]] with B[q[k]] for each k."""
        if len(p) == 0:
            return np.zeros(0)
        if self.is_sparse:
            return np.asarray(self.a[p].multiply(self.b[q]).sum(axis=1)).ravel().astype(np.float64)
        return np.einsum("ij,ij->i", self.a[p], self.b[q]).astype(np.float64)


def self_dots(m: Any, offset: int) -> np.ndarray:
    """Dot product of row t with row t+offset, for every t that has one."""
    n = m.shape[0]
    if n <= offset:
        return np.zeros(0)
    if sparse.issparse(m):
        return np.asarray(m[: n - offset].multiply(m[offset:]).sum(axis=1)).ravel().astype(np.float64)
    return np.einsum("ij,ij->i", m[: n - offset], m[offset:]).astype(np.float64)


def span_sq_norms(m: Any, max_span: int = 3) -> list[np.ndarray]:
    """``out[k][e]`` = squared norm of the sum of rows ``e-k .. e-1`` (k = 1..max_span).

    Index ``e`` is an exclusive end, 0..n; entries with ``e < k`` are 0.
    """
    n = m.shape[0]
    dots = [self_dots(m, d) for d in range(max_span)]
    out = [np.zeros(n + 1)]
    for k in range(1, max_span + 1):
        sq = np.zeros(n + 1)
        if n >= k:
            starts = np.arange(0, n - k + 1)
            total = np.zeros(len(starts))
            for u in range(k):
                for v in range(u, k):
                    d = v - u
                    contrib = dots[d][starts + u]
                    total += contrib if d == 0 else 2 * contrib
            sq[k:] = total
        out.append(sq)
    return out


def char_ngram_vectors(a: Sequence[str], b: Sequence[str]) -> VectorPair:
    """Hashed, tf-idf weighted character 1-3-gram counts (within words), unnormalised.

    Unnormalised so that summing the vectors of two sentences equals the
    vector of their concatenation (up to the n-grams across the join).
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 4),
        n_features=2**20,
        alternate_sign=False,
        norm=None,
        lowercase=True,
        dtype=np.float32,
    )
    va = vectorizer.transform(list(a)).tocsr()
    vb = vectorizer.transform(list(b)).tocsr()
    return VectorPair(*_idf_weight(va, vb))


def _idf_weight(va: Any, vb: Any) -> tuple[Any, Any]:
    """Weight features by inverse document frequency over both sides together.

    Frequent n-grams (" th", "the") are in almost every sentence and would
    make every pair look alike; rare ones identify the sentence.
    """
    both = sparse.vstack([va, vb]).tocsc()
    n_docs = both.shape[0]
    df = np.diff(both.indptr).astype(np.float64)
    idf = np.log((n_docs + 1) / (df + 1)) + 1.0
    scale = sparse.diags(idf.astype(np.float32))
    # Sublinear term frequency: a word repeated in one sentence should not dominate.
    va = va.copy()
    vb = vb.copy()
    va.data = 1.0 + np.log(va.data)
    vb.data = 1.0 + np.log(vb.data)
    return (va @ scale).tocsr(), (vb @ scale).tocsr()


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万]{2,}|[十百千万][零〇一二两三四五六七八九]|[二三四五六七八九]十")
_EN_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_NUMBERS.update(
    {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
)
_EN_NUMBERS.update({"hundred": 100, "thousand": 1000})


def zh_numeral_value(text: str) -> int | None:
    """Value of a simple Chinese numeral such as 四十, 一百二十, 三千 (None if not one)."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            value = 1 if digit is None else digit
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += value * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def anchor_tokens(text: str, lang: str) -> list[str]:
    """Tokens a translation keeps: numbers, Latin-script names and acronyms.

    Chinese numerals (四十) and English number words (forty) become digits so
    that they meet each other.
    """
    tokens = [m.group().replace(",", "") for m in _NUMBER.finditer(text)]
    if lang == "zh":
        for m in _ZH_NUMERAL.finditer(text):
            value = zh_numeral_value(m.group())
            if value is not None and value > 1:
                tokens.append(str(value))
        tokens += [m.group().lower() for m in _LATIN.finditer(text) if len(m.group()) > 1]
    else:
        words = _LATIN.findall(text)
        tokens += [str(_EN_NUMBERS[w.lower()]) for w in words if w.lower() in _EN_NUMBERS and w.lower() not in {"one", "zero"}]
        # Capitalised words not at the sentence start and acronyms: names, brands, units.
        tokens += [w.lower() for k, w in enumerate(words) if len(w) > 1 and (w.isupper() or (k > 0 and w[0].isupper()))]
    return tokens


def anchor_vectors(a: Sequence[str], b: Sequence[str], lang_a: str, lang_b: str) -> VectorPair:
    """Binary bag-of-anchor-tokens vectors over a shared vocabulary."""
    vocab: dict[str, int] = {}
    rows: list[list[list[int]]] = [[], []]
    for side, (texts, lang) in enumerate(((a, lang_a), (b, lang_b))):
        for text in texts:
            rows[side].append(sorted({vocab.setdefault(t, len(vocab)) for t in anchor_tokens(text, lang)}))
    width = max(len(vocab), 1)

    def matrix(lists: list[list[int]]) -> Any:
        indptr = np.cumsum([0] + [len(r) for r in lists])
        indices = np.array([i for r in lists for i in r], dtype=np.int64)
        data = np.ones(len(indices), dtype=np.float32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(lists), width))

    return VectorPair(matrix(rows[0]), matrix(rows[1]))


def rare_word_candidates(a: Sequence[str], b: Sequence[str], max_df: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Sentence pairs sharing a word that is rare on both sides (anchor candidates).

    Works for monolingual pairs and, through digits and Latin names, for
    Chinese-English; cost is linear in the input.
    """
    index: list[dict[str, list[int]]] = [{}, {}]
    for side, texts in enumerate((a, b)):
        for i, text in enumerate(texts):
            for w in {w.lower() for w in _WORD.findall(text) if len(w) > 2 or w.isdigit()}:
                index[side].setdefault(w, []).append(i)
    ps: list[int] = []
    qs: list[int] = []
    for w, pa in index[0].items():
        pb = index[1].get(w)
        if pb is None or len(pa) > max_df or len(pb) > max_df:
            continue
        for p in pa:
            for q in pb:
                ps.append(p)
                qs.append(q)
    return np.array(ps, dtype=np.int64), np.array(qs, dtype=np.int64)


def length_log_prob(la: np.ndarray, lb: np.ndarray, ratio: float, variance: float) -> np.ndarray:
    """Gale-Church log probability that spans of ``la`` and ``lb`` characters are translations.

    ``lb`` is expected to be ``ratio * la``; the variance is per character of
    the longer-written side (English for zh-en), whichever side that is.
    """
    from scipy.special import log_ndtr

    if ratio < 1.0:
        la, lb, ratio = lb, la, 1.0 / ratio
    mean = np.maximum((la * ratio + lb) / 2.0, 1.0)
    delta = (lb - la * ratio) / np.sqrt(mean * variance)
    return math.log(2.0) + log_ndtr(-np.abs(delta))
