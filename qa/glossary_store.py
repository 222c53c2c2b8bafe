"""Editing glossaries on disk: add, change, delete, import, export, with history and conflict checks.

Used by the UI and ``tqa glossary import``. Three promises:

* a save is atomic: written to a temporary file in the same folder, flushed,
  then ``os.replace``-d over the old one, so an interrupted save leaves the
  previous file intact;
* every save first keeps the previous version in ``.<name>.history/`` so it
  can be listed and restored;
* a save refuses (:class:`~qa.errors.ConflictError`) when the file changed on
  disk since it was loaded (someone else saved), instead of losing either
  edit; the caller reloads, re-applies and saves again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from qa.errors import ConflictError, InputError
from qa.glossary import (
    Glossary,
    GlossaryEntry,
    format_of,
    merge_entries,
    parse_glossary,
    serialize,
)

log = logging.getLogger(__name__)

HISTORY_KEEP = 50


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half of one."""
    if path.is_symlink():
        path = path.resolve()  # update the linked file; replacing the link would fork it
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); the saved file keeps the old one's
        # permissions (a shared glossary stays readable by the team) or the umask's.
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


@dataclass(frozen=True)
class Version:
    """A saved earlier state of the glossary file."""

    path: Path
    saved_at: float

    @property
    def label(self) -> str:
        return self.path.name


class GlossaryStore:
    """One glossary file opened for editing.

    ``entries`` is the working copy; :meth:`save` writes it back in the
    file's own format.
    """

    def __init__(self, path: str | Path, fmt: str | None = None):
        self.path = Path(path)
        self.fmt = fmt or format_of(self.path)
        self.entries: list[GlossaryEntry] = []
        self._loaded_digest: str | None = None
        self.name = self.path.name
        self.reload()

    # ------------------------------------------------------------------ loading

    def _read(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def reload(self) -> None:
        """(Re)read the file, dropping unsaved edits."""
        data = self._read()
        if data is None:
            self.entries = []
            self._loaded_digest = None
            return
        glossary = parse_glossary(
            data, str(self.path), "tbx" if self.fmt == "tbx2008" else self.fmt
        )
        if self.fmt == "tbx" and b"<martif" in data[:4096].replace(b"\x00", b""):
            self.fmt = "tbx2008"  # save a TBX-Basic 2008 file in its own dialect, not as v3
        self.entries = list(glossary.entries)
        self._loaded_digest = _digest(data)

    @property
    def glossary(self) -> Glossary:
        return Glossary(self.name, tuple(self.entries), str(self.path))

    def changed_on_disk(self) -> bool:
        data = self._read()
        current = None if data is None else _digest(data)
        return current != self._loaded_digest

    # ------------------------------------------------------------------ editing

    def _index(self, source: str) -> int:
        for i, entry in enumerate(self.entries):
            if entry.source == source.strip() or (not entry.source and entry.key == source):
                return i
        raise KeyError(f"no entry for {source!r}")

    def add(self, entry: GlossaryEntry) -> None:
        if entry.empty:
            raise InputError(
                "an entry needs a source term and a rendering, or a forbidden variant",
                str(self.path),
            )
        if any(e.key == entry.key for e in self.entries):
            raise InputError(
                f"an entry for {entry.source or entry.key} already exists; change it instead",
                str(self.path),
            )
        self.entries.append(replace(entry, origin=self.name, row=None))

    def change(self, source: str, **fields: object) -> GlossaryEntry:
        """Replace fields of the entry for ``source`` (``targets=("a", "b")``, ``note="..."``)."""
        i = self._index(source)
        updated = replace(self.entries[i], **fields)  # type: ignore[arg-type]
        if updated.empty:
            raise InputError("the change would leave the entry empty", str(self.path))
        if any(j != i and e.key == updated.key for j, e in enumerate(self.entries)):
            raise InputError(
                f"an entry for {updated.source or updated.key} already exists; change that one",
                str(self.path),
            )
        self.entries[i] = updated
        return updated

    def delete(self, source: str) -> GlossaryEntry:
        return self.entries.pop(self._index(source))

    def import_from(self, other: Glossary, overwrite: bool = False) -> tuple[int, int]:
        """Add the entries of ``other``; existing terms are kept unless ``overwrite``. Returns (added, replaced)."""
        added = replaced = 0
        keys = {e.key: i for i, e in enumerate(self.entries)}
        # Repeated rows of one term are merged first, as the checks read them; otherwise
        # the import would keep one row's renderings and silently drop the other's.
        for entry in merge_entries(other.entries):
            entry = replace(entry, origin=self.name, row=None)
            if entry.key in keys:
                if overwrite:
                    self.entries[keys[entry.key]] = entry
                    replaced += 1
                continue
            keys[entry.key] = len(self.entries)
            self.entries.append(entry)
            added += 1
        return added, replaced

    def export(self, fmt: str) -> bytes:
        return serialize(self.glossary, fmt)

    # ------------------------------------------------------------------ saving

    @property
    def history_dir(self) -> Path:
        return self.path.parent / f".{self.path.name}.history"

    def save(self, force: bool = False) -> None:
        """Write the working copy atomically, keeping the previous version in the history.

        Raises :class:`ConflictError` when the file changed on disk since it
        was loaded, unless ``force``.
        """
        data = serialize(self.glossary, self.fmt)
        with self._locked():
            current = self._read()
            current_digest = None if current is None else _digest(current)
            if not force and current_digest != self._loaded_digest:
                raise ConflictError(
                    f"{self.path} was changed by someone else since it was loaded; "
                    "reload it and apply your edits again (nothing was written)"
                )
            if current is not None:
                self._refuse_losing_sheets(current)
                self._keep(current)
            atomic_write(self.path, data)
        self._loaded_digest = _digest(data)
        log.info("saved %s (%d entries)", self.path, len(self.entries))

    def _refuse_losing_sheets(self, current: bytes) -> None:
        """tqa reads and writes one worksheet; saving over a workbook with more would drop them."""
        if self.fmt != "xlsx":
            return
        from io import BytesIO

        from openpyxl import load_workbook

        book = load_workbook(BytesIO(current), read_only=True)
        names = book.sheetnames
        book.close()
        if len(names) > 1:
            raise InputError(
                f"the workbook has {len(names)} sheets and tqa keeps only the first "
                f"({names[0]}); export the glossary to a new file instead (nothing was written)",
                str(self.path),
            )

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold an advisory lock so that two savers cannot both pass the conflict check."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.parent / f".{self.path.name}.lock"
        with open(lock_path, "a+b") as handle:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: the digest check alone
                yield
                return
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _keep(self, data: bytes) -> None:
        folder = self.history_dir
        folder.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        numbers = [int(p.name.split("-", 1)[0]) for p in folder.iterdir() if p.name[:5].isdigit()]
        atomic_write(folder / f"{max(numbers, default=0) + 1:05d}-{stamp}{self.path.suffix}", data)
        for old in self.history()[HISTORY_KEEP:]:
            old.path.unlink(missing_ok=True)

    def history(self) -> list[Version]:
        """Earlier versions, newest first."""
        if not self.history_dir.is_dir():
            return []
        # Hidden ``.*.tmp`` files are saves cut off by a crash, never versions to restore.
        versions = [
            Version(p, p.stat().st_mtime)
            for p in self.history_dir.iterdir()
            if p.is_file() and not p.name.startswith(".")
        ]
        return sorted(versions, key=lambda v: v.path.name, reverse=True)

    def restore(self, version: Version | str, force: bool = False) -> None:
        """Make an earlier version current (the version replaced goes into the history too)."""
        path = version.path if isinstance(version, Version) else self.history_dir / version
        if not path.is_file():
            raise InputError("no such version in the history", str(path))
        fmt = "tbx" if self.fmt == "tbx2008" else self.fmt
        glossary = parse_glossary(path.read_bytes(), str(path), fmt)
        self.entries = list(glossary.entries)
        self.save(force=force)
