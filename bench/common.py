"""Shared helpers for the benchmarks: the MQM dev records, their gold labels, units.

Every benchmark reads the public MQM dev data the same way, so figures from
different scripts are comparable. The rules follow ``../shared/data/README.md``
(section 5.1): a unit is a record with ``is_human_translation == false``; the
gold of ``awkward_or_broken`` is the majority label, except for WMT23 where
three raters rarely agree and the gold is "any rater" (``_frac > 0``).

Run benchmarks from the repository root, e.g. ``.venv/bin/python bench/flags.py``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # scripts run as ``python bench/x.py`` import ``qa`` and ``bench``
    sys.path.insert(0, str(ROOT))

from qa.model import Unit  # noqa: E402

SHARED_DATA = ROOT.parent / "shared" / "data"
MQM_DEV = SHARED_DATA / "mqm_zhen.dev.jsonl"
OUT = ROOT / "bench" / "out"

DATASETS = ("wmt21_ted", "wmt23_general_sxs", "wmt21_biomed")
# Datasets whose primary gold is "any rater" rather than the majority (README 2).
ANY_RATER_DATASETS = frozenset({"wmt23_general_sxs"})


@dataclass(frozen=True)
class Record:
    """One MQM record reduced to what the benchmarks use."""

    id: str
    dataset: str
    doc_id: str
    system: str
    is_human: bool
    source: str
    target: str
    reference: str | None
    gold: int
    labels: dict

    @property
    def group(self) -> str:
        """Document key for grouped cross-validation (doc ids repeat across datasets)."""
        return f"{self.dataset}|{self.doc_id}"


def gold_label(record: dict, label: str = "awkward_or_broken") -> int:
    """The primary binary gold of a raw MQM record (README 5.1)."""
    labels = record["labels"]
    if record["dataset"] in ANY_RATER_DATASETS:
        return int(labels[f"{label}_frac"] > 0)
    return int(labels[label])


def load_records(
    path: Path = MQM_DEV,
    datasets: Iterable[str] | None = None,
    include_human: bool = True,
) -> list[Record]:
    """Records of the MQM file in file order, optionally only some datasets."""
    if not path.exists():
        raise SystemExit(f"MQM data not found at {path} (expected ../shared/data beside the repo)")
    wanted = set(datasets) if datasets else None
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            if wanted is not None and raw["dataset"] not in wanted:
                continue
            if not include_human and raw["is_human_translation"]:
                continue
            out.append(
                Record(
                    id=raw["id"],
                    dataset=raw["dataset"],
                    doc_id=str(raw["doc_id"]),
                    system=raw["system"],
                    is_human=bool(raw["is_human_translation"]),
                    source=raw["source"],
                    target=raw["target"],
                    reference=raw.get("reference"),
                    gold=gold_label(raw),
                    labels=raw["labels"],
                )
            )
    return out


def subsample(records: Sequence[Record], limit: int | None, seed: int = 13) -> list[Record]:
    """A fixed-seed sample of whole documents' worth of records, stratified by dataset.

    Sampling keeps every dataset present (``limit`` records per dataset) so a
    quick run still prints every row of the table.
    """
    if not limit:
        return list(records)
    import random

    out: list[Record] = []
    for ds in DATASETS:
        rows = [r for r in records if r.dataset == ds]
        rng = random.Random(seed)
        out.extend(rows if len(rows) <= limit else rng.sample(rows, limit))
    order = {r.id: i for i, r in enumerate(records)}
    return sorted(out, key=lambda r: order[r.id])


def jsonl_input(records: Sequence[Record]) -> bytes:
    """The records as the JSONL input of ``tqa check --format jsonl``.

    A human translation whose reference is itself gets no reference: comparing
    a text with itself says nothing about it.
    """
    lines = []
    for r in records:
        item: dict[str, object] = {
            "id": r.id,
            "target": r.target,
            "source": r.source,
            "doc_id": r.group,
        }
        if r.reference and r.reference != r.target:
            item["reference"] = r.reference
        lines.append(json.dumps(item, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def units_of(records: Sequence[Record]) -> list[Unit]:
    """Units through the JSONL reader, the same code path as ``tqa check x.jsonl``."""
    from qa.io.jsonl import read_units

    return list(read_units(jsonl_input(records), "mqm_zhen.dev.jsonl"))


def _fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_fingerprint(exclude: Iterable[str] = ("qa/verdict.py", "qa/ui", "qa/cli")) -> str:
    """A hash of the checking code and shipped data, so cached outputs go stale when a check changes.

    The verdict is excluded on purpose: refitting it must not rerun the checks.
    """
    skip = tuple(exclude)
    paths = [
        path
        for path in (ROOT / "qa").rglob("*")
        if path.is_file()
        and not path.relative_to(ROOT).as_posix().startswith(skip)
        and not path.relative_to(ROOT).as_posix().startswith("qa/data/verdict")
        and path.suffix in {".py", ".csv", ".json", ".txt", ".tsv"}
    ]
    glossaries = ROOT / "glossaries"
    if glossaries.exists():
        paths += [p for p in glossaries.rglob("*") if p.is_file()]
    return _fingerprint(paths)


def model_fingerprint() -> str:
    """A hash of the model loader and of the modules of the checks that use a model."""
    import importlib

    from qa.checks.registry import REGISTRY

    modules = {spec.func.__module__ for spec in REGISTRY.values() if spec.uses_model}
    files = [ROOT / "qa" / "models.py"]
    for name in modules:
        module_file = getattr(importlib.import_module(name), "__file__", None)
        if module_file:
            files.append(Path(module_file))
    return _fingerprint(files)


def _run(records: Sequence[Record], path: Path, cache: bool, **kwargs: object) -> dict[str, dict]:
    """Pipeline outputs by id, read from / appended to ``path`` when caching."""
    from qa.io.jsonl import result_record
    from qa.pipeline import make_context, run_checks

    cached: dict[str, dict] = {}
    if cache and path.exists():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                cached[item["id"]] = item
    todo = [r for r in records if r.id not in cached]
    if not todo:
        return cached
    use_models = bool(kwargs.pop("use_models", False))
    ctx = make_context(use_models=use_models)
    results = run_checks(units_of(todo), ctx, **kwargs)  # type: ignore[arg-type]
    for note in ctx.notices:
        print(f"note: {note}", file=sys.stderr)
    fresh = [result_record(r) for r in results]
    for item in fresh:
        item.pop("target", None)
        cached[str(item["id"])] = item
    if cache:
        OUT.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            for item in fresh:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return cached


def run_pipeline(
    records: Sequence[Record],
    use_models: bool = True,
    cache: bool = False,
    tag: str = "mqm_dev",
) -> list[dict]:
    """Per-record pipeline output (``id``, ``findings``, ``penalty``, ``signals``).

    The rule checks and the model checks run as two passes whose outputs are
    merged (findings concatenated, signals united), which is what one pass
    gives, since no check reads another's findings. With ``cache`` each pass is
    kept in ``bench/out/`` under a hash of its own code, so a change to a rule
    check does not rerun the language model, and refitting the verdict reruns
    nothing. ``broken`` is left to the caller (the verdict is what is measured).
    """
    from qa.checks.registry import REGISTRY
    from qa.model import Finding, penalty

    rules = _run(records, OUT / f"{tag}.rules.{code_fingerprint()}.jsonl", cache, use_models=False)
    model_checks = [name for name, spec in REGISTRY.items() if spec.uses_model]
    models: dict[str, dict] = {}
    if use_models and model_checks:
        models = _run(
            records,
            OUT / f"{tag}.models.{model_fingerprint()}.jsonl",
            cache,
            use_models=True,
            select=model_checks,
        )
    out = []
    for r in records:
        item = dict(rules[r.id])
        extra = models.get(r.id)
        if extra is not None:
            item["findings"] = item["findings"] + extra["findings"]
            signals = {**extra.get("signals", {}), **item.get("signals", {})}
            signals.pop("verdict_score", None)
            item["signals"] = signals
            item["penalty"] = penalty(Finding.from_dict(f) for f in item["findings"])
        out.append(item)
    return out
