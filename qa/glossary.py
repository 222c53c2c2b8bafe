"""Glossaries: the entry model, file formats, validation and the active set.

A glossary entry says how a Chinese source term must be rendered in English
(one or more approved renderings), which renderings are wrong (forbidden
variants) and how strictly case counts. An entry with no source term is
*monolingual*: it names discouraged English wording (a calque such as
``Sino-US``) and what to write instead, so it can be checked with no source
text at hand.

Formats: CSV/TSV with a header (``source`` and ``target`` alone make a valid
glossary; ``|`` separates alternatives), TBX (TBX-Basic 2008 ``martif`` and
TBX v3 ``tbx``, parsed with :func:`qa.io.xmlsafe.parse`) and XLSX. Several
glossaries can be active at once; :class:`GlossarySet` resolves them by a
stated precedence (segment constraints, then glossaries in the order given,
then the shipped ones).
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from qa.errors import InputError

log = logging.getLogger(__name__)

ALT_SEP = "|"
SHIPPED_DIR = Path(__file__).resolve().parents[1] / "glossaries"

# Header aliases: the TICO-19 TSV (term_id, zh, en, description) and common
# spreadsheet headings read without renaming columns.
_ALIASES = {
    "source": "source",
    "src": "source",
    "zh": "source",
    "chinese": "source",
    "term": "source",
    "target": "target",
    "tgt": "target",
    "en": "target",
    "english": "target",
    "approved": "target",
    "forbidden": "forbidden",
    "avoid": "forbidden",
    "discouraged": "forbidden",
    "case": "case",
    "note": "note",
    "description": "note",
    "comment": "note",
    "domain": "domain",
    "category": "category",
    "subcategory": "subcategory",
    "severity": "severity",
    "id": "id",
    "term_id": "id",
}
COLUMNS = (
    "source",
    "target",
    "forbidden",
    "case",
    "note",
    "domain",
    "category",
    "subcategory",
    "severity",
    "id",
)


class CasePolicy(StrEnum):
    """How strictly the case of a rendering counts.

    ``auto`` (the default) is strict only where case carries meaning:
    acronyms and mixed-case tokens (``CSIA``, ``iPhone``) must match exactly
    and multi-word proper names (``Semiconductor Industry Association``) must
    keep their capitals; ordinary words may be capitalised at will.
    """

    AUTO = "auto"
    SENSITIVE = "sensitive"
    INSENSITIVE = "insensitive"


class EntryKind(StrEnum):
    TERMINOLOGY = "terminology"
    STYLE = "style"


@dataclass(frozen=True)
class GlossaryEntry:
    """One term (or, with no ``source``, one piece of discouraged English wording)."""

    source: str = ""
    targets: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    case: CasePolicy = CasePolicy.AUTO
    note: str = ""
    domain: str = ""
    category: EntryKind = EntryKind.TERMINOLOGY
    subcategory: str = ""
    severity: str = ""
    id: str = ""
    row: int | None = None
    origin: str = ""
    # Columns of a CSV/TSV/XLSX glossary that tqa does not use (a reviewer's own
    # "approved_by", say), as (header, value): kept so that a save writes them back.
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def monolingual(self) -> bool:
        return not self.source

    @property
    def key(self) -> str:
        """What two entries must share to be about the same thing (for precedence and duplicates)."""
        if self.source:
            return "zh:" + normalize_source(self.source)
        return "en:" + ALT_SEP.join(sorted(f.casefold() for f in self.forbidden))

    @property
    def empty(self) -> bool:
        return not (self.source and self.targets) and not self.forbidden

    def label(self) -> str:
        if self.source:
            return f"{self.source} → {' | '.join(self.targets) or '(no rendering)'}"
        return f"{' | '.join(self.forbidden)} → {' | '.join(self.targets) or '(rephrase)'}"


def normalize_source(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def split_alternatives(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    seen: list[str] = []
    for part in cell.split(ALT_SEP):
        value = " ".join(part.split())
        if value and value not in seen:
            seen.append(value)
    return tuple(seen)


@dataclass(frozen=True)
class Glossary:
    """The entries of one file, in file order; ``name`` is how findings cite it."""

    name: str
    entries: tuple[GlossaryEntry, ...] = ()
    path: str = ""

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Problem:
    """A validation finding about a glossary row; ``level`` is ``error`` or ``warning``."""

    level: str
    message: str
    row: int | None = None
    name: str = ""

    def __str__(self) -> str:
        where = f"{self.name}:{self.row}" if self.row is not None else self.name
        return f"{where}: {self.level}: {self.message}"


# --------------------------------------------------------------------------- rows


def _cell(row: dict[str, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    return str(value).strip()


def entry_from_row(row: dict[str, Any], line: int | None = None, origin: str = "") -> GlossaryEntry:
    """Build an entry from a mapping of canonical column names to cell values."""
    name = origin or ""
    case_text = _cell(row, "case").lower() or CasePolicy.AUTO.value
    try:
        case = CasePolicy(case_text)
    except ValueError as exc:
        choices = ", ".join(c.value for c in CasePolicy)
        raise InputError(f"case must be one of {choices}, not {case_text!r}", name, line) from exc
    kind_text = _cell(row, "category").lower() or EntryKind.TERMINOLOGY.value
    try:
        kind = EntryKind(kind_text)
    except ValueError as exc:
        raise InputError(
            f"category must be terminology or style, not {kind_text!r}", name, line
        ) from exc
    severity = _cell(row, "severity").lower()
    if severity and severity not in {"minor", "major", "critical"}:
        raise InputError(f"severity must be minor, major or critical, not {severity!r}", name, line)
    return GlossaryEntry(
        source=normalize_source(_cell(row, "source")),
        targets=split_alternatives(_cell(row, "target")),
        forbidden=split_alternatives(_cell(row, "forbidden")),
        case=case,
        note=_cell(row, "note"),
        domain=_cell(row, "domain"),
        category=kind,
        subcategory=_cell(row, "subcategory"),
        severity=severity,
        id=_cell(row, "id"),
        row=line,
        origin=origin,
    )


def entry_to_row(entry: GlossaryEntry) -> dict[str, str]:
    return {
        "source": entry.source,
        "target": ALT_SEP.join(entry.targets),
        "forbidden": ALT_SEP.join(entry.forbidden),
        "case": "" if entry.case is CasePolicy.AUTO else entry.case.value,
        "note": entry.note,
        "domain": entry.domain,
        "category": "" if entry.category is EntryKind.TERMINOLOGY else entry.category.value,
        "subcategory": entry.subcategory,
        "severity": entry.severity,
        "id": entry.id,
        **dict(entry.extra),
    }


def table_columns(glossary: Glossary) -> list[str]:
    """The standard columns, then any extra columns the entries carry, in first-seen order."""
    extra = dict.fromkeys(k for e in glossary.entries for k, _ in e.extra if k not in COLUMNS)
    return list(COLUMNS) + list(extra)


def _canonical_header(header: Sequence[str], name: str) -> list[str | None]:
    canonical: list[str | None] = []
    for cell in header:
        key = (cell or "").strip().lstrip("\ufeff").lower()
        canonical.append(_ALIASES.get(key))
    if "source" not in canonical or "target" not in canonical:
        raise InputError(
            "the header must name a 'source' and a 'target' column "
            f"(found: {', '.join(h for h in header if h) or 'nothing'})",
            name,
            1,
        )
    return canonical


def _rows_to_entries(
    rows: Iterable[tuple[int, Sequence[Any]]], header: Sequence[str], name: str
) -> tuple[GlossaryEntry, ...]:
    columns = _canonical_header(header, name)
    entries = []
    for line, cells in rows:
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        record: dict[str, Any] = {}
        extra: list[tuple[str, str]] = []
        for title, column, value in zip(header, columns, cells, strict=False):
            if column and column not in record:
                record[column] = value
            elif column is None and (title or "").strip() and value not in (None, ""):
                extra.append(((title or "").strip(), str(value)))
        entry = entry_from_row(record, line, name)
        entries.append(replace(entry, extra=tuple(extra)) if extra else entry)
    return tuple(entries)


# --------------------------------------------------------------------------- CSV / TSV


def read_delimited(data: bytes, name: str = "", delimiter: str | None = None) -> Glossary:
    """CSV or TSV with a header row; ``delimiter`` is guessed from the header when not given."""
    from qa.io.csv_format import unsafe_cell
    from qa.io.text import decode

    text = decode(data, name)
    first = text.split("\n", 1)[0]
    if delimiter is None:
        delimiter = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [unsafe_cell(c) for c in next(reader)]
    except StopIteration:
        raise InputError("empty glossary file (a header row is required)", name, 1) from None
    except csv.Error as exc:
        raise InputError(f"unreadable header: {exc}", name, 1) from exc

    def rows() -> Iterator[tuple[int, Sequence[str]]]:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"unreadable row: {exc}", name, reader.line_num) from exc
            yield reader.line_num, [unsafe_cell(c) for c in cells]

    return Glossary(Path(name).name or name, _rows_to_entries(rows(), header, name), name)


def write_delimited(glossary: Glossary, delimiter: str = ",") -> bytes:
    from qa.io.csv_format import safe_cell

    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out, fieldnames=table_columns(glossary), delimiter=delimiter, lineterminator="\n"
    )
    writer.writerow({c: safe_cell(c) for c in writer.fieldnames})  # extra titles are user text
    for entry in glossary.entries:
        # Formula-safe like every CSV tqa writes; read_delimited undoes it.
        writer.writerow({k: safe_cell(v) for k, v in entry_to_row(entry).items()})
    return out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- XLSX


def read_xlsx(data: bytes, name: str = "") -> Glossary:
    from openpyxl import load_workbook

    from qa.io.ooxml import check_package

    # The same vetting as segment workbooks: no zip bombs, no entity declarations
    # (openpyxl's parser would expand a billion laughs).
    check_package(data, name, "xl/workbook.xml")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InputError(f"not a readable XLSX workbook: {exc}", name) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(c) if c is not None else "" for c in next(rows)]
    except StopIteration:
        raise InputError("empty worksheet (a header row is required)", name, 1) from None
    numbered = ((line, list(cells)) for line, cells in enumerate(rows, start=2))
    glossary = Glossary(Path(name).name or name, _rows_to_entries(numbered, header, name), name)
    book.close()
    return glossary


def write_xlsx(glossary: Glossary) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "glossary"
    columns = table_columns(glossary)
    sheet.append(columns)
    for entry in glossary.entries:
        row = entry_to_row(entry)
        sheet.append([row.get(c, "") for c in columns])
    # openpyxl stores any string starting with "=" as a formula: a glossary cell (or an
    # extra column's title) would then run in the reviewer's spreadsheet and read back
    # empty. Keep text text.
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- TBX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
_PREFERRED = {"preferredterm-admn-sts", "preferred", "admittedterm-admn-sts", "admitted"}
_DEPRECATED = {
    "deprecatedterm-admn-sts",
    "deprecated",
    "supersededterm-admn-sts",
    "superseded",
    "notrecommended",
}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _typed(element: Any, kind: str) -> str | None:
    """The value of a TBX data category written DCA (``<x type="kind">``) or DCT (``<kind>``) style."""
    for child in element.iter():
        local = _local(child.tag)
        if local in {"termNote", "descrip", "admin", "note"} and child.get("type") == kind:
            return _text(child)
        if local == kind:
            return _text(child)
    return None


def read_tbx(data: bytes, name: str = "") -> Glossary:
    """TBX-Basic 2008 (``martif/termEntry/langSet/tig``) or TBX v3 (``tbx/conceptEntry/langSec/termSec``)."""
    from qa.io.xmlsafe import parse

    root = parse(data, name)
    if _local(root.tag) not in {"martif", "tbx"}:
        raise InputError(
            f"not a TBX file (root element <{_local(root.tag)}>)", name, root.sourceline
        )
    entries = []
    for concept in root.iter():
        if _local(concept.tag) not in {"termEntry", "conceptEntry"}:
            continue
        entries.append(_tbx_entry(concept, name))
    return Glossary(
        Path(name).name or name, tuple(e for e in entries if not e.empty or e.row), name
    )


def _tbx_entry(concept: Any, name: str) -> GlossaryEntry:
    sources: list[str] = []
    targets: list[str] = []
    forbidden: list[str] = []
    for lang_el in concept:
        if _local(lang_el.tag) not in {"langSet", "langSec"}:
            continue
        lang = (lang_el.get(_XML_LANG) or lang_el.get("lang") or "").lower()
        for term_el in lang_el.iter():
            if _local(term_el.tag) != "term":
                continue
            term = _text(term_el)
            if not term:
                continue
            holder = term_el.getparent()
            status = (_typed(holder, "administrativeStatus") or "").replace(" ", "").lower()
            if lang.startswith("zh"):
                sources.append(term)
            elif status in _DEPRECATED:
                forbidden.append(term)
            else:
                targets.append(term)
    row = {
        "source": sources[0] if sources else "",
        "target": ALT_SEP.join(targets),
        "forbidden": ALT_SEP.join(forbidden),
        "case": _typed(concept, "x-case") or "",
        "note": _typed(concept, "definition") or _typed(concept, "note") or "",
        "domain": _typed(concept, "subjectField") or "",
        "category": _typed(concept, "x-category") or "",
        "subcategory": _typed(concept, "x-subcategory") or "",
        "severity": _typed(concept, "x-severity") or "",
        "id": concept.get("id") or "",
    }
    entry = entry_from_row(row, concept.sourceline, name)
    if len(sources) > 1:
        log.info(
            "%s:%s: several Chinese terms in one concept; the first is the source",
            name,
            concept.sourceline,
        )
    return entry


def write_tbx(glossary: Glossary, version: str = "3") -> bytes:
    """TBX v3 (TBX-Basic dialect, DCA style) or, with ``version="2008"``, TBX-Basic 2008."""
    from lxml import etree

    v3 = version != "2008"
    if v3:
        root = etree.Element("tbx", nsmap={None: TBX3_NS}, type="TBX-Basic", style="dca")
        root.set(_XML_LANG, "zh")
        root.addprevious(
            etree.ProcessingInstruction(
                "xml-model",
                'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
                'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
                'schematypens="http://relaxng.org/ns/structure/1.0"',
            )
        )
        ns = "{" + TBX3_NS + "}"
    else:
        root = etree.Element("martif", type="TBX-Basic")
        root.set(_XML_LANG, "zh")
        ns = ""
    header = etree.SubElement(root, ns + ("tbxHeader" if v3 else "martifHeader"))
    file_desc = etree.SubElement(header, ns + "fileDesc")
    source_desc = etree.SubElement(file_desc, ns + "sourceDesc")
    etree.SubElement(source_desc, ns + "p").text = f"Exported by tqa from {glossary.name}"
    body = etree.SubElement(etree.SubElement(root, ns + "text"), ns + "body")
    for index, entry in enumerate(glossary.entries, start=1):
        concept = etree.SubElement(body, ns + ("conceptEntry" if v3 else "termEntry"))
        concept.set("id", entry.id or f"c{index}")
        for kind, value in (
            ("subjectField", entry.domain),
            ("definition", entry.note),
        ):
            if value:
                etree.SubElement(concept, ns + "descrip", type=kind).text = value
        extras = (
            ("x-case", "" if entry.case is CasePolicy.AUTO else entry.case.value),
            ("x-category", "" if entry.category is EntryKind.TERMINOLOGY else entry.category.value),
            ("x-subcategory", entry.subcategory),
            ("x-severity", entry.severity),
        )
        for kind, value in extras:
            if value:
                etree.SubElement(concept, ns + "admin", type=kind).text = value
        if entry.source:
            _tbx_terms(concept, ns, v3, "zh", [(entry.source, "preferredTerm-admn-sts")])
        english = [(t, "preferredTerm-admn-sts") for t in entry.targets]
        english += [(f, "deprecatedTerm-admn-sts") for f in entry.forbidden]
        if english:
            _tbx_terms(concept, ns, v3, "en", english)
    return etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def _tbx_terms(concept: Any, ns: str, v3: bool, lang: str, terms: list[tuple[str, str]]) -> None:
    from lxml import etree

    lang_el = etree.SubElement(concept, ns + ("langSec" if v3 else "langSet"))
    lang_el.set(_XML_LANG, lang)
    for term, status in terms:
        holder = etree.SubElement(lang_el, ns + ("termSec" if v3 else "tig"))
        etree.SubElement(holder, ns + "term").text = term
        etree.SubElement(holder, ns + "termNote", type="administrativeStatus").text = status


# --------------------------------------------------------------------------- dispatch

FORMATS = ("csv", "tsv", "tbx", "xlsx")


def format_of(path: str | Path, data: bytes | None = None) -> str:
    """The glossary format named by the extension, or sniffed from the bytes."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in {"csv", "tsv", "tbx", "xlsx"}:
        return suffix
    if suffix in {"txt", "tab"}:
        return "tsv"
    if data is not None:
        head = data[:512].lstrip()
        if head.startswith(b"PK"):
            return "xlsx"
        if head.startswith(b"<"):
            return "tbx"
        return "tsv" if b"\t" in head.split(b"\n", 1)[0] else "csv"
    raise InputError("unknown glossary format (use .csv, .tsv, .tbx or .xlsx)", str(path))


def parse_glossary(data: bytes, name: str, fmt: str | None = None) -> Glossary:
    fmt = fmt or format_of(name, data)
    if fmt == "tbx":
        return read_tbx(data, name)
    if fmt == "xlsx":
        return read_xlsx(data, name)
    if fmt in {"csv", "tsv"}:
        return read_delimited(data, name, "\t" if fmt == "tsv" else None)
    raise InputError(f"unknown glossary format {fmt!r}", name)


def load_glossary(path: str | Path, fmt: str | None = None) -> Glossary:
    from qa.io import read_bytes

    return parse_glossary(read_bytes(path), str(path), fmt)


def serialize(glossary: Glossary, fmt: str) -> bytes:
    if fmt == "csv":
        return write_delimited(glossary, ",")
    if fmt == "tsv":
        return write_delimited(glossary, "\t")
    if fmt in {"tbx", "tbx3"}:
        return write_tbx(glossary, "3")
    if fmt == "tbx2008":
        return write_tbx(glossary, "2008")
    if fmt == "xlsx":
        return write_xlsx(glossary)
    raise InputError(f"unknown glossary format {fmt!r} (csv, tsv, tbx, tbx2008, xlsx)")


# --------------------------------------------------------------------------- validation


def validate(glossary: Glossary) -> list[Problem]:
    """Empty, duplicate and conflicting entries, each with the row it is on.

    Two rows for the same source term with different renderings are merged as
    alternatives when the glossary is used, so they are a warning; a rendering
    that is both approved and forbidden is an error.
    """
    problems: list[Problem] = []
    seen: dict[str, GlossaryEntry] = {}
    for entry in glossary.entries:
        if entry.empty:
            what = (
                "no approved rendering"
                if entry.source
                else "no source term and no forbidden variant"
            )
            problems.append(Problem("error", f"empty entry: {what}", entry.row, glossary.name))
            continue
        clash = {t.casefold() for t in entry.targets} & {f.casefold() for f in entry.forbidden}
        if clash:
            problems.append(
                Problem(
                    "error",
                    f"{entry.source or 'entry'}: {', '.join(sorted(clash))} is both approved and forbidden",
                    entry.row,
                    glossary.name,
                )
            )
        first = seen.get(entry.key)
        if first is None:
            seen[entry.key] = entry
            continue
        if set(first.targets) == set(entry.targets) and set(first.forbidden) == set(
            entry.forbidden
        ):
            problems.append(
                Problem(
                    "warning",
                    f"duplicate of row {first.row}: {entry.label()}",
                    entry.row,
                    glossary.name,
                )
            )
            continue
        crossed = {t.casefold() for t in entry.targets} & {f.casefold() for f in first.forbidden}
        crossed |= {t.casefold() for t in first.targets} & {f.casefold() for f in entry.forbidden}
        level = "error" if crossed else "warning"
        detail = (
            f"approves what row {first.row} forbids ({', '.join(sorted(crossed))})"
            if crossed
            else f"differs from row {first.row} ({' | '.join(first.targets)}); the renderings are merged"
        )
        problems.append(
            Problem(
                level,
                f"conflicting entry for {entry.source or entry.key}: {detail}",
                entry.row,
                glossary.name,
            )
        )
    return problems


def merge_entries(entries: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """One entry per key, in first-seen order: renderings of repeated rows become alternatives."""
    merged: dict[str, GlossaryEntry] = {}
    for entry in entries:
        if entry.empty:
            continue
        first = merged.get(entry.key)
        if first is None:
            merged[entry.key] = entry
            continue
        merged[entry.key] = replace(
            first,
            targets=first.targets + tuple(t for t in entry.targets if t not in first.targets),
            forbidden=first.forbidden
            + tuple(f for f in entry.forbidden if f not in first.forbidden),
            note=first.note or entry.note,
        )
    return list(merged.values())


# --------------------------------------------------------------------------- the active set


@dataclass
class GlossarySet:
    """The glossaries of a run, highest precedence first.

    Precedence: segment-level constraints (``Unit.terms``) beat every
    glossary; among glossaries the one named first wins (``--glossary A
    --glossary B``: A over B); the shipped glossaries come last. The winning
    entry for a source term (or for a discouraged English phrase) replaces the
    others whole; the losers are listed in :attr:`shadowed`.
    """

    glossaries: list[Glossary] = field(default_factory=list)
    entries: list[GlossaryEntry] = field(default_factory=list)
    shadowed: list[tuple[GlossaryEntry, GlossaryEntry]] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, glossaries: Iterable[Glossary]) -> GlossarySet:
        chosen: dict[str, GlossaryEntry] = {}
        shadowed: list[tuple[GlossaryEntry, GlossaryEntry]] = []
        kept = list(glossaries)
        for glossary in kept:
            for entry in merge_entries(glossary.entries):
                winner = chosen.get(entry.key)
                if winner is None:
                    chosen[entry.key] = entry
                else:
                    shadowed.append((entry, winner))
        return cls(kept, list(chosen.values()), shadowed)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def bilingual(self) -> list[GlossaryEntry]:
        return [e for e in self.entries if e.source]

    @property
    def monolingual(self) -> list[GlossaryEntry]:
        return [e for e in self.entries if not e.source]

    def lookup(self, source: str) -> GlossaryEntry | None:
        by_key = self._cache.get("by_key")
        if by_key is None:
            by_key = self._cache["by_key"] = {e.key: e for e in self.entries}
        return by_key.get("zh:" + normalize_source(source))

    def source_matcher(self) -> Any:
        """A Chinese term finder that knows every source term of the set (built once)."""
        matcher = self._cache.get("zh")
        if matcher is None:
            from qa.termmatch import ChineseTermFinder

            matcher = ChineseTermFinder(e.source for e in self.bilingual)
            self._cache["zh"] = matcher
        return matcher


def shipped_glossary_paths(directory: Path | None = None) -> list[Path]:
    """The glossaries shipped in ``glossaries/`` (none when it is missing, e.g. an installed wheel)."""
    folder = directory or SHIPPED_DIR
    if not folder.is_dir():
        log.info("no shipped glossaries at %s", folder)
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in {".csv", ".tsv", ".tbx", ".xlsx"}
    )


def load_set(paths: Sequence[str | Path] = (), use_defaults: bool = True) -> GlossarySet:
    """Glossaries named by the user (first wins) followed by the shipped ones."""
    glossaries = [load_glossary(p) for p in paths]
    if use_defaults:
        glossaries += [load_glossary(p) for p in shipped_glossary_paths()]
    return GlossarySet.of(glossaries)


def attach_glossaries(ctx: Any, paths: Sequence[str], use_defaults: bool = True) -> None:
    """Load the given glossaries (and, unless switched off, the shipped ones) into ``ctx.glossary``.

    The shipped glossaries are used when no glossary is named, so a bare
    ``tqa check`` already catches known calques; naming a glossary adds it in
    front of them (it wins any clash).
    """
    gset = load_set(paths, use_defaults)
    ctx.glossary = gset if len(gset) else None
    if paths and not len(gset):
        ctx.notice("the glossaries given hold no usable entries")
