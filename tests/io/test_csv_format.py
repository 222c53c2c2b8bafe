"""CSV/TSV: columns found by header or by width, errors name the line, output is formula-safe."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.errors import InputError
from qa.io import load
from qa.io.csv_format import read_units, safe_cell, unsafe_cell, write_units
from qa.model import Unit


def units(text: str, name: str = "t.csv") -> list[Unit]:
    return list(read_units(text.encode("utf-8"), name))


def test_header_names_columns_in_any_order_and_language():
    got = units("译文,原文,编号,备注\nHello.,你好。,a1,greeting\n")
    assert got == [Unit("a1", "Hello.", "你好。", note="greeting", line=2)]


def test_header_aliases_mt_ref():
    got = units("id,src,mt,ref\n7,狗,Dog,A dog\n")
    assert (got[0].id, got[0].source, got[0].target, got[0].reference) == (
        "7",
        "狗",
        "Dog",
        "A dog",
    )


def test_header_without_target_column_is_an_error():
    with pytest.raises(InputError, match="no target column") as info:
        units("id,source\n1,你好\n")
    assert info.value.line == 1


def test_quoted_cells_span_lines_and_units_keep_their_start_line():
    got = units('source,target\n你好,Hello\n"多行\n文本","Multi, line"\n世界,World\n')
    assert [(u.source, u.target, u.line) for u in got] == [
        ("你好", "Hello", 2),
        ("多行\n文本", "Multi, line", 3),
        ("世界", "World", 5),
    ]
    assert [u.id for u in got] == ["2", "3", "5"]  # no id column: the line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello.\nWorld.\n", [("Hello.", None, None)]),
        ("你好,Hello\n世界,World\n", [("Hello", "你好", None)]),
        ("Hello there,Hi there\nWorld,Earth\n", [("Hello there", None, "Hi there")]),
        ("你好,Hello,Hi\n", [("Hello", "你好", "Hi")]),
    ],
    ids=["1-col", "2-col-zh", "2-col-en", "3-col"],
)
def test_without_header_the_width_decides(text, expected):
    got = units(text)
    assert [(u.target, u.source, u.reference) for u in got][: len(expected)] == expected
    assert got[0].line == 1


def test_tsv_with_unquoted_quotation_marks():
    got = units('id\tsrc\tmt\n1\t你好\t"Hello," he said.\n2\t世界\tWorld\n', "t.tsv")
    assert [u.target for u in got] == ['"Hello," he said.', "World"]


def test_tab_delimiter_is_sniffed_without_tsv_extension():
    got = units("source\ttarget\n你好\tHello, friend\n", "t.csv")
    assert got[0].target == "Hello, friend"


def test_semicolon_delimiter_is_sniffed():
    got = units("source;target\n你好;Hello, friend\n世界;World\n")
    assert [u.target for u in got] == ["Hello, friend", "World"]


def test_unterminated_quote_names_the_line_the_record_starts():
    with pytest.raises(InputError, match="unterminated") as info:
        units('source,target\n你好,Hello\n世界,"World\nmore\n')
    assert info.value.line == 3
    assert info.value.path == "t.csv"


def test_ragged_row_names_its_line():
    with pytest.raises(InputError, match="3 columns") as info:
        units("source,target\n你,a\n\n我,b,c\n")
    assert info.value.line == 4


def test_trailing_empty_cells_are_not_ragged():
    assert units("source,target\n你,a,,\n")[0].target == "a"


def test_nul_byte_is_refused_with_line():
    with pytest.raises(InputError) as info:
        read_units(b"source,target\n\xe4\xbd\xa0,a\x00b\n", "n.csv").__next__()
    assert info.value.line == 2


def test_empty_csv_is_refused(tmp_path):
    path = tmp_path / "e.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty"):
        load(path)
    with pytest.raises(InputError, match="empty"):
        units(",,\n,,\n")


def test_over_long_cell_is_refused():
    with pytest.raises(InputError, match="longer than") as info:
        units("source,target\n你,a\n我," + "x" * 200_001 + "\n")
    assert info.value.line == 3


def test_load_dispatches_csv_and_tsv_by_extension(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("source\ttarget\n你好\tHello\n", encoding="utf-8")
    loaded = load(path)
    assert loaded.format == "tsv"
    assert loaded.units == (Unit("2", "Hello", "你好", line=2),)


def test_gbk_encoded_csv(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes("原文,译文\n你好,Hello\n".encode("gbk"))
    assert load(path).units[0].source == "你好"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1", "'=1"])
def test_safe_cell_defuses_formulas_and_unsafe_cell_undoes_it(text):
    cell = safe_cell(text)
    assert cell.startswith("'")
    assert unsafe_cell(cell) == text


@pytest.mark.parametrize("text", ["plain", "'quoted", "a=b", ""])
def test_safe_cell_leaves_harmless_text(text):
    assert safe_cell(text) == text
    assert unsafe_cell(text) == text


def test_writer_output_has_no_live_formula():
    data = write_units([Unit("1", '=HYPERLINK("http://x","y")', "-1", "@x")])
    body = data.decode("utf-8-sig").splitlines()[1]
    assert ",'=HYPERLINK" in body.replace('"', "")
    assert ",'-1," in body and ",'@x," in body


def test_writer_applies_corrections():
    data = write_units([Unit("1", "Helo", "你好"), Unit("2", "World", "世界")], {"1": "Hello"})
    assert [u.target for u in read_units(data, "w.csv")] == ["Hello", "World"]


_cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff"),
    max_size=30,
) | st.sampled_from(["=1", "'=1", "''+x", "-", "@", "a,b", 'say "hi"', "多行\n文本"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(_cell_text, _cell_text, _cell_text, _cell_text).filter(
            lambda row: row[1].strip() != ""
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([",", "\t"]),
)
def test_write_then_read_gives_the_same_units(rows, delimiter):
    written = [
        Unit(str(i), target, source or None, reference or None, note=note)
        for i, (target, source, reference, note) in enumerate(rows, start=1)
    ]
    data = write_units(written, delimiter=delimiter)
    read = list(read_units(data, "round.tsv" if delimiter == "\t" else "round.csv"))
    assert [(u.id, u.target, u.source, u.reference, u.note) for u in read] == [
        (u.id, u.target, u.source, u.reference, u.note) for u in written
    ]
