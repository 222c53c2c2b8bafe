"""English word knowledge shared by checks: a Hunspell dictionary (spylls), word frequencies.

Loaded lazily once per process; spylls ships en_US and wordfreq its word
lists, so both work offline.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def dictionary() -> Any:
    """The en_US Hunspell dictionary, or None when spylls is not installed."""
    try:
        import spylls.hunspell
        from spylls.hunspell import Dictionary
    except ImportError:  # pragma: no cover - spylls is a declared dependency
        log.warning("spylls is not installed: dictionary-based checks are off")
        return None
    base = Path(spylls.hunspell.__file__).parent / "data" / "en" / "en_US"
    return Dictionary.from_files(str(base))


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    d = dictionary()
    return bool(d and d.lookup(word))


@lru_cache(maxsize=65536)
def zipf(word: str) -> float | None:
    """How common ``word`` is in English text (Zipf scale: 0 unseen, 3 once per million words, 7 "the").

    From wordfreq's lists (web, subtitles, news, Wikipedia, books). A word
    the dictionary lacks but which is about as common as its nearest
    dictionary word (``scalable``, ``cytokine``) is English, not a typo.
    None when wordfreq is not installed.
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a declared dependency
        return None
    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def frequencies() -> dict[str, float] | None:
    """wordfreq's English table (word -> share of all words), for looking up many candidates.

    ``zipf`` normalises and tokenises what it is given (5 µs a word); a
    speller's candidates are lower-case a-z strings, for which the table
    itself is the same answer at 0.3 µs. None when wordfreq is not installed.
    """
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a declared dependency
        return None
    return get_frequency_dict("en")  # read only, never changed


@lru_cache(maxsize=65536)
def is_common_lowercase_word(word: str) -> bool:
    """True for a dictionary word that is not also listed as a proper noun.

    ``Establish`` -> True (only ``establish`` exists); ``China`` -> False
    (``China`` is listed besides ``china``); ``Huawei`` -> False (unknown).
    """
    d = dictionary()
    if d is None or not word or not word[0].isupper():
        return False
    lower = word.lower()
    if not d.lookup(lower):
        return False
    return not list(d.dic.homonyms(word))
