"""Sentence splitting for English and Chinese, keeping character offsets.

English uses pysbd (rule-based, handles abbreviations such as U.S., Mr.,
No. 1 and decimals) on one paragraph at a time, with one repair: pysbd leaves
a closing quote at the start of the next sentence, which we move back.
Chinese is split on sentence-final punctuation (。！？； and their
half-width forms before a CJK character), keeping closing quotes and
brackets with the sentence they close.

Scraped web pages carry page furniture (site banners, ``Date: … Hits: …``
lines, customer-service widgets, share buttons). :func:`noncontent_reason`
recognises such lines so they are shown to the reviewer but not scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from qa.model import Document, Segment

# Whitespace that scraped pages put around text: NBSP, ideographic space, BOM.
_STRIP = " \t\r\n\u00a0\u3000\ufeff\u200b"
_CLOSERS = "\"'”’»)]}」』》）】"
_ZH_END = re.compile(r"[。！？；!?;]+[”’」』》）)\"']*|…{1,2}[”’」』》）)\"']*(?=\s|$)")
_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each non-blank line, trimmed of page whitespace."""
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        left = len(body) - len(body.lstrip(_STRIP))
        right = len(body.rstrip(_STRIP))
        if right > left:
            yield pos + left, pos + right
        pos += len(line)


@lru_cache(maxsize=1)
def _english_segmenter():  # type: ignore[no-untyped-def]
    import pysbd
    import pysbd.abbreviation_replacer

    # pysbd's abbreviation pass builds a regular expression per abbreviation and
    # text (hundreds), which overflows the ``re`` module's cache of 512: every
    # pattern of the process, pysbd's own included, is then compiled again and
    # again. The pass gets the same functions with a compile cache of its own.
    pysbd.abbreviation_replacer.re = _OwnCacheRe()
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


@lru_cache(maxsize=16384)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


class _OwnCacheRe:
    """The ``re`` functions that pysbd's abbreviation pass calls, over :func:`_compiled`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)  # escape, IGNORECASE, ...

    def sub(self, pattern: str, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        return _compiled(pattern, flags).sub(repl, string, count)

    def findall(self, pattern: str, string: str, flags: int = 0) -> list[Any]:
        return _compiled(pattern, flags).findall(string)

    def search(self, pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).search(string)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


# pysbd's run time grows with the square of its input; longer paragraphs are cut
# into blocks at an unambiguous boundary first (stop + space + capital that does
# not follow a one-letter or title abbreviation).
_BLOCK = 4000
_SAFE_BREAK = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|No|St|Jr|Sr|vs))[.!?][\"'”’)]?\s+(?=[A-Z])")


def _blocks(text: str) -> list[tuple[int, int]]:
    if len(text) <= _BLOCK:
        return [(0, len(text))]
    blocks, start = [], 0
    while len(text) - start > _BLOCK:
        window = text[start + _BLOCK // 2 : start + _BLOCK]
        breaks = list(_SAFE_BREAK.finditer(window))
        cut = start + _BLOCK // 2 + breaks[-1].end() if breaks else start + _BLOCK
        blocks.append((start, cut))
        start = cut
    blocks.append((start, len(text)))
    return blocks


def split_english(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one English paragraph (offsets into ``text``)."""
    if not text.strip(_STRIP):
        return []
    if len(text) > _BLOCK:
        spans: list[tuple[int, int]] = []
        for bs, be in _blocks(text):
            spans.extend((bs + s, bs + e) for s, e in _split_block(text[bs:be]))
        return spans
    return _split_block(text)


def _pysbd_pieces(text: str) -> list[tuple[str, int]]:
    """pysbd's sentences of ``text``, each with its trailing whitespace, and where it starts.

    What ``Segmenter(char_span=True).segment`` returns, located the way it
    locates them (the first occurrence, followed by any whitespace, that ends
    after the previous sentence) but with ``str.find``: pysbd compiles a new
    regular expression for every sentence, a third of its time on short texts.
    """
    if not text:
        return []
    pieces: list[tuple[str, int]] = []
    prior_end = 0
    for sent in _english_segmenter().processor(text).process():
        if not sent:  # an empty pattern matches everywhere: pysbd's own search
            for m in re.finditer(re.escape(sent) + r"\s*", text):
                if m.end() > prior_end:
                    pieces.append((m.group(), m.start()))
                    prior_end = m.end()
                    break
            continue
        pos = 0
        while (found := text.find(sent, pos)) >= 0:
            end = found + len(sent)
            while end < len(text) and text[end].isspace():  # r"\s*": str.isspace is re's \s
                end += 1
            if end > prior_end:
                pieces.append((text[found:end], found))
                prior_end = end
                break
            pos = end
    return pieces


def _split_block(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sent, sent_start in _pysbd_pieces(text):
        # pysbd's spans may drift on repeated sentences; re-anchor by search.
        found = text.find(sent, cursor)
        start = found if found >= 0 else sent_start
        end = start + len(sent)
        cursor = end
        s, e = _trim(text, start, end)
        if e <= s:
            continue
        # A lone closing quote or bracket starting this piece belongs to the previous one.
        while spans and s < e and text[s] in _CLOSERS and (s + 1 == e or text[s + 1] in _STRIP):
            ps, _ = spans[-1]
            spans[-1] = (ps, s + 1)
            s, e = _trim(text, s + 1, e)
        if e > s:
            spans.append((s, e))
    return _merge_orphans(text, spans)


def _merge_orphans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue pieces that cannot be sentences (a lone number or mark) to the previous one."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and not re.search(r"[A-Za-z\u3400-\u9fff]", text[s:e]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def split_chinese(text: str) -> list[tuple[int, int]]:
    """Sentence spans of one Chinese paragraph (offsets into ``text``)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _ZH_END.finditer(text):
        s, e = _trim(text, start, m.end())
        if e > s:
            spans.append((s, e))
        start = m.end()
    s, e = _trim(text, start, len(text))
    if e > s:
        spans.append((s, e))
    return _merge_orphans(text, spans)


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """Sentences of a paragraph, as strings."""
    splitter = split_chinese if lang == "zh" else split_english
    return [text[s:e] for s, e in splitter(text)]


# --- page furniture -------------------------------------------------------

_META_KEYS = (
    r"date|time|release\s*time|published|posted|updated|hits|views|clicks|visits|author|editor|"
    r"source|from|font\s*size|发布时间|时间|日期|来源|作者|编辑|点击|浏览|阅读|字号"
)
_META = re.compile(rf"(?i)\b(?:{_META_KEYS})\s*[:：]")
_COUNTER = re.compile(
    r"(?i)(?:date|time|release\s*time|published|posted|updated|hits|views|clicks|visits|"
    r"font\s*size|发布时间|时间|日期|点击|浏览|阅读|字号)\s*[:：]"
)
_DATE = re.compile(r"\b(19|20)\d\d[-/.年]\d{1,2}([-/.月]\d{1,2})?")
_DOMAIN = re.compile(r"(?i)\b[\w-]+\.(com|cn|net|org|gov|edu|info|biz|co|io)(\.[a-z]{2})?\b")
_WIDGETS = re.compile(
    r"(?i)^(?:在线客服|客服中心|在线咨询|联系我们|返回顶部|分享到[:：]?.*|上一篇.*|下一篇.*|打印本页|关闭窗口|"
    r"online\s+(?:service|customer\s+service|consultation)|customer\s+service|contact\s+us|"
    r"back\s+to\s+top|share(?:\s+(?:to|on|this))?\s*[:：]?.*|print(?:\s+this\s+page)?|close(?:\s+window)?|"
    r"previous(?:\s+(?:article|post|page))?\s*[:：].*|next(?:\s+(?:article|post|page))?\s*[:：].*|"
    r"(?:copyright|版权所有|©).*|all\s+rights\s+reserved.*|.*icp[备证].*|home\s*[>»/].*|首页\s*[>»/].*|"
    r"click\s+here\b.*|scan\s+the\s+qr\s+code\b.*|follow\s+us\b.*|"
    r"related\s+(?:news|articles?|reading|stories)\s*[:：]?|(?:tel|fax|e-?mail|keywords?|tags?)\s*[:：].*|"
    r"相关(?:新闻|阅读|文章)[:：]?|扫一扫.*|关注我们.*|责任编辑[:：].*|关键词[:：].*)$"
)
_SHARE_NETWORKS = re.compile(r"(?i)\b(facebook|twitter|linkedin|wechat|weibo|qq|email|whatsapp)\b")


def noncontent_reason(line: str) -> str:
    """Why a line looks like page furniture rather than article text ('' if it does not)."""
    text = line.strip(_STRIP)
    if not text:
        return "blank"
    words = re.findall(r"[A-Za-z]+", text)
    if _WIDGETS.match(text) and len(text) <= 80:
        return "page widget"
    metas = _META.findall(text)
    if metas and (len(metas) >= 2 or _DATE.search(text)) and len(words) <= 12:
        return "date/hits line"
    # One counter or timestamp label and a short value ("Hits: 131", "Views: 2,405"). Source
    # and author lines are not included: they are translated text, as in "(Source: ...)".
    if _COUNTER.match(text) and len(words) <= 4 and not re.search(r"[.!?。！？]$", text):
        return "date/hits line"
    if len(_SHARE_NETWORKS.findall(text)) >= 3 and len(words) <= 12:
        return "share buttons"
    if _DOMAIN.search(text) and not re.search(r"[.!?。！？]$", text) and len(words) <= 15:
        return "site banner"
    return ""


def segment_text(text: str, lang: str = "en", name: str = "") -> Document:
    """Split a whole text into located sentences, marking page furniture."""
    segments: list[Segment] = []
    splitter = split_chinese if lang == "zh" else split_english
    for para_index, (ps, pe) in enumerate(paragraphs(text)):
        para = text[ps:pe]
        reason = noncontent_reason(para)
        if reason:
            segments.append(
                Segment(len(segments), para, ps, pe, para_index, False, reason)
            )
            continue
        for s, e in splitter(para):
            segments.append(Segment(len(segments), para[s:e], ps + s, ps + e, para_index))
    return Document(name=name, text=text, lang=lang, segments=tuple(segments))


def detect_script_lang(text: str) -> str:
    """'zh' when CJK characters dominate the letters of ``text``, else 'en'."""
    cjk = len(_HAS_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk > latin / 4 else "en"
