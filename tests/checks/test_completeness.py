from qa.checks.completeness import empty_translation
from qa.checks.registry import CheckContext
from qa.model import Unit
from qa.pipeline import run_checks


def test_empty_target_with_source_fails():
    [hit] = empty_translation(Unit("1", "  ", source="出口管制。"), CheckContext())
    assert (hit.start, hit.end, hit.side) == (0, 5, "source")


def test_translated_unit_passes():
    assert list(empty_translation(Unit("1", "Export controls.", source="出口管制。"), CheckContext())) == []


def test_empty_translation_is_critical_and_broken_in_a_run():
    [r] = run_checks([Unit("1", "", source="出口管制。")], select=["empty-translation"])
    assert r.findings[0].severity.value == "critical"
    assert r.penalty == 10.0
