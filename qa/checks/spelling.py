"""Misspellings outside names, terms and acronyms (Hunspell en_US through spylls).

Kept minor and conservative: MT rarely misspells, while human and machine
English both use names, technical terms, British spellings and hyphenated
compounds that a general dictionary lacks. Only lower-case alphabetic words
of 4 to 9 letters are looked up (longer unknown words are almost always
technical terms), and a word is reported only when a dictionary word lies one
edit away; British -our/-ise/-yse/-re spellings
are accepted when the American form is a word; each part of a hyphenated
compound is looked up on its own.

Two kinds of unknown word are not typos, and were half of what this check
reported on the MQM dev data (114 findings):

* a word about as common in English as its one-edit neighbour: ``scalable``
  (not ``salable``), ``cytokine``, ``hardline``, ``thrombin``. A typo is rare
  beside the word it misspells (``recieve`` 2.8 against ``receive`` 5.3 on
  wordfreq's Zipf scale), so the fix must be at least ``TYPO_MARGIN`` (100
  times) more common;
* a code or name of the source written in lower case (``mrna``, ``aptt``,
  ``texas``): reported with the source's spelling as the fix, except codes
  ``code-form`` already holds (``mrna``), which it reports.

A lower-case word the dictionary knows only capitalised (``june``, ``texas``,
``swiss``) is a name that lost its capital: reported as such, with the
capitalised form as the fix instead of a look-alike (``jun``, ``teas``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from qa.checks.codes import case_carries_meaning
from qa.checks.registry import CheckContext, Hit, register
from qa.lexicon import dictionary, frequencies, is_word, zipf
from qa.model import Category, Severity, Unit

_BRITISH = (
    (r"our$", "or"),
    (r"ise$", "ize"),
    (r"ised$", "ized"),
    (r"ising$", "izing"),
    (r"isation$", "ization"),
    (r"yse$", "yze"),
    (r"ysed$", "yzed"),
    (r"tre$", "ter"),
    (r"ogue$", "og"),
    (r"ae", "e"),
    (r"oe", "e"),
    (r"ll(ed|ing)$", r"l\1"),
    (r"mme(s?)$", r"m\1"),
    (r"ours$", "ors"),
    (r"ises$", "izes"),
    (r"isations$", "izations"),
)


@lru_cache(maxsize=65536)
def known(word: str) -> bool:
    """A dictionary word, possibly in British spelling."""
    if is_word(word):
        return True
    return any(is_word(re.sub(pat, rep, word)) for pat, rep in _BRITISH if re.search(pat, word))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Longer unknown words are nearly always technical terms (``benzaldehyde``), and
# each costs about 20 ms of spylls lookups to rule out a one-edit fix.
MAX_LETTERS = 9
# On wordfreq's Zipf scale (log10 of uses per billion words): the fix must be
# this much more common than the word, i.e. 100 times, for the word to be a typo.
TYPO_MARGIN = 2.0


@lru_cache(maxsize=16384)
def one_edit_fix(word: str) -> str | None:
    """A dictionary word one edit away (Norvig's edits1), or None.

    A typo is usually one keystroke from the intended word; an unknown
    technical term (``heterozygous``, ``benzaldehyde``) usually is not, so
    requiring a one-edit fix keeps terms out. spylls' own ``suggest`` is
    exhaustive but takes about a second per word.
    """
    # Most likely edits first (a dropped or swapped letter), so typos return early.
    lookup = _letters_lookup() or is_word
    for candidate in _edits1(word):
        if len(candidate) > 2 and lookup(candidate):
            return candidate
    return None


@lru_cache(maxsize=16384)
def typo_fix(word: str) -> str | None:
    """The word ``word`` misspells: the most common dictionary word one edit away that is
    ``TYPO_MARGIN`` more common than ``word`` itself; None if there is none.

    Ranking the candidates by frequency (a noisy-channel speller with equal
    edit costs) picks ``receive`` for ``recieve``, and looking up only the
    candidates common enough spares the dictionary the other 400 or so, most
    of them non-words. Without word frequencies: the first dictionary word
    one edit away (:func:`one_edit_fix`).
    """
    table, mine = frequencies(), zipf(word)
    if table is None or mine is None:
        return one_edit_fix(word)
    need = 10 ** (mine + TYPO_MARGIN - 9)  # Zipf is log10 of uses per billion words
    common = sorted(
        {c for c in _edits1(word) if len(c) > 2 and table.get(c, 0.0) >= need},
        key=lambda c: (-table[c], c),
    )
    lookup = _letters_lookup() or is_word
    return next((c for c in common if lookup(c)), None)


def _edits1(word: str) -> list[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = [a + b[1:] for a, b in splits if b]
    candidates += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    candidates += [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    candidates += [a + c + b for a, b in splits for c in _LETTERS]
    return candidates


@lru_cache(maxsize=1)
def _letters_lookup() -> Callable[[str], bool] | None:
    """``is_word`` for words of letters a-z only, at a third of its cost; None if not exact.

    A word a one-edit fix is sought for is tested against about 400
    candidates, and most unknown words (technical terms) have none, so this
    is where the check spends its time. spylls' ``lookup`` first tries
    numbers, breaks at hyphens, input conversions, forbidden words and
    compounds: for a-z letters in the shipped en_US none of these can apply
    (its only compound rules join digits: ``1st``, ``22nd``), so looking for
    affixed forms alone gives the same answer. With a dictionary where they
    could apply, None: callers use ``is_word``.
    """
    d = dictionary()
    if d is None:
        return None
    aff = d.aff
    blockers = (aff.FORBIDDENWORD, aff.IGNORE, aff.COMPOUNDFLAG, aff.COMPOUNDBEGIN)
    if any(blockers) or aff.COMPOUNDMIDDLE or aff.COMPOUNDEND:
        return None
    if aff.ICONV and any(set(src) & set(_LETTERS) for src, _ in aff.ICONV.pairs):
        return None
    rule_flags = set().union(*(rule.flags for rule in aff.COMPOUNDRULE))
    if any(word.flags & rule_flags and word.stem.isalpha() for word in d.dic.words):
        return None
    lookuper = d.lookuper

    @lru_cache(maxsize=65536)
    def letters_lookup(word: str) -> bool:
        return any(lookuper.good_forms(word, compound_forms=False))

    return letters_lookup


@register(
    "misspelling",
    Category.FLUENCY,
    Severity.MINOR,
    "A lower-case word that is not in the English dictionary (names and terms are skipped).",
    subcategory="spelling",
    needs={"speller"},
)
def misspelling(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    spelled: dict[str, str] | None = None
    for m in _LOWER_WORD.finditer(text):
        for offset, word in _parts(m.group(1)):
            if not 4 <= len(word) <= MAX_LETTERS or known(word):
                continue
            if spelled is None:
                spelled = _source_spellings(unit.source or "")
            start, end = m.start(1) + offset, m.start(1) + offset + len(word)
            original = spelled.get(word)
            plural = original is None and word.endswith("s") and word[:-1] in spelled
            if plural:
                original = spelled[word[:-1]] + "s"
            if original is not None:
                # code-form holds codes whose case carries meaning, but not their plurals.
                if plural or not case_carries_meaning(original):
                    yield Hit(
                        start,
                        end,
                        f"{word!r} is written {original!r} in the source",
                        suggestion=original,
                    )
                continue  # a code whose case carries meaning: code-form reports it
            name = word.capitalize()
            if is_word(name):
                yield Hit(start, end, f"Name in lower case: {word!r}", suggestion=name)
                continue
            fix = typo_fix(word)
            if fix is None:
                continue
            yield Hit(start, end, f"Possible misspelling: {word!r}", suggestion=fix)


@lru_cache(maxsize=4096)
def _source_spellings(source: str) -> dict[str, str]:
    """Latin words of the source by their lower-case form (codes and names it spells out)."""
    return {w.lower(): w for w in _LATIN_RUN.findall(source) if not w.islower()}


# A lower-case word or hyphenated compound, not part of a path, address or code.
_LOWER_WORD = re.compile(r"(?<![\w./@-])([a-z]+(?:-[a-z]+)*)(?![\w/@]|\.[a-z])")
_LETTER_RUN = re.compile(r"[a-z]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")


def _parts(compound: str) -> list[tuple[int, str]]:
    """The words of a hyphenated compound with their offsets (most words have no hyphen)."""
    if "-" not in compound:
        return [(0, compound)]
    return [(p.start(), p.group()) for p in _LETTER_RUN.finditer(compound)]
