"""Number and date normalisation for Chinese and English."""

import pytest

from qa.numbers import chinese_quantities, english_quantities, parse_chinese_numeral, same_quantity


def keys(quantities):
    return [q.key for q in quantities]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("三百五十", 350),
        ("两千", 2000),
        ("十一", 11),
        ("一万五千", 15000),
        ("三亿五千万", 350_000_000),
        ("二〇二一", 2021),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_chinese_numeral(numeral) == value


def test_magnitudes_match_across_languages():
    assert keys(chinese_quantities("营收3.5亿元")) == keys(
        english_quantities("revenue of 350 million yuan")
    )
    assert keys(chinese_quantities("1200万人次")) == keys(english_quantities("12 million visits"))
    assert keys(english_quantities("12 to 14 million")) == ["12000000", "14000000"]


def test_dates():
    assert keys(chinese_quantities("3月11日")) == ["date:3-11"]
    assert keys(english_quantities("on March 11")) == ["date:3-11"]
    assert keys(english_quantities("on 11 March")) == ["date:3-11"]
    assert keys(chinese_quantities("2023-02-11 13:09"))[:2] == ["2023", "date:2-11"]


def test_percentages_and_words():
    assert keys(chinese_quantities("增长百分之三十")) == ["30"]
    assert keys(english_quantities("grew 30 percent")) == ["30"]
    assert keys(english_quantities("twenty-five people and a fifth of them")) == ["25", "5"]


def test_codes_and_approximations_are_not_quantities():
    assert chinese_quantities("K562/STAT3细胞") == []
    assert chinese_quantities("几千年") == []
    assert english_quantities("p.Gly276Glu and c.911G>A") == []


def test_same_quantity_allows_rounding_only():
    assert same_quantity("350000000", "350000000")
    assert same_quantity("31510000000", "31500000000")
    assert not same_quantity("31510000000", "31100000000")
    assert not same_quantity("date:3-11", "date:11-3")


def test_chinese_text_without_digits_or_numerals_has_no_quantity():
    assert chinese_quantities("会议在北京召开。") == []
    # A full-width digit is a digit after NFKC; 百分之 is a numeral phrase.
    assert [q.key for q in chinese_quantities("增长了５％")] == ["5"]
    assert [q.key for q in chinese_quantities("增长了百分之五十")] == ["50"]


def test_english_rendering_of_quantity_keys():
    from qa.numbers import english_rendering

    assert english_rendering("350000000") == "350 million"
    assert english_rendering("47650000000") == "47.65 billion"
    assert english_rendering("500000") == "500,000"
    assert english_rendering("330600") == "330,600"
    assert english_rendering("2024") == "2024"
    assert english_rendering("12.5") == "12.5"
    assert english_rendering("date:3-11") == "March 11"
    assert english_rendering("month:12") == "December"
    assert english_rendering("3141592653") == "3,141,592,653"
