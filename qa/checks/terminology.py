"""Terminology and calque checks against the active glossaries and segment term constraints.

Every check here reads one shared analysis per unit (:func:`analyse_unit`):
which glossary source terms the Chinese source holds (found on jieba word
boundaries), and for each, whether the English target has an approved
rendering (inflection- and case-aware), only a wrong-case one, a forbidden
variant, the Chinese left as is, or nothing. :func:`consistency_table` gives
the per-term view across a document or batch (each rendering, its count, its
documents) for the UI, the reports and ``tqa glossary terms``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qa.checks.registry import CheckContext, Hit, register
from qa.glossary import EntryKind, GlossaryEntry, GlossarySet
from qa.model import Category, Severity, Unit
from qa.termmatch import ChineseTermFinder, Match, drop_overlaps, first_word_forms, index

OK = "approved"
CASE = "case"
FORBIDDEN = "forbidden"
UNTRANSLATED = "untranslated"
MISSING = "missing"
# An approved rendering seen in a target with no source: which term it translates is a guess.
UNVERIFIED = "no source"


@dataclass(frozen=True)
class TermOccurrence:
    """A source term seen in one unit and what the target made of it."""

    entry: GlossaryEntry
    status: str
    source_start: int | None = None
    source_end: int | None = None
    approved: tuple[Match, ...] = ()
    forbidden: tuple[Match, ...] = ()
    constraint: bool = False

    @property
    def rendering(self) -> str:
        """The rendering used, as the glossary spells it (or the forbidden surface)."""
        if self.status in {OK, CASE} and self.approved:
            return self.approved[0].rendering
        if self.status == FORBIDDEN and self.forbidden:
            return self.forbidden[0].surface
        return f"({self.status})"


def has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def _severity(entry: GlossaryEntry) -> Severity | None:
    return Severity(entry.severity) if entry.severity else None


def _find_all(target: str, renderings: Sequence[str], entry: GlossaryEntry) -> list[Match]:
    idx = index(target)
    found = [m for r in renderings for m in idx.find(r, entry.case)]
    return drop_overlaps(found) if len(found) > 1 else found


def _entries_by_first_word(gset: GlossarySet) -> dict[str, list[GlossaryEntry]]:
    """Entries keyed by the forms of the first word of each of their English phrases.

    A target can only contain an entry's rendering or forbidden variant if it
    contains that phrase's first word, so each unit is matched against the
    few entries whose words it has, not the whole glossary.
    """
    table: dict[str, list[GlossaryEntry]] = {}
    for entry in gset.entries:
        keys: set[str] = set()
        for phrase in (*entry.targets, *entry.forbidden):
            keys |= first_word_forms(phrase, entry.case)
        for key in keys:
            table.setdefault(key, []).append(entry)
    return table


def _positions_by_first_word(gset: GlossarySet) -> dict[str, tuple[int, ...]]:
    """:func:`_entries_by_first_word` as positions in ``gset.entries`` (every position of each entry)."""
    table = gset._cache.get("by_first_word")
    if table is None:
        table = gset._cache["by_first_word"] = _entries_by_first_word(gset)
    where: dict[int, list[int]] = {}
    for position, entry in enumerate(gset.entries):
        where.setdefault(id(entry), []).append(position)
    return {
        form: tuple(sorted({p for e in entries for p in where[id(e)]}))
        for form, entries in table.items()
    }


def _candidate_entries(target: str, gset: GlossarySet) -> list[GlossaryEntry]:
    """The entries whose English phrases may occur in ``target``, in glossary order.

    A target holds an entry's phrase only if it holds the phrase's first
    word, so the few entries indexed under its words are all there is to
    match, not the whole glossary; the last answer is kept, as two checks
    ask it for the same target one after the other.
    """
    last = gset._cache.get("candidates_last")
    if last is not None and last[0] == target:
        return last[1]
    table = gset._cache.get("positions_by_first_word")
    if table is None:
        table = gset._cache["positions_by_first_word"] = _positions_by_first_word(gset)
    positions: set[int] = set()
    for form in index(target).by_form.keys() & table.keys():
        positions.update(table[form])
    entries = [gset.entries[p] for p in sorted(positions)]
    gset._cache["candidates_last"] = (target, entries)
    return entries


def _covered(m: Match, others: Sequence[Match]) -> bool:
    """A forbidden match inside an approved one is part of the right name, not a use of the wrong one."""
    return any(o.start <= m.start and m.end <= o.end for o in others)


def judge(
    entry: GlossaryEntry,
    target: str,
    source_span: tuple[int, int] | None = None,
    constraint: bool = False,
) -> TermOccurrence:
    """What the target did with the source term of ``entry``."""
    approved = _find_all(target, entry.targets, entry)
    good = [m for m in approved if m.case_ok]
    forbidden = [m for m in _find_all(target, entry.forbidden, entry) if not _covered(m, good)]
    start, end = source_span if source_span else (None, None)

    def occ(status: str, matches: Sequence[Match] = ()) -> TermOccurrence:
        return TermOccurrence(
            entry, status, start, end, tuple(matches), tuple(forbidden), constraint
        )

    if good:
        return occ(OK, good)
    if approved:
        return occ(CASE, approved)
    if forbidden:
        return occ(FORBIDDEN)
    if entry.source and has_cjk(entry.source) and entry.source in target:
        return occ(UNTRANSLATED)
    return occ(MISSING)


def _constraint_entries(unit: Unit) -> list[GlossaryEntry]:
    return [
        GlossaryEntry(source=t.source.strip(), targets=(t.target.strip(),), origin="segment")
        for t in unit.terms
        if t.target.strip()
    ]


def _finder(gset: GlossarySet | None) -> ChineseTermFinder | None:
    if gset is None:
        return None
    # Whether the set has bilingual entries, asked once (listing them costs a pass over all).
    bilingual = gset._cache.get("has_bilingual")
    if bilingual is None:
        bilingual = gset._cache["has_bilingual"] = bool(gset.bilingual)
    return gset.source_matcher() if bilingual else None


def analyse_unit(
    unit: Unit, gset: GlossarySet | None, cache: dict | None = None
) -> list[TermOccurrence]:
    """Occurrences of constrained and glossary source terms in ``unit``.

    Segment constraints apply whether or not their source term is found (the
    record says the term is there); glossary entries apply where the source
    holds the term on word boundaries. A constraint beats a glossary entry for
    the same source term.
    """
    key = ("terms", unit.id, unit.doc_id, unit.target, unit.source, unit.terms)
    if cache is not None and key in cache:
        return cache[key]
    out: list[TermOccurrence] = []
    constrained = set()
    for entry in _constraint_entries(unit):
        span = None
        if unit.source and entry.source and entry.source in unit.source:
            s = unit.source.index(entry.source)
            span = (s, s + len(entry.source))
        constrained.add(entry.key)
        out.append(judge(entry, unit.target, span, constraint=True))
    finder = _finder(gset)
    if gset is not None and finder is not None and unit.source:
        for m in finder.find(unit.source):
            found = gset.lookup(m.term)
            if found is None or found.key in constrained:
                continue
            out.append(judge(found, unit.target, (m.start, m.end)))
    if cache is not None:
        cache[key] = out
    return out


def _occurrences(unit: Unit, ctx: CheckContext) -> list[TermOccurrence]:
    return analyse_unit(unit, ctx.glossary, ctx.cache)


def _missing_hit(occ: TermOccurrence, unit: Unit) -> Hit:
    entry = occ.entry
    wanted = " | ".join(f"'{t}'" for t in entry.targets)
    if occ.source_start is not None and occ.source_end is not None:
        start, end, side = occ.source_start, occ.source_end, "source"
    else:
        start, end, side = 0, 0, "target"
    return Hit(
        start,
        end,
        f"{entry.source or 'The term'} should be rendered as {wanted}; no approved rendering found",
        suggestion=entry.targets[0] if entry.targets else None,
        evidence=_evidence(entry),
        side=side,
        severity=_severity(entry),
    )


def _evidence(entry: GlossaryEntry) -> str:
    where = entry.origin or "glossary"
    if entry.row is not None:
        where += f":{entry.row}"
    text = f"{entry.label()} [{where}]"
    return f"{text} — {entry.note}" if entry.note else text


@register(
    "term-missing",
    Category.TERMINOLOGY,
    Severity.MAJOR,
    "A glossary term is in the source but none of its approved renderings is in the translation.",
    needs=("source", "glossary"),
)
def term_missing(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    for occ in _occurrences(unit, ctx):
        if not occ.constraint and occ.status == MISSING:
            yield _missing_hit(occ, unit)


@register(
    "term-untranslated",
    Category.TERMINOLOGY,
    Severity.MAJOR,
    "A glossary source term was left in Chinese in the translation.",
    needs=("glossary",),
)
def term_untranslated(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    finder = _finder(ctx.glossary)
    if finder is None:
        return
    for m in finder.find(unit.target):
        entry = ctx.glossary.lookup(m.term)
        if entry is None or not has_cjk(m.term):
            continue  # "COVID-19" is a source term that is also its own rendering
        yield Hit(
            m.start,
            m.end,
            f"Glossary term {m.term} left untranslated",
            suggestion=entry.targets[0] if entry.targets else None,
            evidence=_evidence(entry),
            severity=_severity(entry),
        )


@register(
    "term-constraint",
    Category.TERMINOLOGY,
    Severity.MAJOR,
    'A term required for this segment (its "terms" list) is not rendered as required.',
    needs=("terms",),
)
def term_constraint(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    for occ in _occurrences(unit, ctx):
        if not occ.constraint or occ.status == OK:
            continue
        if occ.status == CASE:
            m = occ.approved[0]
            yield Hit(
                m.start,
                m.end,
                f"Required term written {m.surface!r}, expected {m.form or m.rendering!r}",
                suggestion=m.form or m.rendering,
                evidence=_evidence(occ.entry),
                severity=Severity.MINOR,
            )
        elif occ.status == FORBIDDEN:
            m = occ.forbidden[0]
            yield Hit(
                m.start,
                m.end,
                f"{m.surface!r} used where {occ.entry.targets[0]!r} is required",
                suggestion=occ.entry.targets[0],
                evidence=_evidence(occ.entry),
            )
        else:
            yield _missing_hit(occ, unit)


def _distinctive(surface: str) -> bool:
    """Wording that is wrong wherever it appears: several words, or no ordinary English word."""
    from qa.lexicon import is_word
    from qa.termmatch import tokenize

    tokens = tokenize(surface)
    return len(tokens) > 1 or not any(is_word(t.text.lower()) or is_word(t.text) for t in tokens)


def _inside_name(text: str, m: Match) -> bool:
    """A lower-case phrase written with capitals mid-sentence is part of a proper name."""
    words = m.surface.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if not capitalised or m.form != m.form.lower():
        return False
    before = text[: m.start].rstrip()
    sentence_start = not before or before[-1] in ".!?:;\"“'‘(（【[-—"
    return len(capitalised) > (1 if sentence_start else 0)


def _consistent_choice(alternatives: Sequence[str], gset: GlossarySet) -> str:
    """The first alternative that no wording rule of the loaded glossaries discourages.

    A fix must not earn a finding of its own: with the house style's ``US`` ->
    ``U.S.`` loaded, ``Sino-US`` is to become ``U.S.-China``, not the list's
    first ``US-China``. Rules tied to a source term are left out (they apply
    only where the source has it).
    """
    for text in alternatives:
        if not any(
            not entry.source
            and entry.forbidden
            and any(
                not _covered(m, [a for a in _find_all(text, entry.targets, entry) if a.case_ok])
                for m in _find_all(text, entry.forbidden, entry)
            )
            for entry in _candidate_entries(text, gset)
        ):
            return text
    return alternatives[0]


def _forbidden_hits(unit: Unit, ctx: CheckContext, kind: EntryKind) -> Iterator[Hit]:
    gset: GlossarySet | None = ctx.glossary
    if gset is None:
        return
    seen: set[tuple[int, int]] = set()  # two entries forbidding the same wording: report it once
    hits: list[Hit] = []
    in_source = {o.entry.key for o in _occurrences(unit, ctx)} if unit.source else set()
    for entry in _candidate_entries(unit.target, gset):
        if entry.category is not kind or not entry.forbidden:
            continue
        if entry.source and unit.source and entry.key not in in_source:
            continue  # the wording may translate something else in this source
        wrong = _find_all(unit.target, entry.forbidden, entry)
        if not wrong:
            continue  # the usual case: no need to look for the approved renderings
        approved = [m for m in _find_all(unit.target, entry.targets, entry) if m.case_ok]
        for m in wrong:
            if _covered(m, approved) or (m.start, m.end) in seen:
                continue
            if entry.source and not unit.source and not _distinctive(m.surface):
                continue  # 'carved' or 'millet' is wrong only where 刻蚀 or 小米 was meant
            if kind is EntryKind.STYLE and _inside_name(unit.target, m):
                continue  # 'Shanshan Enterprise', 'Thought ... for a New Era': a name, not wording
            seen.add((m.start, m.end))
            # Approved phrases that contain the wording (state-owned enterprises) only
            # excuse it there (_covered); they are no replacement to suggest.
            instead = [t for t in entry.targets if m.surface.casefold() not in t.casefold()]
            better = " or ".join(f"'{t}'" for t in instead) or "rephrase"
            hits.append(
                Hit(
                    m.start,
                    m.end,
                    f"{m.surface!r} is discouraged; use {better}"
                    + (f" ({entry.note})" if entry.note else ""),
                    suggestion=_consistent_choice(instead, gset) if instead else None,
                    evidence=_evidence(entry),
                    severity=_severity(entry),
                    subcategory=entry.subcategory or None,
                )
            )
    # 'US' inside 'Sino-US': the longer wording's finding says it all.
    for hit in hits:
        if not any(
            o is not hit
            and o.start <= hit.start
            and hit.end <= o.end
            and o.end - o.start > hit.end - hit.start
            for o in hits
        ):
            yield hit


@register(
    "term-forbidden",
    Category.TERMINOLOGY,
    Severity.MAJOR,
    "A rendering the glossary forbids (a wrong or superseded name) is used.",
    needs=("glossary",),
)
def term_forbidden(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    yield from _forbidden_hits(unit, ctx, EntryKind.TERMINOLOGY)


@register(
    "style-calque",
    Category.STYLE,
    Severity.MINOR,
    "Wording calqued from Chinese (e.g. 'Sino-US', 'dialogue window') that reads as translationese.",
    needs=("glossary",),
    subcategory="calque",
)
def style_calque(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    yield from _forbidden_hits(unit, ctx, EntryKind.STYLE)


@register(
    "term-case",
    Category.TERMINOLOGY,
    Severity.MINOR,
    "A glossary rendering is written in the wrong case (e.g. 'Csia', 'semiconductor industry association').",
    needs=("glossary",),
)
def term_case(unit: Unit, ctx: CheckContext) -> Iterator[Hit]:
    gset: GlossarySet | None = ctx.glossary
    if gset is None:
        return
    if unit.source:
        occurrences = [o for o in _occurrences(unit, ctx) if not o.constraint and o.status == CASE]
        matches = [(o.entry, m) for o in occurrences for m in o.approved]
    else:
        # No source to tell which term is meant: any wrong-case approved rendering.
        matches = []
        for entry in _candidate_entries(unit.target, gset):
            if not entry.source:
                continue
            found = _find_all(unit.target, entry.targets, entry)
            if found and not any(m.case_ok for m in found):
                matches += [(entry, m) for m in found]
    seen: set[tuple[int, int]] = set()
    for entry, m in matches:
        if (m.start, m.end) in seen:
            continue  # the same rendering approved by two entries (full name and short form)
        seen.add((m.start, m.end))
        spelling = m.form or m.rendering
        yield Hit(
            m.start,
            m.end,
            f"Written {m.surface!r}; the glossary spells it {spelling!r}",
            suggestion=spelling,
            evidence=_evidence(entry),
            severity=_severity(entry),
        )


# --------------------------------------------------------------------------- consistency


@dataclass(frozen=True)
class TermUsage:
    """One row of the consistency table: how one source term was rendered, how often, where."""

    source: str
    approved: tuple[str, ...]
    rendering: str
    status: str
    count: int
    documents: tuple[str, ...]
    units: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "approved": list(self.approved),
            "rendering": self.rendering,
            "status": self.status,
            "count": self.count,
            "documents": list(self.documents),
            "units": list(self.units),
        }


_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "a", "an", "to"})


def _initials(text: str) -> str:
    from qa.termmatch import tokenize

    return "".join(
        t.text[0] for t in tokenize(text) if t.text.lower() not in _FUNCTION_WORDS
    ).upper()


def rendering_group(entry: GlossaryEntry, rendering: str) -> str:
    """Renderings that are one name (an acronym and its expansion) count as one for consistency."""
    if rendering.isupper() and len(rendering) <= 8:
        for other in entry.targets:
            if other != rendering and _initials(other) == rendering:
                return other
    words = _words(rendering)
    for other in entry.targets:
        longer = _words(other)
        if other != rendering and len(longer) > len(words) and longer[: len(words)] == words:
            return other  # a short form of a name: Xinhua / Xinhua News Agency
    return rendering


def _words(text: str) -> list[str]:
    from qa.termmatch import tokenize

    return [t.text.lower() for t in tokenize(text)]


def _usages(
    units: Sequence[Unit], gset: GlossarySet | None, cache: dict | None, sourceless: bool = True
) -> list[tuple[int, TermOccurrence]]:
    """Term occurrences per unit; with ``sourceless``, also approved renderings seen in units with no source."""
    out = []
    for i, unit in enumerate(units):
        if not unit.content:
            continue
        if unit.source or unit.terms:
            out += [(i, o) for o in analyse_unit(unit, gset, cache)]
        elif sourceless and gset is not None:
            # No source: record the approved renderings the target uses (which
            # term they translate is a guess, so the check does not use these).
            for entry in gset.bilingual:
                good = [m for m in _find_all(unit.target, entry.targets, entry) if m.case_ok]
                if good:
                    out.append((i, TermOccurrence(entry, UNVERIFIED, approved=tuple(good))))
    return out


def consistency_table(
    units: Sequence[Unit], gset: GlossarySet | None, cache: dict | None = None
) -> list[TermUsage]:
    """Each glossary term seen in ``units`` with each rendering used, its count and documents."""
    cells: dict[tuple[str, str, str], list[Unit]] = defaultdict(list)
    entries: dict[str, GlossaryEntry] = {}
    for i, occ in _usages(units, gset, cache):
        renderings = (
            {rendering_group(occ.entry, m.rendering) for m in occ.approved}
            if occ.status in {OK, UNVERIFIED}
            else {occ.rendering}
        )
        entries[occ.entry.key] = occ.entry
        for r in renderings:
            cells[(occ.entry.key, r, occ.status)].append(units[i])
    rows = []
    for (key, rendering, status), used in cells.items():
        entry = entries[key]
        rows.append(
            TermUsage(
                source=entry.source,
                approved=entry.targets,
                rendering=rendering,
                status=status,
                count=len(used),
                documents=tuple(dict.fromkeys(u.doc_id for u in used if u.doc_id)),
                units=tuple(u.id for u in used),
            )
        )
    rows.sort(key=lambda r: (r.source, -r.count, r.rendering))
    return rows


@register(
    "term-inconsistent",
    Category.TERMINOLOGY,
    Severity.MINOR,
    "A glossary term is rendered in different approved ways within a document or batch.",
    scope="document",
    needs=("glossary",),
)
def term_inconsistent(units: Sequence[Unit], ctx: CheckContext) -> Iterator[tuple[int, Hit]]:
    by_entry: dict[str, list[tuple[int, TermOccurrence, str]]] = defaultdict(list)
    for i, occ in _usages(units, ctx.glossary, ctx.cache, sourceless=False):
        if occ.status != OK or occ.constraint:
            continue
        for m in occ.approved:
            by_entry[occ.entry.key].append((i, occ, rendering_group(occ.entry, m.rendering)))
    for uses in by_entry.values():
        counts = Counter(group for _, _, group in uses)
        if len(counts) < 2:
            continue
        majority = counts.most_common(1)[0][0]
        seen: set[tuple[int, str]] = set()
        for i, occ, group in uses:
            if group == majority or (i, group) in seen:
                continue
            seen.add((i, group))
            m = next(m for m in occ.approved if rendering_group(occ.entry, m.rendering) == group)
            docs = sorted(
                {units[j].doc_id for j, _, g in uses if g == majority and units[j].doc_id}
            )
            where = f" (documents: {', '.join(docs)})" if docs else ""
            yield (
                i,
                Hit(
                    m.start,
                    m.end,
                    f"{occ.entry.source or 'Term'} rendered as {m.surface!r} here but as {majority!r} "
                    f"in {counts[majority]} other place(s){where}",
                    suggestion=majority,
                    evidence=_evidence(occ.entry),
                ),
            )
