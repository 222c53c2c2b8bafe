"""Plain text: decoding with BOM and charset detection (UTF-8, UTF-16, GB18030)."""

from __future__ import annotations

import codecs
import re

from qa.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Longest line (in characters) a document may have; see read_text().
MAX_LINE_CHARS = 100_000

# Non-ASCII bytes needed before a Big5 reading is considered; see _big5_instead().
BIG5_MIN_BYTES = 8

# C0 controls other than tab, newline, vertical tab, form feed, carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# What counts as blank: Unicode whitespace plus zero-width characters.
_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")


def decode(data: bytes, name: str = "") -> str:
    """Decode bytes of unknown encoding; raise InputError naming the file and line if impossible.

    Order: a BOM decides; valid UTF-8 wins (it almost never validates by
    accident) unless it is full of NULs; then UTF-16 without BOM (many NULs);
    then GB18030, a superset of GBK/GB2312, which is what Chinese sites and
    Windows tools write, unless the bytes read better as Big5 (traditional
    Chinese); then charset-normalizer's best guess.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
                raise InputError(
                    f"invalid {encoding} text at byte {exc.start}", name, line
                ) from exc
    first_bad = None
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    else:
        if "\x00" not in decoded:
            return _normalise(decoded, name)
    if data.count(b"\x00") > len(data) // 4:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                decoded = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in decoded:
                return _normalise(decoded, name)
    if first_bad is None:
        # Valid UTF-8 with NULs that is not UTF-16: binary data.
        return _normalise(data.decode("utf-8"), name)
    if _damaged_utf8(data):
        line = data.count(b"\n", 0, first_bad) + 1
        raise InputError(
            f"invalid UTF-8 at byte {first_bad}, in a file that is otherwise UTF-8 "
            "(cut short, or partly saved in another encoding?); re-save it as UTF-8",
            name,
            line,
        )
    try:
        simplified = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        return _normalise(_big5_instead(data) or simplified, name)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        line = data.count(b"\n", 0, first_bad) + 1
        raise InputError(
            f"cannot decode the text (not UTF-8, UTF-16 or GB18030; first bad byte at offset {first_bad})",
            name,
            line,
        )
    if best.encoding in _LATIN_GUESSES:
        try:
            return _normalise(data.decode("cp1252"), name)
        except UnicodeDecodeError:
            pass
    return _normalise(str(best), name)


# Single-byte Latin code pages charset-normalizer often picks for short Western text
# (crème → crčme under cp1250, € → Ç under cp437). English files that are not UTF-8
# come from Windows in cp1252, so that reading wins when the bytes allow it.
_LATIN_GUESSES = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "mac_roman", "mac_latin2"}
    | {"cp437", "cp850", "cp852", "cp858"}
    | {f"iso8859_{n}" for n in (2, 3, 4, 9, 10, 13, 14, 15, 16)}
)


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 but for a few bad bytes: any other codec would turn all of it into mojibake.

    Text in GBK, Big5 or a Windows code page forms a valid multi-byte UTF-8
    sequence only by accident (under one character in ten), so at least
    twice as many valid sequences as invalid ones means the file is UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(ch > "\x7f" for ch in text) - bad
    return good >= 2 * bad


def _big5_instead(data: bytes) -> str | None:
    """The Big5 reading of bytes that are valid GB18030 too, when it is the likelier one.

    Traditional Chinese from Taiwan and Hong Kong comes in Big5, whose byte
    ranges overlap GBK's, so GB18030 "decodes" it into nonsense. When the
    bytes are also valid Big5 (cp950) and long enough for statistics to mean
    something, charset-normalizer chooses between the two; short texts stay
    GB18030, the commoner encoding in mainland sources.
    """
    if sum(b > 0x7F for b in data[:4096]) < BIG5_MIN_BYTES:
        return None
    try:
        traditional = data.decode("cp950")
    except UnicodeDecodeError:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "cp950", "big5"]).best()
    if best is not None and best.encoding in ("cp950", "big5"):
        return traditional
    return None


def read_text(data: bytes, name: str = "") -> str:
    """Decode a plain-text file for segmentation, refusing what cannot be a document.

    An empty or whitespace-only file is an error rather than an empty report,
    so a wrong path or a failed export is noticed. Lines longer than
    :data:`MAX_LINE_CHARS` are refused because sentence splitting of one
    paragraph is quadratic in its length (pysbd): a 100,000-character line
    already takes seconds, a minified or binary file would take hours.
    """
    text = decode(data, name)
    if _BLANK.fullmatch(text):
        raise InputError("file is empty (no text to check)", name)
    check_line_lengths(text, name)
    return text


def check_line_lengths(text: str, name: str = "", limit: int | None = None) -> None:
    """Raise InputError naming the first line longer than ``limit`` characters."""
    limit = MAX_LINE_CHARS if limit is None else limit
    if len(text) <= limit:
        return
    for line_no, line in enumerate(text.split("\n"), start=1):
        if len(line) > limit:
            raise InputError(
                f"line is {len(line):,} characters long; the limit is {limit:,} "
                "(split it into paragraphs)",
                name,
                line_no,
            )


def _normalise(text: str, name: str = "") -> str:
    """Unify line ends so offsets match what editors show; refuse binary data.

    A NUL or a run of C0 control characters means the bytes were not text
    (an image, an archive, a UTF-16 file in the wrong byte order): checking
    it would only produce noise findings.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    bad = _CONTROL.search(text)
    if bad is not None:
        controls = len(_CONTROL.findall(text, 0, 100_000))
        if "\x00" in text or controls > max(3, min(len(text), 100_000) // 100):
            line = text.count("\n", 0, bad.start()) + 1
            raise InputError(
                f"binary data, not text (control character U+{ord(bad.group()):04X})", name, line
            )
    return text
