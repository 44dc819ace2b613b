"""Bylines: names only from a line that holds names (a label, a credit, bare names with a surname)."""

from __future__ import annotations

import pytest

from normalize.metadata.bylines import any_byline, bare_byline, labelled_byline

NAMES = [
    ("陈道裕　朱水敏　俞泳", ("陈道裕", "朱水敏", "俞泳")),
    ("季鹏斌　韩秋实　郑双林　郑国磊", ("季鹏斌", "韩秋实", "郑双林", "郑国磊")),
    ("欧阳修", ("欧阳修",)),
    ("习近平", ("习近平",)),
]
#: Short lines of a body that are no names (why: no surname first, or a section word).
NOT_NAMES = ["参考文献", "累积试验", "结论", "引言", "实验班对照班", "同志们：", "体會媽媽多辛苦"]


@pytest.mark.parametrize("line, names", NAMES)
def test_bare_names_with_a_surname(line, names):
    assert bare_byline(line) == names


@pytest.mark.parametrize("line", NOT_NAMES)
def test_short_body_lines_are_no_byline(line):
    assert any_byline(line) is None


def test_a_rare_surname_passes_only_where_the_place_says_byline():
    assert bare_byline("隗金水　严丽萍") is None
    assert bare_byline("隗金水　严丽萍", surnames=False) == ("隗金水", "严丽萍")
    assert bare_byline("累积试验", surnames=False) is None  # one name still needs a surname


TRADITIONAL = [
    ("記者：王小明", ("王小明",)),
    ("本報記者：陳大文", ("陳大文",)),
    ("記者明白，此時，基金會的介入可能無法解決", None),
]


@pytest.mark.parametrize("line, names", TRADITIONAL)
def test_traditional_labels(line, names):
    assert labelled_byline(line) == names


def test_taiwanese_and_hong_kong_bylines_with_a_photographer_joined_are_read():
    from normalize.metadata.bylines import labelled_byline
    assert labelled_byline("報導．攝影╱仲芝蓉") == ("仲芝蓉",)
    assert labelled_byline("報導．攝影／張嘉恬") == ("張嘉恬",)
    assert labelled_byline("文／張三") == ("張三",)
    assert labelled_byline("文/圖：陳大文") == ("陳大文",)
    assert labelled_byline("攝影╱李大同") is None  # a photo credit alone names no author


def test_office_beside_a_name_is_no_byline() -> None:
    from normalize.metadata import bylines
    assert bylines.bare_byline("国务院总理　李克强") is None
    assert bylines.bare_byline("张教授") is None
    assert bylines.office_line("国务院总理　李克强")
    assert not bylines.office_line("崔国民　谈和平")
    assert bylines.bare_byline("崔国民　谈和平　阮立明　刘林华") == ("崔国民", "谈和平", "阮立明", "刘林华")


def test_bare_han_names_are_at_most_four_characters() -> None:
    from normalize.metadata import bylines
    assert bylines.bare_byline("欧阳修文") == ("欧阳修文",)
    assert bylines.bare_byline("王国务院办公") is None
    assert bylines.bare_byline("李明　王国务院办公", surnames=False) is None


def test_a_byline_is_taken_out_of_the_text_only_when_its_names_are_all_it_says():
    from normalize.metadata.bylines import whole_byline
    assert whole_byline("作者：张三 李四") and whole_byline("文/张三、李四") and whole_byline("報導．攝影╱仲芝蓉")
    assert not whole_byline("文｜张三 编辑｜李四")  # the editor would be lost
    assert not whole_byline("作者: 文木 综合报道")
    assert not whole_byline("作者：Sima(正道主义)（英喜）|足球队长_Capitain8（香草山）")
