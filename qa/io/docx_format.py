"""DOCX: the body text of a Word document, one paragraph per line.

python-docx reads the package; we walk the body in document order so table
cells appear where the table stands (each cell's paragraphs on their own
lines; a merged cell once). Headers, footers and comments are left out: they
are page furniture, not the text under review.

A DOCX is a zip archive, so before python-docx opens it we refuse archives
that would inflate past :data:`MAX_UNZIPPED_BYTES` (zip bombs), and we pass
``word/document.xml`` through :func:`qa.io.xmlsafe.parse`, which refuses
entity declarations.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from qa.errors import InputError
from qa.io import xmlsafe

MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024


def _check_archive(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid DOCX (zip) file: {exc}", name) from exc
    with archive:
        total = sum(info.file_size for info in archive.infolist())
        if total > MAX_UNZIPPED_BYTES:
            raise InputError(
                f"DOCX would unpack to {total // 2**20} MiB; the limit is "
                f"{MAX_UNZIPPED_BYTES // 2**20} MiB",
                name,
            )
        try:
            body = archive.read("word/document.xml")
        except KeyError as exc:
            raise InputError("DOCX has no word/document.xml", name) from exc
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"damaged DOCX: {exc}", name) from exc
    xmlsafe.parse(body, f"{name}:word/document.xml")


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
    _check_archive(data, name)
    import docx

    try:
        document = docx.Document(BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise InputError(f"cannot read DOCX: {exc}", name) from exc
    text = "\n".join(t.replace("\r\n", "\n").replace("\r", "\n") for t in _blocks(document, set()))
    if not text.strip():
        raise InputError("document is empty (no text in its paragraphs or tables)", name)
    return text
