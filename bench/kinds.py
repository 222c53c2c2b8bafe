"""Which KINDS of awkward or broken MT do the rule checks catch, and which rules were tried.

Prints, on the MQM dev data (``../shared/data/mqm_zhen.dev.jsonl``, rule checks only):

1. rule evidence (``qa.verdict.rule_evidence``) per dataset: MT records, base
   rate, records flagged, precision, recall, F1, and the share of human
   translations flagged;
2. per check and severity: MT records it fires on per dataset with the gold
   rate there (precision), and the human translations it fires on; a check
   may be major only where its precision is well above the base rate;
3. candidate rules tried while mining the raters' error spans that no check
   catches, as plain text tests, kept or not: the same figures, plus
   ``newTP`` (gold records that no major finding flags yet) and ``newFP``.

Gold is the primary label of ``bench/common.py`` (WMT23: any rater). Figures
are dev figures: tune kinds of error, never sentences.

    .venv/bin/python bench/kinds.py [--no-cache] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATASETS, Record, load_records, run_pipeline  # noqa: E402
from qa.checks.structure import sentence_spans  # noqa: E402
from qa.model import Finding  # noqa: E402
from qa.verdict import rule_evidence  # noqa: E402

Rule = Callable[[str], str | None]


def _prf(flags: Sequence[bool], gold: Sequence[int]) -> tuple[int, float, float, float]:
    tp = sum(1 for f, g in zip(flags, gold, strict=True) if f and g)
    n = sum(flags)
    p = tp / n if n else 0.0
    r = tp / sum(gold) if sum(gold) else 0.0
    return n, p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_evidence(records: Sequence[Record], evidence: dict[str, bool]) -> None:
    print(
        f"{'dataset':20s} {'n':>5s} {'base':>6s} {'flag':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'humFF':>7s}"
    )
    for ds in DATASETS:
        mt = [r for r in records if r.dataset == ds and not r.is_human]
        hum = [r for r in records if r.dataset == ds and r.is_human]
        n, p, r, f = _prf([evidence[x.id] for x in mt], [x.gold for x in mt])
        base = sum(x.gold for x in mt) / len(mt)
        hff = f"{sum(evidence[x.id] for x in hum) / len(hum):.3f}" if hum else "-"
        print(f"{ds:20s} {len(mt):5d} {base:6.3f} {n:5d} {p:6.3f} {r:6.3f} {f:6.3f} {hff:>7s}")


def print_per_check(records: Sequence[Record], findings: dict[str, list[Finding]]) -> None:
    fired: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    human: dict[tuple[str, str], int] = defaultdict(int)
    for rec in records:
        for key in {(f.check, f.severity.value) for f in findings[rec.id]}:
            if rec.is_human:
                human[key] += 1
            else:
                fired[key][rec.dataset].append(rec.gold)
    n_human = sum(r.is_human for r in records)
    head = "  ".join(f"{ds[:9]:>9s} n/prec" for ds in DATASETS)
    print(f"{'check':34s}{'sev':6s}{head}  human/{n_human}")
    for key in sorted(fired, key=lambda k: -sum(len(v) for v in fired[k].values())):
        cells = []
        for ds in DATASETS:
            golds = fired[key].get(ds, [])
            prec = f"{sum(golds) / len(golds):.2f}" if golds else "   -"
            cells.append(f"{len(golds):9d} {prec:>4s}")
        print(f"{key[0]:34s}{key[1]:6s}{'  '.join(cells)}  {human.get(key, 0)}")


# --- candidate rules tried (plain text tests) ----------------------------------
# Each returns the matched text or None. Kept ones became checks (named in the
# comment); the others are here so their figures can be reproduced.


def _later_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)[1:]]


def loop3(text: str) -> str | None:
    """Kept (repeated-phrase): 1-4 words repeated 3+ times joined by commas/spaces."""
    m = re.search(r"\b(\w+(?: \w+){0,3})(?:[,;]? \1\b){2,}", text, re.IGNORECASE)
    return m.group() if m and not m.group(1).isdigit() else None


def doubled_function_word(text: str) -> str | None:
    """Already caught by repeated-phrase ("the the"); counted to see how often MT does it."""
    m = re.search(r"\b(the|a|an|of|to|in|and|is|for|on|with|that|was|are)\s+\1\b", text, re.I)
    return m.group() if m else None


def function_word_before_comma(text: str) -> str | None:
    """Rejected: an article/preposition dangling before a comma ("fold into, decode")."""
    m = re.search(r"\b(the|a|an|of|with|from|for|at|into|than|whose|its|their)\s*[,;]", text, re.I)
    return m.group() if m else None


def which_or_and_fragment(text: str) -> str | None:
    """Rejected (never fires): a later sentence opening with "Which"/"And" and a stop."""
    for s in _later_sentences(text):
        if re.match(r"(?:Which|And)\b", s) and s.rstrip().endswith("."):
            return s
    return None


def comma_splice_pronoun(text: str) -> str | None:
    """Rejected: ", it is" / ", they are" after a clause (mostly subordinate clauses)."""
    m = re.search(
        r"[a-z], (it|they|we|he|she|I|this|there) (is|are|was|were|has|have|had|will|can|did|does|do)\b",
        text,
    )
    return m.group() if m else None


def is_because(text: str) -> str | None:
    """Rejected (1 record): "the reason ... is because"."""
    m = re.search(r"\b(?:is|was) because\b", text)
    return m.group() if m else None


def headline_comma(text: str) -> str | None:
    """Rejected: a one-sentence unit without a stop holding "X, Y" (Chinese headline style)."""
    t = text.strip()
    if t[-1:] in '.!?"”)' or len(sentence_spans(t)) > 1:
        return None
    m = re.search(r"\w, [A-Za-z]", t)
    return m.group() if m else None


def label_without_colon(text: str) -> str | None:
    """Rejected: an abstract's label run into its sentence ("Objective to study ...")."""
    m = re.match(
        r"(?:Objectives?|Methods?|Results?|Conclusions?|Purpose|Aims?|Background)\s+(?:to|[a-z]+)\b",
        text,
    )
    return m.group() if m else None


def empty_brackets(text: str) -> str | None:
    """Kept as a minor check (precision 0.2): "()" left where MT dropped the content."""
    m = re.search(r"\(\s*\)|\[\s*\]", text)
    return m.group() if m else None


def according_to_said(text: str) -> str | None:
    """Rejected: "According to X announced that" (据...称), also hits "According to statistics released by"."""
    m = re.search(
        r"\bAccording to [^,.;]{0,150}?\b(?:said|says|announced|reported|reports|stated|showed|"
        r"revealed|pointed out|released|indicated|noted)\b",
        text,
    )
    return m.group() if m else None


def question_two_finite(text: str) -> str | None:
    """Rejected (3 records): "Why do many members' first reaction is ...?"."""
    m = re.search(
        r"\b(?:Why|How|What|Where|When) (?:do|does|did|is|are|was|were) [^?,;]{1,80}?"
        r"\b(?:is|are|was|were)\b[^?]*\?",
        text,
    )
    return m.group() if m else None


def capital_after_semicolon(text: str) -> str | None:
    """Rejected: a common word capitalised after ";" (biomedical MT does it, raters do not mark it)."""
    from qa.lexicon import is_common_lowercase_word

    for m in re.finditer(r";\s+([A-Z][a-z]+)\b", text):
        if is_common_lowercase_word(m.group(1)):
            return m.group()
    return None


_PARSES: dict[str, tuple] = {}


def _parse(sentences: list[str]) -> None:
    from qa.nlp import tag_texts

    todo = [s for s in dict.fromkeys(sentences) if s not in _PARSES]
    _PARSES.update(zip(todo, tag_texts(todo), strict=True))


def imperative_any_text(text: str) -> str | None:
    """Kept with a guard (imperative-in-narrative): a later sentence opening with a base verb.

    Unguarded it also hits commands in speech ("... we can copy DNA. Make a copy."); the
    check skips texts with you/we/I or quotation marks.
    """
    later = _later_sentences(text)
    _parse(later)
    for s in later:
        tags = _PARSES[s]
        if tags and tags[0][1] == "VB" and s.rstrip().endswith("."):
            return s
    return None


def subjectless_finite(text: str) -> str | None:
    """Rejected: a finite ROOT/ccomp/advcl verb without a subject (spaCy sm misses subjects)."""
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    _parse(sentences)
    for s in sentences:
        tags = _PARSES[s]
        for i, (word, tag, _, dep, _) in enumerate(tags):
            if tag not in {"VBZ", "VBD", "VBP"} or dep not in {"ROOT", "ccomp", "advcl"}:
                continue
            if dep == "ROOT" and i == 0:
                continue
            kids = [t for j, t in enumerate(tags) if t[4] == i and j != i]
            if not any(t[3] in {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"} for t in kids):
                return f"{word}: {s}"
    return None


_SUBORDINATE_OPENERS = frozenset(
    """if when as because although while since after before once unless though whether whereas so
    to in for with by through on at from according""".split()
)
_SUBJECT_PRONOUNS = frozenset("it they we he she i this there these those".split())
_FINITE = frozenset({"VBZ", "VBD", "VBP", "MD"})


def _finite(tags: tuple, h: int) -> bool:
    return tags[h][1] in _FINITE or any(
        t[4] == h and t[3] in {"aux", "auxpass"} and t[1] in _FINITE for t in tags
    )


def _has_child(tags: tuple, h: int, deps: set[str]) -> bool:
    return any(t[4] == h and t[3] in deps for j, t in enumerate(tags) if j != h)


def comma_splice(text: str) -> str | None:
    """Rejected: a main clause with its subject, a comma, then a pronoun subject and a finite
    verb attached as conj/ccomp/parataxis with no conjunction or subordinator (parsed)."""
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    _parse(sentences)
    for s in sentences:
        tags = _PARSES[s]
        if not tags or tags[0][0].lower() in _SUBORDINATE_OPENERS:
            continue
        roots = [i for i, t in enumerate(tags) if t[3] == "ROOT"]
        if not roots:
            continue
        r = roots[0]

        if not _finite(tags, r) or not any(
            t[4] == r and t[3] in {"nsubj", "nsubjpass", "expl"} for t in tags[:r]
        ):
            continue
        for j in range(r + 1, len(tags) - 2):
            pron = tags[j + 1]
            if tags[j][0] != "," or pron[0].lower() not in _SUBJECT_PRONOUNS:
                continue
            h = pron[4]
            if pron[3] in {"nsubj", "nsubjpass", "expl"} and tags[h][3] in {
                "conj",
                "ccomp",
                "parataxis",
            }:
                if _finite(tags, h) and not _has_child(tags, h, {"cc", "mark"}):
                    return s
    return None


# --- third pass: a modifier left without its head noun, empty brackets, calques ---


def participle_after_preposition(text: str) -> str | None:
    """Kept (truncated-sentence): a sentence ending on a preposition and a bare participle
    that is never a noun ("for almost all types of self-reported.": the noun was dropped)."""
    from qa.checks.structure import _cut_off

    for start, end in sentence_spans(text):
        last = _cut_off(text, start, end)
        if last is not None and last.group().lower().endswith("ed"):
            return text[max(start, last.start() - 40) : end]
    return None


def preposition_adjective_punct(text: str) -> str | None:
    """Rejected: a preposition or "the" and an adjective-only word before , ; . ("of total,");
    hits "the same," and lists of adjectives ("with comprehensive, practical ...")."""
    from qa.nlp import all_lemmas

    for m in re.finditer(r"\b(of|for|in|with|from|by|on|at|the)\s+([a-z]+)\s*[,;.](?!\d)", text):
        if set(all_lemmas(m.group(2))) == {"ADJ"}:
            return m.group()
    return None


def empty_conjunct(text: str) -> str | None:
    """Rejected: a coordination whose second conjunct lost its subject (", and were");
    mostly grammatical coordinated predicates, and in human translations too."""
    m = re.search(r"\w+ \w+, (?:and|or) (?:were|was|is|are|have|has)\b", text)
    return m.group() if m else None


def modifier_before_boundary_tagged(text: str) -> str | None:
    """Rejected (parse): a preposition or determiner, then an adjective/participle/determiner,
    then a clause boundary; hits "more than that.", "the elderly.", "the injured,"."""
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    _parse(sentences)
    for s in sentences:
        tags = _PARSES[s]
        for i in range(1, len(tags) - 1):
            if (
                tags[i - 1][1] in {"IN", "DT"}
                and tags[i][1] in {"JJ", "VBN", "DT", "PRP$"}
                and tags[i + 1][0] in {".", ";", ","}
            ):
                return " ".join(t[0] for t in tags[max(0, i - 3) : i + 2])
    return None


def several_empty_brackets(text: str) -> str | None:
    """Left minor (empty-brackets): two or more "()" in one unit; one dev record (gold), too thin."""
    n = len(re.findall(r"\(\s*\)|\[\s*\]", text))
    return f"{n} empty brackets" if n >= 2 else None


def through_to_verb(text: str) -> str | None:
    """Rejected: "through X to do Y" (通过...来...); also "Through my art I try to ..."."""
    from qa.nlp import all_lemmas

    for m in re.finditer(r"\b(?:[Tt]hrough|[Bb]y) ((?:[\w'-]+ ){1,8}?)to ([a-z]+)\b", text):
        readings = all_lemmas(m.group(2))
        if "," not in m.group(1) and "VERB" in readings and "NOUN" not in readings:
            return m.group()
    return None


def x_and_x(text: str) -> str | None:
    """Rejected: a word coordinated with itself ("benevolence and benevolence"); mostly
    "health and health care", "total STAT3 and STAT3 phosphorylation"."""
    idioms = {"again", "more", "over", "round", "on", "through", "by", "less", "back", "out"}
    for m in re.finditer(r"\b(\w{3,}) (and|or) \1\b", text, re.IGNORECASE):
        if m.group(1).lower() not in idioms and not m.group(1).lower().endswith("er"):
            return m.group()
    return None


def repeated_modifier_list(text: str) -> str | None:
    """Rejected (one WMT23 document): the same modifier opening three list items
    ("comprehensive learning, comprehensive understanding, and comprehensive ...")."""
    m = re.search(r"\b([a-z]{5,}) [\w-]+, \1 [\w-]+,? (?:and |or )?\1 [\w-]+", text)
    return m.group() if m else None


def both_but_also(text: str) -> str | None:
    """Rejected (4 records): "both X, but also Y" (既...也...)."""
    m = re.search(r"\bboth\b[^.;]{1,120}?\bbut also\b", text)
    return m.group() if m else None


def comma_modal(text: str) -> str | None:
    """Rejected: a modal right after a comma with no subject (", can not form"); appositives
    ("The first lady, Li Xue, could only") and lists of predicates are grammatical."""
    m = re.search(r"\w+, (?:can|must|should|will|cannot|may|could|would)(?: not)? [a-z]+", text)
    return m.group() if m else None


def of_chain(text: str) -> str | None:
    """Rejected (WMT23 precision 0.21, biomedical 0 of 2): three "of" phrases in a row
    (的 chains: "of the protection of the rights of members of"); titles of bodies do it too."""
    np = r"(?:the |a |an )?[\w-]+(?: [\w-]+){0,2}"
    m = re.search(rf"\bof {np} of {np} of\b", text)
    return m.group() if m else None


def comma_bare_verb(text: str) -> str | None:
    """Rejected (parse; WMT23 precision 0.39, 5 segments, biomedical 0 of 3): a base-form verb
    after a comma, where the last verb before it is finite (", grasp the regularity"):
    Chinese serial verbs; the tagger also reads nouns as verbs ("rate, recurrence time")."""
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    _parse(sentences)
    for s in sentences:
        tags = _PARSES[s]
        if not tags or tags[0][1] == "VB":
            continue
        for i in range(1, len(tags)):
            if tags[i][1] != "VB":
                continue
            k = i - 1
            while k > 0 and tags[k][1] == "RB":
                k -= 1
            verbs = [t for t in tags[:k] if t[1].startswith("VB") or t[1] in {"MD", "TO"}]
            if tags[k][0] == "," and verbs and verbs[-1][1] in {"VBZ", "VBD", "VBP"}:
                return " ".join(t[0] for t in tags[max(0, k - 3) : i + 3])
    return None


CANDIDATES: dict[str, Rule] = {
    "loop3 (kept: repeated-phrase)": loop3,
    "doubled-function-word (repeated-phrase)": doubled_function_word,
    "function-word-before-comma": function_word_before_comma,
    "which/and-fragment": which_or_and_fragment,
    "comma-splice-pronoun": comma_splice_pronoun,
    "is-because": is_because,
    "headline-comma": headline_comma,
    "label-without-colon": label_without_colon,
    "empty-brackets (kept, minor: empty-brackets)": empty_brackets,
    "according-to-said": according_to_said,
    "question-two-finite": question_two_finite,
    "capital-after-semicolon": capital_after_semicolon,
    "imperative-any-text (kept guarded: imperative-in-narrative)": imperative_any_text,
    "subjectless-finite (parse)": subjectless_finite,
    "comma-splice (parse)": comma_splice,
    "participle-after-preposition (kept: truncated-sentence)": participle_after_preposition,
    "preposition-adjective-punct": preposition_adjective_punct,
    "empty-conjunct": empty_conjunct,
    "modifier-before-boundary (parse)": modifier_before_boundary_tagged,
    "several-empty-brackets (left minor: empty-brackets)": several_empty_brackets,
    "through-to-verb": through_to_verb,
    "x-and-x": x_and_x,
    "repeated-modifier-list": repeated_modifier_list,
    "both-but-also": both_but_also,
    "comma-modal": comma_modal,
    "comma-bare-verb (parse)": comma_bare_verb,
    "of-chain": of_chain,
}


def print_candidates(records: Sequence[Record], evidence: dict[str, bool], show: int) -> None:
    for name, rule in CANDIDATES.items():
        print(f"\n{name}")
        examples: list[str] = []
        for ds in DATASETS:
            mt = [r for r in records if r.dataset == ds and not r.is_human]
            hum = [r for r in records if r.dataset == ds and r.is_human]
            hits = [(r, m) for r in mt if (m := rule(r.target))]
            tp = sum(r.gold for r, _ in hits)
            new_tp = sum(1 for r, _ in hits if r.gold and not evidence[r.id])
            new_fp = sum(1 for r, _ in hits if not r.gold and not evidence[r.id])
            hum_hits = sum(1 for r in hum if rule(r.target))
            prec = f"{tp / len(hits):.2f}" if hits else "   -"
            print(
                f"  {ds:20s} fires {len(hits):4d} ({len(hits) / len(mt):.3f}) prec {prec}"
                f"  newTP {new_tp:3d} newFP {new_fp:3d}  human {hum_hits}/{len(hum)}"
            )
            examples += [f"    {'+' if r.gold else '-'} {m[:60]!r}" for r, m in hits[:show]]
        print("\n".join(examples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cache", action="store_true", help="rerun the checks")
    parser.add_argument("--show", type=int, default=0, help="examples per candidate and dataset")
    args = parser.parse_args()
    records = load_records()
    outputs = run_pipeline(records, use_models=False, cache=not args.no_cache)
    findings = {o["id"]: [Finding.from_dict(f) for f in o["findings"]] for o in outputs}
    evidence = {rid: rule_evidence(fs) for rid, fs in findings.items()}
    print("== rule evidence (major Fluency/Style, non-translation, critical)")
    print_evidence(records, evidence)
    print("\n== per check: MT records fired / gold rate there, per dataset; human records fired")
    print_per_check(records, findings)
    print("\n== candidate rules (text tests), MT per dataset and human translations")
    print_candidates(records, evidence, args.show)


if __name__ == "__main__":
    main()
