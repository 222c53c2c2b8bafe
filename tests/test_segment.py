"""Sentence splitting and page-furniture detection."""

from pathlib import Path

import pytest

from qa.segment import (
    detect_script_lang,
    noncontent_reason,
    segment_text,
    split_english,
    split_sentences,
)

SEED = Path(__file__).parents[1] / "seeds" / "000_676519bc2e061030.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. economy grew. It was fine.", ["The U.S. economy grew.", "It was fine."]),
        ("Mr. Smith met Dr. Li on Friday.", ["Mr. Smith met Dr. Li on Friday."]),
        (
            "Output rose 3.5% to 12.4 billion. Prices fell.",
            ["Output rose 3.5% to 12.4 billion.", "Prices fell."],
        ),
        ("No. 1 plant is open. No. 2 is not.", ["No. 1 plant is open.", "No. 2 is not."]),
        ('He said "it is done." Then he left.', ['He said "it is done."', "Then he left."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("", []),
    ],
)
def test_english_sentences(text, expected):
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说：“我们走吧。”然后离开了！", ["他说：“我们走吧。”", "然后离开了！"]),
        ("第一句。第二句？第三句；第四句", ["第一句。", "第二句？", "第三句；", "第四句"]),
        ("价格为3.5亿元。", ["价格为3.5亿元。"]),
        ("（注：见上文。）下一句。", ["（注：见上文。）", "下一句。"]),
    ],
)
def test_chinese_sentences(text, expected):
    assert split_sentences(text, "zh") == expected


def test_offsets_point_into_the_original_text():
    text = "\u00a0 First one. Second one.\n\n  Third\u00a0line here.  \n"
    doc = segment_text(text)
    assert [s.text for s in doc.segments] == ["First one.", "Second one.", "Third\u00a0line here."]
    for seg in doc.segments:
        assert text[seg.start : seg.end] == seg.text
    assert [s.paragraph for s in doc.segments] == [0, 0, 1]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Date:2021-03-18\u00a0\u00a0Hits:131", "date/hits line"),
        ("发布时间：2021-03-18 来源：新华网 点击：100", "date/hits line"),
        ("Chinaebr.com - China Manufacturers, Suppliers & Products", "site banner"),
        ("在线客服", "page widget"),
        ("Share to: Facebook Twitter LinkedIn WeChat", "page widget"),
        ("Copyright © 2021 Example Ltd. All rights reserved.", "page widget"),
        ("Hits: 131", "date/hits line"),
        ("点击：42", "date/hits line"),
        ("Tel: +86-10-12345678", "page widget"),
        ("Keywords: chip, semiconductor, export control", "page widget"),
        ("Click here to subscribe", "page widget"),
        ("Scan the QR code to follow us on WeChat", "page widget"),
        ("Related news", "page widget"),
        ("相关阅读", "page widget"),
        ("责任编辑：李明", "page widget"),
    ],
)
def test_page_furniture(line, reason):
    assert noncontent_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "(Source: Reference News Network)",
        "This move may benefit Chinese companies from Huawei to SMIC.",
        "According to the report, Xinhua.com said on March 11 that output rose.",
        "Foreign media: Sino-US semiconductor industry building dialogue window",
        "Print runs of the magazine doubled in 2020 as readers returned.",
        "Source: Reference News",  # a translated attribution, like "(Source: ...)"
        "Time: the decisive factor for chip makers",
        "Click rates rose.",
        "Related news agencies reported the same figures.",
    ],
)
def test_article_text_is_content(line):
    assert noncontent_reason(line) == ""


def test_seed_segmentation():
    doc = segment_text(SEED.read_text(encoding="utf-8"))
    furniture = {s.text: s.noncontent_reason for s in doc.segments if not s.content}
    assert "在线客服" in furniture
    assert any(t.startswith("Date:2021-03-18") for t in furniture)
    assert any(t.startswith("Chinaebr.com") for t in furniture)
    content = [s.text for s in doc.segments if s.content]
    assert "This move may benefit Chinese companies from Huawei to SMIC." in content
    assert "Dialogue and research to provide advice to the government and enterprises." in content
    # the broken sentence stays one sentence, closing curly quote and full stop included
    assert any(t.endswith("“supply chain security”.") for t in content)


def test_script_language():
    assert detect_script_lang("这是中文。") == "zh"
    assert detect_script_lang("This is English with one 词.") == "en"


def test_long_paragraph_is_split_in_blocks_without_losing_sentences():
    sentence = (
        'The U.S. plant No. {i} made 3.5 million chips. Mr. Li said "output rose." It was fine.'
    )
    para = " ".join(sentence.format(i=i) for i in range(400))  # about 35,000 characters
    spans = split_english(para)
    assert len(spans) == 1200
    assert [para[s:e] for s, e in spans[:3]] == [
        "The U.S. plant No. 0 made 3.5 million chips.",
        'Mr. Li said "output rose."',
        "It was fine.",
    ]
    # spans are ordered, disjoint and cover every word
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert sum(len(para[s:e].split()) for s, e in spans) == len(para.split())


# --- pysbd's sentences located without its per-sentence regular expressions ---

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from qa.segment import _english_segmenter, _pysbd_pieces  # noqa: E402

_PIECES = st.lists(
    st.sampled_from(
        [
            "Hi.",
            "Hi. ",
            "He left.",
            "Mr. Li came",
            " (Music) ",
            "a) ",
            "b) ",
            "U.S.",
            "?!",
            "...",
            "\n",
            "  ",
            "\u3000",
            "\u00a0",
            "“Yes.” ",
            "3.5 mg",
            "No. 1 ",
            "ok",
            "!",
            "e.g. ",
        ]
    ),
    max_size=12,
).map("".join)


@pytest.mark.parametrize(
    "text",
    [
        "Hi. Hi. Hi.",
        "He left. He left.  He left.\n",
        "(Music) Thank you. (Applause)",
        "a) first b) second c) third",
        "Mr. Li arrived at 3 p.m. He met Dr. Wang.",
    ],
)
def test_pysbd_pieces_are_pysbds_char_spans(text):
    expected = [(p.sent, p.start) for p in _english_segmenter().segment(text)]
    assert _pysbd_pieces(text) == expected


@given(_PIECES)
@settings(max_examples=200, deadline=None)
def test_pysbd_pieces_match_pysbd_on_generated_text(text):
    expected = [(p.sent, p.start) for p in _english_segmenter().segment(text)]
    assert _pysbd_pieces(text) == expected


def test_pysbds_abbreviation_pass_gets_res_answers_from_its_own_cache():
    import re

    import pysbd.abbreviation_replacer

    from qa.segment import _OwnCacheRe

    _english_segmenter()
    assert isinstance(pysbd.abbreviation_replacer.re, _OwnCacheRe)
    own, text = _OwnCacheRe(), "Dr. Li met Mr. Wang at No. 5 St. in the U.S. on Jan. 3."
    for pattern in [r"(?:^|\s|\r|\n)no", r"(?<=\sdr)\.(?=\s[a-z])", r"\bst\b"]:
        assert own.findall(pattern, text, flags=re.IGNORECASE) == re.findall(
            pattern, text, flags=re.IGNORECASE
        )
        assert own.sub(pattern, "∯", text) == re.sub(pattern, "∯", text)
        assert bool(own.search(pattern, text)) == bool(re.search(pattern, text))
    assert own.escape("U.S.") == re.escape("U.S.")
