"""Numbers, percentages, amounts and dates in Chinese and English, normalised for comparison.

Machine translation of Chinese gets magnitudes wrong (3.5亿 is 350 million,
not 3.5 billion: 亿 = 10^8, 万 = 10^4), drops digits or renders a date such as
3月11日 as "November 3". Both sides are reduced to comparable :class:`Quantity`
keys: a plain value (``3.5亿`` and ``350 million`` both give 350000000), or a
date key (``3月11日`` and ``March 11`` both give ``date:3-11``).

Small counts (0 and 1) are left out: Chinese 一 turns into "a", "an", "one" or
nothing, and counting it would only produce noise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Each month's English names, full name first.
_MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
MONTHS = {m: i for i, names in enumerate(_MONTH_NAMES, start=1) for m in names}


@dataclass(frozen=True)
class Quantity:
    """A number or date found in a text: ``key`` is what is compared, ``start``/``end`` locate it."""

    key: str
    start: int
    end: int
    text: str


def _fmt(value: float) -> str:
    """A canonical key for a value: 350000000.0 -> '350000000', 3.50 -> '3.5'."""
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return str(int(round(value)))
    return f"{value:.6g}"


# --- Chinese ---------------------------------------------------------------

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_LARGE = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# Classifiers and units after which a Chinese numeral is surely a count.
_ZH_COUNTED = "个年月日号人名家位次种项元倍天周岁小时分钟秒公里米吨条所座台辆件份届批例篇部本场轮期克升亩户股只架艘"


def parse_chinese_numeral(text: str) -> float | None:
    """三百五十 -> 350, 两千 -> 2000, 三点五 -> None (not handled), 十一 -> 11."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch] if digit is None else digit * 10 + _ZH_DIGITS[ch]
        elif ch in _ZH_SMALL:
            section += (1 if digit is None else digit) * _ZH_SMALL[ch]
            digit = None
        elif ch in _ZH_LARGE:
            section += digit or 0
            total = (
                (total + section) * _ZH_LARGE[ch] if ch == "亿" else total + section * _ZH_LARGE[ch]
            )
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


# Digits inside codes (K562, p.Gly276Glu, c.911G>A) are not quantities.
_ZH_ARABIC = re.compile(
    r"(?<![A-Za-z\d.])(\d+(?:,\d{3})*(?:\.\d+)?)(?![A-Z\d])\s*(万亿|亿|万|千)?\s*(%|％)?"
)
_ZH_PERCENT_WORDS = re.compile(rf"百分之([{_ZH_NUMERAL}点]+)")
_ZH_DATE = re.compile(
    rf"(?:(\d{{4}}|[{_ZH_NUMERAL}]{{4}})年)?(\d{{1,2}}|[{_ZH_NUMERAL}]{{1,3}})月(?:(\d{{1,2}}|[{_ZH_NUMERAL}]{{1,3}})[日号])?"
)
# 几千年 "a few thousand years", 上百万 "up to a million": approximate, not a quantity.
_ISO_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?!\d)"
)
_ZH_WORD_NUMERAL = re.compile(
    rf"(?<![几数上成近好])([{_ZH_NUMERAL}]+)(?![多余几])(?=[{_ZH_COUNTED}])"
)


# Every pattern above needs a digit or a numeral character: without one, a text has no quantity.
_ZH_ANY_QUANTITY = re.compile(rf"[\d{_ZH_NUMERAL}]")


def _zh_value(token: str) -> float | None:
    if token.isdigit():
        return float(token)
    return parse_chinese_numeral(token)


class _Collector:
    """Quantities found so far, and the spans they cover (a span is read once)."""

    def __init__(self, text: str, scan: str):
        self.text = text
        self.found: list[Quantity] = []
        self.taken: list[tuple[int, int]] = []
        for m in _ISO_DATE.finditer(scan):
            self.add(m.group(1), m.start(1), m.end(1))
            self.add(f"date:{int(m.group(2))}-{int(m.group(3))}", m.start(2), m.end())

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def add(self, key: str, s: int, e: int) -> None:
        self.found.append(Quantity(key, s, e, self.text[s:e]))
        self.taken.append((s, e))


def chinese_quantities(text: str) -> list[Quantity]:
    """Numbers, percentages and dates of a Chinese text."""
    normalized = unicodedata.normalize("NFKC", text)
    norm = normalized if len(normalized) == len(text) else text
    if not _ZH_ANY_QUANTITY.search(norm):
        return []
    collected = _Collector(text, norm)
    found, free, add = collected.found, collected.free, collected.add
    for m in _ZH_DATE.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        month = _zh_value(m.group(2))
        if month is None or not 1 <= month <= 12:
            continue
        if m.group(1):
            year = _zh_value(m.group(1)) if m.group(1).isdigit() else _zh_year(m.group(1))
            if year:
                add(_fmt(year), m.start(1), m.start(1) + len(m.group(1)))
        day = _zh_value(m.group(3)) if m.group(3) else None
        key = f"date:{int(month)}-{int(day)}" if day else f"month:{int(month)}"
        add(key, m.start(2), m.end())
    for m in _ZH_PERCENT_WORDS.finditer(norm):
        value = _zh_value(m.group(1).split("点")[0]) if "点" not in m.group(1) else None
        if value is not None and free(m.start(), m.end()):
            add(_fmt(value), m.start(), m.end())
    for m in _ZH_ARABIC.finditer(norm):
        if not free(m.start(), m.end()):
            continue
        value = float(m.group(1).replace(",", ""))
        value *= {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}.get(m.group(2) or "", 1.0)
        add(_fmt(value), m.start(), m.start(1) + len(m.group(1)) + len(m.group(2) or ""))
    for m in _ZH_WORD_NUMERAL.finditer(norm):
        if not free(m.start(), m.end()) or m.group(1) in {"一", "万一", "千万"}:
            continue
        value = parse_chinese_numeral(m.group(1))
        if value is not None:
            add(_fmt(value), m.start(), m.end())
    return sorted((q for q in found if q.key not in {"0", "1"}), key=lambda q: q.start)


def _zh_year(token: str) -> float | None:
    """二〇二一 -> 2021 (years are read digit by digit)."""
    digits = [_ZH_DIGITS.get(ch) for ch in token]
    if any(d is None for d in digits):
        return None
    return float("".join(str(d) for d in digits))


# --- English ---------------------------------------------------------------

_EN_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_EN_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
)
_EN_WORDS.update({"hundred": 100, "dozen": 12})
_EN_ORDINALS = {
    w: i
    for i, w in enumerate(
        "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}
_EN_SCALE = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mn": 1e6,
    "bn": 1e9,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_DATE = re.compile(
    rf"\b(?:({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b)",
    re.IGNORECASE,
)
_EN_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(?![A-Z])(?:st|nd|rd|th)?"
    r"(?:\s*(?i:(thousand|million|billion|trillion|mn|bn))\b)?",
)
_EN_WORD_NUMBER = re.compile(
    r"\b("
    + "|".join(list(_EN_WORDS) + list(_EN_ORDINALS))
    + r")(?:[\s-]+("
    + "|".join(_EN_WORDS)
    + r"))?"
    r"(?:\s+(thousand|million|billion|trillion))?\b",
    re.IGNORECASE,
)


_EN_MONTH = re.compile(rf"\b({_MONTH_RE})\b", re.IGNORECASE)
_EN_RANGE_SCALE = re.compile(
    r"(?<![\w.])[\d.,]+(?=\s*(?:to|-|–|and|or)\s*[\d.,]+\s*(?i:(thousand|million|billion|trillion))\b)"
)


def english_quantities(text: str) -> list[Quantity]:
    """Numbers, percentages, amounts and dates of an English text."""
    collected = _Collector(text, text)
    found, free, add = collected.found, collected.free, collected.add
    for m in _EN_DATE.finditer(text):
        month_name = (m.group(1) or m.group(4)).lower()
        day = int(m.group(2) or m.group(3))
        if month_name == "may" and m.group(1) and not m.group(1)[0].isupper():
            continue  # "may 5 people" is a modal verb
        if 1 <= day <= 31:
            add(f"date:{MONTHS[month_name]}-{day}", m.start(), m.end())
    for m in _EN_MONTH.finditer(text):
        if (
            m.group()[0].isupper()
            and free(m.start(), m.end())
            and m.group().lower() not in {"may", "mar"}
        ):
            add(f"month:{MONTHS[m.group().lower()]}", m.start(), m.end())
    # "12 to 14 million": the scale word belongs to both ends of the range.
    range_scale = {
        m.start(): _EN_SCALE[m.group(1).lower()]
        for m in _EN_RANGE_SCALE.finditer(text)
    }
    for m in _EN_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = float(m.group(1).replace(",", ""))
        value *= _EN_SCALE.get((m.group(2) or "").lower(), range_scale.get(m.start(), 1.0))
        add(_fmt(value), m.start(), m.end())
    for m in _EN_WORD_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        head = m.group(1).lower()
        value = float(_EN_WORDS.get(head, _EN_ORDINALS.get(head, 0)))
        if m.group(2):
            tail = _EN_WORDS[m.group(2).lower()]
            value = value * 100 + 0 if tail == 100 else value + tail if value >= 20 else value
        if m.group(3):
            value *= _EN_SCALE[m.group(3).lower()]
        add(_fmt(value), m.start(), m.end())
    return sorted((q for q in found if q.key not in {"0", "1"}), key=lambda q: q.start)


def _month_name(number: int) -> str:
    """``3`` -> ``March``; "" for a number that is no month."""
    return _MONTH_NAMES[number - 1][0].capitalize() if 1 <= number <= 12 else ""


def english_rendering(key: str) -> str:
    """How a quantity's key reads in English: the fix a number check can suggest.

    ``350000000`` -> ``350 million``, ``500000`` -> ``500,000``, ``2024`` ->
    ``2024`` (a year keeps no comma), ``date:3-11`` -> ``March 11``.
    """
    if key.startswith("date:"):
        month, day = key[5:].split("-")
        name = _month_name(int(month))
        return f"{name} {int(day)}" if name else key
    if key.startswith("month:"):
        return _month_name(int(key[6:])) or key
    try:
        value = float(key)
    except ValueError:
        return key
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale and _fmt(value / scale).replace(".", "").isdigit():
            short = _fmt(value / scale)
            if len(short.replace(".", "")) <= 4:  # 3.5 million, not 3.141592 million
                return f"{short} {word}"
    if abs(value) >= 10_000 and value == int(value):
        return f"{int(value):,}"
    return _fmt(value)


def same_quantity(a: str, b: str) -> bool:
    """Keys match exactly, or as numbers within rounding (0.5 %)."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 0.005 * max(abs(x), abs(y))
