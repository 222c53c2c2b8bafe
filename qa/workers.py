"""A second process that runs part of each big rule-check batch, so a batch uses two cores.

Why a process: the rule checks are pure Python bound by the GIL, so a thread
would gain nothing. Why one that lives on: a process forked for one batch
starts cold (its copy of every page it touches is made then, and what it
learns about new words is lost when it exits), which cost as much as it
saved (0.65-0.72 s against 0.61-0.70 s serial per 1,000 MQM dev segments).
A worker forked once and kept keeps its caches warm like the parent's, and
over 1,000 unseen dev segments the rule pass takes 0.43 s instead of 0.73 s.

What it runs: the checks that need spaCy, the speller or a reference (the
parse-based structure checks, ``misspelling``, ``reference-agreement``,
``length-vs-reference``), about half of a rule pass by ``bench/speed.py
--profile``. None of them reads the glossary, a model or another family's
per-run cache, so the worker needs only the units and the run's options, and
every check runs whole in one process: the findings are the same as a serial
run's (``tests/test_workers.py`` holds them to it).

When (:func:`usable`): on Linux (fork; macOS forks are unsafe with its system
libraries), with two CPUs or more, from the main thread of a process whose
other threads, if any, are daemon helpers such as tqdm's monitor (a fork
copies only the calling thread, and a lock a working thread held would never
be released in the child; the Streamlit app runs checks off the main thread,
so it never forks), for a
run without models (torch's thread pools do not survive a fork), with at
least ``MIN_CHARS`` of text (below, the round trip costs more than it saves).
``TQA_WORKERS=1`` turns it off. If a check raises in the worker, the checks
run again here (where the error surfaces as usual); if the worker dies, its
checks run here, with a warning, and no worker is started again.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.checks.registry import CheckContext, CheckSpec
    from qa.model import Finding, Unit

log = logging.getLogger(__name__)

# Needs whose checks the worker runs.
WORKER_NEEDS = frozenset({"spacy", "speller", "reference"})
# Below this many characters of target text a batch runs in one process.
MIN_CHARS = 20_000
ENV_SWITCH = "TQA_WORKERS"

# What became of a batch handed to the worker.
SENT, BROKEN, UNSENDABLE = "sent", "broken", "unsendable"

Found = dict[int, list["Finding"]]
RunSpecs = Callable[[Sequence["CheckSpec"], Sequence["Unit"], "CheckContext"], Found]


def split(specs: Sequence[CheckSpec]) -> tuple[list[CheckSpec], list[CheckSpec]]:
    """(checks for this process, checks for the worker)."""
    remote = [s for s in specs if s.needs & WORKER_NEEDS and not s.uses_model]
    return [s for s in specs if s not in remote], remote


def usable(specs: Sequence[CheckSpec], units: Sequence[Unit], ctx: CheckContext) -> bool:
    """Whether this run may hand checks to the worker (see the module docstring)."""
    if _state.failed or os.environ.get(ENV_SWITCH, "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return False
    if ctx.use_models or any(s.uses_model for s in specs):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return False
    return sum(len(u.target) for u in units) >= MIN_CHARS


def run_split(
    run_specs: RunSpecs,
    local: Sequence[CheckSpec],
    remote: Sequence[CheckSpec],
    units: Sequence[Unit],
    ctx: CheckContext,
) -> Found:
    """``remote`` in the worker while this process runs ``local``; the findings merged.

    The worker's signals and notices join ``ctx``'s as if the checks had run here.
    """
    worker = _state.worker(run_specs)
    sent = worker.send([s.name for s in remote], units, ctx.options) if worker else "no worker"
    found = run_specs(local, units, ctx)
    reply = worker.receive() if worker is not None and sent == SENT else None
    if not isinstance(reply, tuple):
        if isinstance(reply, str):
            # A check raised there: run the checks here, where the error surfaces as usual.
            log.debug("a check failed in the worker (%s): rerunning here", reply)
        elif sent in (SENT, BROKEN):
            _state.fail("it stopped" if sent == SENT else "it could not be reached")
        return _merge(found, run_specs(remote, units, ctx))
    remote_found, signals, notices = reply
    for unit_id, values in signals.items():
        ctx.signals.setdefault(unit_id, {}).update(values)
    for message in notices:
        ctx.notice(message)
    return _merge(found, remote_found)


def _merge(first: Found, second: Found) -> Found:
    merged: Found = {index: list(found) for index, found in first.items()}
    for index, found in second.items():
        merged.setdefault(index, []).extend(found)
    return merged


class _Worker:
    """The forked process and this side of its pipe."""

    def __init__(self, run_specs: RunSpecs):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe(duplex=True)
        self._batch = 0
        self._process = context.Process(
            target=_serve, args=(child, run_specs), name="tqa-check-worker", daemon=True
        )
        self._process.start()
        child.close()

    def send(self, names: list[str], units: Sequence[Unit], options: dict[str, Any]) -> str:
        """``SENT``, ``BROKEN`` (the pipe is gone) or ``UNSENDABLE`` (the batch does not pickle)."""
        self._batch += 1
        try:
            self._conn.send((self._batch, names, list(units), dict(options)))
        except (OSError, EOFError) as exc:
            log.debug("could not reach the check worker: %s", exc)
            return BROKEN
        except Exception as exc:  # pickling failed before anything was written: run it here
            log.debug("the batch cannot go to the check worker: %s", exc)
            return UNSENDABLE
        return SENT

    def receive(self) -> tuple[Found, dict[str, dict[str, float]], list[str]] | str | None:
        """The reply to the last batch sent; replies to earlier ones are skipped.

        A batch whose run this process left (an exception, Ctrl-C in an
        interactive session) still gets its reply; it must not be taken for
        the next batch's.
        """
        try:
            while True:
                batch, reply = self._conn.recv()
                if batch == self._batch:
                    return reply  # type: ignore[no-any-return]
        except (EOFError, OSError):
            return None

    def stop(self) -> None:
        try:
            self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._conn.close()
        self._process.join(timeout=2)
        if self._process.is_alive():
            self._process.kill()


class _State:
    """The process's one worker, started on first use."""

    def __init__(self) -> None:
        self._worker: _Worker | None = None
        self.failed = False

    def worker(self, run_specs: RunSpecs) -> _Worker | None:
        if self._worker is None and not self.failed:
            try:
                self._worker = _Worker(run_specs)
            except OSError as exc:  # out of processes or memory
                self.fail(f"could not start: {exc}")
                return None
            atexit.register(self.stop)
        return self._worker

    def fail(self, why: str) -> None:
        log.warning("the check worker failed (%s): its checks run in this process from now on", why)
        self.failed = True
        self.stop()

    def stop(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()


_state = _State()


def _serve(conn: Any, run_specs: RunSpecs) -> None:
    """The worker's loop: run the named checks on each batch until told to stop.

    Collections are rare here as in the parent's runs (``qa.gc_policy``): the
    worker's copy of the loaded tables would otherwise be walked, and copied
    page by page from the parent, by its first full collection.
    """
    import signal

    from qa.checks.registry import REGISTRY, CheckContext
    from qa.gc_policy import FULL_COLLECTION_EVERY

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.freeze()
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, FULL_COLLECTION_EVERY))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        batch, names, units, options = message
        ctx = CheckContext(use_models=False, options=options)
        try:
            found = run_specs([REGISTRY[name] for name in names], units, ctx)
            conn.send((batch, (dict(found), ctx.signals, ctx.notices)))
        except Exception as exc:  # the parent reruns the checks itself, and sees the error
            conn.send((batch, f"{type(exc).__name__}: {exc}"))
