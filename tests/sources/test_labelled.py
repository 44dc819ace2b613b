"""Field-labelled dumps: the People's Daily files of the corpus sample, and the label rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file
from normalize.sources import labelled

#: Real People's Daily exports (zephyr-fun/Tiny_Search_Engine; tests/corpus/SOURCES.tsv).
FILES = sorted((Path(__file__).parent.parent / "corpus" / "labelled").glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_peoples_daily_files_give_title_url_and_date_without_labels(path):
    lines = path.read_text("utf-8").split("\n")
    (document,) = process_file(InputFile(str(path), path.name)).documents
    link = next(line.split("：", 1)[1].strip() for line in lines if line.startswith("连接："))
    title_at = next(i for i, line in enumerate(lines) if line.startswith("标题："))
    assert document.format == "labelled"
    assert document.title == lines[title_at + 1].strip()
    assert document.url == link
    year, month, day = re.search(r"/(\d{4})-(\d{2})/(\d{2})/", link).groups()
    assert document.date_published == f"{year}-{month}-{day}"
    assert not re.search(r"(?m)^(连接|标题|内容)：", document.text)


def test_a_title_label_followed_by_a_label_is_the_title():
    (raw,) = list(labelled.parse("标题：直接写的标题\n来源：人民网\n内容：\n正文。\n"))
    assert raw.title == "直接写的标题" and raw.meta["publisher"] == "人民网" and raw.body.strip() == "正文。"


def test_an_empty_title_line_takes_the_kicker():
    (raw,) = list(labelled.parse("标题：引题作标题\n\n\n内容：\n正文。\n"))
    assert raw.title == "引题作标题" and raw.body.strip() == "正文。"


def test_a_url_label_with_prose_is_not_a_link_and_body_lines_keep_their_labels():
    (raw,) = list(labelled.parse("标题：题\n内容：\n记者：张三\n网址：请见附件说明\n"))
    assert "url" not in raw.meta
    assert raw.body.strip() == "记者：张三\n网址：请见附件说明"  # inside the body only link fields are read


def test_sniff_needs_a_body_label():
    assert labelled.sniff("标题：题\n来源：某报\n正文一段\n", ".txt")[0] < 0.5
    assert labelled.sniff("连接：http://a.cn/x\n标题：题\n内容：\n正文\n", ".txt")[0] >= 0.8
    assert labelled.sniff("普通的一段文字。\n", ".txt")[0] == 0.0


def test_a_notice_with_some_labels_is_not_this_layout():
    notice = "关于召开年度总结会的通知\n各部门：\n时间：2020年1月1日\n地点：会议室\n内容：总结工作\n请准时参加。\n"
    assert labelled.sniff(notice, ".txt")[0] < 0.1  # under plaintext's 0.1: read as plain text, whole


def test_kicker_title_subtitle_and_a_blank_line():
    (raw,) = list(labelled.parse("连接：http://a.cn/2020-01/02/x.htm\n标题：引题\n主标题\n副标题\n\n内容：\n正文。\n"))
    assert (raw.title, raw.meta["subtitle"], raw.body.split("\n")[0]) == ("主标题", "副标题", "引题")


def test_unlabelled_and_repeated_header_lines_are_kept_in_the_body():
    (raw,) = list(labelled.parse("标题：甲\n来源：新华社\n补充说明一行\n来源：人民网\n内容：正文\n"))
    assert raw.body.split("\n")[:3] == ["补充说明一行", "来源：人民网", "正文"]
    assert raw.flags == ("labels_repeated", "unlabelled_header_lines")


def test_a_second_article_without_the_leading_label_is_still_an_article():
    raws = list(labelled.parse("连接：http://a.cn/x\n标题：甲\n内容：\n正文甲。\n标题：乙\n内容：\n正文乙。\n"))
    assert [(r.title, r.body.strip()) for r in raws] == [("甲", "正文甲。"), ("乙", "正文乙。")]


def test_many_articles_with_the_body_on_the_label_line_parse_in_linear_time():
    text = "".join(f"标题：第{n}篇\n内容：正文{n}。\n" for n in range(20000))
    raws = list(labelled.parse(text))
    assert len(raws) == 20000 and raws[-1].title == "第19999篇" and raws[-1].line_start == 39999
