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
