"""document.make_document: what a source states and what its text gives, merged without loss."""

from __future__ import annotations

from normalize.document import _merged


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
