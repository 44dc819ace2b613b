"""Continuation markers, captions, end marks, and the one-search gate over many paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from normalize.metadata import markers

#: (pattern, texts, indices found, why)
MATCHING = [
    (markers.MARKER_WORD_RE, [], set(), "no texts"),
    (markers.MARKER_WORD_RE, ["他接着说", "转变作风"], set(), "接 and 转 alone are no marker words"),
    (markers.MARKER_WORD_RE, ["上接A02版", "正文", "下转第3版"], {0, 2}, "each text with a word, and only those"),
    (markers.MARKER_WORD_RE, ["正文下", "转第3版"], {1}, "a word is never made across two texts"),
    (markers.END_MARK_END_RE, ["完成了任务（完）", "完成", "正文（完）  "], {0, 2},
     "an end mark ends its text (``$`` holds at each text's end)"),
    (markers.END_MARK_END_RE, ["完（完）\n第二行"], {0},
     "and at a line end inside one: a gate (the real pattern decides)"),
    (markers.END_MARK_END_RE, ["（完）\n", "x"], {0}, "before a text's last newline, as ``$`` alone"),
    (markers.CAPTION_END_RE, ["现场摄（", "新华社发（x）", "正文"], {0, 1},
     "a match in one text that runs into the next (（\\n新华社发（x）) hides nothing there"),
    (markers.CAPTION_END_RE, ["发展经济", "新华社发"], {1}, "发 inside a text is no caption end"),
]


@pytest.mark.parametrize("pattern, texts, expected, why", MATCHING, ids=[case[3] for case in MATCHING])
def test_matching(pattern, texts, expected, why):
    assert markers.matching(pattern, texts) == expected, why


@pytest.mark.parametrize("pattern, real", [(markers.END_MARK_END_RE, markers.END_MARK_RE),
                                           (markers.CAPTION_END_RE, markers.CAPTION_RE),
                                           (markers.MARKER_WORD_RE, markers.CONTINUED_TO_RE),
                                           (markers.MARKER_WORD_RE, markers.CONTINUED_FROM_RE)])
@pytest.mark.parametrize("texts", [
    ["新华社记者张三摄（资料图）", "（下转第4版）", "（上接1版）当前", "报道（完）", "  （完）  ", "完）"],
    ["图为现场。新华社发", "供图", "记者 王五 摄\n", "正文\n（完）\n", "转第 二 版", "接上第3版"],
])
def test_matching_never_misses_a_text_the_real_pattern_finds(pattern, real, texts):
    assert {i for i, text in enumerate(texts) if real.search(text)} <= markers.matching(pattern, texts)


_MARKER_PIECES = st.sampled_from(["上", "接", "转", "下", "自", "至", "第", "摄", "发", "供", "图", "供图", "（", "）",
                                  "(", ")", " ", "\u3000", "\n", "新华社记者张三", "完", "版", "A3"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_MARKER_PIECES, max_size=12).map("".join), max_size=8))
def test_split_gates_find_the_texts_the_one_pattern_finds(texts):
    assert markers.matching_any(markers.MARKER_WORD_RES, texts) == markers.matching(markers.MARKER_WORD_RE, texts)
    assert markers.matching_any(markers.CAPTION_END_RES, texts) == markers.matching(markers.CAPTION_END_RE, texts)
