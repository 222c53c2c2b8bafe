"""Plain text: decoding with BOM and charset detection (UTF-8, UTF-16, GB18030)."""

from __future__ import annotations

import codecs

from qa.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str = "") -> str:
    """Decode bytes of unknown encoding; raise InputError naming the file if impossible.

    Order: a BOM decides; valid UTF-8 wins (it almost never validates by
    accident); then UTF-16 without BOM (many NULs); then GB18030, a superset
    of GBK/GB2312, which is what Chinese sites and Windows tools write; then
    charset-normalizer's best guess.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} text at byte {exc.start}", name) from exc
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    if data and data.count(b"\x00") > len(data) // 4:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError:
                continue
    try:
        return _normalise(data.decode("gb18030"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        line = data.count(b"\n", 0, first_bad) + 1
        raise InputError(
            f"cannot decode the text (not UTF-8, UTF-16 or GB18030; first bad byte at offset {first_bad})",
            name,
            line,
        )
    return _normalise(str(best))


def _normalise(text: str) -> str:
    """Unify line ends so offsets match what editors show."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
