"""What a headline line is in plain text, and what is never one."""

from __future__ import annotations

import pytest

from normalize.metadata import headlines

NEVER_HEADLINES = [
    ("3537.4±541.7239.56±14.3", "a table row of numbers"),
    ("实验前1000m跑(s)", "a table cell"),
    ("肺活量(ml)30", "a table cell"),
    ("表1　实验前后、实验班与对照班检测指标相互比较", "a table caption"),
    ("图2 载人航天器飞行状态分析模型", "a figure caption"),
    ("［1］中国学生体质与健康研究组.中国学生体质健康研究［M］.人民教育出版社，1987.", "a reference entry"),
    ("[2] 李华. 城市生态学[M]. 北京: 科学出版社, 2015.", "a reference entry"),
    ("1999年 第21卷 第5期 Vol.21 No.5 1999", "a journal's issue line"),
    ("2.1　研究对象", "a numbered section heading"),
    ("新华社济南５月６日电（记者蔡艾明）一直被医学界", "an opening dateline"),
    ("《京都议定书》很可能是本10年中最重要的国际环境协议.", "a sentence closed by an ASCII period"),
    ("title = \"没有引号结束", "a TOML field line"),
    ("地点：学校田径场", "a label line"),
    ("+++", "no letter in it"),
]
HEADLINES = ["12歲女中風癱床 父不捨", "3姊弟：盼爸爸打敗癌症", "2020年GDP增长6.1%", "iPhone 12发布", "在大考中交出合格答卷"]


@pytest.mark.parametrize("line, why", NEVER_HEADLINES)
def test_never_a_headline(line, why):
    assert not headlines.is_headline_like(line), why


@pytest.mark.parametrize("line", HEADLINES)
def test_headlines(line):
    assert headlines.is_headline_like(line)


@pytest.mark.parametrize("line", ["参考文献", "注　释", "结论", "延伸閱讀"])
def test_an_articles_own_section_opens_no_article(line):
    assert not headlines.is_title_like(line)


@pytest.mark.parametrize("line", ["1　引言", "2.1　研究对象", "3.2.1 结果讨论", "一、前言"])
def test_numbered_section_headings(line):
    assert headlines.is_numbered_heading(line)


META = [
    ("2020-03-10 10:23 来源：新华网", True),
    ("发布时间：2020年3月10日", True),
    ("收稿日期：1999－06－18", False),
    ("修回日期:1998年10月7日", False),
    ("2018年10月1日，机场的第一条跑道正式通航。", False),
    ("[2] 李华. 城市生态学[M]. 北京: 科学出版社, 2015-06-01.", False),
    ("1路1520.36.2%", False),
]


@pytest.mark.parametrize("line, meta", META)
def test_meta_lines(line, meta):
    assert headlines.is_meta_line(line) is meta


def test_spaced_and_bbs_labels_are_no_headlines() -> None:
    from normalize.metadata import headlines
    for line in ("标  题: 哲学的威力", "发信人: roran (跳仔), 信区: philosophy", "初赛时间：2019年4月10日", "报名地点：教学楼"):
        assert not headlines.is_headline_like(line), line


def test_event_time_is_no_meta_line() -> None:
    from normalize.metadata import headlines
    assert headlines.is_event_time("决赛时间：2019年4月20日")
    assert not headlines.is_meta_line("决赛时间：2019年4月20日")
    assert not headlines.is_event_time("时间：2019年4月20日") and not headlines.is_event_time("发布时间：2019年4月20日")
    assert headlines.is_meta_line("时间：2019年4月20日")


def test_url_and_label_lines_are_no_headlines() -> None:
    """A line holding a URL, or a repost's / digest's label line, is never (part of) a headline;
    a headline with a speaker and a colon still is."""
    from normalize.metadata import headlines
    for line in ("| 原文链接：http://example.org/arts/641688.Doc", "原标题：包管理器依赖冲突解决方案", "简介：前端组件库按需加载",
                 "详见www.example.com.cn", "原文連結：https://example.org/a"):
        assert not headlines.is_headline_like(line), line
    assert headlines.is_headline_like("专家：城市更新要留住烟火气")


def test_row_lines_are_no_headlines() -> None:
    """Cells split by a tab, a word and a number column (a segmenter's user dictionary)."""
    from normalize.metadata import headlines
    for line in ("label\tcomment", "暴雨\t四川宜宾暴雨致2人死亡", "云计算 5", "李小福 2 nr", "好用 300"):
        assert headlines.is_row_line(line) and not headlines.is_headline_like(line), line
    for line in ("世界杯 2018年", "北京冬奥会开幕", "华为 Mate 60 发布"):
        assert not headlines.is_row_line(line), line


def test_a_long_line_is_read_in_linear_time_as_no_row():
    import time
    from normalize.metadata.headlines import _NUMBER_COLUMN_RE, is_row_line
    line = "a" * 100_000 + "中" + "b" * 100_000
    started = time.perf_counter()
    assert not is_row_line(line) and _NUMBER_COLUMN_RE.match(line) is None
    assert time.perf_counter() - started < 1
