"""The check registry: declaration, selection, duplicates, and how runs use it."""

import pytest

from qa.checks.registry import REGISTRY, CheckContext, Hit, register, select_checks
from qa.model import Category, Severity, Unit
from qa.pipeline import run_checks


@pytest.fixture
def scratch_registry(monkeypatch):
    """An empty registry for the test; the real one is restored afterwards."""
    saved = dict(REGISTRY)
    REGISTRY.clear()
    yield REGISTRY
    REGISTRY.clear()
    REGISTRY.update(saved)


def test_every_shipped_check_has_metadata():
    assert REGISTRY, "no checks registered"
    for name, spec in REGISTRY.items():
        assert spec.name == name
        assert isinstance(spec.category, Category)
        assert isinstance(spec.severity, Severity)
        assert spec.description.strip(), f"{name} has no description"


def test_duplicate_names_are_rejected(scratch_registry):
    register("a", Category.FLUENCY, Severity.MINOR, "first")(lambda u, c: [])
    with pytest.raises(ValueError, match="registered twice"):
        register("a", Category.STYLE, Severity.MINOR, "second")(lambda u, c: [])


def test_hits_become_findings_with_the_check_metadata(scratch_registry):
    @register("shouty", Category.STYLE, Severity.MINOR, "All caps.")
    def shouty(unit, ctx):
        if unit.target.isupper():
            yield Hit(0, len(unit.target), "all caps", suggestion=unit.target.lower())

    [clean, loud] = run_checks([Unit("1", "fine"), Unit("2", "LOUD")])
    assert clean.findings == ()
    [f] = loud.findings
    assert (f.check, f.category, f.severity, f.start, f.end) == ("shouty", Category.STYLE, Severity.MINOR, 0, 4)
    assert f.suggestion == "loud"


def test_hit_may_override_severity(scratch_registry):
    @register("sev", Category.FLUENCY, Severity.MINOR, "x")
    def sev(unit, ctx):
        yield Hit(0, 1, "bad", severity=Severity.CRITICAL)

    [r] = run_checks([Unit("1", "x")])
    assert r.findings[0].severity is Severity.CRITICAL
    assert r.broken


def test_select_and_ignore_by_name_and_category(scratch_registry):
    register("a", Category.FLUENCY, Severity.MINOR, "a")(lambda u, c: [])
    register("b", Category.STYLE, Severity.MINOR, "b")(lambda u, c: [])
    assert [s.name for s in select_checks(["a"])] == ["a"]
    assert [s.name for s in select_checks(["style"])] == ["b"]
    assert [s.name for s in select_checks(ignore=["fluency"])] == ["b"]
    with pytest.raises(ValueError, match="unknown check"):
        select_checks(["nope"])


def test_needs_skip_units_without_the_input(scratch_registry):
    seen = []

    @register("src", Category.ACCURACY, Severity.MAJOR, "needs source", needs=["source"])
    def src(unit, ctx):
        seen.append(unit.id)
        return []

    run_checks([Unit("1", "a"), Unit("2", "b", source="乙")])
    assert seen == ["2"]


def test_noncontent_units_run_only_checks_that_ask_for_them(scratch_registry):
    seen = []
    register("normal", Category.FLUENCY, Severity.MINOR, "n")(lambda u, c: seen.append(("n", u.id)) or [])
    register("always", Category.NON_TRANSLATION, Severity.MINOR, "a", on_noncontent=True)(
        lambda u, c: seen.append(("a", u.id)) or []
    )
    run_checks([Unit("1", "Date: 2021", content=False)])
    assert seen == [("a", "1")]


def test_document_scope_check_sees_all_units(scratch_registry):
    @register("consistency", Category.TERMINOLOGY, Severity.MINOR, "doc", scope="document")
    def consistency(units, ctx):
        targets = [u.target for u in units]
        for i, u in enumerate(units):
            if targets.count(u.target) > 1:
                yield i, Hit(0, len(u.target), "repeated")

    results = run_checks([Unit("1", "x"), Unit("2", "y"), Unit("3", "x")])
    assert [len(r.findings) for r in results] == [1, 0, 1]


def test_model_checks_are_skipped_without_models(scratch_registry):
    calls = []
    register("lm", Category.FLUENCY, Severity.MINOR, "lm", uses_model=True)(
        lambda u, c: calls.append(u.id) or []
    )
    run_checks([Unit("1", "x")], CheckContext(use_models=False))
    assert calls == []
    run_checks([Unit("1", "x")], CheckContext(use_models=True))
    assert calls == ["1"]


def test_signals_reach_the_result(scratch_registry):
    @register("sig", Category.FLUENCY, Severity.MINOR, "s")
    def sig(unit, ctx):
        ctx.record_signal(unit, "length", len(unit.target))
        return []

    [r] = run_checks([Unit("1", "abc")])
    assert {k: v for k, v in r.signals if k != "verdict_score"} == {"length": 3.0}


def test_signals_of_units_sharing_an_id_do_not_mix(scratch_registry):
    """Batches often number segments per document: A/1 and B/1 keep their own signals."""

    @register("sig", Category.FLUENCY, Severity.MINOR, "s")
    def sig(unit, ctx):
        ctx.record_signal(unit, "length", len(unit.target))
        return []

    units = [Unit("1", "abc", doc_id="A"), Unit("1", "abcdefgh", doc_id="B"), Unit("2", "ab")]
    results = run_checks(units)
    lengths = [{k: v for k, v in r.signals if k != "verdict_score"} for r in results]
    assert lengths == [{"length": 3.0}, {"length": 8.0}, {"length": 2.0}]
    assert [r.unit for r in results] == units


def test_full_collections_are_rare_during_a_run_and_restored_after(scratch_registry):
    import gc

    seen = []

    @register("gc-probe", Category.STYLE, Severity.MINOR, "records the collector's thresholds")
    def probe(unit, ctx):
        seen.append(gc.get_threshold())
        if unit.target == "boom":
            raise RuntimeError("a check failed")
        return []

    before = gc.get_threshold()
    run_checks([Unit("1", "text")])
    assert seen[0][2] >= 1000 and seen[0][:2] == before[:2]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError):
        run_checks([Unit("1", "boom")])
    assert gc.get_threshold() == before


def test_what_the_first_run_loaded_is_frozen_out_of_later_collections(scratch_registry):
    import gc

    @register("noop", Category.STYLE, Severity.MINOR, "finds nothing")
    def noop(unit, ctx):
        return []

    run_checks([Unit("1", "text")])
    assert gc.get_freeze_count() > 0
