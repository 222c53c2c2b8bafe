"""Accuracy against the source: numbers, dates, amounts, and Latin-script names or acronyms.

Needs the Chinese source. Numbers are compared as values after
normalisation (see :mod:`qa.numbers`), so ``3.5亿`` matches ``350 million``
and ``3月11日`` matches ``March 11``; a mismatch is reported on the target
span when one can be pointed at, else at the end of the target (omission).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qa.checks.registry import CheckContext, Hit, register
from qa.model import Category, Severity, Unit
from qa.numbers import (
    Quantity,
    chinese_quantities,
    english_quantities,
    english_rendering,
    same_quantity,
)


def _describe(key: str) -> str:
    if key.startswith("date:"):
        month, day = key[5:].split("-")
        return f"the date {month}/{day} (month/day)"
    if key.startswith("month:"):
        return f"month {key[6:]}"
    return key


def _rendering(q: Quantity, source: str) -> str:
    """The source quantity as English, with its percent sign if it has one."""
    text = english_rendering(q.key)
    return f"{text}%" if _PERCENT.match(source, q.end) else text


_PERCENT = re.compile(r"\s*[%％]")


def _unmatched(a: list[Quantity], b: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Quantities of ``a`` with no partner in ``b``, and those of ``b`` left over (one-to-one)."""
    left = list(b)
    missing = []
    for q in a:
        partner = next((r for r in left if same_quantity(q.key, r.key)), None)
        if partner is None and q.key.startswith("date:"):
            # "3月11日" rendered as "March 11" is a date; "on the 11th" keeps only the day.
            day = q.key.split("-")[1]
            partner = next((r for r in left if r.key == day), None)
        if partner is None:
            missing.append(q)
        else:
            left.remove(partner)
    return missing, left


@register(
    "number-mismatch",
    Category.ACCURACY,
    Severity.MAJOR,
    "A number, amount, percentage or date of the source is missing or different in the translation.",
    needs={"source"},
    subcategory="mistranslation",
)
def number_mismatch(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    # Each distinct quantity once: repeating a number is the translator's choice.
    source = list({q.key: q for q in reversed(chinese_quantities(unit.source or ""))}.values())[
        ::-1
    ]
    if not source:
        return  # only a source quantity is reported (missing or different)
    target = list({q.key: q for q in reversed(english_quantities(unit.target))}.values())[::-1]
    missing, extra = _unmatched(source, target)
    # Number words for small counts ("two") are often dropped or added for grammar.
    extra = [
        q
        for q in extra
        if q.key.startswith("date:") or (q.text[:1].isdigit() and q.key.replace(".", "").isdigit())
    ]
    for q in missing:
        # Point at a target quantity of the same kind that has no partner either.
        is_date = q.key.startswith(("date:", "month:"))
        wrong = next((r for r in extra if r.key.startswith(("date:", "month:")) == is_date), None)
        if wrong is not None:
            extra.remove(wrong)
        if wrong is not None:
            yield Hit(
                wrong.start,
                wrong.end,
                f"{wrong.text!r} does not match {q.text!r} in the source ({_describe(q.key)})",
                suggestion=_rendering(q, unit.source or ""),
                evidence=q.text,
            )
        elif q.key.startswith(("date:", "month:")) or float(q.key) >= 10:
            yield Hit(
                len(unit.target),
                len(unit.target),
                f"{q.text!r} in the source ({_describe(q.key)}) is missing from the translation",
                suggestion=f"add {_rendering(q, unit.source or '')}",
                severity=Severity.MINOR,
                subcategory="omission",
                evidence=q.text,
            )


_LATIN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9+&.-]*[A-Za-z0-9]|[A-Z])(?![A-Za-z0-9])")


@register(
    "latin-term-missing",
    Category.ACCURACY,
    Severity.MINOR,
    "A name, acronym or code written in Latin letters in the source does not appear in the translation.",
    needs={"source"},
    subcategory="omission",
)
def latin_term_missing(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    target = unit.target.lower()
    seen: set[str] = set()
    for m in _LATIN.finditer(unit.source or ""):
        term = m.group(1)
        if len(term) < 2 or term.lower() in seen or term.islower():
            continue
        seen.add(term.lower())
        if term.lower() not in target:
            yield Hit(
                len(unit.target),
                len(unit.target),
                f"{term!r} in the source does not appear in the translation",
                suggestion=term,
                evidence=term,
            )
