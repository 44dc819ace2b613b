"""Bodies to typed paragraphs (normalize/blocks.py)."""

from normalize.blocks import parts_from_plain


def test_separators_inside_a_line_start_paragraphs():
    body = "第一段。\u2029第二段。\u2028第三段。\ue40c第四段，取自搜狗语料。\n\n第五段。\ue40c"
    assert [part.text for part in parts_from_plain(body)] == ["第一段。", "第二段。", "第三段。",
                                                              "第四段，取自搜狗语料。", "第五段。"]
