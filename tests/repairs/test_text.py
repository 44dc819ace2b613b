"""Whole-file repairs: tables of (input, expected, why), negative cases included.

Every file repair keeps the number of lines; its counts are per 1-based line.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.repairs import html, text

P = "\u2029"
CASES = [
    (text.newlines, "一\r\n二\r三", "一\n二\n三", "CRLF and lone CR become LF"),
    (text.newlines, "一\n二", "一\n二", "LF text is unchanged"),
    (text.control_chars, "正\x00文\x07。", "正文。", "NUL and BEL removed"),
    (text.control_chars, "正文\t。\n", "正文\t。\n", "tab and newline kept"),
    (text.zero_width, "习\u200b近\ufeff平", "习近平", "zero-width space and stray BOM removed"),
    (text.nbsp, "习近平\u00a0考察", "习近平 考察", "NBSP becomes a space"),
    (text.soft_hyphens, "inter\u00adnational", "international", "soft hyphen removed"),
    (text.trailing_spaces, "标题\u3000副题  \n正文\u3000", "标题\u3000副题\n正文", "trailing cut, inner U+3000 kept"),
    (text.nfc, "cafe\u0301", "caf\u00e9", "NFC"),
    (html.html_tags, '前<font color="#0000ff" face="楷体\n_GB2312">后\n下一行', "前后\n\n下一行",
     "tag broken across lines: its second line comes back empty"),
    (html.html_tags, "<p>一</p><p>二</p>", f"一{P}二", "paragraph tags split paragraphs on one line"),
    (html.html_tags, "<p>他说，<br/>\n我们走了。</p>", "他说，我们走了。\n", "br after a comma joins"),
    (html.html_tags, "<p>第一句。<br>第二句。</p>", f"第一句。{P}第二句。", "br after a sentence breaks"),
    (html.html_tags, "文<script>var x=1;</script>字<!-- 注释 -->", "文字", "script and comments dropped"),
    (html.html_tags, '<p>图<img alt="说明文字" src="a.jpg">后</p>', "图后", "img alt is not body text"),
    (html.html_tags, "a<b 而 《三体》 x>y", "a<b 而 《三体》 x>y", "prose that only looks like markup"),
    (html.html_tags, "<p>a<b 而</p>", "a<b 而", "a stray < next to real tags survives"),
    (html.html_entities, "全文&gt;&gt;", "全文>>", "named entities"),
    (html.html_entities, "&amp;gt;&#25991;&ldquo;", ">文“", "double-escaped, numeric, quotes"),
    (html.html_entities, "AT&T 与 &nbsp", "AT&T 与 &nbsp", "no entity without a semicolon"),
    (html.html_entities, "一&#10;二", "一 二", "an entity never adds a line"),
]


@pytest.mark.parametrize("repair, before, after, why", CASES, ids=[c[3] for c in CASES])
def test_repair(repair, before, after, why):
    result, counts = repair(before)
    assert result == after, why
    assert bool(counts) == (before != after), why


@pytest.mark.parametrize("repair, before, after, why", CASES, ids=[c[3] for c in CASES])
def test_repair_keeps_lines_and_is_idempotent(repair, before, after, why):
    once, _ = repair(before)
    if repair is not text.newlines:
        assert once.count("\n") == before.count("\n"), why
    twice, counts = repair(once)
    assert twice == once and not counts, why


def test_counts_land_on_the_line_of_the_change():
    _, counts = html.html_tags("干净\n<b>粗</b>\n干净")
    assert counts == {2: 2}


# Inputs that took quadratic time (found by scripts/fuzz-campaign: real dumps cut inside a
# long line of U+3000 were rejected too_slow). Each must finish in well under the file limit:
# at 40,000 characters the quadratic versions took 7-15 s; linear ones take milliseconds.
SLOW_SHAPES = [
    ("continuation marker search", "转" + "\u3000" * 40_000 + "x\n"),
    ("trailing spaces inside a long run", "标题 \n" + "\u3000" * 40_000 + "x\n"),
    ("end mark search", "完" + "\u3000" * 40_000 + "x\n"),
    ("markdown links never closed", "---\ntitle: t\n---\n\n" + "[" * 4_000 + "\u3000" * 40_000 + "\n"),
]


@pytest.mark.parametrize("why, text", SLOW_SHAPES, ids=[why for why, _ in SLOW_SHAPES])
def test_long_runs_of_spaces_do_not_take_quadratic_time(tmp_path, why, text):
    from normalize.options import BuildOptions
    from normalize.plan import InputFile
    from normalize.process import process_file

    path = tmp_path / "slow.md"
    path.write_text(text, "utf-8")
    result = process_file(InputFile(str(path), path.name), BuildOptions(seconds=2))
    assert result.reason != "too_slow", why


_LINES = st.lists(st.sampled_from(list("正文 \t\u3000\u00a0\u202f\u200b\ufeff\u00ad\x00\x07\x85\r\n\n\n")
                                  + ["\u3000\u3000", "  \n", "\n\n"]), max_size=40).map("".join)

#: Each substituting repair, and the pattern and replacement it applies on every line.
_SUBSTITUTIONS = [(text.control_chars, text._CONTROL_RE, ""), (text.zero_width, text._ZERO_WIDTH_RE, ""),
                  (text.soft_hyphens, text._SOFT_HYPHEN_RE, ""), (text.nbsp, text._NBSP_RE, " ")]


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_only_the_lines_that_match_are_fixed_and_the_counts_are_those_of_every_line(before):
    """The repairs cut out only the lines with a match: the same text and counts as a fix of every line."""
    for repair, pattern, replacement in _SUBSTITUTIONS:
        assert repair(before) == text.per_line(lambda line: pattern.subn(replacement, line), before)
    assert text.trailing_spaces(before) == text.per_line(text._cut_trailing, before)
