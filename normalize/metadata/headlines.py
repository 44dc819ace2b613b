"""What a headline line in plain text looks like, and the lines that sit under one."""

from __future__ import annotations

import re

from ..textutil import WHITESPACE, ends_sentence
from . import markers
from .datelines import OPENING_RE, is_closing_dateline

MAX_HEADLINE = 48
MAX_BROKEN_HEADLINE = 64

_NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十百\d]+[，,、：:章节部分条]"
    r"|\d{1,2}[.、．](?!\d)|[①-⑳]"
    # A journal's decimal section number and a space: 1　引言, 2.1　研究对象, 3.2.1 结果
    r"|\d{1,2}(?:[.．]\d{1,2}){0,3}[.．]?[ \t\u3000]+(?=[^\d\s\u3000年月日时点分]))"
)
_DATE_LINE_RE = re.compile(r"^[（(]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$")
#: ``key: value`` / ``key = value`` lines (YAML, TOML, labelled dumps) are fields, not headlines.
_LABEL_NAMES = (
    "标题", "標題", "副标题", "作者", "来源", "日期", "链接", "连接", "网址", "内容", "正文", "版面", "版次", "记者",
    "编辑", "责任编辑", "地址", "电话", "電話", "联系人", "聯絡人", "主办", "主辦", "承办", "承辦", "协办", "協辦",
    "对象", "對象",
    # A repost's or a digest's labels (原标题：…, 原文链接：http…, 简介：…): never a headline
    "原标题", "原標題", "原题", "原題", "原文链接", "原文鏈接", "原文連結", "原文地址", "原文网址", "原文網址", "原文",
    "简介", "簡介", "摘要", "导语", "導語", "导读", "導讀", "出处", "出處", "转载", "轉載", "转自", "轉自",
    "关键词", "關鍵詞", "关键字", "關鍵字", "标签", "標籤", "分类", "分類", "本文链接", "本文鏈接",
    # The head of a BBS post (发信人: id (nick), 信区: board / 标  题: … / 发信站: site (date))
    "发信人", "發信人", "发信站", "發信站", "信区", "信區", "转信站", "轉信站",
)
#: ``X时间：`` / ``X地点：`` (初赛时间：, 报名地点：, a bare 时间：): a time or place label line.
TIME_PLACE_LABEL = r"[^\s：:，,。；;]{0,4}(?:时间|時間|地点|地點)"
_LABEL_RE = re.compile(
    r"^(?:[A-Za-z_][\w-]{0,30}\s*(?::|=)\s|(?:"
    + "|".join(r"[ \t\u3000]*".join(name) for name in sorted(_LABEL_NAMES, key=len, reverse=True))
    + "|" + TIME_PLACE_LABEL + r")[ \t\u3000]*[:：])")
#: A time label that is no publication time: an event's (初赛时间：, 报名时间：), not 发布时间 / 时间.
_EVENT_TIME_RE = re.compile(r"^[\s\u3000]*(?!发布|發布|更新|出版|刊发|刊發)[^\s：:，,。；;]{1,4}(?:时间|時間)[ \t\u3000]*[:：]")


def is_event_time(line: str) -> bool:
    """A ``X时间：`` line (初赛时间：2019年4月10日): the time of an event, never a publication date
    (发布时间 / 更新时间 and a bare 时间 are not event times)."""
    return bool(_EVENT_TIME_RE.match(line))
_QUOTED_RE = re.compile(r"^[“「『\"].*[”」』\"]$")


def is_headline_like(line: str) -> bool:
    """A short line that does not read as a sentence: a title or a subhead.

    Numbered section headings (一、… / 第一，…), datelines, continuation markers, date
    lines, wholly quoted lines, label lines (原标题：…, 原文链接：…, 简介：…), lines holding a
    URL and table rows (:func:`is_not_headline`) are not headlines.
    """
    text = line.strip(WHITESPACE)
    if not 2 <= len(text) <= MAX_HEADLINE or ends_sentence(text):
        return False
    if text[-1] in "：:，,、" or text.startswith(("—", "-", "*", "·", "•", "(", "（")):
        return False
    if sum(text.count(c) for c in "，,") > 1 or any(c in text for c in "。；;"):
        return False
    if _NUMBERED_RE.match(text) or _QUOTED_RE.match(text) or _LABEL_RE.match(text) or is_date_line(text):
        return False
    if markers.continued_from(text) or is_closing_dateline(text) or OPENING_RE.match(text):
        return False
    if not any(c.isalnum() for c in text) or _HAN_PERIOD_RE.search(text) or is_not_headline(text):
        return False
    return not _URL_RE.search(text)


#: A URL (http://…, www.example.com): a line holding one is a link or a source line, never a headline.
_URL_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9+.-]{1,9}://\S|www\.[A-Za-z0-9-]+\.[A-Za-z])", re.I)


#: A Han sentence closed by an ASCII full stop (text that types ``.`` for ``。``), at the
#: end of the line or before the next sentence.
_HAN_PERIOD_RE = re.compile(r"[\u4e00-\u9fff”」）)]\.(?:$|[\u4e00-\u9fff“「（(])")
#: 表1 / 图2 / 附表3 / Table 1 / Fig. 2 at the start of a line: a table or figure caption.
_CAPTION_RE = re.compile(r"^(?:附?[表图圖]|Table|Tab\.|Fig(?:ure)?\.?)[ \t\u3000]*[\d１-９一二三四五六七八九十]+")
#: A reference entry: ``[1] 作者. 题名[J]. 刊名, 1999`` (a bracketed number first, or a
#: document type code), or ``1　Author. Title. 1994, 216-221`` (a number, a year, separators).
_REFERENCE_NUMBER_RE = re.compile(r"^[\[［〔【]\s*\d{1,3}\s*[\]］〕】]")
_REFERENCE_TYPE_RE = re.compile(r"[\[［]\s*(?:[JMCDRSNPGKZA]|EB/OL|DB/OL|J/OL|M/OL)\s*[\]］]")
_NUMBERED_YEAR_RE = re.compile(r"^\d{1,3}[ \t\u3000.．、]+\S.*(?:1[89]|20)\d\d")
#: A journal issue line: 1999年 第21卷 第5期, 1999年第4期, 2001年 Vol.3 No.2.
ISSUE_RE = re.compile(
    r"^((?:1[89]|20)\d\d[ \t\u3000]*年[ \t\u3000]*(?:第[ \t\u3000]*\d+[ \t\u3000]*卷[ \t\u3000]*)?"
    r"(?:第[ \t\u3000]*[\d\-－—~～/]+[ \t\u3000]*期|[Vv]ol\.?[ \t\u3000]*\d+))")


def is_caption_line(line: str) -> bool:
    """A table or figure caption (表1　…, 图2 …, Fig. 3 …)."""
    return bool(_CAPTION_RE.match(line.strip(WHITESPACE)))


def is_reference_entry(line: str) -> bool:
    """An entry of a reference list: ``[1] 作者. 题名[J]. 刊名, 1999, 21(5): 1-3``."""
    text = line.strip(WHITESPACE)
    if _REFERENCE_NUMBER_RE.match(text) or _REFERENCE_TYPE_RE.search(text):
        return True
    return bool(_NUMBERED_YEAR_RE.match(text)) and sum(text.count(c) for c in ",，.．") >= 2


def is_issue_line(line: str) -> bool:
    """A journal's issue line: ``1999年 第21卷 第5期 Vol.21 No.5 1999``."""
    return bool(ISSUE_RE.match(line.strip(WHITESPACE)))


_DATA_CHARS = set("0123456789０１２３４５６７８９.．,，%％±×/+-－—~～<>＜＞=()（）[]:：;； \t\u3000")


def is_data_line(line: str) -> bool:
    """A line of numbers: a table row or a run of cells (``3537.4±541.7239.56±14.3``,
    ``实验前1000m跑(s)``): digits with no two Han characters, or at most four Han
    characters (none of them 年月日) among digits, signs and Latin letters that make up two
    thirds of the line, a fifth of it digits."""
    text = line.strip(WHITESPACE)
    if not text or not any(c.isdigit() for c in text):
        return False
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if han < 2:
        return True
    data = sum(1 for c in text if c in _DATA_CHARS or c.isdigit() or c.isascii() and c.isalpha())
    digits = sum(1 for c in text if c.isdigit())
    return (han <= 4 and not any(c in text for c in "年月日") and data * 3 >= 2 * len(text)
            and digits * 5 >= len(text))


#: A word and a number column, an optional short tag after it (a user dictionary of a
#: segmenter: ``云计算 5``, ``李小福 2 nr``; a word count list). A year (回眸 2019) is no count.
#: (The word is matched once, its Han checked by a lookahead: two unbounded runs of the same
#: class around it backtracked cubically on a long line.)
_NUMBER_COLUMN_RE = re.compile(
    r"^(?=[^\s\d]*[\u4e00-\u9fff])[^\s\d]+[ \t\u3000]+(?!(?:1[89]|20)\d\d(?![\d.．]))[\d０-９]+(?:[.．][\d０-９]+)?"
    r"(?:[ \t\u3000]+[A-Za-z]{1,5})?$")
#: A row of a record list is short.
MAX_ROW = 200


def is_row_line(line: str) -> bool:
    """A row of a table or a list of records: cells split by a tab (``label<TAB>comment``), or
    a word and a number column (``云计算 5``, ``小明 3 n``)."""
    text = line.strip(WHITESPACE)
    return "\t" in text or (len(text) <= MAX_ROW and bool(_NUMBER_COLUMN_RE.match(text)))


def is_not_headline(line: str) -> bool:
    """Lines that are never a headline however short: a line of numbers or a table row, a
    table or figure caption, a reference entry, a journal's issue line."""
    return (is_data_line(line) or is_row_line(line) or is_caption_line(line) or is_reference_entry(line)
            or is_issue_line(line))


def is_numbered_heading(line: str) -> bool:
    """A numbered section heading (一、关于… / （二）…): short, not a sentence."""
    text = line.strip(WHITESPACE)
    return (bool(_NUMBERED_RE.match(text)) and len(text) <= MAX_HEADLINE
            and not ends_sentence(text) and not any(c in text for c in "，,；;。"))


#: Headings of an article's own parts: never the headline of another article.
SECTION_WORDS = frozenset({
    "参考文献", "参考资料", "参考书目", "注释", "注解", "附注", "附录", "致谢", "摘要", "关键词", "引言", "前言",
    "结论", "结语", "小结", "讨论", "后记", "编者按", "编后", "相关链接", "延伸阅读", "相关阅读", "附件",
    "參考文獻", "註釋", "附錄", "結論", "結語", "討論", "後記", "編者按", "相關連結", "延伸閱讀",
})


def is_section_heading(line: str) -> bool:
    """A heading of an article's own part (参考文献, 注　释, 结论：)."""
    return re.sub(r"[\s\u3000：:]", "", line) in SECTION_WORDS


def is_title_like(line: str) -> bool:
    """A headline that can open an article (subheads ending in a dash and the headings
    of an article's own parts, 参考文献 / 结论, cannot)."""
    return (is_headline_like(line) and not line.rstrip(WHITESPACE).endswith(("—", "-"))
            and not is_section_heading(line))


def is_date_line(line: str) -> bool:
    """True for a line holding only a full date, such as （2020年2月23日）."""
    return bool(_DATE_LINE_RE.match(line.strip(WHITESPACE)))


def is_indented(line: str) -> bool:
    """True when a line starts with paragraph indentation."""
    return bool(line) and line[0] in WHITESPACE


_META_LABEL_RE = re.compile(r"^[\s\u3000]*(?:来源|出处|编辑|责编|责任编辑|作者|记者|发布时间|时间|日期)\s*[：:]")
_STAMP_LIKE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}")


#: A received / revised / accepted date (收稿日期：1999－06－18): when a manuscript came in, not
#: when the article was published.
_RECEIVED_RE = re.compile(r"^[（(［\[]?[\s\u3000]*(?:收稿|修回|投稿|收到|接受|录用|修改|來稿|收件)[\s\u3000]*(?:日期|时间|時間)?")


def is_received_line(line: str) -> bool:
    """A received, revised or accepted date line of a journal article."""
    return bool(_RECEIVED_RE.match(line.strip(WHITESPACE)))


def is_labelled_meta(line: str) -> bool:
    """A metadata line that opens with its label (来源：… / 作者：… / 日期：…)."""
    return is_meta_line(line) and bool(_META_LABEL_RE.match(line.strip(WHITESPACE)))


def is_meta_line(line: str) -> bool:
    """A line of metadata (a date stamp, 来源：…, 编辑：…): never part of a headline.

    A date in a sentence (a comma or a full stop beside it, no label first), a received
    date, a reference entry and a line of numbers (1520.36.2 is no date) are no metadata
    lines."""
    text = line.strip(WHITESPACE)
    if (len(text) > 60 or is_received_line(text) or is_reference_entry(text) or is_data_line(text)
            or is_event_time(text)):
        return False
    if _META_LABEL_RE.match(text):
        return True
    return bool(_STAMP_LIKE_RE.search(text)) and not any(c in text for c in "，。；！？")
