"""XLIFF 1.2 / 2.0 and TMX readers, the XLIFF writer, and hostile or broken XML."""

from pathlib import Path

import pytest

from qa.errors import InputError
from qa.io import load
from qa.io.xliff import read_units as read_xliff
from qa.io.xliff import write_xliff
from qa.model import Unit

DATA = Path(__file__).parent.parent / "data" / "io"


def test_xliff12_units_keep_ids_notes_lines_and_inline_text():
    loaded = load(DATA / "xliff12.xlf")
    assert loaded.format == "xliff"
    assert [(u.id, u.source, u.target, u.note, u.line) for u in loaded.units] == [
        ("u1", "你好，世界。", "Hello, world.", "greeting", 5),
        ("u2", "点击这里。", "Click here.", "", 10),
        ("u3", "没有译文", "", "", 14),  # untranslated: kept, empty target
    ]


def test_xliff20_segments_are_units_with_unit_notes():
    loaded = load(DATA / "xliff20.xlf")
    assert loaded.format == "xliff"
    assert [(u.id, u.source, u.target, u.note) for u in loaded.units] == [
        ("1::s1", "第一句。", "First sentence.", "a note"),
        ("1::s2", "第二句。", "Second sentence.", "a note"),
        ("2", "第三句。", "Third sentence.", ""),
    ]


def test_tmx_picks_zh_and_en_variants_by_language_not_position():
    loaded = load(DATA / "memory.tmx")
    assert loaded.format == "tmx"
    assert [(u.id, u.source, u.target, u.note) for u in loaded.units] == [
        ("t1", "早上好。", "Good morning.", "tm note"),  # en tuv first, zh-Hans second
        ("2", "谢谢你。", "Thank you.", ""),  # ZH-cn; <bpt>/<ept> markup dropped
    ]


def test_tmx_without_english_variant_is_an_error():
    data = b"""<tmx version="1.4"><header srclang="zh"/><body>
    <tu><tuv xml:lang="zh"><seg>\xe4\xbd\xa0</seg></tuv><tuv xml:lang="fr"><seg>toi</seg></tuv></tu>
    </body></tmx>"""
    with pytest.raises(InputError, match="English"):
        load("m.tmx", data)


def test_txt_holding_xliff_is_read_as_xliff(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes((DATA / "xliff12.xlf").read_bytes())
    loaded = load(path)
    assert loaded.format == "xliff"
    assert len(loaded.units) == 3


def test_utf16_xliff_is_read():
    text = (DATA / "xliff12.xlf").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    loaded = load("u16.xlf", text.encode("utf-16"))
    assert loaded.units[0].target == "Hello, world."


def test_unknown_xml_root_is_refused():
    with pytest.raises(InputError, match="root <html>"):
        load("page.xml", b'<?xml version="1.0"?><html><body/></html>')


def test_malformed_xml_names_the_line():
    data = b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n<body>\n</file>\n</xliff>\n'
    with pytest.raises(InputError, match="malformed XML") as info:
        load("broken.xlf", data)
    assert info.value.line == 5
    assert info.value.path == "broken.xlf"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a"
 source-language="zh" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>&e;</source><target>&e;</target></trans-unit></body></file></xliff>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("name", ["x.xlf", "x.txt", "x.tmx", "x.xml"])
def test_external_entity_is_refused_before_any_reader(name):
    with pytest.raises(InputError, match="entities") as info:
        load(name, XXE)
    assert info.value.line == 2
    assert "root:" not in str(info.value)


def test_billion_laughs_is_refused():
    # libxml2 itself stops at its amplification limit; either refusal is fine.
    with pytest.raises(InputError, match="entities|entity amplification") as info:
        load("lol.tmx", LAUGHS)
    assert info.value.path == "lol.tmx"


def test_translate_toolkit_alone_does_not_resolve_external_entities():
    """Defence in depth: even unguarded, the library's parser leaves &e; unexpanded."""
    from translate.storage.xliff import xlifffile

    store = xlifffile.parsestring(XXE)
    text = "".join(str(u.source) + str(u.target) for u in store.units)
    passwd = Path("/etc/passwd")
    if passwd.exists():
        first = passwd.read_text().splitlines()[0]
        assert first not in text
    assert "root:" not in text


def test_translate_toolkit_alone_does_not_expand_billion_laughs():
    from lxml import etree
    from translate.storage.tmx import tmxfile

    try:
        store = tmxfile.parsestring(LAUGHS)
    except etree.XMLSyntaxError as exc:
        assert "amplification" in str(exc)
    else:
        assert all(len(str(u.target or "")) < 1000 for u in store.units)


def test_writer_round_trips_with_corrected_targets():
    original = load(DATA / "xliff12.xlf").units
    data = write_xliff(original, {"u2": "Click <here> & go.", "u3": "No translation"})
    back = read_xliff(data, "out.xlf")
    assert [(u.id, u.source, u.target, u.note) for u in back] == [
        ("u1", "你好，世界。", "Hello, world.", "greeting"),
        ("u2", "点击这里。", "Click <here> & go.", ""),
        ("u3", "没有译文", "No translation", ""),
    ]
    assert b'version="1.2"' in data
    assert b"urn:oasis:names:tc:xliff:document:1.2" in data
    assert data.count(b'state="translated"') == 2


def test_writer_preserves_whitespace_and_drops_xml_illegal_characters():
    data = write_xliff([Unit("a b", " two  spaces\nnew line ", "中\x01文", note="n1\nn2")])
    (unit,) = read_xliff(data, "w.xlf")
    assert (unit.id, unit.target, unit.source, unit.note) == (
        "a b",
        " two  spaces\nnew line ",
        "中文",
        "n1\nn2",
    )


def test_writer_from_xliff20_units_writes_xliff12():
    units = load(DATA / "xliff20.xlf").units
    back = read_xliff(write_xliff(units, {"2": "Sentence three."}), "w.xlf")
    assert [u.id for u in back] == ["1::s1", "1::s2", "2"]
    assert back[2].target == "Sentence three."


def test_writer_refuses_corrections_for_unknown_ids_and_duplicate_ids():
    with pytest.raises(ValueError, match="unknown"):
        write_xliff([Unit("1", "a")], {"9": "b"})
    with pytest.raises(ValueError, match="duplicate"):
        write_xliff([Unit("1", "a"), Unit("1", "b")])


MULTI_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="zh" target-language="en" datatype="plaintext"><body>
    <group id="g"><trans-unit id="u1"><source>\xe4\xb8\x80</source><target>One</target></trans-unit></group>
    <trans-unit id="u2" translate="no"><source>ABC</source><target>ABC</target></trans-unit>
  </body></file>
  <file original="b.txt" source-language="zh" target-language="en" datatype="plaintext"><body>
    <trans-unit id="u1"><source>\xe4\xba\x8c</source><target>Two</target></trans-unit>
  </body></file>
</xliff>"""


def test_xliff12_files_groups_and_translate_no():
    got = read_xliff(MULTI_FILE, "m.xlf")
    assert [(u.id, u.doc_id, u.source, u.target, u.content) for u in got] == [
        ("u1", "a.txt", "一", "One", True),
        ("u2", "a.txt", "ABC", "ABC", False),  # translate="no": shown, not scored
        ("b.txt/u1", "b.txt", "二", "Two", True),  # repeated id made unique by its file
    ]
    assert got[1].noncontent_reason == 'translate="no"'


def test_writer_keeps_files_and_translate_no_through_a_round_trip():
    units = read_xliff(MULTI_FILE, "m.xlf")
    back = read_xliff(write_xliff(units, {"b.txt/u1": "Two!"}), "w.xlf")
    assert [(u.id, u.doc_id, u.target, u.content) for u in back] == [
        ("u1", "a.txt", "One", True),
        ("u2", "a.txt", "ABC", False),
        ("b.txt/u1", "b.txt", "Two!", True),
    ]


def test_xliff20_translate_no_and_file_id():
    data = b"""<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh"
     trgLang="en"><file id="f1"><unit id="1" translate="no"><segment><source>A</source>
     <target>A</target></segment></unit><group id="g"><unit id="2"><segment><source>C</source>
     </segment></unit></group></file></xliff>"""
    got = read_xliff(data, "b.xlf")
    assert [(u.id, u.doc_id, u.content, u.target) for u in got] == [
        ("1", "f1", False, "A"),
        ("2", "f1", True, ""),
    ]


def test_empty_unit_list_writes_a_valid_empty_xliff():
    assert read_xliff(write_xliff([]), "e.xlf") == []


def test_update_xliff12_replaces_only_corrected_targets_and_keeps_the_rest():
    from qa.io.xliff import update_xliff

    data = (DATA / "xliff12.xlf").read_bytes()
    out = update_xliff(data, {"u2": "Click  here <now>.", "u3": "No translation."}, "in.xlf")
    back = read_xliff(out, "out.xlf")
    assert [(u.id, u.source, u.target, u.note) for u in back] == [
        ("u1", "你好，世界。", "Hello, world.", "greeting"),
        ("u2", "点击这里。", "Click  here <now>.", ""),  # inline <g> of the old target gone
        ("u3", "没有译文", "No translation.", ""),  # target created after <source>
    ]
    assert b'original="a.txt"' in out and b'<g id="1">' in out  # source markup kept
    assert out.count(b'state="translated"') == 2


def test_update_xliff20_marks_the_segment_translated():
    from qa.io.xliff import update_xliff

    out = update_xliff((DATA / "xliff20.xlf").read_bytes(), {"1::s2": "Second one."})
    back = read_xliff(out, "out.xlf")
    assert [u.target for u in back] == ["First sentence.", "Second one.", "Third sentence."]
    assert b'<segment id="s2" state="translated">' in out
    assert b"urn:oasis:names:tc:xliff:document:2.0" in out


def test_update_xliff_refuses_unknown_ids_and_hostile_input():
    from qa.io.xliff import update_xliff

    with pytest.raises(ValueError, match="unknown"):
        update_xliff((DATA / "xliff12.xlf").read_bytes(), {"nope": "x"})
    with pytest.raises(InputError, match="entities"):
        update_xliff(XXE, {"1": "x"}, "evil.xlf")
