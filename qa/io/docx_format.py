"""DOCX: the body text of a Word document, one paragraph per line.

python-docx reads the package; we walk the body in document order so table
cells appear where the table stands (each cell's paragraphs on their own
lines; a merged cell once). Headers, footers and comments are left out: they
are page furniture, not the text under review.

A DOCX is a zip archive, so before python-docx opens it
:func:`qa.io.ooxml.check_package` refuses zip bombs and XML parts that
declare entities.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from qa.errors import InputError
from qa.io.ooxml import check_package


def _blocks(container: Any, seen_cells: set[Any]) -> Iterator[str]:
    """Paragraph texts of a document or table cell, tables expanded in place."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans;
                    # holding its element keeps lxml's proxy (and identity) alive.
                    if cell._tc in seen_cells:
                        continue
                    seen_cells.add(cell._tc)
                    yield from _blocks(cell, seen_cells)
        else:
            yield block.text


def read_text(data: bytes, name: str = "") -> str:
    """The document's text, paragraphs joined by newlines; InputError if empty."""
    check_package(data, name, "word/document.xml")
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read DOCX: {exc}", name) from exc
    text = "\n".join(t.replace("\r\n", "\n").replace("\r", "\n") for t in _blocks(document, set()))
    if not text.strip():
        raise InputError("document is empty (no text in its paragraphs or tables)", name)
    return text
