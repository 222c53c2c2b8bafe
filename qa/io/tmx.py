"""TMX translation memories: each ``<tu>`` with a Chinese and an English variant is a unit.

translate-toolkit (``translate.storage.tmx``) parses the file, after
:func:`qa.io.xmlsafe.parse` has refused entity declarations. Its own
source/target choice goes by position, so we pick the variants by language
instead: the first ``<tuv>`` whose ``xml:lang`` is Chinese (``zh``,
``zh-CN``, ``zh-Hans``, ``ZH-cn``…) is the source and the first English one
(``en``, ``en-US``…) the target. Inline native codes (``<bpt>``, ``<ept>``,
``<ph>``, ``<it>``, ``<ut>``) hold markup of the original format, not text,
and are dropped; ``<hi>`` and ``<sub>`` text is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from qa.errors import InputError
from qa.io import xmlsafe
from qa.model import Unit

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NATIVE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


def _lang(tuv: Any) -> str:
    # TMX 1.1 used a plain "lang" attribute; 1.4 uses xml:lang.
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip().lower().replace("_", "-")


def _is(lang: str, base: str) -> bool:
    return lang == base or lang.startswith(base + "-")


def seg_text(seg: Any) -> str:
    """Text of a ``<seg>`` without the native codes embedded in it."""
    parts: list[str] = [seg.text or ""]
    for child in seg:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name not in _NATIVE_CODES:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _variant(tu: Any, base: str) -> str | None:
    for tuv in tu.iterchildren("tuv", "{*}tuv"):
        if _is(_lang(tuv), base):
            seg = tuv.find("seg")
            return "" if seg is None else seg_text(seg)
    return None


def read_units(data: bytes, name: str = "", root: Any = None) -> list[Unit]:
    """Units of a TMX file; translation units without an English variant are skipped."""
    if root is None:
        root = xmlsafe.parse(data, name)
    if etree.QName(root).localname != "tmx":
        raise InputError(f"not TMX: the root element is <{etree.QName(root).localname}>", name, 1)
    from translate.storage.tmx import tmxfile

    try:
        store = tmxfile.parsestring(data)
    except (etree.XMLSyntaxError, AssertionError, ValueError) as exc:
        raise InputError(f"cannot read TMX: {exc}", name) from exc
    units = list(_units(store))
    if not units and len(store.units):
        raise InputError("no translation unit has an English (en*) variant", name)
    return units


def _units(store: Any) -> Iterator[Unit]:
    for index, tu in enumerate(store.units, start=1):
        element = tu.xmlelement
        target = _variant(element, "en")
        if target is None:
            continue
        notes = [n.text.strip() for n in element.iterchildren("note") if n.text and n.text.strip()]
        yield Unit(
            id=element.get("tuid") or str(index),
            target=target,
            source=_variant(element, "zh"),
            note="\n".join(notes),
            line=element.sourceline,
        )
