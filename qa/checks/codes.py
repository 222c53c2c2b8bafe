"""Codes copied from the source: acronyms, gene and cell-line names, Roman numerals.

Chinese technical and biomedical text writes its codes in Latin script
(``K562/STAT3``, ``mRNA``, ``NKG2D``, ``FⅤ``). A translation must copy them
exactly; MT systems that lower-case a whole sentence or re-tokenise it write
``k562/stat3``, ``mrna`` or ``NKG 2D``, and the full-width Roman numeral
``Ⅴ`` comes out as ``III``, ``Δ`` or mojibake. Reviewers mark these as
major spelling or encoding errors (on the MQM biomedical dev data they are
a quarter of the major fluency errors; a re-cased code alone they mostly
count as minor: 117 of the 153 dev MT records where ``code-form`` fires
carry a fluency error, 13 a major one), while case changes of ordinary
capitalised words (``CHINA`` → ``China``, ``COVID`` → ``Covid``) are house
style, so only codes whose case carries meaning are held to their form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit

# A Latin-script token of the source: letters, digits and the joiners codes use.
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*")


def case_carries_meaning(code: str) -> bool:
    """Codes whose case is part of the name: digits with letters, mixed case, short acronyms.

    ``K562``, ``NKG2D``, ``mRNA``, ``STAT3``, ``MICA`` keep their form;
    ``China``, ``Western`` (a capitalised word) and all-capital words longer
    than an acronym (``COVID``, ``CHINA``) may be re-cased by house style.
    """
    letters = [c for c in code if c.isalpha()]
    if len(code) < 2 or not letters:
        return False
    has_digit = any(c.isdigit() for c in code)
    upper = sum(1 for c in letters if c.isupper())
    if has_digit:
        return upper > 0
    if upper == len(letters):
        return len(letters) <= 5
    # Mixed case past the first letter: mRNA, iPhone, SiO2, pH.
    return any(c.isupper() for c in code[1:]) and upper < len(letters)


@lru_cache(maxsize=4096)
def _loose_pattern(code: str) -> re.Pattern[str]:
    """The code in any case, with a space allowed where letters meet digits (``NKG 2D``, ``nkg2 d``).

    Spaces between letters are not looked for: ``mm Hg`` is a house style of ``mmHg``.
    """
    body = ""
    for i, ch in enumerate(code):
        if i and ch.isdigit() != code[i - 1].isdigit():
            body += r"\s?"
        body += re.escape(ch)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


# Non-ASCII characters that a case-insensitive pattern matches to an ASCII letter
# (Python's re: dotless i, long s, the Kelvin sign, capital I with a dot).
_ASCII_CASE_TWINS = str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k", "İ": "i"})


def _squash(text: str) -> str:
    """``text`` lower-cased without whitespace: every match of a ``_loose_pattern`` lower-cases into it."""
    return "".join(text.translate(_ASCII_CASE_TWINS).lower().split())


def _acceptable_variant(code: str, surface: str) -> bool:
    """Variants that are not the code mangled.

    An all-capital word may be written in title case (``Covid``, ``Nato``);
    its lower-case form may be an ordinary English word the target uses for
    something else (``IT`` and ``it``, ``WHO`` and ``who``, ``US`` and ``us``).
    """
    if any(c.isdigit() for c in code) or not code.isupper():
        return False
    if " " not in surface and surface[:1].isupper() and surface[1:].islower():
        return True
    from spacy.lang.en.stop_words import STOP_WORDS

    return surface.lower() in STOP_WORDS


@register(
    "code-form",
    Category.FLUENCY,
    Severity.MINOR,
    "An acronym, gene, cell-line or product code of the source is re-cased or split in the translation (k562, mrna, NKG 2D).",
    needs={"source"},
    subcategory="spelling",
)
def code_form(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    target = unit.target
    seen: set[str] = set()
    reported: set[tuple[int, int]] = set()
    squashed: str | None = None
    for m in _CODE.finditer(unit.source or ""):
        # The parts of a compound (K562/STAT3, COVID-19) are checked one by one.
        for code in re.split(r"[-/]", m.group(0)):
            if code in seen or not case_carries_meaning(code):
                continue
            seen.add(code)
            if squashed is None:
                squashed = _squash(target)
            if code.lower() not in squashed:
                continue  # not in the target in any case or spacing: no pattern to build
            for v in _loose_pattern(code).finditer(target):
                if v.group(0) == code or _acceptable_variant(code, v.group(0)):
                    continue
                if any(a <= v.start() < b for a, b in reported):
                    continue
                reported.add((v.start(), v.end()))
                how = "split" if " " in v.group(0) else "re-cased"
                yield Hit(
                    v.start(),
                    v.end(),
                    f"{v.group(0)!r} is {code!r} of the source {how}; codes keep their exact form",
                    suggestion=code,
                    evidence=code,
                )


# Full-width Roman numerals (U+2160..U+217F) and their ASCII spelling.
_ROMAN_ASCII = {
    chr(0x2160 + i): s
    for i, s in enumerate("I II III IV V VI VII VIII IX X XI XII L C D M".split())
}
_ROMAN_ASCII.update(
    {
        chr(0x2170 + i): s.lower()
        for i, s in enumerate("I II III IV V VI VII VIII IX X XI XII L C D M".split())
    }
)
# ASCII Roman numerals as words; "X-ray" is not one.
_ROMAN_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:X{0,3})(?:IX|IV|V?I{0,3})(?![A-Za-z0-9]|-[a-z])")


def _roman_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _ROMAN_TOKEN.finditer(text) if m.group(0)]


@register(
    "roman-numeral-mismatch",
    Category.ACCURACY,
    Severity.MAJOR,
    "A Roman numeral of the source (factor Ⅴ, type Ⅱ) is missing or different in the translation.",
    needs={"source"},
    subcategory="mistranslation",
)
def roman_numeral_mismatch(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    wanted = list(dict.fromkeys(_ROMAN_ASCII[c] for c in unit.source or "" if c in _ROMAN_ASCII))
    if not wanted:
        return
    present = {tok.upper() for _, _, tok in _roman_tokens(unit.target)}
    present |= {_ROMAN_ASCII[c].upper() for c in unit.target if c in _ROMAN_ASCII}
    for numeral in wanted:
        if numeral.upper() in present:
            continue
        # The pronoun "I" is no numeral to point at.
        wrong = [
            (s, e, t) for s, e, t in _roman_tokens(unit.target) if t not in wanted and t != "I"
        ]
        start, end = (wrong[0][0], wrong[0][1]) if wrong else (len(unit.target), len(unit.target))
        where = f"; {unit.target[start:end]!r} is written instead" if wrong else ""
        yield Hit(
            start,
            end,
            f"The source's Roman numeral {numeral} is not in the translation{where}",
            suggestion=numeral,
            evidence=numeral,
            # A different numeral is a wrong factor or type; an absent one may be spelled out.
            severity=Severity.MAJOR if wrong else Severity.MINOR,
            subcategory=None if wrong else "omission",
        )


# Characters that do not belong in English prose unless the source has them:
# the replacement character, controls, private use, and Latin-1 symbols that
# appear when UTF-8 or GBK text is decoded with the wrong code page.
_MOJIBAKE = re.compile(
    r"[ÂÃâÐÑ][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u017d\u017e\u0178\u02c6\u02dc]|â€|ï¿½"
)
_ODD_SYMBOLS = frozenset("¢¤¦¨¬¯´¸ºª")
# The only characters ``_odd_char`` can accept: printable ASCII and tab, newline,
# carriage return are never odd, so only the rest of a text is looked at.
_MAYBE_ODD = re.compile(r"[^\t\n\r\x20-\x7e]")


def _odd_char(ch: str, source: str) -> bool:
    if ch in source:
        return False
    if ch == "\ufffd":
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r":
        return True
    if ch in _ODD_SYMBOLS:
        return True
    # Greek letters the source does not have: a deletion mark Δ for a prime ′,
    # ɛ for a Roman numeral. Scientific Greek in the source is copied as is.
    # The micro sign is how 微 in 微克 (microgram) is written.
    name = unicodedata.name(ch, "")
    if ch in "µμ":
        return False
    return bool(source) and (name.startswith("GREEK") or name == "LATIN SMALL LETTER OPEN E")


def undo_mojibake(garbled: str, source: str) -> str | None:
    """What ``garbled`` was before a wrong decoding, in English form; None if no reading fits.

    MT pipelines read UTF-8 as Windows-1252 (``â€™`` for ``’``) or GBK as
    Latin-1 (``¢ò`` for ``Ⅱ``). The UTF-8 reading is trusted; a GBK reading
    only when the source holds it (any Latin-1 pair decodes to some Chinese
    character). The result is given in its compatibility form (``Ⅱ`` -> ``II``),
    which is how English writes it.
    """
    for wrong in ("cp1252", "latin-1"):
        try:
            raw = garbled.encode(wrong)
        except UnicodeEncodeError:
            continue
        for right, needs_source in (("utf-8", False), ("gb18030", True)):
            try:
                text = raw.decode(right)
            except UnicodeDecodeError:
                continue
            if text != garbled and (not needs_source or text in source):
                return unicodedata.normalize("NFKC", text)
    return None


@register(
    "garbled-characters",
    Category.FLUENCY,
    Severity.MAJOR,
    "Characters that come from a wrong decoding or a mistranslated symbol (¢ò, â€™, �, Δ for ′).",
    subcategory="character encoding",
)
def garbled_characters(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    target = unit.target
    source = unit.source or ""
    for m in _MOJIBAKE.finditer(target):
        # A UTF-8 character is 2 to 4 bytes: the pattern sees the first two.
        end, fix = m.end(), None
        for longer in (m.end(), m.end() + 1, m.end() + 2):
            fix = undo_mojibake(target[m.start() : longer], source)
            if fix is not None and longer <= len(target):
                end = longer
                break
        yield Hit(
            m.start(),
            end,
            f"{target[m.start() : end]!r} looks like text decoded with the wrong encoding",
            suggestion=fix,
            evidence="mojibake",
        )
        return
    for candidate in _MAYBE_ODD.finditer(target):
        i, ch = candidate.start(), candidate.group()
        if _odd_char(ch, source):
            end = i + 1
            # The rest of a mojibake run (the ò of ¢ò) is part of the same damage.
            while end < len(target) and (
                _odd_char(target[end], source) or (ord(target[end]) > 127 and target[end].isalpha())
            ):
                end += 1
            yield Hit(
                i,
                end,
                f"{target[i:end]!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}) is not in the source"
                " and does not belong in English text",
                suggestion=undo_mojibake(target[i:end], source),
                evidence=unicodedata.name(ch, f"U+{ord(ch):04X}"),
            )
            return
