"""Datelines: who reported a story, from where and when, as the text itself says.

``央广网北京2月15日消息``, ``（新华社北京3月10日电）``, ``【财新网】`` give a publisher
and, when present, a date text. Nothing is guessed: a publisher must be a known news
organisation or read like one (…社, …网, …报, …台 before a place name or date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KNOWN_PUBLISHERS = (
    "新華社", "中央社", "中新網", "新華網", "人民網", "央廣網", "央視網", "聯合報", "中國時報", "自由時報",
    "明報", "星島日報", "大公報", "文匯報", "香港電台", "法廣", "德國之聲", "美國之音",
    "新华社", "中新社", "中新网", "央广网", "央视网", "央视新闻", "人民网", "人民日报", "新华网",
    "光明网", "光明日报", "经济日报", "中国日报网", "中国日报", "中国新闻网", "环球网", "环球时报",
    "澎湃新闻", "财新网", "新京报", "中国青年报", "中青网", "法制日报", "解放日报", "文汇报",
    "南方日报", "南方都市报", "北京日报", "湖北日报", "长江日报", "中央广播电视总台", "国际在线",
    "中国网", "界面新闻", "第一财经", "每日经济新闻", "21世纪经济报道", "工人日报", "农民日报",
    "中华工商时报", "科技日报", "参考消息", "华夏经纬网", "台湾网", "美联社", "路透社", "法新社",
)
_KNOWN = "|".join(sorted(KNOWN_PUBLISHERS, key=len, reverse=True))
_LIKE = r"[\u4e00-\u9fff]{1,8}?(?:通讯社|新闻社|日报|晚报|时报|电视台|广播电台|網|网|社|报|報)"
_DATE = r"((?:\d{4}年)?\d{1,2}月\d{1,2}日)"
_REPORTED = r"(?:电|電|消息|讯|訊|报道|報導)"
_PLACE = r"[\u4e00-\u9fff]{0,8}?"
_OPEN = r"[（(【\[]"
_CLOSE = r"[)）】\]]"

#: Opening dateline: 央广网北京2月15日消息, 新华社武汉3月10日电（记者…）
OPENING_RE = re.compile(rf"^\s*(?:据|據)?({_KNOWN}|{_LIKE}){_PLACE}{_DATE}\s*{_REPORTED}")
#: Closing dateline: （新华社北京3月10日电）
CLOSING_RE = re.compile(rf"{_OPEN}\s*({_KNOWN}|{_LIKE}){_PLACE}{_DATE}\s*{_REPORTED}{_CLOSE}\s*$")
#: Bracketed source at the start: 【财新网】
BRACKET_RE = re.compile(rf"^\s*【\s*({_KNOWN}|{_LIKE})\s*】")


#: The reporters a dateline names in brackets right after it: ``电（记者蔡艾明）``,
#: ``电（记者张晓松、朱基钗）``, ``訊（記者王小明）``.
_REPORTERS_RE = re.compile(r"\s*[（(]\s*(?:本报|本報)?(?:记者|記者|通讯员|通訊員)\s*([^）)]{2,40})[）)]")
_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


@dataclass(frozen=True)
class Dateline:
    """A publisher and, if written, the date as written (``3月10日``) and the reporters
    the dateline names (``（记者蔡艾明）``)."""

    publisher: str | None
    date_text: str | None
    reporters: tuple[str, ...] = ()


def _reporters(text: str, at: int) -> tuple[str, ...]:
    """Names in ``（记者甲、乙）`` right at ``text[at:]``; () unless every part is a name."""
    match = _REPORTERS_RE.match(text, at)
    if not match:
        return ()
    names = tuple(n for n in re.split(r"[\s、，,　]+", match.group(1).strip()) if n)
    return names if names and len(names) <= 6 and all(_NAME_RE.match(n) for n in names) else ()


def find_dateline(paragraphs: list[str]) -> Dateline | None:
    """The dateline of an article: an opening one in its first paragraphs, else a closing one."""
    for text in paragraphs[:3]:
        match = OPENING_RE.match(text)
        if match:
            return Dateline(_named(match.group(1)), match.group(2), _reporters(text, match.end()))
        match = BRACKET_RE.match(text)
        if match:
            return Dateline(_named(match.group(1)), None)
    for text in reversed(paragraphs[-3:]):
        match = CLOSING_RE.search(text)
        if match:
            return Dateline(_named(match.group(1)), match.group(2))
    return None


def _named(publisher: str | None) -> str | None:
    """A dateline's publisher, unless it names none (本报北京7月10日电: "this paper")."""
    return None if publisher in NO_PUBLISHER else publisher


def is_closing_dateline(line: str) -> bool:
    """True for a line that ends an article with a dateline such as （新华社北京3月10日电）."""
    return bool(CLOSING_RE.search(line.strip()))


#: A credit line naming where an article came from: ``原文来自微信公众号「X」：[标题](url)``,
#: ``信息源自：X``, ``来源：X``, ``出自X``, ``文章来自X https://…``, ``本文转载自「X」``.
#: Every run of spaces is taken whole (``\s*+``): nothing after one can start with a space,
#: so no match is lost, and a line of spaces is not tried in cubic time.
CREDIT_RE = re.compile(
    r"^[\s*>_]*+(?:原文来自|信息源自|信息来源|文章来源|文章来自|本文来自|内容来自|来源|來源|出自|出处|出處|转载自|轉載自|转自|轉自)"
    r"\s*+[：:]?+\s*+(?:微信公众号|微信公眾號|公众号|公眾號)?\s*+[：:]?+\s*+"
    r"(?:[「“《【\[]([^」”》】\]\n]{1,30})[」”》】\]]|([^\s：:，,。\[\]()（）「」《》【】|｜/]{2,20}))?"
    r"\s*+[：:]?+\s*+(?:\[[^\]\n]*\]\((https?://[^)\s]+)\)|(https?://\S+))?\s*+$")


#: What a credit line may name that is nobody: 来源：网络.
NO_PUBLISHER = frozenset({"网络", "網絡", "网上", "互联网", "網路", "网友", "網友", "本站", "原创", "原創", "转载", "轉載", "未知",
                          # "this paper / journal / station / site": a pointer, not a name
                          "本报", "本報", "本刊", "本台", "本网", "本網", "本社", "本报讯", "本報訊"})


@dataclass(frozen=True)
class Credit:
    """Who an article names as its source and the link it gives (either may be None)."""

    publisher: str | None
    url: str | None


def source_credit(line: str) -> Credit | None:
    """The source a credit line names (``原文来自微信公众号「X」：[标题](url)`` gives X and the
    url); None for any other line, and for a credit line that names neither."""
    text = line.strip()
    if len(text) > 300:
        return None
    match = CREDIT_RE.match(text)
    if not match:
        return None
    publisher = (match.group(1) or match.group(2) or "").strip() or None
    if publisher in NO_PUBLISHER:
        publisher = None
    url = match.group(3) or match.group(4)
    if url and url.startswith("[") or (publisher is None and url is None):
        return None
    return Credit(publisher, url)
