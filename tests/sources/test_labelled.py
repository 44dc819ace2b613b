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


# Bracket labels: 人大复印报刊资料 / Fudan corpus records, newspaper CD-ROM and CNKI exports.
BRACKET_FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "labelled").glob("reprint_*.txt"))


def _decoded(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


@pytest.mark.parametrize("path", BRACKET_FIXTURES, ids=lambda p: p.name)
def test_reprint_records_keep_every_label_in_a_field_and_none_in_the_text(path):
    text = _decoded(path)
    (raw,) = list(labelled.parse(text))
    assert "【" not in raw.body
    labels = {re.sub(r"[ \u3000]", "", name) for name in re.findall(r"【([^】]+)】", text)}
    held = set(raw.meta["source_fields"]) | {"文献号", "原文出处", "原刊期号", "分类名", "作者", "标题", "关键词",
                                             "正文", "参考文献"}
    assert labels <= held  # every label read: into a field, source_fields, or the heading it is
    assert raw.meta["source_fields"]["原刊地名"] and raw.meta["source_fields"]["复印期号"]
    assert "date_published" not in raw.meta  # 原刊期号 is an issue, not a day


def test_the_abstract_and_the_authors_note_are_source_fields_not_text():
    (raw,) = list(labelled.parse(_decoded(BRACKET_FIXTURES[-1])))  # reprint_title_two_lines.txt
    assert raw.meta["source_fields"]["内容提要"].startswith("全球化是当今时代的标志。")
    assert raw.meta["source_fields"]["内容提要"].endswith("不同发达程度国家之间的双赢。")
    assert "\n" not in raw.meta["source_fields"]["内容提要"]  # its hard wraps joined back
    assert raw.meta["source_fields"]["作者简介"] == "臧乃康，中共南通市委党校教授"
    assert "全球化是当今时代的标志" not in raw.body
    assert "\n参考文献\n" in raw.body  # the bracketed heading written as the heading


def test_bracket_labels_with_any_spaces_and_a_colon_or_not():
    text = "【\u3000标\u3000题\u3000】：题一\n【 作  者 】:张三/李四\n【原文出处】《某某学报》\n【正 文】\n正文。\n"
    (raw,) = list(labelled.parse(text))
    assert raw.title == "题一" and raw.meta["authors"] == ("张三", "李四")
    assert raw.meta["publisher"] == "某某学报" and raw.body.strip() == "正文。"


def test_several_labels_on_one_line_and_the_body_on_the_same_line():
    text = "【 日  期 】19960104 【 版  号 】1 【 标  题 】合巢芜高速公路巢芜段竣工 【 作  者 】彭建中 【 正  文 】 正文【版号】不是标签。\n"
    (raw,) = list(labelled.parse(text))
    assert (raw.title, raw.meta["section"], raw.meta["date_published"]) == ("合巢芜高速公路巢芜段竣工", "1", "1996-01-04")
    assert raw.body.strip() == "正文【版号】不是标签。"  # after the body label, the rest of the line is body


@pytest.mark.parametrize("written, iso", [("19960104", "1996-01-04"), ("1996-01-04", "1996-01-04"),
                                          ("1996年1月4日", "1996-01-04"), ("19960231", None), ("199601", None)])
def test_a_date_label_gives_date_published_only_for_a_real_day(written, iso):
    (raw,) = list(labelled.parse(f"【 日  期 】{written}\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["date_text"] == written and raw.meta.get("date_published") == iso


def test_an_issue_number_is_date_text_and_never_a_day():
    (raw,) = list(labelled.parse("【原刊期号】19950203\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["date_text"] == "19950203" and "date_published" not in raw.meta
    (raw,) = list(labelled.parse("【 日  期 】20010102\n【原刊期号】200011\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["date_text"] == "20010102" and raw.meta["source_fields"]["原刊期号"] == "200011"


def test_the_class_name_is_the_section_unless_a_page_label_gives_one():
    (raw,) = list(labelled.parse("【分 类 名】中国政治\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["section"] == "中国政治"
    (raw,) = list(labelled.parse("【 版  号 】4\n【分 类 名】中国政治\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["section"] == "4" and raw.meta["source_fields"]["分类名"] == "中国政治"


@pytest.mark.parametrize("written, tags", [("全球化/中国政治改革", ("全球化", "中国政治改革")),
                                           ("法人；农村改革;合作社", ("法人", "农村改革", "合作社")),
                                           ("甲，乙，甲", ("甲", "乙"))])
def test_keywords_are_tags(written, tags):
    (raw,) = list(labelled.parse(f"【关 键 词】{written}\n【 标  题 】题\n【 正  文 】\n正文。\n"))
    assert raw.meta["tags"] == tags


def test_unknown_repeated_and_affiliated_labels_are_kept_in_source_fields():
    text = ("【 标  题 】题\n【 作  者 】张三（北京大学）\n【基    金】国家社科基金\n【责任编辑】王五\n"
            "【 作  者 】李四\n【 正  文 】\n正文。\n")
    (raw,) = list(labelled.parse(text))
    assert raw.meta["authors"] == ("张三",)
    assert raw.meta["source_fields"] == {"作者": "张三（北京大学）\n李四", "基金": "国家社科基金", "责任编辑": "王五"}
    assert raw.flags == ("labels_repeated",)


def test_a_title_goes_on_over_lines_and_a_dash_line_is_the_subtitle():
    text = "【 标  题 】很长的标题\n    的第二行\n    ——兼论副标题\n【 作  者 】甲\n【 正  文 】\n正文。\n"
    (raw,) = list(labelled.parse(text))
    assert (raw.title, raw.meta["subtitle"], raw.meta["authors"]) == ("很长的标题的第二行", "兼论副标题", ("甲",))


def test_bylines_and_notes_in_the_body_stay_in_the_text():
    body = "    （季成叶  北京医科大学）\n    正文一段。\n    【编者按】也是正文。\n                （收稿日期  1995—11—6）＊\n"
    (raw,) = list(labelled.parse("【 作  者 】季成叶\n【 标  题 】题\n【 正  文 】\n" + body))
    assert raw.body == body
    assert "date_published" not in raw.meta


def test_a_hard_wrapped_body_is_joined_at_the_wrap_width_and_paragraphs_stay_apart():
    wrapped = ["    " + "甲" * 30, "乙" * 32, "丙" * 10, "    " + "丁" * 30, "Party Governmen", "    新段落。"]
    wrapped[4] = "戊" * 24 + "Party Governmen"  # a Latin word cut by the wrap
    wrapped.insert(5, "t,New York")
    text = "【 标  题 】题\n【 正  文 】\n" + "\n".join(wrapped) + "\n"
    (raw,) = list(labelled.parse(text))
    assert raw.body.split("\n") == ["    " + "甲" * 30 + "乙" * 32 + "丙" * 10,
                                    "    " + "丁" * 30 + "戊" * 24 + "Party Government,New York", "    新段落。", ""]
    assert raw.fixes == (("hard_wraps", 4),)


def test_two_bracket_records_in_one_file():
    one = "【 文献号 】1-1\n【 标  题 】甲\n【 正  文 】\n    正文甲。\n"
    two = "【 文献号 】1-2\n【 标  题 】乙\n【 正  文 】\n    正文乙。\n"
    raws = list(labelled.parse(one + two))
    assert [(r.title, r.meta["source_id"], r.body.strip()) for r in raws] == [("甲", "1-1", "正文甲。"), ("乙", "1-2", "正文乙。")]


def test_sniff_reads_bracket_headers_above_plain_text_and_stays_low_on_brackets_in_news():
    assert labelled.sniff(_decoded(BRACKET_FIXTURES[0]), ".txt")[0] >= 0.8
    assert labelled.sniff("【 标  题 】题\n【 作  者 】甲\n【 正  文 】\n正文\n", ".txt")[0] >= 0.8
    news = "　　【编者按】本报今日起开设专栏。\n　　【环球时报】报道称，某地……\n　　【 标  题 】不是标题。\n"
    assert labelled.sniff(news, ".txt")[0] == 0.0  # the first line is a paragraph, not a label
    assert labelled.sniff("【编者按】本报今日起开设专栏。\n　　正文第二段。\n", ".txt")[0] < 0.1
    assert labelled.sniff("【环球时报综合报道】据报道……\n【 标  题 】x\n正文。\n", ".txt")[0] < 0.1
    assert labelled.sniff("【一个很长很长的方括号里的句子并不是标签】正文\n【 正  文 】\n", ".txt")[0] < 0.1


def test_text_without_labels_is_refused_with_a_reason():
    from normalize.sources.base import SourceError

    for text in ("普通的一段文字。\n", "【" * 1000, ""):
        with pytest.raises(SourceError):
            list(labelled.parse(text))


def test_many_bracket_records_parse_in_linear_time():
    text = "".join(f"【 标  题 】第{n}篇\n【 正  文 】正文{n}。\n" for n in range(20000))
    raws = list(labelled.parse(text))
    assert len(raws) == 20000 and raws[-1].title == "第19999篇" and raws[-1].body == "正文19999。\n"


def _wrapped_article(tail: list[str], title: str = "题") -> str:
    """A bracket article whose body is hard-wrapped at 60 columns (30 Han characters)."""
    body = ["    " + "甲" * 28, "乙" * 30, "丙" * 30, "丁。"]
    return "\n".join([f"【 标  题 】{title}", "【 作  者 】张三", "【 正  文 】", *body, *tail, "    ", ""])


def test_labels_after_the_body_are_source_fields_and_a_caption_is_never_glued():
    (raw,) = list(labelled.parse(_wrapped_article(
        ["【责任编辑】许健", "【校 对 者】李四", "表１  甘肃省人口数量趋势预测（万人）", "１９８６    ０    ０"])))
    assert raw.meta["source_fields"] == {"责任编辑": "许健", "校对者": "李四"}
    assert "【" not in raw.body
    lines = [line for line in raw.body.split("\n") if line.strip()]
    assert lines == ["    " + "甲" * 28 + "乙" * 30 + "丙" * 30 + "丁。", "表１  甘肃省人口数量趋势预测（万人）",
                     "１９８６    ０    ０"]


def test_the_wrap_width_is_a_raw_lines_so_a_short_last_line_ends_the_paragraph():
    (raw,) = list(labelled.parse(_wrapped_article(["注：数据来自统计年鉴"])))
    lines = [line for line in raw.body.split("\n") if line.strip()]
    assert lines[-1] == "注：数据来自统计年鉴" and lines[0].endswith("丁。")


def test_a_caption_after_a_full_line_stays_apart_but_a_paragraph_cut_before_biao_goes_on():
    text = _wrapped_article([]).replace("丁。", "丙" * 29 + "见\n表２）。\n" + "戊" * 30 + "\n表２  趋势预测")
    (raw,) = list(labelled.parse(text))
    lines = [line for line in raw.body.split("\n") if line.strip()]
    assert lines[0].endswith("见表２）。") and lines[1:] == ["戊" * 30, "表２  趋势预测"]


def test_a_line_opening_with_closing_punctuation_goes_on_a_short_line():
    text = _wrapped_article([]).replace("丁。", "丁丁\n，以利于全面把握。")
    (raw,) = list(labelled.parse(text))
    assert [line for line in raw.body.split("\n") if line.strip()][0].endswith("丁丁，以利于全面把握。")


@pytest.mark.parametrize("tail", [["【编者按】本文观点仅代表作者个人，欢迎读者来信讨论。"], ["【附图】"]])
def test_prose_and_bare_labels_in_a_body_stay_in_the_text(tail):
    (raw,) = list(labelled.parse(_wrapped_article(tail)))
    assert tail[0] in raw.body and "source_fields" not in raw.meta


@pytest.mark.parametrize("written, title, subtitle", [
    ("万水千山隔不断  ——纪念马可尼发明无线电１００周年", "万水千山隔不断", "纪念马可尼发明无线电１００周年"),
    ("主题\u3000——副题", "主题", "副题"),
    ("异国土地下的奇迹——中国地质工程公司在巴改造盐碱地纪实", "异国土地下的奇迹——中国地质工程公司在巴改造盐碱地纪实", None),
    ("美国出版社怎样经营管理？——介绍《图书出版的艺术和科学》", "美国出版社怎样经营管理？——介绍《图书出版的艺术和科学》", None),
    ("简讯  两岸天文教育研讨会举行", "简讯  两岸天文教育研讨会举行", None),
])
def test_a_dash_after_spaces_on_the_title_line_opens_the_subtitle(written, title, subtitle):
    (raw,) = list(labelled.parse(f"【 标  题 】{written}\n【 正  文 】\n    正文。\n"))
    assert raw.title == title and raw.meta.get("subtitle") == subtitle
