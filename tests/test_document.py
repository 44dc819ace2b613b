"""document.make_document: what a source states and what its text gives, merged without loss."""

from __future__ import annotations

import pytest

from normalize.document import FileContext, _extract, _flags, _merged, _plain_parts, has_surrogates
from normalize.records import Part, RawDoc


def test_a_byline_removed_from_the_text_adds_to_the_authors_the_source_states():
    merged = _merged({"authors": ("张洪泉",)}, {"authors": ("胡波",), "title": "题"})
    assert merged["authors"] == ("胡波", "张洪泉")
    assert _merged({"authors": ("胡波",)}, {"authors": ("胡波",)})["authors"] == ("胡波",)


def test_source_fields_from_the_text_and_from_the_source_are_both_kept():
    merged = _merged({"source_fields": {"责任编辑": "王焱"}}, {"source_fields": {"page:description": "摘要"}})
    assert merged["source_fields"] == {"责任编辑": "王焱", "page:description": "摘要"}


def test_what_the_source_states_wins_over_the_text_elsewhere():
    assert _merged({"publisher": "新华社", "url": "a"}, {"publisher": "某报", "url": None}) == \
        {"publisher": "某报", "url": "a"}

#: (JSON line, holds a lone surrogate, why)
SURROGATES = [
    ('{"text": "中文"}', False, "Han"),
    ('{"text": "\\ud800"}', False, "an escape is ASCII"),
    ('{"text": "a\ud800b"}', True, "a lone high surrogate"),
    ('{"text": "\udfff"}', True, "a lone low surrogate"),
    ('{"text": "𠀀😀"}', False, "characters beyond the BMP are no surrogates"),
    ("", False, "empty"),
]


@pytest.mark.parametrize("line, expected, why", SURROGATES, ids=[case[2] for case in SURROGATES])
def test_has_surrogates(line, expected, why):
    assert has_surrogates(line) is expected, why


def test_continuation_pages_come_from_the_first_paragraph_that_names_one():
    found = _extract([Part("paragraph", t) for t in ("他接着说，转变作风。", "（上接A02版）正文", "（上接3版）",
                                                    "正文（下转第4版）", "（下转5版）")])
    assert (found["continued_from"], found["continued_to"]) == ("A02", "4")


def test_an_editor_line_is_kept_in_source_fields():
    found = _extract([Part("paragraph", "正文。"), Part("paragraph", "责任编辑：王焱")])
    assert found["source_fields"] == {"责任编辑": "王焱"}
    assert "source_fields" not in _extract([Part("paragraph", "正文，没有编辑。")])


@pytest.mark.parametrize("text, expected", [("中文、한국어", ("mixed_script:hangul",)),
                                            ("中文、カタカナ", ("mixed_script:kana",)),
                                            ("한국어カナ中文中文中文中文中文", ("mixed_script:hangul", "mixed_script:kana")),
                                            ("中文", ())])
def test_mixed_scripts_are_flagged_in_chinese_text(text, expected):
    raw = RawDoc(1, 1, text)
    context = FileContext("a.txt", "0" * 64, 1, "utf-8", "plaintext")
    assert _flags(raw, context, text, None, "zh-Hans") == expected


def test_plain_parts_types_headings_and_captions():
    body = ("一、总体要求\n\n（一）指导思想\n\n坚持稳中求进工作总基调，推动高质量发展，这一段足够长。\n\n"
            "改革的主要任务\n\n后面是更长的一段正文内容，用来说明标题。\n\n表1　各地数据\n\n北京　12")
    kinds = [part.kind for part in _plain_parts(body)]
    assert kinds == ["heading", "heading", "paragraph", "heading", "paragraph", "caption", "paragraph"]
