"""Turn loaded files into the translation units that the checks see.

A target may come as ready-made units (JSONL, CSV, XLIFF, TMX) or as a whole
document; a source or reference given as a document is paired with the
target sentence by sentence.
"""

from __future__ import annotations

from dataclasses import replace

from qa.errors import InputError
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


def attach(units: list[Unit], other: Loaded, field: str) -> list[Unit]:
    """Attach the sentences of ``other`` to ``units`` as their ``source`` or ``reference``."""
    content = [i for i, u in enumerate(units) if u.content]
    sentences = _side_sentences(other, "target")
    if len(sentences) != len(content):
        raise InputError(
            f"has {len(sentences)} sentences but the translation has {len(content)}; "
            "give line-aligned files or use `tqa align` first",
            other.path,
        )
    out = list(units)
    for index, sentence in zip(content, sentences, strict=True):
        out[index] = replace(out[index], **{field: sentence})
    return out


def build_units(
    target: Loaded, source: Loaded | None = None, reference: Loaded | None = None
) -> list[Unit]:
    units = target_units(target)
    if source is not None:
        units = attach(units, source, "source")
    if reference is not None:
        units = attach(units, reference, "reference")
    return units
