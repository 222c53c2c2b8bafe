"""Sentence alignment: every bead type, edge cases, long documents, unit attachment."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.align import AlignSettings, align, attach_aligned
from qa.model import Unit

NO_MODEL = AlignSettings(use_model=False)

# Distinct, content-bearing sentences so char n-grams can tell them apart.
SENTS = [
    "The committee approved the new budget for the harbour district on Monday.",
    "Fishermen complained that diesel prices had doubled since spring.",
    "A spokesman for the ministry declined to comment on the negotiations.",
    "Volunteers planted four hundred oak saplings along the riverbank.",
    "The museum will reopen its porcelain gallery after a long renovation.",
    "Engineers found a crack in the northern pillar of the old bridge.",
    "Local schools extended their winter holidays because of the flu outbreak.",
    "The orchestra performed a little-known symphony by a Czech composer.",
    "Farmers expect a record harvest of apricots and walnuts this autumn.",
    "Police closed the tunnel after a lorry overturned near the entrance.",
    "A new ferry service will link the island with the mainland twice a day.",
    "Researchers measured unusual levels of salt in the mountain lake.",
]


def pairs(alignment):
    return [(b.a, b.b) for b in alignment.beads]


def covers(alignment, n, m):
    """Beads in order, every sentence of both sides exactly once."""
    a = [i for b in alignment.beads for i in b.a]
    b = [j for b in alignment.beads for j in b.b]
    return a == list(range(n)) and b == list(range(m))


def split(sentence: str) -> tuple[str, str]:
    """Cut a sentence at its middle word into two sentence-like halves."""
    words = sentence.rstrip(".").split()
    half = len(words) // 2
    return " ".join(words[:half]) + ".", " ".join(words[half:]).capitalize() + "."


def join(*sentences: str) -> str:
    return " ".join(s.rstrip(".") + ("," if k < len(sentences) - 1 else ".") for k, s in enumerate(sentences))


def test_identical_documents_align_one_to_one_with_high_confidence():
    result = align(SENTS, SENTS, settings=NO_MODEL)
    assert pairs(result) == [((i,), (i,)) for i in range(len(SENTS))]
    assert min(b.score for b in result.beads) > 0.9


@pytest.mark.parametrize(
    ("kind", "a", "b", "expected"),
    [
        ("1-2", SENTS[:3], [SENTS[0], *split(SENTS[1]), SENTS[2]], ((1,), (1, 2))),
        ("2-1", [SENTS[0], *split(SENTS[1]), SENTS[2]], SENTS[:3], ((1, 2), (1,))),
        ("1-3", [SENTS[0], join(SENTS[1], SENTS[2], SENTS[3]), SENTS[4]], SENTS[:5], ((1,), (1, 2, 3))),
        ("3-1", SENTS[:5], [SENTS[0], join(SENTS[1], SENTS[2], SENTS[3]), SENTS[4]], ((1, 2, 3), (1,))),
        ("1-0", SENTS[:5], [SENTS[0], SENTS[1], SENTS[3], SENTS[4]], ((2,), ())),
        ("0-1", [SENTS[0], SENTS[1], SENTS[3], SENTS[4]], SENTS[:5], ((), (2,))),
    ],
)
def test_each_bead_type_is_found(kind, a, b, expected):
    result = align(a, b, settings=NO_MODEL)
    assert covers(result, len(a), len(b))
    assert expected in pairs(result), f"{kind}: {pairs(result)}"
    others = [p for p in pairs(result) if p != expected]
    assert all(len(x) == 1 and len(y) == 1 for x, y in others)


def test_two_to_two_bead():
    # Two sentences cut at different places on each side: no piece has a 1-1 partner.
    a = [SENTS[0], SENTS[1][:30], SENTS[1][30:] + " " + SENTS[2], SENTS[3]]
    b = [SENTS[0], SENTS[1] + " " + SENTS[2][:25], SENTS[2][25:], SENTS[3]]
    result = align(a, b, settings=NO_MODEL)
    assert pairs(result) == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,))]


def test_empty_inputs():
    assert align([], [], settings=NO_MODEL).beads == ()


@pytest.mark.parametrize("side", ["a", "b"])
def test_one_side_empty_gives_skips(side):
    a, b = (SENTS[:3], []) if side == "a" else ([], SENTS[:3])
    result = align(a, b, settings=NO_MODEL)
    assert covers(result, len(a), len(b))
    assert all(not bead.a or not bead.b for bead in result.beads)
    assert len(result.beads) == 3


def test_scores_are_confidences_and_json_shape():
    result = align(SENTS[:4], [SENTS[0], SENTS[1], "Completely unrelated words here.", SENTS[3]], settings=NO_MODEL)
    assert all(0.0 <= b.score <= 1.0 for b in result.beads)
    good = [b.score for b in result.beads if b.a in {(0,), (1,), (3,)} and len(b.b) == 1]
    bad = [b.score for b in result.beads if 2 in b.a or 2 in b.b]
    assert min(good) > max(bad)
    assert result.beads[0].to_dict() == {"a": [0], "b": [0], "score": round(result.beads[0].score, 4)}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(SENTS), max_size=8), st.lists(st.sampled_from(SENTS), max_size=8))
def test_any_input_is_covered_in_order(a, b):
    assert covers(align(a, b, settings=NO_MODEL), len(a), len(b))


def _long_documents(size: int, seed: int = 7) -> tuple[list[str], list[str], set[tuple[int, int]]]:
    """A long document and a lightly edited copy: some sentences dropped, some added."""
    rng = random.Random(seed)
    vocab = [f"{c}{v}{d}" for c in "bdfgklmnprstvz" for v in "aeiou" for d in "bdgklmnprst"]
    a = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 18))).capitalize() + "." for _ in range(size)]
    b: list[str] = []
    gold: set[tuple[int, int]] = set()
    for i, sentence in enumerate(a):
        if rng.random() < 0.01:
            continue  # omission
        if rng.random() < 0.01:
            b.append("An inserted remark about nothing in particular.")
        words = sentence.split()
        if rng.random() < 0.3:
            words[rng.randrange(len(words))] = rng.choice(vocab)
        gold.add((i, len(b)))
        b.append(" ".join(words))
    return a, b, gold


def test_long_document_uses_anchors_and_stays_accurate_and_fast():
    a, b, gold = _long_documents(4000)
    start = time.perf_counter()
    result = align(a, b, settings=NO_MODEL)
    elapsed = time.perf_counter() - start
    assert "anchors" in result.method
    assert covers(result, len(a), len(b))
    found = {(x[0], y[0]) for x, y in pairs(result) if len(x) == 1 and len(y) == 1}
    assert len(found & gold) / len(gold) > 0.98
    assert elapsed < 30, f"4,000 x 4,000 took {elapsed:.1f}s"


def test_bilingual_without_model_says_so_and_uses_numbers():
    zh = ["会议于2019年3月召开。", "共有45个国家参加。", "WHO代表发表了讲话。"]
    en = ["The meeting was held in March 2019.", "A total of 45 countries took part.", "The WHO representative spoke."]
    result = align(en, zh, mode="bilingual", settings=AlignSettings(mode="bilingual", use_model=False))
    assert pairs(result) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert any("length and anchors" in n for n in result.notes)


def test_missing_model_falls_back_with_a_note():
    result = align(SENTS[:3], SENTS[:3], settings=AlignSettings(model="/nonexistent/model/dir"))
    assert pairs(result) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert any("not available" in n for n in result.notes)


class StubEmbedder:
    """Embeds a sentence as a one-hot of the topic it names (tests the embedding path)."""

    name = "stub"

    def encode(self, texts):
        import numpy as np

        topics = ["famine", "name", "sons", "moab", "death"]
        out = np.zeros((len(texts), len(topics) + 1), dtype=np.float32)
        for r, t in enumerate(texts):
            hits = [k for k, w in enumerate(topics) if w in t.lower()]
            out[r, hits or [len(topics)]] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_embedding_term_drives_bilingual_alignment():
    zh = ["famine 国中遭遇饥荒。", "name 这人名叫以利米勒。", "sons 他有两个儿子。", "moab 他们到了摩押地。"]
    en = ["There was a famine in the land.", "The man's name was Elimelech.",
          "He had two sons.", "They came into Moab."]
    result = align(en, zh[:2] + zh[3:], mode="bilingual", embedder=StubEmbedder(),
                   settings=AlignSettings(mode="bilingual", use_model=False))
    assert ((2,), ()) in pairs(result)
    assert "stub" in result.method


def _units(texts):
    return [Unit(id=str(k + 1), target=t) for k, t in enumerate(texts)]


def test_attach_aligned_joins_splits_and_marks_gaps():
    target = [SENTS[0], join(SENTS[1], SENTS[2]), SENTS[4], "A sentence that was invented by the system."]
    other = [SENTS[0], SENTS[1], SENTS[2], SENTS[3], SENTS[4]]
    units = attach_aligned(_units(target), other, "reference", "monolingual", NO_MODEL)
    assert units[0].reference == SENTS[0] and units[0].align_score > 0.9
    assert units[1].reference == SENTS[1] + " " + SENTS[2]
    assert units[1].omitted == (SENTS[3],)  # the dropped sentence sits after unit 2
    assert units[3].unaligned and units[3].reference is None


def test_attach_aligned_two_targets_share_one_sentence():
    a1, a2 = split(SENTS[5])
    units = attach_aligned(_units([SENTS[4], a1, a2]), [SENTS[4], SENTS[5]], "reference", "monolingual", NO_MODEL)
    assert units[1].reference == units[2].reference == SENTS[5]
    assert "share one reference sentence" in units[1].note


def test_attach_aligned_omission_before_the_first_unit():
    units = attach_aligned(_units(SENTS[1:3]), SENTS[:3], "reference", "monolingual", NO_MODEL)
    assert units[0].omitted == (SENTS[0],)
