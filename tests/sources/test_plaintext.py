"""Plain text: one record unless the text shows several articles; a journal article's head read."""

from __future__ import annotations

import time

from normalize.sources import journal, plaintext

JOURNAL = """宇航学报
JOURNAL OF ASTRONAUTICS
1999年　第20卷　第4期　vol20　No.4　1999



载人航天器安全性概率算法
刘炳章
　　摘　要　本文从载人航天的工程实际出发，对载人航天器的安全性定义进行了深入的讨论。
　　主题词　载人航天器　安全性　安全性概率算法
A PROBABILISTIC APPROACH TO SAFETY
OF THE MANNED SPACE FLYER
Liu Bingzhang
(China Astronautics Standards Institute . Beijing . 100830)
　　Abstract　From the manned space engineering, safety of the manned space flyer is discussed.
　　Key words　Manned space flyer　Safety
1　载人航天器安全性的定义
　　载人航天器是当今航天工程领域中最复杂的系统之一。该系统不仅要有很高的可靠性。
飞行段任务可靠性安全性
助推段0.79170.9963
返回段0.99460.9946
参考文献
1　Pate Rutledge, Ben Ruchbinder. A quantiative approach. proceedings 1994, 216-221
收稿日期:1998年3月6日
修回日期:1998年10月7日
"""


def test_a_journal_article_is_one_record_with_its_head_read():
    (doc,) = plaintext.parse(JOURNAL)
    assert doc.title == "载人航天器安全性概率算法"
    assert doc.meta["authors"] == ("刘炳章",)
    assert doc.meta["publisher"] == "宇航学报"
    assert doc.meta["date_text"] == "1999年　第20卷　第4期"
    assert "date_published" not in doc.meta
    assert doc.meta["tags"] == ("载人航天器", "安全性", "安全性概率算法")
    fields = doc.meta["source_fields"]
    assert fields["英文题名"] == "A PROBABILISTIC APPROACH TO SAFETY OF THE MANNED SPACE FLYER"
    assert fields["英文作者"] == "Liu Bingzhang"
    assert fields["收稿日期"] == "1998年3月6日" and fields["修回日期"] == "1998年10月7日"
    assert "收稿日期" not in doc.body and "载人航天器安全性概率算法" not in doc.body
    assert "1　载人航天器安全性的定义" in doc.body and "助推段0.79170.9963" in doc.body


def test_a_lead_paragraph_above_the_title_stays_in_the_text():
    text = ("航空工程与维修\nAVIATION ENGINEERING & MAINTENANCE\n1999年　第4期　No.4　1999\n\n"
            "　　介绍了一起较为特别的波音737发动机自动油门故障及其排故经过\n波音737自动油门故障的排除\n"
            "Removal of Auto Throttle Trouble of B737 Engine\n夏贵勋　邹勇\n　　我国有一个比较大的波音737飞机机群。\n")
    (doc,) = plaintext.parse(text)
    assert doc.title == "波音737自动油门故障的排除"
    assert doc.meta["authors"] == ("夏贵勋", "邹勇")
    assert doc.meta["source_fields"]["英文题名"] == "Removal of Auto Throttle Trouble of B737 Engine"
    assert doc.body.strip("\n").startswith("　　介绍了")


def test_an_english_line_under_a_title_is_no_author_without_an_affiliation():
    text = ("产业与环境\nINDUSTRY AND ENVIRONMENT\n1999年　第21卷　第1-2期\n清 洁 生 产\nCleaner Production\n"
            "联合国环境署工业与环境中心清洁生产网络简讯，致力于促进清洁生产。\n")
    (doc,) = plaintext.parse(text)
    assert "authors" not in doc.meta
    assert "Cleaner Production" in doc.body


def test_a_latin_author_with_an_affiliation_under_the_title():
    text = ("产业与环境\nINDUSTRY AND ENVIRONMENT\n1999年　第21卷　第1-2期\n工商界编制志愿举措案例\nBjrn Stigson\n"
            "President,World Business Council for Sustainable Development,Switzerland\n"
            "摘要　志愿举措可以给工商界提供新的市场机会.\n　　在联合国环境与发展大会以来的5年中，工商界已经取得进展.\n")
    (doc,) = plaintext.parse(text)
    assert doc.meta["authors"] == ("Bjrn Stigson",)
    assert doc.meta["source_fields"]["作者单位"].startswith("President,World")


def test_two_head_labels_without_a_masthead_make_a_journal_article():
    text = "城市绿地生态效益研究\n张明　李华\n摘要：本文综述了近年研究。\n关键词：绿地；热岛\n正文第一段，内容足够长的一句话。\n"
    (doc,) = plaintext.parse(text)
    assert doc.title == "城市绿地生态效益研究" and doc.meta["tags"] == ("绿地", "热岛")


def test_news_text_is_no_journal_article():
    lines = ["标题一", "（2020年2月23日）", "正文。"]
    assert journal.read_head(lines, [0, 1, 2]) is None


def test_a_kept_whole_article_is_flagged():
    text = JOURNAL.replace("1　载人航天器安全性的定义", "安全性的定义\n（2020年2月23日）")
    (doc,) = plaintext.parse(text)
    assert journal.FLAG_KEPT_WHOLE in doc.flags


def test_hard_wrapped_paragraphs_with_indented_first_lines_are_joined():
    wrapped = ["                 现年５１岁的张兴惠，从事新法治疗脉管炎病的研究",
               "             和临床实践已有２０多年，他钻研了大量中外医学名著，",
               "             和临床实践已有２０多年，他钻研了大量中外医学名著，",
               "             从病理学角度提出了新见解。"] * 4
    lines, spans, unwrapped = plaintext.logical_lines(wrapped)
    assert unwrapped and len(lines) == 4 and spans[0] == (0, 3)


def test_long_runs_of_spaces_take_linear_time():
    for text in ("中图分类号：G633.96" + "\u3000" * 40_000 + "文献标识码：A\n", "收稿日期：" + " " * 40_000 + "x\n",
                 "A" + "1" * 40_000 + "!\n"):
        start = time.perf_counter()
        list(plaintext.parse(text))
        assert time.perf_counter() - start < 2


def test_unwrap_never_continues_into_an_indented_line() -> None:
    """A hard-wrapped wire story: a line indented beyond the text's margin opens a paragraph."""
    raw = open("tests/fixtures/plaintext/wire_unwrap_indent.txt", encoding="utf-8").read().split("\n")
    lines, _, unwrapped = plaintext.logical_lines(raw)
    assert unwrapped
    paragraphs = [line.strip() for line in lines if line.strip()]
    assert any(p.startswith("据报道") for p in paragraphs)
    assert any(p.startswith("今年以来") for p in paragraphs)


def test_event_time_labels_stay_in_the_text() -> None:
    """初赛时间： / 决赛时间： are a notice's labels: no headline, no date, kept in the text."""
    text = open("tests/fixtures/plaintext/notice_event_time_labels.txt", encoding="utf-8").read()
    (doc,) = plaintext.parse(text)
    assert "初赛时间：2019年4月10日" in doc.body and "决赛时间：2019年4月20日" in doc.body
    assert "date_published" not in doc.meta


def test_bare_time_label_still_dates() -> None:
    (doc,) = plaintext.parse("全市春季植树活动启动\n时间：2019年4月20日\n市民踊跃参加春季义务植树活动，共栽种树苗一万余株。\n")
    assert doc.meta.get("date_published") == "2019-04-20"


def test_separator_lines() -> None:
    for line in ("-----", "==========", "＊＊＊", "* * *", "————", "  ～～～  "):
        assert plaintext.is_separator(line), line
    for line in ("--", "——记者手记", "* 注意", "- 第一条"):
        assert not plaintext.is_separator(line), line


def test_separator_between_articles_leaves_the_text() -> None:
    """The rule between two articles is their boundary: in neither text, inside the first's lines."""
    text = open("tests/fixtures/plaintext/wires_separators.txt", encoding="utf-8").read()
    first, second, third = plaintext.parse(text)
    assert "=====" not in first.body and "＊" not in second.body
    assert first.line_end == 5 and second.line_start == 6


def test_section_break_stays_in_its_article() -> None:
    text = open("tests/fixtures/plaintext/section_break_one_story.txt", encoding="utf-8").read()
    (doc,) = plaintext.parse(text)
    assert "* * *" in doc.body and "另一种时间" in doc.body
