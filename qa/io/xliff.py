"""XLIFF 1.2 and 2.x: bilingual units in, corrected targets out.

Parsing is translate-toolkit's (``translate.storage.xliff`` for 1.x,
``translate.storage.xliff2`` for 2.x), but only after the bytes passed
:func:`qa.io.xmlsafe.parse`, which refuses entity declarations (billion
laughs, external entities) before any other parser sees them.

A unit is one XLIFF 1.2 ``<trans-unit>`` or one XLIFF 2 ``<segment>``; inline
codes (``<g>``, ``<x/>``, ``<ph/>``, ``<pc>``) are dropped and the text they
enclose kept, which is what translate-toolkit's ``source``/``target`` give.
Ids are the trans-unit ids (1.2) and ``unit::segment`` ids (2.x); a unit
without a target is kept with an empty target, so an untranslated segment is
seen in review. Notes become :attr:`Unit.note`, the ``<file>`` (``original``
in 1.2, ``id`` in 2.x) :attr:`Unit.doc_id`; units marked ``translate="no"``
are kept but not scored (``content=False``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from lxml import etree

from qa.errors import InputError
from qa.io import xmlsafe
from qa.model import Unit

logger = logging.getLogger(__name__)

NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"


def version(root: Any) -> str:
    """'1' or '2': the XLIFF major version of a parsed root element."""
    namespace = etree.QName(root).namespace or ""
    declared = (root.get("version") or "").strip()
    if namespace.startswith("urn:oasis:names:tc:xliff:document:2") or declared.startswith("2"):
        return "2"
    return "1"


def read_units(data: bytes, name: str = "", root: Any = None) -> list[Unit]:
    """Units of an XLIFF file; ``root`` is its already safe-parsed root, if at hand."""
    store, major = _store(data, name, root)
    if major == "2":
        return list(_units_2(store, name))
    return list(_units_12(store, name))


def _store(data: bytes, name: str, root: Any = None) -> tuple[Any, str]:
    """translate-toolkit's store of safe XLIFF bytes, and the major version ('1' or '2')."""
    if root is None:
        root = xmlsafe.parse(data, name)
    if etree.QName(root).localname != "xliff":
        raise InputError(f"not XLIFF: the root element is <{etree.QName(root).localname}>", name, 1)
    major = version(root)
    try:
        if major == "2":
            from translate.storage.xliff2 import Xliff2File

            return Xliff2File.parsestring(data), major
        from translate.storage.xliff import xlifffile

        return xlifffile.parsestring(data), major
    except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
        raise InputError(f"cannot read XLIFF: {exc}", name) from exc


def _entries_12(store: Any) -> Iterator[tuple[str, Any]]:
    """``(unit id, trans-unit)`` pairs; ids are unique across the file's ``<file>``s."""
    seen: set[str] = set()
    for index, tu in enumerate(store.units, start=1):
        if tu.isheader():
            continue
        uid = tu.xmlelement.get("id") or str(index)
        if uid in seen:
            # Several <file>s may reuse ids; the file name keeps them apart.
            uid = tu.getid().replace("\x04", "/")
        seen.add(uid)
        yield uid, tu


def _entries_2(store: Any) -> Iterator[tuple[str, Any]]:
    """``(unit id, segment)`` pairs: ``unit::segment`` ids, or the unit id alone."""
    for index, segment in enumerate(store.units, start=1):
        yield segment.getid() or str(index), segment


def _check_languages(source_lang: str | None, target_lang: str | None, name: str) -> None:
    src, tgt = (source_lang or "").lower(), (target_lang or "").lower()
    if src.startswith("en") and tgt.startswith("zh"):
        logger.warning("%s: declares English to Chinese; tqa reviews Chinese to English", name)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _units_12(store: Any, name: str) -> Iterator[Unit]:
    _check_languages(store.getsourcelanguage(), store.gettargetlanguage(), name)
    for uid, tu in _entries_12(store):
        element = tu.xmlelement
        file_node = next(element.iterancestors(f"{{{NS_12}}}file", "file"), None)
        locked = not tu.istranslatable()
        yield Unit(
            id=uid,
            target=_text(tu.target),
            source=_text(tu.source),
            doc_id="" if file_node is None else file_node.get("original", ""),
            content=not locked,
            noncontent_reason='translate="no"' if locked else "",
            note=tu.getnotes() or "",
            line=element.sourceline,
        )


def _units_2(store: Any, name: str) -> Iterator[Unit]:
    _check_languages(store.getsourcelanguage(), store.gettargetlanguage(), name)
    for uid, segment in _entries_2(store):
        element = segment.xmlelement
        unit_element = element.getparent()
        notes = []
        if unit_element is not None:
            notes = [
                n.text.strip()
                for n in unit_element.iter(f"{{{NS_2}}}note")
                if n.text and n.text.strip()
            ]
        file_node = next(element.iterancestors(f"{{{NS_2}}}file"), None)
        locked = unit_element is not None and unit_element.get("translate") == "no"
        yield Unit(
            id=uid,
            target=_text(segment.target),
            source=_text(segment.source),
            doc_id="" if file_node is None else file_node.get("id", ""),
            content=not locked,
            noncontent_reason='translate="no"' if locked else "",
            note="\n".join(notes),
            line=element.sourceline,
        )


def write_xliff(
    units: Iterable[Unit],
    corrected: Mapping[str, str] | None = None,
    original: str = "tqa",
) -> bytes:
    """XLIFF 1.2 (zh → en) of ``units``, with ``corrected`` targets replacing theirs.

    Units are grouped in one ``<file>`` per :attr:`Unit.doc_id` (``original``
    names the file of units without one), in order of first appearance.

    Built with lxml rather than translate-toolkit, whose new stores are
    XLIFF 1.1 and mark every target ``approved="yes"``. A corrected target
    gets ``state="translated"``; other targets keep no state, and a unit
    without target gets no ``<target>``. Characters XML cannot hold (C0
    controls) are dropped. Raises ValueError for a duplicate unit id or a
    correction naming a unit not among ``units``.
    """
    corrected = dict(corrected or {})
    root = etree.Element(f"{{{NS_12}}}xliff", nsmap={None: NS_12})
    root.set("version", "1.2")
    bodies: dict[str, Any] = {}
    seen: set[str] = set()
    for unit in units:
        if unit.id in seen:
            raise ValueError(f"duplicate unit id {unit.id!r}")
        seen.add(unit.id)
        doc = unit.doc_id or original
        if doc not in bodies:
            bodies[doc] = _file_body(root, doc)
        tu = etree.SubElement(bodies[doc], f"{{{NS_12}}}trans-unit")
        tu.set("id", _xml_text(unit.id))
        tu.set(_XML_SPACE, "preserve")
        if not unit.content and unit.noncontent_reason == 'translate="no"':
            tu.set("translate", "no")
        etree.SubElement(tu, f"{{{NS_12}}}source").text = _xml_text(unit.source or "")
        target = corrected.get(unit.id, unit.target)
        if target or unit.id in corrected:
            node = etree.SubElement(tu, f"{{{NS_12}}}target")
            node.text = _xml_text(target)
            if unit.id in corrected:
                node.set("state", "translated")
        if unit.note:
            etree.SubElement(tu, f"{{{NS_12}}}note").text = _xml_text(unit.note)
    unknown = sorted(set(corrected) - seen)
    if unknown:
        raise ValueError(f"corrections for unknown unit ids: {', '.join(unknown[:10])}")
    if not bodies:
        _file_body(root, original)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _file_body(root: Any, original: str) -> Any:
    """A new ``<file>`` (zh → en, plain text) under ``root``; returns its ``<body>``."""
    file_node = etree.SubElement(root, f"{{{NS_12}}}file")
    file_node.set("original", _xml_text(original))
    file_node.set("source-language", "zh")
    file_node.set("target-language", "en")
    file_node.set("datatype", "plaintext")
    return etree.SubElement(file_node, f"{{{NS_12}}}body")


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot contain, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def update_xliff(data: bytes, corrected: Mapping[str, str], name: str = "") -> bytes:
    """The XLIFF file ``data`` (1.2 or 2.x) with ``corrected`` targets put in place.

    Everything else (other units, notes, attributes, the skeleton the CAT
    tool needs) is kept as it was, so the translator gets their own file
    back. Ids are those :func:`read_units` gives. A corrected target is
    plain text: inline codes the old target held are dropped, and it is
    marked ``state="translated"`` (on ``<target>`` in 1.2, on ``<segment>``
    in 2.x) with ``xml:space="preserve"``. Raises ValueError for ids not in
    the file, InputError for a file that cannot be read.
    """
    store, major = _store(data, name)
    entries = dict(_entries_2(store) if major == "2" else _entries_12(store))
    unknown = sorted(set(corrected) - set(entries))
    if unknown:
        raise ValueError(f"corrections for unknown unit ids: {', '.join(unknown[:10])}")
    for uid, new_target in corrected.items():
        element = entries[uid].xmlelement
        namespace = etree.QName(element).namespace
        tag = f"{{{namespace}}}target" if namespace else "target"
        target = element.find(tag)
        if target is None:
            # <target> follows <source> (and 1.2's <seg-source>), as the schemas order them.
            target = etree.Element(tag)
            anchors = [element.find(tag.replace("target", n)) for n in ("seg-source", "source")]
            anchor = next((a for a in anchors if a is not None), None)
            if anchor is None:
                element.insert(0, target)
            else:
                anchor.addnext(target)
                target.tail = anchor.tail
        for child in list(target):
            target.remove(child)
        target.text = _xml_text(new_target)
        target.set(_XML_SPACE, "preserve")
        if major == "2":
            element.set("state", "translated")
        else:
            target.set("state", "translated")
    return bytes(store)
