"""Glossary model and formats: CSV/TSV, TBX 2008 and v3, XLSX, validation, precedence, shipped files."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.errors import InputError
from qa.glossary import (
    CasePolicy,
    EntryKind,
    Glossary,
    GlossaryEntry,
    GlossarySet,
    load_glossary,
    load_set,
    normalize_source,
    parse_glossary,
    serialize,
    shipped_glossary_paths,
    validate,
)

DATA = Path(__file__).parent / "data" / "glossary"
SHARED_GLOSSARY = Path(__file__).parents[2] / "shared" / "data" / "tico19_glossary_zh_en.tsv"


def entry_facts(e: GlossaryEntry) -> tuple:
    return (
        e.source,
        e.targets,
        e.forbidden,
        e.case,
        e.note,
        e.domain,
        e.category,
        e.subcategory,
        e.severity,
    )


def test_source_and_target_columns_alone_make_a_glossary_with_alternatives():
    g = load_glossary(DATA / "minimal.csv")
    assert [(e.source, e.targets) for e in g.entries] == [
        ("晶圆", ("wafer",)),
        ("集成电路", ("integrated circuit", "IC")),
    ]
    assert g.entries[0].row == 2 and g.entries[0].case is CasePolicy.AUTO


def test_header_without_target_column_is_an_input_error_on_line_1():
    with pytest.raises(InputError) as err:
        parse_glossary("source,english_words\n晶圆,wafer\n".encode(), "bad.csv")
    assert err.value.line == 1 and "target" in str(err.value)


def test_bad_case_policy_names_the_row():
    with pytest.raises(InputError) as err:
        parse_glossary("source,target,case\n晶圆,wafer,loud\n".encode(), "g.csv")
    assert err.value.line == 2


def test_tsv_with_tico_headers_reads_zh_en_columns():
    data = "term_id\tzh\ten\tglossary\tpos\tdescription\nx:1\t飞沫\tDroplets\tg\t\tnote here\n".encode()
    (e,) = parse_glossary(data, "tico.tsv").entries
    assert (e.source, e.targets, e.note, e.id) == ("飞沫", ("Droplets",), "note here", "x:1")


def test_validation_reports_empty_duplicate_and_conflicting_rows():
    problems = validate(load_glossary(DATA / "problems.csv"))
    found = {(p.row, p.level, p.message.split(":")[0]) for p in problems}
    assert (3, "error", "empty entry") in found
    assert (4, "warning", "duplicate of row 2") in found
    assert any(
        p.row == 5 and p.level == "error" and "both approved and forbidden" in p.message
        for p in problems
    )
    assert any(p.row == 7 and p.level == "warning" and "conflicting" in p.message for p in problems)
    assert not any(p.row == 2 for p in problems)


def test_repeated_source_rows_merge_into_alternatives_when_used():
    gset = GlossarySet.of([load_glossary(DATA / "problems.csv")])
    assert gset.lookup("芯片").targets == ("chip", "microchip")


def test_tbx_basic_2008_reads_preferred_admitted_and_deprecated_terms():
    g = load_glossary(DATA / "basic2008.tbx")
    litho, sia = g.entries
    assert litho.source == "光刻机"
    assert litho.targets == ("lithography machine", "lithography system")
    assert litho.forbidden == ("photoetching machine",)
    assert litho.domain == "semiconductor"
    assert sia.targets == ("Semiconductor Industry Association (SIA)",) and "American" in sia.note


def test_tbx_v3_reads_bilingual_and_monolingual_concepts():
    g = load_glossary(DATA / "basic3.tbx")
    export, sino = g.entries
    assert (export.source, export.targets, export.forbidden) == (
        "出口管制",
        ("export control",),
        ("exit control",),
    )
    assert export.note.startswith("Controls on exports")
    assert sino.monolingual and sino.forbidden == ("Sino-US",) and sino.targets == ("US-China",)


def test_tbx_with_entity_declarations_is_refused():
    with pytest.raises(InputError):
        load_glossary(DATA / "evil.tbx")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2008", "csv", "tsv", "xlsx"])
def test_round_trip_keeps_every_field(fmt, tmp_path):
    original = Glossary(
        "g",
        (
            GlossaryEntry(
                "光刻机",
                ("lithography machine", "lithography tool"),
                ("photoetching machine",),
                CasePolicy.INSENSITIVE,
                "note, with comma",
                "semiconductor",
            ),
            GlossaryEntry(
                "",
                ("US-China",),
                ("Sino-US",),
                CasePolicy.AUTO,
                "calque",
                "style",
                EntryKind.STYLE,
                "calque",
                "minor",
            ),
            GlossaryEntry("中芯国际", ("SMIC",), (), CasePolicy.SENSITIVE),
        ),
    )
    data = serialize(original, fmt)
    ext = {"tbx2008": "tbx"}.get(fmt, fmt)
    again = parse_glossary(data, f"x.{ext}")
    assert [entry_facts(e) for e in again.entries] == [entry_facts(e) for e in original.entries]


def test_tbx_2008_export_is_martif_and_v3_is_namespaced_tbx():
    g = load_glossary(DATA / "minimal.csv")
    assert b"<martif" in serialize(g, "tbx2008")
    assert b'xmlns="urn:iso:std:iso:30042:ed-2"' in serialize(g, "tbx")


_term = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo")), min_size=1, max_size=8
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(_term, st.lists(_term, min_size=1, max_size=3, unique=True)),
        min_size=1,
        max_size=5,
    )
)
def test_tbx_round_trip_property(rows):
    # Sources are NFKC-normalised on reading (full-width and styled letters fold), so compare that.
    original = Glossary(
        "g", tuple(GlossaryEntry(normalize_source("中" + s), tuple(ts)) for s, ts in rows)
    )
    again = parse_glossary(serialize(original, "tbx"), "x.tbx")
    assert [(e.source, e.targets) for e in again.entries] == [
        (e.source, e.targets) for e in original.entries
    ]


def test_precedence_first_named_glossary_wins_and_shipped_come_last(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("source,target\n晶圆,wafer disc\n", encoding="utf-8")
    gset = load_set([mine], use_defaults=True)
    assert gset.lookup("晶圆").targets == ("wafer disc",)
    lost, winner = next((lost, w) for lost, w in gset.shadowed if lost.source == "晶圆")
    assert winner.origin.endswith("mine.csv") and lost.origin.endswith(
        "semiconductor_trade_zh_en.tsv"
    )
    assert len(load_set([mine], use_defaults=False)) == 1


def test_shipped_glossaries_are_big_enough_and_clean():
    paths = {p.name: p for p in shipped_glossary_paths()}
    terms = load_glossary(paths["semiconductor_trade_zh_en.tsv"])
    calques = load_glossary(paths["style_calques_zh_en.csv"])
    assert len(terms) >= 150 and len(calques) >= 40
    assert not [p for p in validate(terms) + validate(calques) if p.level == "error"]
    assert all(e.monolingual and e.category is EntryKind.STYLE and e.note for e in calques.entries)
    assert {e.severity for e in calques.entries} == {"minor", "major"}
    names = {e.source: e for e in terms.entries}
    assert "China Semiconductor Industry Association (CSIA)" in names["中国半导体行业协会"].targets
    for zh in (
        "出口管制",
        "供应链安全",
        "晶圆",
        "光刻机",
        "集成电路",
        "封装测试",
        "美国半导体行业协会",
    ):
        assert zh in names


def test_missing_shipped_folder_gives_no_glossaries(tmp_path):
    assert shipped_glossary_paths(tmp_path / "absent") == []


@pytest.mark.skipif(
    not SHARED_GLOSSARY.exists(), reason="../shared/data/tico19_glossary_zh_en.tsv is absent"
)
def test_tico_glossary_loads():
    g = load_glossary(SHARED_GLOSSARY)
    assert len(g) == 697
    assert len(GlossarySet.of([g])) == len({e.source for e in g.entries})


def test_tbx_v3_dct_style_data_categories():
    (e,) = load_glossary(DATA / "basic3_dct.tbx").entries
    assert (e.source, e.targets, e.forbidden, e.domain) == (
        "实体清单",
        ("Entity List",),
        ("physical list",),
        "trade policy",
    )


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_glossary_or_an_input_error(data):
    for name in ("x.csv", "x.tsv", "x.tbx"):
        try:
            parse_glossary(b"source,target\n" + data if name != "x.tbx" else data, name)
        except InputError:
            pass


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "tsv", "tbx"])
def test_cells_that_look_like_formulas_stay_text(fmt):
    original = Glossary(
        "g",
        (
            GlossaryEntry("晶圆", ("=1+1",), (), CasePolicy.AUTO, '=HYPERLINK("http://x","y")'),
            GlossaryEntry("光刻机", ("lithography machine",), ("=SUM(A1:A9)", "@evil")),
        ),
    )
    data = serialize(original, fmt)
    again = parse_glossary(data, f"x.{fmt}")
    assert [entry_facts(e) for e in again.entries] == [entry_facts(e) for e in original.entries]
    if fmt == "csv":
        assert b"'=1+1" in data and b"'=SUM" in data  # a spreadsheet shows these as text
    if fmt == "xlsx":
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_xlsx_glossary_with_entity_declarations_is_refused():
    import io
    import zipfile

    data = serialize(load_glossary(DATA / "minimal.csv"), "xlsx")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    laughs = b'<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = laughs + body
            target.writestr(item, body)
    with pytest.raises(InputError, match="declares a DTD or entities"):
        parse_glossary(out.getvalue(), "evil.xlsx")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xlsx"])
def test_extra_columns_round_trip_and_a_hostile_title_stays_text(fmt):
    entry = GlossaryEntry("晶圆", ("wafer",), extra=(("approved_by", "Li"), ("=cmd()", "+1")))
    data = serialize(Glossary("g", (entry,)), fmt)
    if fmt != "xlsx":
        assert not [
            c
            for line in data.decode().splitlines()
            for c in line.split(",")
            if c.startswith(("=", "+"))
        ]
    [again] = parse_glossary(data, f"x.{fmt}").entries
    assert again.extra == entry.extra
