"""Broken sentence structure: fragments, cut-off sentences, stray words, repeats.

Machine translation of Chinese breaks English structure in a few recurring
ways: a clause boundary of the source (，) becomes a capitalised word in
mid-sentence, a noun that closed the Chinese sentence is left dangling after
a complete English clause (``... sanctions on Chinese companies
Countermeasures.``), the main verb is dropped (``Dialogue and research to
provide advice ...``), a phrase is repeated or the output stops mid-phrase.

Cheap lexical tests find candidates; only the missing-verb check asks spaCy's
tagger, and only for sentences with no auxiliary or modal verb (most
sentences have one and are never tagged).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from qa.checks.registry import CheckContext, Hit, register
from qa.lexicon import is_common_lowercase_word, is_word
from qa.model import Category, Severity, Unit
from qa.nlp import FINITE_TAGS, Tagged, all_lemmas, is_parsed, prepare_tags, tags_of

# --- sentences inside a unit ------------------------------------------------

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|No|Nos|Fig|Figs|Vol|vs|etc|al|approx|Inc|Ltd|Co|Corp|Dept|Gov|Gen|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e)|\b[A-Z](?:\.[A-Z])*|\b[a-z])\.$"
)
_SENT_END = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans within one unit (MT segments are often whole paragraphs).

    A light splitter: a stop followed by a space and a capital, except after
    common abbreviations and initials. It errs on the side of not splitting.
    """
    return list(_sentence_spans(text))


# Most checks of this family split the same target: split it once.
@lru_cache(maxsize=4096)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        head = text[start : m.start() + 1]
        if _ABBREV.search(head.rstrip("\"”’')]")):
            continue
        end = m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
        start = m.end()
    tail = text[start:].rstrip()
    if tail.strip():
        spans.append((start, start + len(tail)))
    return tuple(spans)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TERMINAL = ".!?…"
_CLOSERS = "\"”’')]»"


def _body(text: str, start: int, end: int) -> tuple[int, str]:
    """End offset of the sentence body (before terminal punctuation/closers) and that punctuation."""
    e = end
    while e > start and text[e - 1] in _CLOSERS:
        e -= 1
    p = e
    while p > start and text[p - 1] in _TERMINAL:
        p -= 1
    return p, text[p:e]


# --- stray trailing noun -----------------------------------------------------

# Words after which a capitalised word is more likely a name or title than a
# stray noun ("the Senate.", "a book called Flow.").
_NAME_INTRODUCERS = frozenset(
    """a an the of in on at to by for from with into and or called named titled dubbed
    as like than his her their our my your its this that these those mr mrs ms dr""".split()
)


_NOUN_SUFFIX = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism|ure|ship|ings?|ies|[^s]s)$")


def _dangling_after(before: str) -> bool:
    """The word before the stray noun ends a clause: a lower-case word, a number or an acronym.

    Not a determiner, preposition or naming verb ("the Senate", "called Flow").
    """
    if before.endswith((",", ";", ":")):
        return False  # "..., Countermeasures." is a list item
    core = before.strip("\"”’')]")
    if not core or core.lower() in _NAME_INTRODUCERS:
        return False
    return core[0].islower() or core[0].isdigit() or (core.isupper() and len(core) > 1)


def _stray_noun(word: str) -> bool:
    """A capitalised common word; names that are also words (``Gates``) only in noun-like forms."""
    if not word[:1].isupper() or not word[1:].islower():
        return False  # "III", "SMIC": numerals and acronyms
    if is_common_lowercase_word(word):
        return True
    lower = word.lower()
    return bool(_NOUN_SUFFIX.search(lower)) and is_word(lower) and word[1:].islower()


_NAMES_KEY = "structure.names"
# A capitalised word inside a clause: after a lower-case word, before another or a comma.
_MID_CLAUSE_CAPITAL = re.compile(r"\b[a-z]+ ([A-Z][a-z]+)(?= [a-z]|,)")


def _collect_names(units: Sequence[Unit], ctx: CheckContext) -> None:
    """Capitalised words the run also uses inside a clause: names, not stray nouns.

    "the chatbot Bard answers" elsewhere shows that "... by the chatbot Bard."
    ends on a name; a stray noun of MT ("Countermeasures") is capitalised only
    where it dangles. (On 4,000 paragraphs of English software documentation
    this takes the check from 21 findings to 6; the MQM dev data has none.)
    """
    names: set[str] = ctx.cache.setdefault(_NAMES_KEY, set())
    for unit in units:
        names.update(m.group(1) for m in _MID_CLAUSE_CAPITAL.finditer(unit.target))


@register(
    "stray-trailing-noun",
    Category.FLUENCY,
    Severity.MAJOR,
    "A capitalised common noun left dangling after a complete clause, just before the full stop.",
    prepare=_collect_names,
)
def stray_trailing_noun(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    names: set[str] = ctx.cache.get(_NAMES_KEY, set())
    for start, end in _sentence_spans(text):
        body_end, stop = _body(text, start, end)
        if not stop or stop[0] not in ".!?":
            continue
        words = list(_WORD.finditer(text, start, body_end))
        if len(words) < 5 or words[-1].end() != body_end:
            continue
        last = words[-1]
        word = last.group()
        gap_start = text.rfind(" ", start, last.start())
        before = (
            text[text.rfind(" ", start, gap_start) + 1 : gap_start] if gap_start > start else ""
        )
        if gap_start != last.start() - 1 or not _dangling_after(before):
            continue  # "..., Countermeasures." is a list item; "the Senate." a name
        if not _stray_noun(word) or word in names:
            continue
        capitals = sum(1 for w in words if w.group()[0].isupper())
        if capitals > len(words) / 2:
            continue  # a title in title case
        yield Hit(
            last.start(),
            last.end(),
            f"{word!r} dangles after a complete clause",
            suggestion=f"attach it to the clause (e.g. 'the {word.lower()} to …') or remove it",
            evidence=text[max(start, gap_start - 30) : end],
        )


# --- cut-off sentences -------------------------------------------------------

# Words that cannot end an English sentence: they open a phrase that must go on.
_NEVER_FINAL = frozenset(
    """the a an my our their its your and or but nor of than whose every the's""".split()
)
# Prepositions that never end an English statement unless a wh-word or relative
# pronoun strands them ("the box they came with"); particles (up, out, down,
# over, in, on, by) end sentences freely. Across the 4,104 MT and human dev
# segments, none of these ends a sentence.
_UNSTRANDED = frozenset(
    """with from into onto at of than among between during without within toward towards upon via
    including per despite regarding for about""".split()
)
_STRANDING = re.compile(
    r"(?i)\b(?:what|which|who|whom|where|whatever|that|something|anything|nothing|everything)\b"
)
# Words that may end a sentence before a full stop, but not a text that simply stops.
_NOT_FINAL_WITHOUT_STOP = (
    _NEVER_FINAL
    | _UNSTRANDED
    | frozenset(
        """to in on by as is are was were be been has have had will would can could should may might
        must that which who whose whom when where while because if although though since so such very
        more most his her this these those neither either both""".split()
    )
)
_ARTICLES = frozenset("a an its their our my your".split())


@lru_cache(maxsize=16384)
def adjective_only(word: str) -> bool:
    """``new``, ``significant``: a word that is only ever an adjective, so it needs its noun."""
    return set(all_lemmas(word.lower())) == {"ADJ"} and word.lower() not in {"own", "same"}


# A preposition needs a noun phrase; "with empty." stops inside it. Idioms of a
# preposition and an adjective ("in general", "at least") are complete. "than"
# takes bare adjectives freely ("than expected", "than usual", "than necessary").
_PHRASE_PREPOSITIONS = frozenset(
    """with from into onto at of by to for about including within without between among under
    through via during towards toward upon the""".split()
)
_PREPOSITION_IDIOMS = frozenset(
    """general particular short brief large first last least most best worst free sure certain good
    full total public private far real common random long old present vain average half late whole
    same latter former following above below next rich poor young elderly only own other
    top bottom like latest open there here""".split()
)


# Adjectives that "the" turns into a noun for a group or an abstraction:
# "help the vulnerable", "expect the impossible"; participles do it too
# ("the injured", "the deceased", "the unexpected").
_NOMINAL_ADJECTIVES = frozenset(
    """dead living sick blind deaf vulnerable needy wealthy homeless innocent guilty brave weak
    strong powerful faithful impossible obvious unknown absurd sublime divine""".split()
)


def _bare_adjective_object(before: str, word: str) -> bool:
    """A preposition (or "the") followed by an adjective that never stands alone as a noun."""
    if before not in _PHRASE_PREPOSITIONS or word in _PREPOSITION_IDIOMS:
        return False
    if before == "the" and (word in _NOMINAL_ADJECTIVES or word.endswith("ed")):
        return False
    readings = set(all_lemmas(word))
    if "ADJ" not in readings:
        return False
    # "of potential", "of content", "the terminal", "the original": words that
    # are nouns too end phrases well.
    return "NOUN" not in readings


# Prepositions after which a bare past participle cannot close the sentence: the
# noun it modified was dropped ("rates for almost all types of self-reported.").
# Not "than", "as", "about" ("than expected", "as planned", "just about finished").
_PARTICIPLE_PREPOSITIONS = frozenset(
    """of with from for into onto among between including within without via upon during
    despite regarding toward towards""".split()
)
_PARTICIPLE_IDIOMS = frozenset({"granted"})  # "taken for granted"


def _word_readings(word: str) -> set[str]:
    """Parts of speech of ``word``; of its last part for an unknown hyphenated compound."""
    readings = set(all_lemmas(word))
    if not readings and "-" in word:
        readings = set(all_lemmas(word.rsplit("-", 1)[1]))
    return readings


def _bare_participle_object(before: str, word: str) -> bool:
    """A preposition followed by a past participle that is never a noun: ``of self-reported``.

    Chinese puts the modifier before its noun (自报的 IPV 犯罪率); when MT drops
    the noun, the participle is left where the noun should close the phrase.
    Participles that are also nouns ("of the affected", "for the married")
    stand for people and are complete.
    """
    if before not in _PARTICIPLE_PREPOSITIONS or not word.endswith("ed") or not word.islower():
        return False  # names keep their capital: "with Ahmed."
    if word in _PARTICIPLE_IDIOMS:
        return False
    readings = _word_readings(word)
    if not readings:
        return len(word) > 5  # a participle the lexicon lacks: "of marginalized."
    return "NOUN" not in readings


def _cut_off(text: str, start: int, end: int) -> re.Match[str] | None:
    """The last word of a sentence that stops mid-phrase, or None."""
    body_end, stop = _body(text, start, end)
    words = list(_WORD.finditer(text, start, body_end))
    if len(words) < 3:
        return None
    last, before = words[-1], words[-2].group().lower()
    word = last.group().lower()
    tail = text[last.end() : body_end].strip()
    # 'with "~" added', "with 64 added": a symbol or number between them is the object.
    adjacent = not text[words[-2].end() : last.start()].strip()
    # "broken instead of preserved": "instead of" joins two participles.
    coordinated = words[-3].group().lower() == "instead"
    if (stop or end == len(text.rstrip())) and not tail and adjacent:
        if _bare_adjective_object(before, word) or (
            not coordinated and _bare_participle_object(before, last.group())
        ):
            return last  # "transfected with empty", "of self-reported."
    if stop and not tail:
        if word in _NEVER_FINAL or (before in _ARTICLES and adjective_only(word)):
            return last
        if word == "as" and before in {"such", "well"}:
            return last  # "phenotypes such as.", "X as well as.": the rest was dropped
        if stop[0] in ".!" and word in _UNSTRANDED and not _STRANDING.search(text, start, body_end):
            return last
    elif not stop and end == len(text.rstrip()):
        if tail == "," or (not tail and (word in _NOT_FINAL_WITHOUT_STOP or adjective_only(word))):
            return last
    return None


@register(
    "truncated-sentence",
    Category.FLUENCY,
    Severity.MAJOR,
    "The sentence stops mid-phrase (ends on an article, conjunction, preposition, a bare adjective or a comma).",
)
def truncated_sentence(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    """MT stops a sentence inside a phrase, or drops the noun that closed it.

    Major: on the MQM dev data it fires on 3 MT records (all biomedical), 2
    of them gold (a dropped head noun: "... of self-reported."), on no TED or
    WMT23 record and on no human translation; the planted-defect benchmark
    cuts sentences the same way.
    """
    text = unit.target
    for start, end in _sentence_spans(text):
        last = _cut_off(text, start, end)
        if last is not None:
            yield Hit(
                last.start(),
                end,
                f"The sentence stops after {last.group()!r}: something is missing",
                suggestion="complete the phrase from the source",
            )


# --- missing finite verb -----------------------------------------------------

# Tokens that are always finite verbs: a sentence holding one has a finite verb.
_SURELY_FINITE = re.compile(
    r"(?i)\b(?:is|are|was|were|am|has|had|does|did|will|would|can|could|may|might|must|shall|should|"
    r"cannot|can't|won't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|doesn't|don't|didn't)\b"
    r"|\w(?:'|’)(?:s|re|ve|ll|m|d)\b"
)
_LABEL = re.compile(r"^[\w ]{1,30}:\s")  # "Objective: To explore ...", "Source: ..."
# Purpose statements of abstracts ("To investigate ...") and exclamations
# ("What a ...!", "What amazing possibilities."): a statement cannot open with "What".
_ELLIPTIC_OPENING = re.compile(r"^(?:To [a-z]+|What |(?:How|Such) an? )\b")
# The method statements of abstracts name a tool and its purpose without a
# finite verb, as their Chinese source does (采用...分析...): "Using X software
# to analyse Y, Z to predict W." Reviewers of abstracts accept the style. Only
# verbs of using a tool: "Adhering to X to promote Y." is a dropped predicate.
_METHOD_STATEMENT = re.compile(
    r"^(?:Using|Applying|Employing|Utili[sz]ing) (?:[^.;]|\.\d)*?\bto [a-z]+"
)


def _method_statement(sentence: str) -> bool:
    """``Using X to analyse Y.``: a tool, then the purpose it serves."""
    return bool(_METHOD_STATEMENT.match(sentence))


# Titles of papers and reports are noun phrases by design ("Phenotype and
# genotype analysis of ...", "Effect of X on Y"): a research noun heads the
# opening phrase, at most three modifiers before it, a preposition after it.
# "Dialogue and research to provide ..." (a dropped verb) has "to", not a
# preposition, after the head. A title opens its text, so only a unit's first
# sentence can be one, and a title has no "being"/"having" and ends on no
# infinitive clause (", to reduce mortality").
_TITLE_HEAD = re.compile(
    r"^(?!(?:After|Before|However|In|On|For|With|By|When|While|Since|As|Because|Although|To|The|A|An)\b)"
    r"(?:[\w-]+ (?:and [\w-]+ )?){0,3}?"
    r"(?:analys[ie]s|stud(?:y|ies)|investigation|evaluation|assessment|comparison|review|report|"
    r"survey|observation|characteristics|effects?|role|application|progress|association|"
    r"correlation|relationship|prevalence|efficacy|outcomes?|features|management|diagnosis|"
    r"treatment|identification|detection|construction)"
    r" (?:of|in|on|between|among|for|with)\b"
)
_NOT_A_TITLE = re.compile(r"\b(?:being|having)\b|, to [a-z]+")
_MIN_WORDS = 7


def _title(sentence: str, first: bool) -> bool:
    """A paper or report title: verbless by design, not a dropped verb."""
    return first and bool(_TITLE_HEAD.match(sentence)) and not _NOT_A_TITLE.search(sentence)


@lru_cache(maxsize=8192)
def only_past_tense(word: str) -> bool:
    """``underwent``, ``took``: a form that can only be a past tense, hence finite."""
    from lemminflect import getInflection, getLemma

    lower = word.lower()
    # getLemma's dictionary answer, read without its deep copy; unknown words take its rules.
    known = all_lemmas(lower)
    lemmas = known["VERB"] if "VERB" in known else getLemma(lower, upos="VERB")
    if not lemmas or lemmas[0] == lower:
        return False
    return lower in getInflection(lemmas[0], tag="VBD") and lower not in getInflection(
        lemmas[0], tag="VBN"
    )


_PRONOUN_VERB = re.compile(
    r"(?i)\b(i|we|they|you|he|she|it)\s+"
    r"(?:(?:\w+ly|then|also|still|just|never|always|often|even|only|all|both)\s+)?([a-z]+)\b"
)


def _pronoun_and_verb(sentence: str) -> bool:
    """A subject pronoun followed by a verb form: the sentence has a finite verb (cheap test)."""
    for m in _PRONOUN_VERB.finditer(sentence):
        pronoun, word = m.group(1).lower(), m.group(2).lower()
        if word.endswith("ing") or word in {"to", "and", "or"} or "VERB" not in all_lemmas(word):
            continue
        if pronoun in {"he", "she", "it"} and not word.endswith(("s", "ed")):
            continue  # "make it work": an object, not a subject
        return True
    return False


@lru_cache(maxsize=4096)  # asked by the prepare hook, then by the check
def _verbless_candidates(text: str) -> tuple[tuple[int, int], ...]:
    """Sentences that need tagging: long enough, a statement, no sure finite verb."""
    chosen = []
    for k, (start, end) in enumerate(_sentence_spans(text)):
        sentence = text[start:end]
        body_end, stop = _body(text, start, end)
        if not stop or stop[0] != ".":
            continue  # headlines and labels carry no full stop; questions/exclamations may be elliptic
        if sentence[0] in "(['\"“‘" or not sentence[0].isupper() or _LABEL.match(sentence):
            continue
        if _ELLIPTIC_OPENING.match(sentence) or _title(sentence, first=k == 0):
            continue
        if _method_statement(sentence):
            continue
        words = _WORD.findall(sentence)
        if len(words) < _MIN_WORDS or _SURELY_FINITE.search(sentence):
            continue
        if any(only_past_tense(w) for w in words if len(w) > 2 and w.islower()):
            continue  # "underwent", "took": a finite verb, no need to parse
        if _pronoun_and_verb(sentence):
            continue  # "we build", "it basically embeds": a subject and its verb
        capitals = sum(1 for w in words if w[0].isupper())
        if capitals > len(words) / 2:
            continue  # a title
        chosen.append((start, end))
    return tuple(chosen)


_SUBORDINATORS = frozenset(
    "that if because although though while since whether unless until once as after before so".split()
)


def _needs_parse(tags: Tagged) -> bool:
    """Whether the tags alone cannot decide if the main clause has a finite verb.

    A finite verb before any subordinator or relative word is the main
    clause's; a sentence with no finite verb and no past form is a fragment
    on its tags alone. Only the rest (a finite verb that may sit in a
    subordinate clause, a past form the tagger may have misread) is parsed.
    """
    finite = [i for i, tok in enumerate(tags) if tok[1] in FINITE_TAGS]
    if not finite:
        return any(tok[1] in {"VBN", "VBD"} for tok in tags)
    first_subordinate = next(
        (
            i
            for i, tok in enumerate(tags)
            if tok[1] in {"WDT", "WP", "WP$", "WRB"}
            or (tok[1] == "IN" and tok[0].lower() in _SUBORDINATORS)
        ),
        len(tags),
    )
    return finite[0] > first_subordinate


def _prepare_verbless(units: Sequence[Unit], ctx: CheckContext) -> None:
    texts: list[str] = []
    for unit in units:
        if unit.content:
            texts.extend(unit.target[s:e] for s, e in _verbless_candidates(unit.target))
    prepare_tags(ctx, texts, needs_parse=_needs_parse)


# Openers that start a clause, never a title: a verbless sentence starting so
# lost its verb ("So these projects large-scale robots.", "It highly infectious.").
_CLAUSE_OPENERS = frozenset(
    """so and but then also however therefore thus this these those it there we they he she i you
    our their his her its my your""".split()
)
_MAIN_DEPS = frozenset({"ROOT", "conj", "aux", "auxpass"})
_NOMINAL = frozenset({"NN", "NNS", "NNP", "NNPS", "PRP", "-RRB-", "CD"})


def _copula_dropped(tags: Tagged) -> bool:
    """A noun followed by a degree adverb and an adjective: ``the virus highly infectious``.

    Chinese needs no copula before an adjective (病毒传染性强), so MT drops
    "is"; titles end in nouns, not in predicative adjectives.
    """
    for i in range(1, len(tags) - 1):
        if tags[i][1] == "RB" and tags[i - 1][1] in _NOMINAL and tags[i + 1][1] in {"JJ", "JJR"}:
            return True
    return False


def _main_clause(tags: Tagged) -> set[int]:
    """Token indices of the main clause's verbs: the ROOT, its conjuncts, and their auxiliaries."""
    main = {i for i, tok in enumerate(tags) if tok[3] == "ROOT"}
    grew = True
    while grew:
        extra = {i for i, tok in enumerate(tags) if tok[3] in _MAIN_DEPS and tok[4] in main} - main
        grew = bool(extra)
        main |= extra
    return main


def _misparsed_subject(tags: Tagged) -> bool:
    """``Icebergs form when ...``: a bare plural subject parsed as ROOT, its verb read as a noun.

    Only when the sentence has a finite verb elsewhere, so the tagger is not
    blind to verbs here; the word after the ROOT must be able to be a verb.
    """
    if not any(tok[1] in FINITE_TAGS for tok in tags):
        return False

    def can_be_verb(word: str) -> bool:
        return "VERB" in all_lemmas(word.lower())

    for i, (word, tag, _, dep, _) in enumerate(tags[:3]):
        if dep != "ROOT":
            continue
        # "Icebergs/NNS form/NN(ROOT) when ...": the ROOT is the verb, read as a noun.
        if (
            i > 0
            and tag in {"NN", "NNS"}
            and tags[i - 1][1] in {"NNS", "NNPS"}
            and can_be_verb(word)
        ):
            return True
        # "Icebergs/NNS(ROOT) form/NN when ...": the subject is the ROOT, the verb a noun after it.
        if tag in {"NNS", "NNPS"} and i + 1 < len(tags):
            nxt = tags[i + 1]
            return nxt[1] in {"NN", "VB", "JJ"} and can_be_verb(nxt[0])
    return False


def lacks_finite_verb(tags: Tagged) -> bool:
    """True for a fragment: the main clause has no finite verb.

    Not a fragment: an imperative (``Use the software to ...``), a form that
    can only be a past tense, a ROOT participle with a subject (the tagger's
    ``The wounds healed/VBN over time``), and noun phrases with no verb form
    at all unless they open like a clause: those are titles and labels
    (``Phenotypic analysis of ...``).
    """
    if not tags or tags[0][1] == "VB":
        return False
    if not is_parsed(tags) and any(tok[1] in FINITE_TAGS for tok in tags):
        return False  # left unparsed: its first finite verb opens the main clause
    if not any(tok[1].startswith("VB") for tok in tags):
        return (tags[0][0].lower() in _CLAUSE_OPENERS and len(tags) > 4) or _copula_dropped(tags)
    main = _main_clause(tags)
    if _misparsed_subject(tags):
        return False
    for i, (word, tag, _, dep, _) in enumerate(tags):
        if i in main and tag in FINITE_TAGS:
            return False
        if (i in main or not tag.startswith("VB")) and only_past_tense(word):
            return False  # the tagger missed a past tense ("underwent/JJ")
        if dep == "ROOT" and tag in {"VBN", "VBD"}:
            children = [t for t in tags if t[4] == i]
            non_finite_aux = any(
                t[3] in {"aux", "auxpass"} and t[1] in {"VBG", "TO", "VB"} for t in children
            )
            if not non_finite_aux and any(t[3] in {"nsubj", "nsubjpass"} for t in children):
                return False  # "The wounds healed/VBN over time": a past tense the tagger missed
    return True


def _tag_evidence(tags: Tagged) -> str:
    """The first words with their part-of-speech tags: why the parser saw no verb."""
    return " ".join(f"{tok[0]}/{tok[1]}" for tok in tags[:12])


@register(
    "missing-finite-verb",
    Category.FLUENCY,
    Severity.MAJOR,
    "A sentence with no finite verb: the main verb of the source was dropped.",
    prepare=_prepare_verbless,
    needs={"spacy"},
)
def missing_finite_verb(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    """Chinese predicates often come out as a noun phrase or a "to" infinitive.

    Major: on the MQM dev data it fires on 19 MT records, 7 of them gold
    (WMT23 5 of 7, biomedical 2 of 9, TED 0 of 3), and on no human
    translation; a verbless sentence is broken English whether or not the
    raters of abstracts marked it. Abstracts' method statements ("Using X
    to analyse Y.") and titles are left alone.
    """
    text = unit.target
    for start, end in _verbless_candidates(text):
        tags = tags_of(ctx, text[start:end])
        if not lacks_finite_verb(tags):
            continue
        yield Hit(
            start,
            end,
            "No finite verb: this is a fragment, not a sentence",
            suggestion="add the main verb (the source's predicate was dropped or turned into 'to …')",
            evidence=_tag_evidence(tags),
        )


# --- verbless fragment inside a paragraph -------------------------------------

# Section headings of abstracts and reports may stand as verbless "sentences".
_HEADING_WORDS = frozenset(
    """background introduction objective objectives aim aims purpose method methods materials
    results result conclusion conclusions discussion summary abstract keywords""".split()
)
_OPENS_WITH_CAPITAL = re.compile(r"[\"“‘']?[A-Z]")
_QUOTED_STOP = re.compile(r"\.[\"”’']$")


# Elliptic replies of speech and writing ("Not at all.", "Of course.", "Thanks again.").
_ELLIPTIC_REPLY = re.compile(
    r"[\"“‘']?(?:No|Not|Yes|Oh|Thanks|Okay|OK|Well|Wow|Exactly|Right|Sure|Of course|And so)\b"
)


@lru_cache(maxsize=4096)  # asked by the prepare hook, then by two checks
def _fragment_candidates(text: str, continues: bool = False) -> tuple[tuple[int, int], ...]:
    """Sentences that follow a complete one and end with a full stop: where a fragment can hide.

    The first sentence of a unit may be a headline or a title, unless the unit
    ``continues`` a paragraph (a document split into one unit per sentence);
    a verbless "sentence" after a complete one is a clause that MT cut off on
    its own (``... surpassing the level before the epidemic. The top 33% level.``).
    """
    chosen = []
    for k, (start, end) in enumerate(_sentence_spans(text)):
        if k == 0 and not continues:
            continue
        sentence = text[start:end]
        _, stop = _body(text, start, end)
        if not (stop.startswith(".") or _QUOTED_STOP.search(sentence)):
            continue
        words = _WORD.findall(sentence)
        if len(words) < 2 or not _OPENS_WITH_CAPITAL.match(sentence):
            continue
        if words[0].lower() in _HEADING_WORDS or _ELLIPTIC_REPLY.match(sentence):
            continue
        chosen.append((start, end))
    return tuple(chosen)


def _continues_paragraph(previous: Unit | None, unit: Unit) -> bool:
    """``unit`` is a later sentence of the paragraph that ``previous`` ends with a full stop.

    Only units cut from one document text qualify: same document, same line,
    and ``unit`` starts after ``previous`` ends (units of JSONL or XLIFF files
    all start at 0, and a minified XML file has every unit on one line).
    """
    if previous is None or unit.line is None or previous.line != unit.line:
        return False
    if previous.doc_id != unit.doc_id or unit.target_start <= 0:
        return False
    if previous.target_start + len(previous.target) > unit.target_start:
        return False
    return previous.target.rstrip().rstrip("\"”’'").endswith(".")


def _paragraphs(units: Sequence[Unit]) -> list[tuple[bool, str]]:
    """Per unit: whether it continues a paragraph, and the text of its paragraph so far and after."""
    flags = [
        _continues_paragraph(units[i - 1] if i else None, unit) for i, unit in enumerate(units)
    ]
    texts: list[str] = []
    i = 0
    while i < len(units):
        j = i + 1
        while j < len(units) and flags[j]:
            j += 1
        paragraph = " ".join(u.target for u in units[i:j])
        texts.extend([paragraph] * (j - i))
        i = j
    return list(zip(flags, texts, strict=True))


def _prepare_fragments(units: Sequence[Unit], ctx: CheckContext) -> None:
    content = [u for u in units if u.content]
    texts: list[str] = []
    for unit, (continues, _) in zip(content, _paragraphs(content), strict=True):
        texts.extend(unit.target[s:e] for s, e in _fragment_candidates(unit.target, continues))
    # The same parse policy as the missing-verb check: whichever family tags a
    # sentence first, the shared cache holds what both expect.
    prepare_tags(ctx, texts, needs_parse=_needs_parse)


def is_noun_fragment(tags: Tagged) -> bool:
    """No verb form at all (finite, infinitive, participle or modal) and no adverb or
    interjection opening it (``Not at all.``): a bare noun phrase."""
    if not tags or tags[0][1] in {"RB", "UH"}:
        return False
    return not any(tok[1].startswith("VB") or tok[1] == "MD" for tok in tags)


@register(
    "verbless-fragment",
    Category.FLUENCY,
    Severity.MAJOR,
    "A noun phrase standing as a sentence after a complete one: a clause cut off from its sentence.",
    scope="document",
    prepare=_prepare_fragments,
    needs={"spacy"},
)
def verbless_fragment(units: Sequence[Unit], ctx: CheckContext) -> Iterator[tuple[int, Hit]]:
    """MT splits a Chinese sentence at a clause boundary and leaves the tail as a noun phrase.

    On the MQM dev data every such fragment (7 WMT23 records, 4 documents)
    was marked by the raters and none occurs in a human translation, so the
    finding is major. Document scope: in a document split into one unit per
    sentence, a unit's first sentence may follow a complete one.
    """
    for index, (unit, (continues, _)) in enumerate(zip(units, _paragraphs(units), strict=True)):
        text = unit.target
        for start, end in _fragment_candidates(text, continues):
            tags = tags_of(ctx, text[start:end])
            if not is_noun_fragment(tags):
                continue
            yield (
                index,
                Hit(
                    start,
                    end,
                    "A noun phrase stands as a sentence: it belongs to the clause before it",
                    suggestion="join it to the previous sentence or give it a verb",
                    evidence=_tag_evidence(tags),
                ),
            )


# Imperatives that reports use on purpose ("See Table 2.", "Note that ...", "Click here.").
_REPORT_IMPERATIVES = frozenset(
    """see note cf compare click visit contact call read follow subscribe download please let
    imagine consider refer go watch listen""".split()
)
# A text that addresses someone or quotes speech may give orders.
_ADDRESSED = re.compile(
    r"\b(?:you|your|yours|we|us|our|I|me|my|let's|thou|thee|thy|thine|ye)\b|[\"“”]", re.IGNORECASE
)


@register(
    "imperative-in-narrative",
    Category.FLUENCY,
    Severity.MAJOR,
    "A bare command in the middle of a report that addresses nobody: a clause whose subject MT dropped.",
    scope="document",
    prepare=_prepare_fragments,
    needs={"spacy"},
)
def imperative_in_narrative(units: Sequence[Unit], ctx: CheckContext) -> Iterator[tuple[int, Hit]]:
    """Chinese drops subjects that English needs; MT turns such a clause into a command.

    ``... sent a reply letter to the team. Raise great expectations.``: a
    third-person report (no "you", "we", "I", no quotation in the paragraph)
    cannot give orders. A paragraph's first sentence is left alone (slogans
    and headlines).
    """
    for index, (unit, (continues, paragraph)) in enumerate(
        zip(units, _paragraphs(units), strict=True)
    ):
        if _ADDRESSED.search(paragraph):
            continue
        text = unit.target
        for start, end in _fragment_candidates(text, continues):
            tags = tags_of(ctx, text[start:end])
            if not tags or tags[0][1] != "VB" or tags[0][0].lower() in _REPORT_IMPERATIVES:
                continue
            yield (
                index,
                Hit(
                    start,
                    end,
                    f"{tags[0][0]!r} opens a command in a report: the clause has lost its subject",
                    suggestion="give the clause its subject or join it to the previous sentence",
                    evidence=_tag_evidence(tags),
                ),
            )


# --- capitals, case, repeats, punctuation ------------------------------------


# A stop after one of these does not end a sentence ("et al. reported", "vs. the").
_NO_STOP_AFTER = frozenset("al vs eg ie etc approx fig figs no cf ca".split())
# Only a full stop: literary text runs on in lower case after "?" and "!" ("Why? and how?").
_LOWER_AFTER_STOP = re.compile(r"(\S+)\.[\"”’')]*\s+([a-z][a-z]+)\b")


def _lowercase_after_stop(text: str) -> Iterator[re.Match[str]]:
    """A full stop after a word, a number or a bracket, then a lower-case dictionary word.

    Whole MT outputs lower-cased by a system ("... (p=0.002). after
    treatment ...") show it mid-paragraph. Initials and abbreviations
    ("U.S. dollars", "et al. found") are not sentence ends; gene and cell
    names ("k562") are not dictionary words.
    """
    for m in _LOWER_AFTER_STOP.finditer(text):
        before, word = m.group(1), m.group(2)
        if re.search(r"(?:^|\.)[A-Za-z]$", before) or before.lower().strip("(") in _NO_STOP_AFTER:
            continue
        if not (before[-1].islower() or before[-1].isdigit() or before[-1] in ")]%"):
            continue
        if is_common_lowercase_word(word.capitalize()):
            yield m


@register(
    "lowercase-sentence-start",
    Category.FLUENCY,
    Severity.MINOR,
    "A sentence that starts with a lower-case letter.",
)
def lowercase_sentence_start(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    m = re.match(r"[\"“‘'(]?([a-z][a-z]+)\b", text)
    if m and not re.match(r"[a-z]+[A-Z]", text[m.start(1) :]):  # "iPhone", "eBay"
        word = m.group(1)
        yield Hit(
            m.start(1),
            m.end(1),
            f"Sentence starts lower-case: {word!r}",
            suggestion=word.capitalize(),
        )
    for m in _lowercase_after_stop(text):
        word = m.group(2)
        yield Hit(
            m.start(2),
            m.end(2),
            f"Sentence starts lower-case: {word!r}",
            suggestion=word.capitalize(),
        )


# Adjacent repeats that are grammatical or idiomatic.
_OK_REPEATS = frozenset(
    {"that", "had", "very", "no", "bye", "ha", "so", "really", "many", "much", "tsk"}
)


# What may stand between the copies of a looping phrase: "Bern, Bern, Bern".
# ("X and X, and X" loops as the phrase "and X".) Two copies so joined are
# often deliberate ("very, very"); a third is the decoder stuck in a loop.
_LOOP_GAP = re.compile(r"\s*[,;]?\s*")
_LOOP_COPIES = 3
# Interjections repeat in speech ("no, no, no", "ha, ha, ha"): a loop only when it runs on.
_LOOP_COPIES_INTERJECTION = 6
_LOOP_MAX_WORDS = 4

_Word = tuple[str, int, int]


def _copies(text: str, words: list[_Word], i: int, n: int) -> int:
    """How many times the ``n`` words at ``i`` occur in a row, joined by commas, spaces or "and"."""
    phrase = text[words[i][1] : words[i + n - 1][2]].lower()
    count = 1
    j = i + n
    while j + n <= len(words):
        gap = text[words[j - 1][2] : words[j][1]]
        if (
            not _LOOP_GAP.fullmatch(gap)
            or text[words[j][1] : words[j + n - 1][2]].lower() != phrase
        ):
            break
        count += 1
        j += n
    return count


def _case_aligned_lower(text: str) -> str | None:
    """``text.lower()`` when it lowers each character on its own, else None.

    Then a slice of it is the lower case of the same slice of ``text`` (no
    character lowers to two, no Greek final sigma that depends on context),
    so copies can be compared on it without lowering each slice anew.
    """
    lower = text.lower()
    return lower if len(lower) == len(text) and "\u03a3" not in text else None


def _later_same(words: list[_Word]) -> list[list[int]]:
    """Per word, the distances (1-8) to the later words that lower-case the same, nearest first."""
    at: dict[str, list[int]] = {}
    for k, (w, _, _) in enumerate(words):
        at.setdefault(w, []).append(k)
    out: list[list[int]] = [[] for _ in words]
    for places in at.values():
        for r, i in enumerate(places):
            out[i] = [k - i for k in places[r + 1 : r + 9] if k - i <= 8]
    return out


def looping_repeats(text: str, words: list[_Word]) -> Iterator[tuple[int, int, str, int]]:
    """Phrases of 1-4 words repeated three or more times in a row: ``(start, end, phrase, copies)``.

    The looping degeneration of neural MT ("the University of Bern, Bern,
    Bern, Bern, ...") separates the copies with commas, so the back-to-back
    test of :func:`repeated_phrase` misses it. Numbers are left alone (tables
    of values repeat: "0, 0, 0"). ``words`` are the word tokens of ``text``
    (runs of word characters, optionally joined by one apostrophe).
    """
    # Three copies of a phrase start with the same word: where the word at i does not
    # recur n and 2n words on, no phrase of n words loops from i. (Equal lower-cased
    # copies start with equal lower-cased word tokens: lowering keeps \w as \w.)
    lower = _case_aligned_lower(text)
    starts: set[int] | None = None
    if lower is not None:
        tokens = [lower[s:e] for _, s, e in words]
        starts = set()
        for n in range(1, _LOOP_MAX_WORDS + 1):
            triples = zip(tokens, tokens[n:], tokens[2 * n :], strict=False)
            starts.update(i for i, (a, b, c) in enumerate(triples) if a == b == c)
        if not starts:
            return
    i = 0
    while i < len(words):
        if starts is not None and i not in starts:
            i += 1
            continue
        found: tuple[int, int] | None = None
        for n in range(1, _LOOP_MAX_WORDS + 1):
            if i + n * _LOOP_COPIES > len(words):
                break
            first = [w for w, _, _ in words[i : i + n]]
            if all(w.isdigit() for w in first):
                continue
            copies = _copies(text, words, i, n)
            interjection = n == 1 and first[0] in _OK_REPEATS
            if copies >= (_LOOP_COPIES_INTERJECTION if interjection else _LOOP_COPIES):
                found = (n, copies)
                break
        if found is None:
            i += 1
            continue
        n, copies = found
        yield (
            words[i][1],
            words[i + n * copies - 1][2],
            text[words[i][1] : words[i + n - 1][2]],
            copies,
        )
        i += n * copies


def _triple_idiom(words: list[_Word], i: int) -> bool:
    """``W and W and W`` (emphasis), read from either of its two-word repeats."""
    w = [x[0] for x in words]
    if w[i + 1] in {"and", "or"}:  # "again and | again and | again"
        return i + 4 < len(w) and w[i + 4] == w[i]
    if w[i] in {"and", "or"}:  # "again | and again | and again"
        return i > 0 and w[i - 1] == w[i + 1]
    return False


@register(
    "repeated-phrase",
    Category.FLUENCY,
    Severity.MAJOR,
    "A word or phrase repeated back to back (``the government the government``), "
    "or looping (``Bern, Bern, Bern, ...``).",
)
def repeated_phrase(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    words = [(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"\w+(?:['’]\w+)?", text)]
    covered = -1
    for start, end, phrase, copies in looping_repeats(text, words):
        yield Hit(
            start,
            end,
            f"{phrase!r} repeated {copies} times in a row: the translation loops",
            suggestion=phrase,
        )
        covered = max(covered, end)
    later = _later_same(words)  # most words recur nowhere within eight: nothing to compare
    for i in range(len(words)):
        if words[i][1] < covered or not later[i]:
            continue
        limit = min(8, (len(words) - i) // 2)
        for n in reversed(later[i]):
            if n > limit:
                continue
            first = [w for w, _, _ in words[i : i + n]]
            second = [w for w, _, _ in words[i + n : i + 2 * n]]
            if first != second:
                continue
            gap = text[words[i + n - 1][2] : words[i + n][1]]
            if gap.strip():
                continue  # "no, no" and "minus 120 degrees, minus 120 degrees" are deliberate
            inner_a = text[words[i][1] : words[i + n - 1][2]].lower()
            inner_b = text[words[i + n][1] : words[i + 2 * n - 1][2]].lower()
            if inner_a != inner_b or (n < 3 and not re.fullmatch(r"[\w\s'’-]+", inner_a)):
                continue  # "survival, overall survival, overall recurrence" is a list
            if n == 2 and _triple_idiom(words, i):
                continue  # "again and again and again", "more and more and more"
            if n == 1 and (
                first[0] in _OK_REPEATS or first[0].isdigit() or text[words[i + 1][1]].isupper()
            ):
                continue  # names such as "Qiao Qiao" or "Bora Bora"
            span = (words[i][1], words[i + 2 * n - 1][2])
            phrase = text[words[i][1] : words[i + n - 1][2]]
            yield Hit(span[0], span[1], f"Repeated: {phrase!r}", suggestion=phrase)
            covered = span[1]
            break


@register(
    "doubled-punctuation",
    Category.FLUENCY,
    Severity.MINOR,
    "Doubled or clashing punctuation (``,,`` ``.,`` ``;.``) or a space before a comma or stop.",
    subcategory="punctuation",
)
def doubled_punctuation(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    text = unit.target
    for m in re.finditer(
        r"(?<!\.)([,;:])\s*[,;:.]|(?<![.\d])\.\s*[,;:]|(?<=\w)\.\.(?!\.)|\s+([,;.])(?=\s|$)", text
    ):
        if m.group().strip() in {"..."}:
            continue
        yield Hit(
            m.start(),
            m.end(),
            f"Doubled or misplaced punctuation {m.group().strip()!r}",
            suggestion=_one_mark(m.group()),
        )


def _one_mark(span: str) -> str:
    """The mark to keep: the one after a stray space, else the last (``.,`` mid-sentence -> ``,``)."""
    return next(c for c in reversed(span) if not c.isspace())


@register(
    "missing-final-punctuation",
    Category.FLUENCY,
    Severity.MINOR,
    "The source ends a sentence but the translation has no closing punctuation.",
    subcategory="punctuation",
    needs={"source"},
)
def missing_final_punctuation(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    source = (unit.source or "").rstrip()
    target = unit.target.rstrip()
    if not source or not target or source[-1] not in "。！？.!?":
        return
    if target[-1] in _TERMINAL + _CLOSERS + "。！？":
        return
    yield Hit(len(target), len(target), "No closing punctuation", suggestion=".")
