"""Datelines and bylines: what the text states about who and when."""

from __future__ import annotations

import pytest

from normalize.metadata.bylines import bare_byline, labelled_byline
from normalize.metadata.datelines import find_dateline

DATELINES = [
    (["央广网北京2月15日消息 据报道，14日。"], "央广网", "2月15日"),
    (["正文。", "(新华社北京3月10日电)"], "新华社", "3月10日"),
    (["正文。", "新华社记者(新华社北京3月10日电)"], "新华社", "3月10日"),
    (["【财新网】3月10日，习近平专门赴湖北。"], "财新网", None),
    (["本报讯 今天天气很好。"], None, None),
]


@pytest.mark.parametrize("paragraphs, publisher, date_text", DATELINES)
def test_find_dateline(paragraphs, publisher, date_text):
    found = find_dateline(paragraphs)
    assert (found.publisher if found else None) == publisher
    assert (found.date_text if found else None) == date_text


BYLINES = [
    (labelled_byline, "作者：郑宇钧 杨媛", ("郑宇钧", "杨媛")),
    (labelled_byline, "作者：巴芮，[原文](http://x)发自公众号人物", ("巴芮",)),
    (labelled_byline, "记者/ 韩谦  January 27, 2020", ("韩谦",)),
    (labelled_byline, "作者：chuzhaoxin", ("chuzhaoxin",)),
    (labelled_byline, "文章来自微信公号", None),
    (bare_byline, "习近平", ("习近平",)),
    (bare_byline, "同志们：", None),
    (bare_byline, "会议强调要抓好当前重点工作", None),
]


@pytest.mark.parametrize("parse, line, names", BYLINES)
def test_bylines(parse, line, names):
    assert parse(line) == names


MORE_DATELINES = [
    (["新华网北京2020年3月10日电 习近平今天考察武汉。"], "新华网", "2020年3月10日"),
    (["新華社北京3月10日電 習近平今天考察武漢。"], "新華社", "3月10日"),
    (["据新华社北京3月10日电 习近平今天考察武汉。"], "新华社", "3月10日"),
]


@pytest.mark.parametrize("paragraphs, publisher, date_text", MORE_DATELINES)
def test_datelines_with_a_year_traditional_or_reported(paragraphs, publisher, date_text):
    found = find_dateline(paragraphs)
    assert (found.publisher, found.date_text) == (publisher, date_text)


def test_credit_lines():
    from normalize.metadata.bylines import credit_line
    assert credit_line("新华社记者 张晓松 朱基钗") == ("张晓松", "朱基钗")
    assert credit_line("人民日报评论员") == ("人民日报评论员",)
    assert credit_line("记者们都来了，现场很热闹") is None


REPORTERS = [
    (["新华社济南５月６日电（记者蔡艾明）一直被医学界视为疑难病症。"], ("蔡艾明",)),
    (["人民网堪培拉2月19日电（记者陈效卫）2月17日，大使接受采访。"], ("陈效卫",)),
    (["中国日报3月16日电（记者 吴勇 周荔华）住在武汉市最东边。"], ("吴勇", "周荔华")),
    (["新华社武汉3月10日电（记者张晓松、朱基钗）习近平考察。"], ("张晓松", "朱基钗")),
    # Not reporters: a photo credit in the brackets, brackets that do not follow the dateline.
    (["新华社武汉3月10日电（记者张晓松 摄）习近平考察。"], ()),
    (["新华社武汉3月10日电 习近平考察（记者张晓松）。"], ()),
]


@pytest.mark.parametrize("paragraphs, reporters", REPORTERS)
def test_a_dateline_names_its_reporters_in_brackets(paragraphs, reporters):
    assert find_dateline(paragraphs).reporters == reporters


CREDITS = [
    ("原文来自微信公众号「新京报」：[标题](https://mp.weixin.qq.com/s/abc)", "新京报", "https://mp.weixin.qq.com/s/abc"),
    ("信息源自：人民日报", "人民日报", None),
    ("来源：大河报·大河客户端", "大河报·大河客户端", None),
    ("出自《南方周末》", "南方周末", None),
    ("文章来自 澎湃新闻 https://www.thepaper.cn/x", "澎湃新闻", "https://www.thepaper.cn/x"),
    ("本文来自「财新网」", "财新网", None),
]
NOT_CREDITS = ["来源于网络，侵删", "来源：", "来源：网络", "出自他的手笔，这篇文章很好。", "他来自北京"]


@pytest.mark.parametrize("line, publisher, url", CREDITS)
def test_credit_lines_give_publisher_and_url(line, publisher, url):
    from normalize.metadata.datelines import source_credit
    credit = source_credit(line)
    assert (credit.publisher, credit.url) == (publisher, url)


@pytest.mark.parametrize("line", NOT_CREDITS)
def test_lines_that_name_no_source_are_no_credit(line):
    from normalize.metadata.datelines import source_credit
    assert source_credit(line) is None


def test_this_paper_is_no_publisher():
    from normalize.metadata.datelines import find_dateline
    dateline = find_dateline(["本报北京7月10日电 （记者杜海涛）近两年，我们已经主动调整进口来源地。"])
    assert dateline is not None and dateline.publisher is None and dateline.reporters == ("杜海涛",)
