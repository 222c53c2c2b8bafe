"""Terminology and calque checks: each check, segment constraints, consistency table, the seed."""

from pathlib import Path

import pytest

from qa.checks.registry import CheckContext
from qa.checks.terminology import consistency_table
from qa.glossary import CasePolicy, EntryKind, Glossary, GlossaryEntry, GlossarySet
from qa.model import Category, Severity, TermConstraint, Unit
from qa.pipeline import make_context, run_checks, units_from_document
from qa.segment import segment_text

SEED = Path(__file__).parents[2] / "seeds" / "000_676519bc2e061030.txt"

GLOSSARY = GlossarySet.of(
    [
        Glossary(
            "test",
            (
                GlossaryEntry(
                    "光刻机",
                    ("lithography machine", "lithography system"),
                    ("photoetching machine",),
                ),
                GlossaryEntry(
                    "中国半导体行业协会", ("China Semiconductor Industry Association (CSIA)",)
                ),
                GlossaryEntry(
                    "美国半导体行业协会",
                    ("Semiconductor Industry Association",),
                    ("American Semiconductor Industry Association",),
                ),
                GlossaryEntry("出口管制", ("export control",)),
                GlossaryEntry("晶圆", ("wafer",)),
                GlossaryEntry(
                    "",
                    ("US-China",),
                    ("Sino-US",),
                    category=EntryKind.STYLE,
                    subcategory="calque",
                    severity="minor",
                ),
                GlossaryEntry(
                    "",
                    ("dialogue channel",),
                    ("dialogue window",),
                    category=EntryKind.STYLE,
                    subcategory="calque",
                    severity="major",
                ),
                GlossaryEntry("中芯国际", ("SMIC",), case=CasePolicy.SENSITIVE),
            ),
        )
    ]
)


def check(target, source=None, checks=None, terms=(), gset=GLOSSARY, doc_id=""):
    unit = Unit(id="1", target=target, source=source, terms=tuple(terms), doc_id=doc_id)
    ctx = CheckContext(glossary=gset, use_models=False)
    (result,) = run_checks([unit], ctx, select=checks)
    return [f for f in result.findings if f.category in {Category.TERMINOLOGY, Category.STYLE}]


def names(findings):
    return sorted(f.check for f in findings)


def test_term_missing_when_source_term_has_no_approved_rendering():
    (f,) = check("China limits exit of chipmaking tools.", "中国加强出口管制。", ["term-missing"])
    assert f.side == "source" and (f.start, f.end) == (4, 8) and f.suggestion == "export control"
    assert f.severity is Severity.MAJOR


def test_term_present_with_inflection_passes():
    assert (
        check(
            "China tightened export controls on wafers.", "中国加强晶圆出口管制。", ["terminology"]
        )
        == []
    )


def test_term_not_checked_when_the_source_lacks_it_on_word_boundaries():
    assert check("The wafer fab expanded.", "晶圆厂扩产。", ["term-missing"]) == []


def test_forbidden_variant_used():
    (f,) = check("They import photoetching machines.", "他们进口光刻机。", ["term-forbidden"])
    assert (
        f.check == "term-forbidden"
        and "photoetching machines" == "They import photoetching machines."[f.start : f.end]
    )
    assert f.suggestion == "lithography machine"


def test_forbidden_variant_flagged_even_without_source():
    (f,) = check(
        "The American Semiconductor Industry Association agreed.", None, ["term-forbidden"]
    )
    assert f.suggestion == "Semiconductor Industry Association"


def test_approved_rendering_inside_forbidden_one_does_not_excuse_it():
    findings = check(
        "The American Semiconductor Industry Association agreed.",
        "美国半导体行业协会同意。",
        ["terminology"],
    )
    assert names(findings) == ["term-forbidden"]


def test_untranslated_source_term():
    (f,) = check("They bought a 光刻机 last year.", None, ["term-untranslated"])
    assert f.suggestion == "lithography machine" and (f.start, f.end) == (14, 17)


def test_case_violation_with_source():
    (f,) = check("smic reported profits.", "中芯国际公布利润。", ["terminology"])
    assert f.check == "term-case" and f.severity is Severity.MINOR and f.suggestion == "SMIC"


def test_case_violation_without_source_ignores_ordinary_words():
    assert names(check("The csia said so.", None, ["term-case"])) == ["term-case"]
    assert check("The association said so.", None, ["term-case"]) == []


def test_monolingual_calque_entries_give_style_findings():
    findings = check("Sino-US talks set up a dialogue window.", None, ["style-calque"])
    assert [(f.category, f.subcategory, f.severity) for f in findings] == [
        (Category.STYLE, "calque", Severity.MINOR),
        (Category.STYLE, "calque", Severity.MAJOR),
    ]
    assert [f.suggestion for f in findings] == ["US-China", "dialogue channel"]


def test_segment_term_constraints_are_checked_for_that_segment_only():
    terms = [TermConstraint("发热", "fever")]
    assert (
        check("Do you have a fever?", "您有发热吗？", ["term-constraint"], terms, gset=None) == []
    )
    (f,) = check(
        "Do you have a temperature?", "您有发热吗？", ["term-constraint"], terms, gset=None
    )
    assert f.side == "source" and f.suggestion == "fever"
    assert (
        check("Do you have a temperature?", "您有发热吗？", ["term-constraint"], (), gset=None)
        == []
    )


def test_segment_constraint_wins_over_the_glossary_entry():
    terms = [TermConstraint("光刻机", "scanner")]
    findings = check("They bought a scanner.", "他们买了光刻机。", ["terminology"], terms)
    assert findings == []


def test_constraint_case_deviation_is_minor():
    (f,) = check(
        "The covid-19 wave.",
        None,
        ["term-constraint"],
        [TermConstraint("新冠", "COVID-19")],
        gset=None,
    )
    assert f.severity is Severity.MINOR


def test_inconsistent_renderings_across_documents_and_the_table():
    units = [
        Unit("1", "A lithography machine arrived.", "光刻机到了。", doc_id="a"),
        Unit("2", "The lithography machine works.", "光刻机能用。", doc_id="a"),
        Unit("3", "A lithography system broke.", "光刻机坏了。", doc_id="b"),
    ]
    ctx = CheckContext(glossary=GLOSSARY, use_models=False)
    results = run_checks(units, ctx, select=["term-inconsistent"])
    assert [len(r.findings) for r in results] == [0, 0, 1]
    f = results[2].findings[0]
    assert f.suggestion == "lithography machine" and "documents: a" in f.message
    table = {(r.rendering, r.count, r.documents) for r in consistency_table(units, GLOSSARY)}
    assert table == {("lithography machine", 2, ("a",)), ("lithography system", 1, ("b",))}


def test_acronym_and_expansion_are_one_rendering_for_consistency():
    gset = GlossarySet.of(
        [Glossary("g", (GlossaryEntry("集成电路", ("integrated circuit", "IC")),))]
    )
    units = [
        Unit("1", "An integrated circuit.", "一个集成电路。"),
        Unit("2", "The IC failed.", "集成电路坏了。"),
    ]
    results = run_checks(
        units, CheckContext(glossary=gset, use_models=False), select=["term-inconsistent"]
    )
    assert all(not r.findings for r in results)


@pytest.fixture(scope="module")
def seed_results():
    doc = segment_text(SEED.read_text(encoding="utf-8"), "en", SEED.name)
    units = units_from_document(doc)
    ctx = make_context((), use_models=False)
    return run_checks(units, ctx, select=["terminology", "style"])


def test_seed_gets_calque_findings_from_the_shipped_glossaries(seed_results):
    hits = [(r.unit.target[f.start : f.end], f.check) for r in seed_results for f in r.findings]
    assert ("Sino-US", "style-calque") in hits and ("dialogue window", "style-calque") in hits
    assert sum(1 for h in hits if h == ("Sino-US", "style-calque")) == 2


def test_seed_clean_sentence_has_no_terminology_or_style_findings(seed_results):
    clean = next(
        r
        for r in seed_results
        if r.unit.target == "This move may benefit Chinese companies from Huawei to SMIC."
    )
    assert clean.findings == ()


def test_wording_forbidden_or_miscased_by_two_entries_is_reported_once():
    twice = GlossarySet.of(
        [
            Glossary(
                "g",
                (
                    GlossaryEntry("工业和信息化部", ("MIIT",), ("Ministry of Informatization",)),
                    GlossaryEntry("工信部", ("MIIT",), ("Ministry of Informatization",)),
                ),
            )
        ]
    )
    assert names(
        check("The Ministry of Informatization said.", None, ["term-forbidden"], gset=twice)
    ) == ["term-forbidden"]
    assert names(check("The miit said.", None, ["term-case"], gset=twice)) == ["term-case"]


def test_bilingual_forbidden_word_needs_its_source_term_or_to_be_distinctive():
    gset = GlossarySet.of(
        [
            Glossary(
                "g",
                (
                    GlossaryEntry("刻蚀", ("etching",), ("carving",)),
                    GlossaryEntry("高通", ("Qualcomm",), ("Gaotong",)),
                ),
            )
        ]
    )
    assert check("The statue was carved in 1900.", None, ["term-forbidden"], gset=gset) == []
    assert (
        check(
            "The statue was carved in 1900.", "这座雕像建于1900年。", ["term-forbidden"], gset=gset
        )
        == []
    )
    assert names(
        check("The wafer is carved first.", "晶圆先刻蚀。", ["term-forbidden"], gset=gset)
    ) == ["term-forbidden"]
    assert names(check("Gaotong said so.", None, ["term-forbidden"], gset=gset)) == [
        "term-forbidden"
    ]


def test_short_form_of_a_name_is_consistent_with_the_full_name():
    gset = GlossarySet.of(
        [Glossary("g", (GlossaryEntry("新华社", ("Xinhua News Agency", "Xinhua")),))]
    )
    units = [
        Unit("1", "Xinhua News Agency reported.", "新华社报道。"),
        Unit("2", "Xinhua added.", "新华社补充说。"),
    ]
    results = run_checks(
        units, CheckContext(glossary=gset, use_models=False), select=["term-inconsistent"]
    )
    assert all(not r.findings for r in results)


def test_copy_term_in_target_is_not_untranslated():
    gset = GlossarySet.of([Glossary("g", (GlossaryEntry("COVID-19", ("COVID-19",)),))])
    assert check("COVID-19 spread fast.", None, ["term-untranslated"], gset=gset) == []
    assert check("COVID-19 spread fast.", "COVID-19传播很快。", ["terminology"], gset=gset) == []


def test_case_suggestion_is_the_form_that_matched():
    gset = GlossarySet.of(
        [
            Glossary(
                "g",
                (
                    GlossaryEntry(
                        "中芯国际",
                        ("Semiconductor Manufacturing International Corporation (SMIC)",),
                    ),
                ),
            )
        ]
    )
    (f,) = check("smic welcomed it.", "中芯国际表示欢迎。", ["term-case"], gset=gset)
    assert f.suggestion == "SMIC"


def test_calque_wording_inside_a_proper_name_is_not_flagged():
    gset = GlossarySet.of(
        [
            Glossary(
                "g",
                (
                    GlossaryEntry("", ("companies",), ("enterprises",), category=EntryKind.STYLE),
                    GlossaryEntry("", ("today",), ("in the new era",), category=EntryKind.STYLE),
                ),
            )
        ]
    )
    assert (
        check("He founded Shanshan Enterprises in 1989.", None, ["style-calque"], gset=gset) == []
    )
    assert (
        check("Thought on Socialism In The New Era was taught.", None, ["style-calque"], gset=gset)
        == []
    )
    assert names(
        check("Enterprises must adapt in the new era.", None, ["style-calque"], gset=gset)
    ) == ["style-calque", "style-calque"]


def test_table_marks_renderings_seen_without_a_source():
    units = [Unit("1", "A lithography machine arrived.", doc_id="a")]
    (row,) = consistency_table(units, GLOSSARY)
    assert (row.source, row.rendering, row.status, row.count) == (
        "光刻机",
        "lithography machine",
        "no source",
        1,
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("美国商务部长雷蒙多表示。", "US Commerce Secretary Raimondo said."),
        ("商务部部长王文涛会见了他们。", "Commerce Minister Wang Wentao met them."),
    ],
)
def test_a_ministers_title_is_not_read_as_the_ministry(source, target):
    """美国商务部长 is the Secretary, not 美国商务部 + 长: no 'Department of Commerce' demanded."""
    results = run_checks(
        [Unit("1", target, source)], make_context((), use_models=False), select=["terminology"]
    )
    assert results[0].findings == ()


def test_standard_terms_containing_a_discouraged_word_are_not_calques():
    units = [
        Unit("1", "State-owned enterprises dominate the sector."),
        Unit("2", "Small and medium-sized enterprises (SMEs) need credit."),
        Unit("3", "Chinese enterprises are investing abroad."),
    ]
    results = run_checks(units, make_context((), use_models=False), select=["style-calque"])
    assert [len(r.findings) for r in results] == [0, 0, 1]
    [f] = results[2].findings
    assert f.suggestion == "companies" and "state-owned" not in f.message.split("(")[0]


def test_shipped_house_style_asks_for_us_with_periods_and_not_inside_a_longer_finding():
    shipped = make_context((), use_models=False).glossary
    findings = check("US officials met us in Sino-US talks.", None, ["style-calque"], gset=shipped)
    target = "US officials met us in Sino-US talks."
    flagged = [(target[f.start : f.end], f.severity, f.suggestion) for f in findings]
    # The pronoun "us" is not the abbreviation; "US" inside "Sino-US" is left to the calque
    # finding, whose fix is the first alternative the house style does not flag in turn.
    assert flagged == [
        ("US", Severity.MAJOR, "U.S."),
        ("Sino-US", Severity.MINOR, "U.S.-China"),
    ]
    assert check("U.S. officials met us.", None, ["style-calque"], gset=shipped) == []
    assert check("U.S.-China talks.", None, ["style-calque"], gset=shipped) == []


def test_without_the_house_style_the_first_alternative_is_the_fix():
    calques = GlossarySet.of(
        [
            Glossary(
                "calques",
                (
                    GlossaryEntry(
                        "",
                        ("US-China", "U.S.-China"),
                        forbidden=("Sino-US",),
                        category=EntryKind.STYLE,
                    ),
                ),
            )
        ]
    )
    [f] = check("Sino-US talks resumed.", None, ["style-calque"], gset=calques)
    assert f.suggestion == "US-China"
