"""DOCX: paragraphs and table cells in document order, then sentence segmentation."""

import io
import zipfile

import docx
import pytest

from qa.errors import InputError
from qa.io import load
from qa.io.docx_format import read_text


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample(document) -> None:
    document.add_paragraph("第一段。第二句！")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "表格一"
    table.cell(0, 1).text = "表格二"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "合并单元格"
    document.add_paragraph("")
    document.add_paragraph("结尾。")


def test_paragraphs_and_cells_in_document_order_merged_cell_once():
    assert (
        read_text(docx_bytes(sample), "d.docx")
        == "第一段。第二句！\n表格一\n表格二\n合并单元格\n\n结尾。"
    )


def test_docx_named_txt_loads_as_segmented_document(tmp_path):
    path = tmp_path / "upload.txt"
    path.write_bytes(docx_bytes(sample))
    loaded = load(path)
    assert loaded.format == "docx"
    assert loaded.document is not None
    assert loaded.document.lang == "zh"
    assert loaded.document.sentences == [
        "第一段。",
        "第二句！",
        "表格一",
        "表格二",
        "合并单元格",
        "结尾。",
    ]
    assert loaded.document.name == "upload.txt"


def test_english_docx_is_detected_as_english():
    data = docx_bytes(lambda d: d.add_paragraph("The first sentence. The second one."))
    document = load("en.docx", data).document
    assert document is not None and document.lang == "en"
    assert document.sentences == ["The first sentence.", "The second one."]


def test_empty_docx_is_refused():
    with pytest.raises(InputError, match="empty"):
        load("e.docx", docx_bytes(lambda d: d.add_paragraph("   ")))


def test_docx_with_entity_declaration_is_refused():
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(sample)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                body = body.replace(
                    b"?>", b'?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1
                )
            target.writestr(item, body)
    with pytest.raises(InputError, match="entities") as info:
        load("x.docx", out.getvalue())
    assert "word/document.xml" in str(info.value)


def test_zip_without_document_xml_is_not_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(InputError):
        read_text(out.getvalue(), "z.docx")
