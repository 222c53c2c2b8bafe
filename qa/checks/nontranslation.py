"""Non-translation: Chinese text, romanised Chinese (pinyin) or CJK punctuation left in English.

Regular expressions only find candidate spans; a language identifier
(``langdetect``, seeded so results are repeatable) then names the language
of a CJK span. Romanised Chinese is found by a pinyin-syllable parser plus
the English dictionary: langdetect is no use on such short Latin spans (it
calls ``kexue shichang`` English with p=0.99999 and ``good morning``
Croatian). Lower-case runs only, so names such as ``Zhang Wei`` and loanwords
such as ``tai chi`` are not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from qa.checks.registry import CheckContext, Hit, register
from qa.lexicon import is_word
from qa.model import Category, Severity, Unit

_CJK = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af]"
    r"(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3040-\u30ff\uac00-\ud7af"
    r"\u3000-\u303f\uff00-\uffef0-9 ]*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    r"\u3040-\u30ff\uac00-\ud7af])?"
)
_LANG_NAMES = {"zh-cn": "Chinese", "zh-tw": "Chinese", "ja": "Japanese", "ko": "Korean"}


@lru_cache(maxsize=4096)
def identify_language(span: str) -> str:
    """langdetect's best guess for a span (seeded: langdetect is random otherwise)."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(detect(span))
    except LangDetectException:
        return "unknown"


def _cjk_language(span: str) -> str:
    if re.search(r"[\u3040-\u30ff]", span):
        return "Japanese"
    if re.search(r"[\uac00-\ud7af]", span):
        return "Korean"
    # Han characters alone: langdetect tells Chinese from Japanese kanji-only text,
    # but calls short Chinese spans Korean or Japanese too often; default to Chinese.
    lang = identify_language(span) if len(span) >= 4 else "zh-cn"
    return _LANG_NAMES.get(lang, "Chinese") if lang != "ko" else "Chinese"


@register(
    "untranslated-chinese",
    Category.NON_TRANSLATION,
    Severity.CRITICAL,
    "Chinese (or other CJK) text left in the English translation.",
    on_noncontent=True,
)
def untranslated_chinese(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    for m in _CJK.finditer(unit.target):
        span = m.group()
        yield Hit(
            m.start(),
            m.end(),
            f"Untranslated {_cjk_language(span)}: {span!r}",
            suggestion="translate it",
            evidence=span,
        )


# --- pinyin ------------------------------------------------------------------

_INITIALS = "b p m f d t n l g k h j q x zh ch sh r z c s y w".split()
_FINALS = (
    "a o e ai ei ao ou an en ang eng ong er i ia ie iao iu ian in iang ing iong u ua uo uai ui uan un "
    "uang ueng v ve ue van vn"
).split()
_ZERO_INITIAL = {"a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"}


def _syllables() -> frozenset[str]:
    out = set(_ZERO_INITIAL)
    for ini in _INITIALS:
        for fin in _FINALS:
            out.add(ini + fin)
    return frozenset(out)


_SYLLABLES = _syllables()
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_TONELESS = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuvvvv")
# Chinese loanwords that English dictionaries may not list but English prose uses.
_LOANWORDS = frozenset(
    "tai chi qi gong qigong kung fu feng shui mahjong yin yang dim sum wok tofu ginseng kowtow "
    "typhoon gung ho chow mein lo bok choy pinyin renminbi yuan jiao fen hutong guanxi".split()
)


@lru_cache(maxsize=65536)
def pinyin_syllable_count(word: str) -> int:
    """Number of pinyin syllables ``word`` splits into, 0 when it is not pinyin."""
    w = word.lower().translate(_TONELESS).replace("'", "").replace("’", "").replace("ü", "v")
    if not w.isalpha() or not w.isascii():
        return 0
    best = [0] + [-1] * len(w)  # fewest syllables covering w[:i]
    for i in range(1, len(w) + 1):
        for j in range(max(0, i - 6), i):
            if best[j] >= 0 and w[j:i] in _SYLLABLES and (best[i] < 0 or best[j] + 1 < best[i]):
                best[i] = best[j] + 1
    return max(best[-1], 0)


# Words repeat across a run: each distinct word is judged once (a dictionary look-up).
@lru_cache(maxsize=65536)
def _is_pinyin_word(word: str) -> bool:
    if word.lower() in _LOANWORDS:
        return False
    if any(c in _TONE_MARKS for c in word.lower()):
        return pinyin_syllable_count(word) > 0
    return pinyin_syllable_count(word) > 0 and not is_word(word.lower()) and not is_word(word)


_PINYIN_TOKEN = re.compile(r"[A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü'’]+")


@register(
    "untranslated-pinyin",
    Category.NON_TRANSLATION,
    Severity.MAJOR,
    "Romanised Chinese (pinyin) words left in place of a translation.",
)
def untranslated_pinyin(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    run: list[re.Match[str]] = []

    def flush() -> Iterator[Hit]:
        # Names are capitalised ("Zhang Wei", "Xi Jinping"): only lower-case runs of
        # two or more pinyin words, or tone-marked pinyin, are non-translation.
        marked = any(c in _TONE_MARKS for m in run for c in m.group().lower())
        lower = all(m.group()[0].islower() for m in run)
        if run and (marked or (lower and len(run) >= 2)):
            span = text[run[0].start() : run[-1].end()]
            yield Hit(
                run[0].start(),
                run[-1].end(),
                f"Pinyin left untranslated: {span!r}",
                suggestion="translate it (keep pinyin only for names)",
                evidence=span,
            )

    previous_end = -1
    for m in _PINYIN_TOKEN.finditer(text):
        pinyin = _is_pinyin_word(m.group())
        if pinyin and (not run or text[previous_end : m.start()].strip() in {"", "-"}):
            run.append(m)
        else:
            if run:  # most words are English: no run to close
                yield from flush()
            run = [m] if pinyin else []
        previous_end = m.end()
    yield from flush()
