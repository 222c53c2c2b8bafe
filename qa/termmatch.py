"""Finding glossary terms in text: English across inflection and case, Chinese by segmentation.

Why not substrings: ``organ`` is inside ``organization`` and 电路 is inside
集成电路, so raw substring search reports terms that are not there. English
is compared token by token on inflectional lemmas (lemminflect: ``wafers``
~ ``wafer``, ``carried out`` ~ ``carry out``, but never ``better`` ~
``good``), with hyphens and spaces interchangeable. Chinese is segmented by
jieba with the glossary's terms added to its dictionary, and a term matches
only on segment boundaries.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from qa.glossary import CasePolicy
from qa.nlp import all_lemmas

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W_]+")
# Between two tokens of a term, only spaces and hyphens/dashes are free;
# other punctuation (a parenthesis in "coronavirus (COVID-19)") must be there too.
_FREE_GAP = re.compile(r"[\s\-\u2010-\u2015/]+")
_ACRONYM_EXPANSION = re.compile(
    r"^(?P<long>.*\S)\s*[(（](?P<short>[A-Z][A-Za-z0-9&.\-]{1,11})[)）]$"
)
_MAX_GAP = 4


class Token(NamedTuple):
    """One word of a text (a named tuple: indexing a text makes one per word)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Where a rendering was found; ``case_ok`` is False when only a wrong-case form was."""

    start: int
    end: int
    rendering: str
    surface: str
    case_ok: bool = True
    form: str = (
        ""  # the variant that matched: "CSIA" for "China Semiconductor Industry Association (CSIA)"
    )


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def _gap_key(gap: str) -> str | None:
    """Punctuation between two tokens that must be matched, or None if the gap is too wide to join."""
    if len(gap) > _MAX_GAP:
        return None
    return _FREE_GAP.sub("", gap)


def _is_acronym(token: str) -> bool:
    """``CSIA``, ``iPhone``, ``SARS``, ``CoV``: case is part of the word."""
    return any(c.isupper() for c in token[1:])


@lru_cache(maxsize=1)
def _lemmatizer() -> Any:
    import lemminflect

    return lemminflect


@lru_cache(maxsize=65536)
def forms(token: str) -> frozenset[str]:
    """Lower-case surface plus its noun and verb lemmas (no adjective lemmas: better ≠ good)."""
    lower = token.lower()
    found = {lower}
    if any(c.isdigit() for c in token):
        return frozenset(found)
    if len(token) > 2 and token.endswith("s") and token[:-1].isupper():
        found.add(lower[:-1])  # GPUs ~ GPU
        return frozenset(found)
    if _is_acronym(token) or not token.isalpha() or not token.isascii():
        return frozenset(found)
    lm = _lemmatizer()
    lemmas = all_lemmas(lower)
    if not lemmas and len(lower) > 3:
        lemmas = {**lm.getAllLemmasOOV(lower, "NOUN"), **lm.getAllLemmasOOV(lower, "VERB")}
    for upos in ("NOUN", "VERB", "AUX", "PROPN"):
        found.update(lemmas.get(upos, ()))
    return frozenset(found)


@dataclass(frozen=True)
class Pattern:
    """One English rendering compiled for matching."""

    rendering: str
    tokens: tuple[str, ...]
    gaps: tuple[str, ...]
    case: CasePolicy
    proper_name: bool
    tail: str = ""

    @classmethod
    def compile(cls, rendering: str, case: CasePolicy = CasePolicy.AUTO) -> Pattern:
        toks = tokenize(rendering)
        gaps = tuple(
            _FREE_GAP.sub("", rendering[a.end : b.start])
            for a, b in zip(toks, toks[1:], strict=False)
        )
        lexical = [t.text for t in toks if len(t.text) > 3 or t.text[0].isupper()]
        proper = len(lexical) >= 2 and all(t[0].isupper() for t in lexical)
        tail = rendering[toks[-1].end :].strip() if toks else ""
        return cls(rendering, tuple(t.text for t in toks), gaps, case, proper, tail)

    def case_ok(self, index: int, surface: str) -> bool:
        expected = self.tokens[index]
        if self.case is CasePolicy.INSENSITIVE:
            return True
        if self.case is CasePolicy.SENSITIVE or _is_acronym(expected):
            shared = 0
            for a, b in zip(expected.lower(), surface.lower(), strict=False):
                if a != b:
                    break
                shared += 1
            return surface[:shared] == expected[:shared]
        if self.proper_name and expected[0].isupper():
            return surface[0].isupper()
        return True


@lru_cache(maxsize=8192)
def variants(rendering: str) -> tuple[str, ...]:
    """A rendering and the forms it may also appear as.

    ``China Semiconductor Industry Association (CSIA)`` may appear whole, as
    the expansion alone or as the acronym alone; ``e-mail`` also as ``email``
    and a two-word lower-case compound (``chip maker``) also closed up
    (``chipmaker``).
    """
    out = [rendering]
    m = _ACRONYM_EXPANSION.match(rendering)
    if m:
        out += [m.group("long"), m.group("short")]
    for form in list(out):
        if "-" in form:
            out.append(form.replace("-", ""))
        words = form.split()
        if len(words) == 2 and all(w.isalpha() and w.islower() for w in words):
            out.append("".join(words))
    return tuple(dict.fromkeys(out))


class TextIndex:
    """A text's tokens, indexed by lemma, so many renderings can be looked up cheaply."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.by_form: dict[str, list[int]] = {}
        for i, tok in enumerate(self.tokens):
            for form in forms(tok.text):
                self.by_form.setdefault(form, []).append(i)

    def _gap(self, i: int) -> str | None:
        a, b = self.tokens[i], self.tokens[i + 1]
        return _gap_key(self.text[a.end : b.start])

    def find_pattern(self, pattern: Pattern) -> list[Match]:
        if not pattern.tokens:
            return []
        n = len(pattern.tokens)
        wanted = _wanted_forms(pattern.tokens)
        starts: set[int] = set()
        for form in wanted[0]:
            starts.update(self.by_form.get(form, ()))
        if not starts:  # the common case: most renderings are absent from a sentence
            return []
        found = []
        for s in sorted(starts):
            if s + n > len(self.tokens):
                continue
            ok = all(forms(self.tokens[s + k].text) & wanted[k] for k in range(1, n))
            ok = ok and all(self._gap(s + k) == pattern.gaps[k] for k in range(n - 1))
            if not ok:
                continue
            span = self.tokens[s : s + n]
            if not all(_same_word(pattern.tokens[k], span[k].text) for k in range(n)):
                continue
            case_ok = all(pattern.case_ok(k, span[k].text) for k in range(n))
            start, end = span[0].start, span[-1].end
            if pattern.tail and self.text.startswith(pattern.tail, end):
                end += len(pattern.tail)  # "(CSIA)": the closing parenthesis belongs to the match
            found.append(Match(start, end, pattern.rendering, self.text[start:end], case_ok))
        return found

    def find(self, rendering: str, case: CasePolicy = CasePolicy.AUTO) -> list[Match]:
        """Every place ``rendering`` (or one of its :func:`variants`) occurs; longest wins on overlap."""
        matches: list[Match] = []
        present = self.by_form.keys()
        for form, pattern, first in _prepared(rendering, case):
            if present.isdisjoint(first):
                continue  # cheap rejection: the first word is nowhere in the text
            for m in self.find_pattern(pattern):
                matches.append(Match(m.start, m.end, rendering, m.surface, m.case_ok, form))
        return drop_overlaps(matches) if len(matches) > 1 else matches


def _same_word(expected: str, surface: str) -> bool:
    """An acronym in wrong case that is an ordinary word (``US`` vs ``us``) is another word, not a case error."""
    if not _is_acronym(expected) or surface == expected or not surface.islower():
        return True
    from qa.lexicon import is_word

    return not is_word(surface)


@lru_cache(maxsize=8192)
def _wanted_forms(tokens: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(forms(t) for t in tokens)


@lru_cache(maxsize=8192)
def _compiled(rendering: str, case: CasePolicy) -> Pattern:
    return Pattern.compile(rendering, case)


@lru_cache(maxsize=8192)
def _prepared(rendering: str, case: CasePolicy) -> tuple[tuple[str, Pattern, frozenset[str]], ...]:
    """Each variant of ``rendering`` that has words: (variant, its pattern, forms of its first word)."""
    out = []
    for form in variants(rendering):
        pattern = _compiled(form, case)
        if pattern.tokens:
            out.append((form, pattern, _wanted_forms(pattern.tokens)[0]))
    return tuple(out)


@lru_cache(maxsize=4096)
def index(text: str) -> TextIndex:
    return TextIndex(text)


def first_word_forms(rendering: str, case: CasePolicy = CasePolicy.AUTO) -> frozenset[str]:
    """Forms of the first word of ``rendering`` and of each of its variants (for prefiltering)."""
    out: set[str] = set()
    for form in variants(rendering):
        pattern = _compiled(form, case)
        if pattern.tokens:
            out |= _wanted_forms(pattern.tokens)[0]
    return frozenset(out)


def find_english(text: str, rendering: str, case: CasePolicy = CasePolicy.AUTO) -> list[Match]:
    return index(text).find(rendering, case)


def drop_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (then the earliest), in text order."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# --------------------------------------------------------------------------- Chinese


class _NfkcFold(dict):  # type: ignore[type-arg]
    """``str.translate`` table: a code point to its one-character NFKC form (or itself), filled on demand."""

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        folded = unicodedata.normalize("NFKC", ch)
        self[point] = out = folded if len(folded) == 1 else ch
        return out


_NFKC_FOLD = _NfkcFold()


def _nfkc_same_length(text: str) -> str:
    """NFKC per character where it keeps one character, so offsets stay valid.

    Through a translation table that remembers each character met, so a text
    costs one C-level pass instead of a normalisation call per character.
    """
    return text.translate(_NFKC_FOLD)


@lru_cache(maxsize=1)
def _base_tokenizer() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@lru_cache(maxsize=4)
def _tokenizer_with(terms: tuple[str, ...]) -> Any:
    """A jieba tokenizer that knows ``terms``, built on a copy of the base dictionary.

    Kept for the next run with the same glossary (each run builds its own
    glossary set); nothing changes the tokenizer after it is built.
    """
    import jieba

    base = _base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for term in terms:
        if any("\u4e00" <= c <= "\u9fff" for c in term):
            # suggest_freq keeps the term whole without forcing longer words apart.
            tokenizer.add_word(term, freq=tokenizer.suggest_freq(term, False))
    return tokenizer


@dataclass(frozen=True)
class SourceMatch:
    term: str
    start: int
    end: int


class ChineseTermFinder:
    """Finds known source terms in Chinese text on jieba word boundaries."""

    def __init__(self, terms: Iterable[str]):
        self.terms = frozenset(
            unicodedata.normalize("NFKC", t).strip() for t in terms if t and t.strip()
        )
        self.longest = max((len(t) for t in self.terms), default=0)
        self._tokenizer: Any = None
        # Terms by first character: a text can only hold the terms whose first character it has.
        self._by_first: dict[str, list[str]] = {}
        for term in self.terms:
            self._by_first.setdefault(term[0], []).append(term)

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            self._tokenizer = _tokenizer_with(tuple(sorted(self.terms)))
        return self._tokenizer

    def segments(self, text: str) -> list[tuple[str, int, int]]:
        return [(w, s, e) for w, s, e in self.tokenizer.tokenize(_nfkc_same_length(text))]

    def find(self, text: str) -> list[SourceMatch]:
        """Terms that start and end on segment boundaries; a term inside a longer found term is dropped."""
        if not self.terms or not text:
            return []
        folded = _nfkc_same_length(text)
        if not self._holds_a_term(folded):
            return []
        words = self.segments(text)
        found = []
        for i, (_, start, _) in enumerate(words):
            joined = ""
            for _, _, end in words[i:]:
                joined = folded[start:end]
                if len(joined) > self.longest:
                    break
                if joined in self.terms:
                    found.append(SourceMatch(joined, start, end))
        kept: list[SourceMatch] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if all(m.end <= k.start or m.start >= k.end for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _holds_a_term(self, folded: str) -> bool:
        """Whether any term occurs in ``folded`` as a substring (the cheap test before jieba)."""
        starts = self._by_first.keys() & set(folded)
        return any(t in folded for ch in starts for t in self._by_first[ch])

    def contains(self, text: str, term: str) -> bool:
        key = unicodedata.normalize("NFKC", term).strip()
        return any(m.term == key for m in self.find(text))
