"""Length against the source (zh->en calibration) and against a reference."""

from qa.checks.length import source_units
from qa.model import Severity
from tests.checks.helpers import fails, findings, passes

SOURCE = (
    "中国半导体行业协会表示，已与美国科技公司成立工作组，就出口管制、供应链安全等问题建立沟通渠道。"
)
GOOD = (
    "The China Semiconductor Industry Association said it had set up a working group with US technology "
    "companies to establish communication channels on export controls and supply chain security."
)


def test_source_units_count_latin_lightly():
    assert source_units("中国") == 2
    assert source_units("CSIA表示") == 2 + 4 / 2.5


def test_normal_length_passes():
    assert passes("length-vs-source", GOOD, source=SOURCE)


def test_far_too_short_is_major_omission():
    (f,) = findings("length-vs-source", "The association said.", source=SOURCE)
    assert f.severity is Severity.MAJOR and f.subcategory == "omission"


def test_too_long_is_addition():
    (f,) = findings("length-vs-source", GOOD + " " + GOOD, source=SOURCE)
    assert f.subcategory == "addition"


def test_short_sources_are_skipped():
    assert passes(
        "length-vs-source",
        "Online customer service is available around the clock.",
        source="在线客服",
    )


def test_against_reference():
    assert fails("length-vs-reference", "The association said.", reference=GOOD)
    assert passes("length-vs-reference", GOOD.replace("US", "American"), reference=GOOD)
