"""The check worker: a big batch's findings are the same with it as without it, and it fails safe."""

from __future__ import annotations

import logging
import os
import signal

import pytest

from qa import workers
from qa.checks.registry import REGISTRY, Hit, register
from qa.model import Category, Severity, Unit
from qa.pipeline import make_context, run_checks

pytestmark = pytest.mark.skipif(
    not workers.sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="the check worker runs only on Linux with two CPUs or more",
)

# Defects for both sides of the split: a missing verb (spaCy, worker), a typo
# (speller, worker), a reference that shares nothing (worker), a capital after a
# comma and a number that differs from the source (this process).
SEGMENTS = [
    (
        "Dialogue and research to provide advice to the government and enterprises.",
        "对话与研究，为政府和企业提供建议。",
        "They hold dialogues and do research to advise the government and companies.",
    ),
    (
        "The goverment raised the tariff on chips, Establish a new channel.",
        "政府提高了芯片关税，建立新渠道。",
        "The government raised chip tariffs and set up a new channel.",
    ),
    (
        "Revenue reached 3.5 billion yuan in 2023.",
        "2023年营收达3.5亿元。",
        "Completely unrelated words about the weather in spring and autumn.",
    ),
    (
        "The association has 774 member companies across the country.",
        "该协会由774家企业组成。",
        "The association is made up of 774 companies.",
    ),
]


def batch(copies: int) -> list[Unit]:
    """Distinct units (numbered texts) holding the defects above, ``copies`` times over."""
    units = []
    for i in range(copies):
        for j, (target, source, reference) in enumerate(SEGMENTS):
            units.append(
                Unit(
                    id=f"{i}-{j}",
                    target=f"{target} Item {i}.",
                    source=source,
                    reference=reference,
                    doc_id=f"d{i % 7}",
                )
            )
    return units


@pytest.fixture
def fresh_worker(monkeypatch):
    """A process state with no worker yet; whatever worker the test starts is stopped after it."""
    state = workers._State()
    monkeypatch.setattr(workers, "_state", state)
    monkeypatch.delenv(workers.ENV_SWITCH, raising=False)
    yield state
    state.stop()


def outcome(results):
    return [
        (r.unit.id, r.broken, [(f.check, f.start, f.end, f.message) for f in r.findings], r.signals)
        for r in results
    ]


def test_a_big_batch_gives_the_same_findings_with_the_worker(fresh_worker, monkeypatch):
    units = batch(120)
    assert sum(len(u.target) for u in units) >= workers.MIN_CHARS
    with_worker = run_checks(units, make_context(use_models=False))
    assert fresh_worker._worker is not None, "the batch should have used the worker"
    monkeypatch.setenv(workers.ENV_SWITCH, "1")
    alone = run_checks(units, make_context(use_models=False))
    assert outcome(with_worker) == outcome(alone)
    checks = {f.check for r in with_worker for f in r.findings}
    # Both sides of the split found something.
    assert {"missing-finite-verb", "misspelling", "reference-agreement"} <= checks
    assert {"capital-after-comma", "number-mismatch"} <= checks


def test_small_runs_and_the_switch_keep_everything_in_one_process(fresh_worker, monkeypatch):
    run_checks(batch(2), make_context(use_models=False))
    assert fresh_worker._worker is None
    assert not workers.usable([], batch(2), make_context(use_models=False))
    assert workers.usable([], batch(120), make_context(use_models=False))
    assert not workers.usable([], batch(120), make_context(use_models=True))
    monkeypatch.setenv(workers.ENV_SWITCH, "1")
    run_checks(batch(120), make_context(use_models=False))
    assert fresh_worker._worker is None


def test_no_worker_off_the_main_thread_or_beside_a_working_thread(fresh_worker):
    import threading

    units, ctx = batch(120), make_context(use_models=False)
    answers = []
    off_main = threading.Thread(target=lambda: answers.append(workers.usable([], units, ctx)))
    off_main.start()
    off_main.join()
    release = threading.Event()
    busy = threading.Thread(target=release.wait)  # a non-daemon thread doing work
    busy.start()
    try:
        answers.append(workers.usable([], units, ctx))
    finally:
        release.set()
        busy.join()
    assert answers == [False, False]
    assert workers.usable([], units, ctx)


def test_a_dead_worker_is_replaced_by_this_process(fresh_worker, caplog):
    units = batch(120)
    expected = outcome(run_checks(units, make_context(use_models=False)))
    process = fresh_worker._worker._process
    os.kill(process.pid, signal.SIGKILL)
    process.join(timeout=5)
    with caplog.at_level(logging.WARNING, logger="qa.workers"):
        again = outcome(run_checks(units, make_context(use_models=False)))
    assert again == expected
    assert fresh_worker.failed and "check worker failed" in caplog.text
    run_checks(units, make_context(use_models=False))
    assert fresh_worker._worker is None  # no new worker after a failure


def test_an_error_in_a_worker_check_surfaces_here(fresh_worker):
    @register(
        "test-fragile",
        Category.ACCURACY,
        Severity.MINOR,
        "raises on one reference",
        needs={"reference"},
    )
    def fragile(unit, ctx):
        if "weather" in (unit.reference or ""):
            raise RuntimeError("the check broke")
        yield Hit(0, 1, "fine")

    try:
        with pytest.raises(RuntimeError, match="the check broke"):
            run_checks(batch(120), make_context(use_models=False))
        assert fresh_worker._worker is not None and not fresh_worker.failed
    finally:
        REGISTRY.pop("test-fragile", None)


def test_a_reply_to_an_abandoned_batch_is_not_taken_for_the_next(fresh_worker):
    from dataclasses import replace

    # The abandoned batch has no references: its reply lacks the reference findings.
    first, second = [replace(u, reference=None) for u in batch(120)], batch(120)
    expected = outcome(run_checks(second, make_context(use_models=False)))
    worker = fresh_worker._worker
    # A batch sent and never collected (its run was interrupted here).
    names = [s.name for s in workers.split(list(REGISTRY.values()))[1]]
    assert worker.send(names, first, {}) == workers.SENT
    assert outcome(run_checks(second, make_context(use_models=False))) == expected
    assert not fresh_worker.failed


def test_a_batch_that_cannot_be_sent_runs_here_and_keeps_the_worker(fresh_worker):
    units = batch(120)
    expected = outcome(run_checks(units, make_context(use_models=False)))
    ctx = make_context(use_models=False)
    ctx.options["hook"] = lambda: None  # a lambda does not pickle
    assert outcome(run_checks(units, ctx)) == expected
    assert not fresh_worker.failed and fresh_worker._worker is not None
