"""When Python's garbage collector walks the heap during check runs.

The checks load large tables once per process; the collector's full
collections would walk them again and again. Kept apart from the pipeline
(which calls it around each run) and the check worker (which applies the
same policy in its own process).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young-generation collections between two full ones during a run (Python's default: 10).
FULL_COLLECTION_EVERY = 1000
_gc_lock = threading.Lock()
_gc_runs = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def rare_full_collections() -> Iterator[None]:
    """Fewer full garbage collections while checks run.

    The tables the checks load (the spaCy model, the Hunspell dictionary,
    lemma tables, the glossary index) are about 700,000 objects that every
    full collection walks, 0.34 s each, and a run of a few thousand segments
    set off two of them: 0.69 of 3.59 s over the 4,104 MQM dev records.
    A run makes little cyclic garbage, and the young generations, where it
    is, are still collected as usual; only the walks over what was loaded
    become rare (3.59 s -> 2.91 s, the same peak memory). Runs in several
    threads share the setting; the last to finish restores Python's.
    """
    global _gc_runs, _gc_saved
    with _gc_lock:
        if _gc_runs == 0:
            _gc_saved = gc.get_threshold()
            young, middle, full = _gc_saved
            gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))
        _gc_runs += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_runs -= 1
            if _gc_runs == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


_frozen = False


def freeze_what_is_loaded() -> None:
    """After a process's first run: collect once, then freeze what survived.

    The first run loads what the checks need (the spaCy model, the
    dictionary, lemma tables, a glossary index). Frozen objects are left out
    of every later garbage collection, at the end of a run and at exit
    alike, so the one full collection made here replaces all the walks over
    those tables that would follow. Only the first run's cyclic garbage
    outlives it, and the collection before freezing leaves almost none.
    """
    global _frozen
    with _gc_lock:
        if _frozen:
            return
        _frozen = True
    gc.collect()
    gc.freeze()
