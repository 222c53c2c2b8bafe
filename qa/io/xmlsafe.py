"""The one way tqa parses XML: no entity expansion, no DTD loading, no network.

Every XML reader (XLIFF, TMX, TBX) goes through :func:`parse` so that a hostile
file (billion laughs, external entities pointing at local files or URLs) is
either read safely or refused with an error naming the file and line.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from qa.errors import InputError


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes, name: str = "") -> Any:
    """Parse ``data`` into an lxml root element, refusing entity declarations."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise InputError(f"malformed XML: {exc.msg}", name, line) from exc
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.internalDTD is not None and len(list(docinfo.internalDTD.iterentities())):
        at = data.find(b"<!ENTITY")
        line = data.count(b"\n", 0, at) + 1 if at >= 0 else 1
        raise InputError("XML declares entities; refusing to expand them", name, line)
    return root
