"""Non-translation: CJK text and pinyin left in English."""

from qa.checks.nontranslation import identify_language, pinyin_syllable_count
from qa.model import Category
from tests.checks.helpers import fails, findings, passes


def test_chinese_left_in():
    (f,) = findings("untranslated-chinese", "Contact our 在线客服 for help.")
    assert f.category is Category.NON_TRANSLATION
    assert "Chinese" in f.message and f.evidence == "在线客服"
    assert passes("untranslated-chinese", "Contact our online customer service for help.")


def test_japanese_kana_is_named():
    (f,) = findings("untranslated-chinese", "The brand ありがとう is popular.")
    assert "Japanese" in f.message


def test_language_identification_is_seeded():
    assert identify_language("这是一个完全没有翻译的中文句子。") == identify_language(
        "这是一个完全没有翻译的中文句子。"
    )
    assert identify_language("这是一个完全没有翻译的中文句子。").startswith("zh")


def test_pinyin_syllables():
    assert pinyin_syllable_count("zhengfu") == 2
    assert pinyin_syllable_count("shichang") == 2
    assert pinyin_syllable_count("strength") == 0


def test_pinyin_runs():
    assert fails("untranslated-pinyin", "The jingji fazhan of the region is fast.")
    assert fails("untranslated-pinyin", "She said nǐ hǎo to us.")
    # names are capitalised; loanwords and English words are not pinyin
    assert passes("untranslated-pinyin", "Zhang Wei and Xi Jinping met in Beijing.")
    assert passes("untranslated-pinyin", "They practise tai chi and kung fu in a hutong.")
    assert passes("untranslated-pinyin", "He can go to the bank and then we can see a man.")
