"""Plain text: encodings are detected, empty and binary files are refused with a line."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.errors import InputError
from qa.io import load
from qa.io.text import MAX_LINE_CHARS, decode, read_text

ZH = "中华人民共和国成立于1949年。\n第二段：“引号”和（括号）。\n"


@pytest.mark.parametrize(
    "raw",
    [
        ZH.encode("gbk"),
        ZH.encode("gb18030"),
        ZH.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"),
        codecs.BOM_UTF8 + ZH.encode("utf-8"),
        ZH.encode("utf-8"),
        ZH.encode("utf-16-le"),  # no BOM: recognised by its NULs
    ],
    ids=["gbk", "gb18030", "utf16-bom", "utf16be-bom", "utf8-bom", "utf8", "utf16le-nobom"],
)
def test_decodes_chinese_in_common_encodings(raw):
    assert decode(raw, "a.txt") == ZH


def test_crlf_and_cr_become_newlines():
    assert decode(b"a\r\nb\rc", "a.txt") == "a\nb\nc"


def test_gbk_file_loads_as_segmented_chinese_document(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(ZH.encode("gbk"))
    loaded = load(path)
    assert loaded.format == "text"
    assert loaded.document is not None
    assert loaded.document.lang == "zh"
    assert loaded.document.sentences[0] == "中华人民共和国成立于1949年。"


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", "\u3000\n\u200b".encode()])
def test_empty_or_blank_file_is_refused(tmp_path, raw):
    path = tmp_path / "empty.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError, match="empty") as info:
        load(path)
    assert info.value.path == str(path)


def test_undecodable_bytes_name_the_line():
    # Invalid UTF-8 and GB18030, with control bytes no charset guess accepts.
    raw = b"line one\nline two\n\x81\x30\xff\xff\x00\x01"
    with pytest.raises(InputError, match="cannot decode") as info:
        decode(raw, "bad.txt")
    assert info.value.line == 3
    assert info.value.path == "bad.txt"


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (
            "Line one.\nThe café is open.\n出口管制是一个问题。\n".encode().replace(
                b"\xc3\xa9", b"\xe9"
            ),
            2,
        ),
        (ZH.encode("utf-8")[:-2], 2),  # cut inside the last character
    ],
    ids=["one-latin1-byte", "truncated"],
)
def test_damaged_utf8_is_refused_not_read_as_mojibake(raw, line):
    with pytest.raises(InputError, match="otherwise UTF-8") as info:
        decode(raw, "d.txt")
    assert info.value.line == line


@pytest.mark.parametrize(
    "text",
    [
        "The café served crème brûlée, said the naïve owner.",
        "“Smart quotes” – and a dash… from Word",
        "Prices rose 5% to €3.50 per chip.",
    ],
)
def test_windows_western_text_is_read_as_cp1252(text):
    assert decode(text.encode("cp1252"), "w.txt") == text


def test_bad_utf16_after_bom_names_the_line():
    raw = codecs.BOM_UTF16_LE + "a\nb\n".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(InputError) as info:
        decode(raw, "u16.txt")
    assert info.value.line == 3


def test_binary_data_is_refused_with_line():
    with pytest.raises(InputError, match="binary") as info:
        decode(b"text\nmore\x00\x01\x02binary", "img.txt")
    assert info.value.line == 2


def test_over_long_line_is_refused_with_its_line():
    body = "short\n" + "x" * (MAX_LINE_CHARS + 1) + "\n"
    with pytest.raises(InputError, match="characters long") as info:
        read_text(body.encode(), "long.txt")
    assert info.value.line == 2


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_decoder_never_crashes_on_arbitrary_bytes(raw):
    try:
        text = decode(raw, "fuzz.bin")
    except InputError as exc:
        assert exc.path == "fuzz.bin"
    else:
        assert "\x00" not in text and "\r" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_utf8_and_utf16_text_decodes_to_itself(text):
    for raw in (text.encode("utf-8"), text.encode("utf-16")):
        assert decode(raw) == text.lstrip("\ufeff")


@pytest.mark.parametrize(
    "text",
    [
        "香港特別行政區政府今天宣佈新的經濟措施。",
        "今天天氣很好。",
        "中華民國的憲法規定，總統由人民直接選舉產生。\n",
    ],
)
def test_big5_traditional_chinese_is_not_misread_as_gbk(text):
    assert decode(text.encode("big5"), "big5.txt") == text


@pytest.mark.parametrize("text", ["今天天气很好。", "新闻发布会", "欢迎访问我们的网站！", "你好"])
def test_short_gbk_text_stays_gbk(text):
    assert decode(text.encode("gbk"), "gbk.txt") == text
