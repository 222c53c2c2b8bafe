"""Turn loaded files into the translation units that the checks see.

A target may come as ready-made units (JSONL, CSV, XLIFF, TMX) or as a whole
document; a source or reference given as a document is aligned to the target
sentence by sentence (:mod:`qa.align`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from qa.io import Loaded
from qa.model import Unit
from qa.pipeline import units_from_document


def target_units(target: Loaded) -> list[Unit]:
    if target.document is not None:
        return units_from_document(target.document)
    return list(target.units)


def _side_sentences(loaded: Loaded, field: str) -> list[str]:
    if loaded.document is not None:
        return [s.text for s in loaded.document.segments if s.content]
    values = [getattr(u, field) or u.target for u in loaded.units]
    return values


def attach(
    units: list[Unit],
    other: Loaded,
    field: str,
    use_models: bool = True,
    notes: list[str] | None = None,
) -> list[Unit]:
    """Attach the sentences of ``other`` to ``units`` as their ``source`` or ``reference``.

    Segment files with as many segments as the target pair one to one; anything
    else is aligned (bilingually for a source, monolingually for a reference).
    """
    content = [i for i, u in enumerate(units) if u.content]
    sentences = _side_sentences(other, "target")
    if other.document is None and len(sentences) == len(content):
        out = list(units)
        for index, sentence in zip(content, sentences, strict=True):
            changes: dict[str, Any] = {field: sentence}
            out[index] = replace(out[index], **changes)
        return out
    from qa.align import AlignSettings, Mode, attach_aligned

    mode: Mode = "bilingual" if field == "source" else "monolingual"
    settings = AlignSettings(mode=mode, use_model=use_models)
    return attach_aligned(units, sentences, field, mode, settings, notes)


def build_units(
    target: Loaded,
    source: Loaded | None = None,
    reference: Loaded | None = None,
    use_models: bool = True,
    notes: list[str] | None = None,
) -> list[Unit]:
    units = target_units(target)
    if source is not None:
        units = attach(units, source, "source", use_models, notes)
    if reference is not None:
        units = attach(units, reference, "reference", use_models, notes)
    return units
