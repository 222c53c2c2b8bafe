"""Over- and under-translation by length: target against source, and against a reference.

Calibrated for Chinese to English on the human translations of the MQM dev
data (343 source/translation pairs, ``bench/planted.py``'s pool): counting a
Chinese character as one unit and any other non-space, non-punctuation source
character as 1/2.5 of one (Latin names, digits), English runs at a median of
3.76 characters per source unit with a log standard deviation of 0.18
(0.5th-99.5th percentiles 2.53-5.79). A generic 200 % limit would be far too
loose on one side and too tight on the other.

Limits (ratio of target characters to source units):

* minor below 2.17 or above 6.5 (beyond 3 standard deviations of the log ratio),
* major below 1.5 or above 9.4 (beyond 5 standard deviations): whole clauses
  are missing or invented.

Against a reference translation, two human translations of the same source
(TED ref.A vs ref.B, Bio reference vs reference_r1; 164 pairs) differ in
length by a ratio of 0.65-1.48 (0.5th-99.5th percentiles): minor outside
0.6-1.6, major outside 0.3-3.0 (reference segments in the Bio data are
sometimes merged or split differently, so the major band is wide). Segments shorter than 8 source units are
skipped: their ratio says little.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit

CHARS_PER_UNIT = 3.76
SOURCE_MINOR = (2.17, 6.5)
SOURCE_MAJOR = (1.5, 9.4)
REFERENCE_MINOR = (0.6, 1.6)
REFERENCE_MAJOR = (0.3, 3.0)
MIN_SOURCE_UNITS = 8.0

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_COUNTED = re.compile(
    r"[\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uff0f\uff1a-\uff20，。、；：？！“”‘’（）《》【】…—]"
)


def source_units(source: str) -> float:
    """Length of a Chinese source in units of one Chinese character."""
    han = len(_HAN.findall(source))
    other = len(_NOT_COUNTED.sub("", source))
    return han + other / 2.5


def _band(ratio: float, minor: tuple[float, float], major: tuple[float, float]) -> Severity | None:
    if ratio < major[0] or ratio > major[1]:
        return Severity.MAJOR
    if ratio < minor[0] or ratio > minor[1]:
        return Severity.MINOR
    return None


@register(
    "length-vs-source",
    Category.ACCURACY,
    Severity.MINOR,
    "The translation is far shorter (omission) or longer (addition) than the source, for Chinese to English.",
    needs={"source"},
)
def length_vs_source(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    units = source_units(unit.source or "")
    if units < MIN_SOURCE_UNITS:
        return
    ratio = len(unit.target.strip()) / units
    severity = _band(ratio, SOURCE_MINOR, SOURCE_MAJOR)
    ctx.record_signal(unit, "len_ratio_source", math.log(max(ratio, 1e-3) / CHARS_PER_UNIT))
    if severity is None:
        return
    short = ratio < SOURCE_MINOR[0]
    yield Hit(
        0,
        len(unit.target),
        f"{'Short' if short else 'Long'} for its source: {ratio:.1f} characters per Chinese character "
        f"(human translations: 2.5-5.8)",
        severity=severity,
        subcategory="omission" if short else "addition",
        suggestion="check for a dropped clause" if short else "check for added or repeated content",
    )


@register(
    "length-vs-reference",
    Category.ACCURACY,
    Severity.MINOR,
    "The translation is far shorter or longer than the reference translation.",
    needs={"reference"},
)
def length_vs_reference(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    reference = (unit.reference or "").strip()
    if len(reference) < 3 * MIN_SOURCE_UNITS:
        return
    ratio = len(unit.target.strip()) / len(reference)
    ctx.record_signal(unit, "len_ratio_reference", math.log(max(ratio, 1e-3)))
    severity = _band(ratio, REFERENCE_MINOR, REFERENCE_MAJOR)
    if severity is None:
        return
    short = ratio < 1
    yield Hit(
        0,
        len(unit.target),
        f"{'Shorter' if short else 'Longer'} than the reference: {ratio:.2f} of its length "
        f"(two human translations: 0.65-1.48)",
        severity=severity,
        subcategory="omission" if short else "addition",
    )
