"""Whole-text repairs: tables of (input, expected, why), negative cases included."""

from __future__ import annotations

import pytest

from normalize.repairs import text

CASES = [
    (text.newlines, "一\r\n二\r三", "一\n二\n三", "CRLF and lone CR become LF"),
    (text.newlines, "一\n二", "一\n二", "LF text is unchanged"),
    (text.control_chars, "正\x00文\x07。", "正文。", "NUL and BEL removed"),
    (text.control_chars, "正文\t。\n", "正文\t。\n", "tab and newline kept"),
    (text.zero_width, "习\u200b近\ufeff平", "习近平", "zero-width space and stray BOM removed"),
    (text.html_tags, '前<font color="#0000ff" face="楷体\n_GB2312">后', "前后", "tag broken across lines"),
    (text.html_tags, "<p>一</p><p>二</p>", "\n一\n\n二\n", "paragraph tags become breaks"),
    (text.html_tags, "文<script>var x=1;</script>字<!-- 注释 -->", "文字", "script and comments dropped"),
    (text.html_tags, "a<b 而 《三体》 x>y", "a<b 而 《三体》 x>y", "prose that only looks like markup"),
    (text.html_entities, "全文&gt;&gt;", "全文>>", "named entities"),
    (text.html_entities, "&amp;gt;&#25991;", ">文", "double-escaped and numeric"),
    (text.html_entities, "AT&T 与 &nbsp", "AT&T 与 &nbsp", "no entity without a semicolon"),
]


@pytest.mark.parametrize("repair, before, after, why", CASES, ids=[c[3] for c in CASES])
def test_repair(repair, before, after, why):
    result, count = repair(before)
    assert result == after, why
    assert (count > 0) == (before != after), why


@pytest.mark.parametrize("repair, before, after, why", CASES, ids=[c[3] for c in CASES])
def test_repair_is_idempotent(repair, before, after, why):
    once, _ = repair(before)
    twice, count = repair(once)
    assert twice == once and count == 0
