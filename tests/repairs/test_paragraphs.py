"""Paragraph repairs and boilerplate removal: (parts in, parts out, why)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.metadata import markers
from normalize.records import Part
from normalize.repairs import boilerplate, paragraphs, repair_parts

P = lambda text: Part("paragraph", text)  # noqa: E731
H = lambda text: Part("heading", text)  # noqa: E731

CASES = [
    (paragraphs.paragraph_joins, [P("习近平同社区工作者、基层民警、卫生服务站医生、下沉"), P("干部、志愿者等亲切交流。")],
     [P("习近平同社区工作者、基层民警、卫生服务站医生、下沉干部、志愿者等亲切交流。")], "cut mid-sentence"),
    (paragraphs.paragraph_joins, [P("习近平指出，要加大对医疗力量薄弱市州的支持力度，发挥高水"), P("平专家团队的作用。")],
     [P("习近平指出，要加大对医疗力量薄弱市州的支持力度，发挥高水平专家团队的作用。")], "cut inside a word"),
    (paragraphs.paragraph_joins, [P("第一段已经结束了，这是完整的句子。"), P("第二段。")],
     [P("第一段已经结束了，这是完整的句子。"), P("第二段。")], "sentence-final punctuation: no join"),
    (paragraphs.paragraph_joins, [H("党建引领 主动作为"), P("病毒,挑战人的免疫机能。")],
     [H("党建引领 主动作为"), P("病毒,挑战人的免疫机能。")], "headings are never joined"),
    (paragraphs.paragraph_joins, [P("会议强调，要抓好以下几项重点工作："), P("一要深入学习。")],
     [P("会议强调，要抓好以下几项重点工作："), P("一要深入学习。")], "a colon introduces, it does not cut"),
    (paragraphs.indentation, [P("\u3000\u3000今天，我们召开会议。"), P("标题\u3000副题")],
     [P("今天，我们召开会议。"), P("标题\u3000副题")], "U+3000 indentation out, inside kept"),
    (boilerplate.qr_prompts, [P("扫码看央视新闻联播"), P("正文。")], [P("正文。")], "QR prompt"),
    (boilerplate.qr_prompts, [P("他扫码看了看，没说话。")], [P("他扫码看了看，没说话。")], "扫码 inside prose stays"),
    (boilerplate.promos, [P("正文。"), P("此文限时免费阅读。感谢热心读者订阅财新通")], [P("正文。")], "paywall promo"),
    (boilerplate.promos, [P("更多报道详见：【专题】新冠肺炎防疫全纪录")], [], "read-more line"),
    (boilerplate.end_marks, [P("丁薛祥陪同考察。（完）")], [P("丁薛祥陪同考察。")], "end mark"),
    (boilerplate.continuation_markers, [P("上接A02版"), P("（上接1版）当前，形势向好。")],
     [P("当前，形势向好。")], "continuation markers out"),
    (boilerplate.continuation_markers, [P("他说，上接下来的工作很重。")], [P("他说，上接下来的工作很重。")],
     "上接 not followed by a page stays"),
]


@pytest.mark.parametrize("repair, before, after, why", CASES, ids=[c[3] for c in CASES])
def test_part_repair(repair, before, after, why):
    result, count = repair(before)
    assert result == after, why
    assert (count > 0) == (before != after), why


def test_captions_are_typed_not_removed():
    parts, fixes = repair_parts([P("习近平在社区详细询问供应情况。新华社发"), P("正文，继续。")])
    assert [p.kind for p in parts] == ["caption", "paragraph"]
    assert "captions" not in fixes


def test_repair_parts_is_idempotent():
    parts = [P("\u3000扫码看"), P("习近平指出，要加大支持力度，发挥高水"), P("平专家团队的作用。（完）")]
    once, _ = repair_parts(parts)
    twice, fixes = repair_parts(once)
    assert twice == once and not fixes


def test_a_bare_qr_prompt_takes_its_object_line_with_it():
    parts, count = boilerplate.qr_prompts([P("扫码看"), P("央视新闻联播"), P("正文，继续。")])
    assert parts == [P("正文，继续。")] and count == 2


def test_a_qr_prompt_does_not_take_a_sentence_with_it():
    parts, _ = boilerplate.qr_prompts([P("扫码看"), P("正文第一句，继续。")])
    assert parts == [P("正文第一句，继续。")]


JOINS = [
    ([P("他说，"), P("我们一定会胜利。")], [P("他说，我们一定会胜利。")], "a paragraph never ends with a comma"),
    ([P("The committee met on Monday and"), P("decided to postpone the vote.")],
     [P("The committee met on Monday and decided to postpone the vote.")], "Latin joined with a space"),
    ([P("an inter-"), P("national agreement was signed.")], [P("an international agreement was signed.")],
     "hyphenated word rejoined"),
    ([P("The vote was postponed."), P("the next day it passed.")],
     [P("The vote was postponed."), P("the next day it passed.")], "not after a full stop"),
    ([Part("caption", "图为工地，"), P("正文继续。")], [Part("caption", "图为工地，"), P("正文继续。")],
     "never across a caption"),
    ([Part("list_item", "第一项，"), P("正文继续。")], [Part("list_item", "第一项，"), P("正文继续。")],
     "never across a list item"),
]


@pytest.mark.parametrize("before, after, why", JOINS, ids=[c[2] for c in JOINS])
def test_paragraph_joins(before, after, why):
    assert paragraphs.paragraph_joins(before)[0] == after, why


def test_tab_separated_rows_are_never_joined():
    from normalize.records import Part
    from normalize.repairs.paragraphs import paragraph_joins
    rows = [Part("paragraph", "天气\t最新天气预报"), Part("paragraph", "暴雨\t云南昭通发布暴雨预警")]
    assert paragraph_joins(rows)[0] == rows

_MARKED = st.lists(st.sampled_from(list("接转上下自至第完摄发供图版1A（）()【】 \u3000\n新华社记者张三，。")
                                   + ["上接", "下转", "转第", "（完）", "新华社发", "记者 李四摄", "供图"]),
                   max_size=20).map("".join)
_PARTS = st.lists(st.builds(Part, st.sampled_from(["paragraph", "heading"]), _MARKED), max_size=8)


def _every_part_continuation_markers(parts):
    """continuation_markers as it reads without its gate: both patterns on every part."""
    out, count = [], 0
    for part in parts:
        text = markers.CONTINUED_FROM_RE.sub("", part.text.strip(), count=1)
        text = markers.CONTINUED_TO_RE.sub("", text, count=1).strip()
        count += text != part.text.strip()
        if text:
            out.append(Part(part.kind, text))
    return out, count


def _every_part_end_marks(parts):
    out, count = [], 0
    for part in parts:
        text, n = markers.END_MARK_RE.subn("", part.text)
        count += n
        if text.strip():
            out.append(Part(part.kind, text))
    return out, count


def _every_part_captions(parts):
    typed = [Part("caption", p.text) if p.kind == "paragraph" and markers.is_caption(p.text) else p for p in parts]
    return typed, sum(a != b for a, b in zip(typed, parts))


@settings(max_examples=300, deadline=None)
@given(_PARTS)
def test_gated_paragraph_repairs_do_what_they_do_on_every_part(parts):
    """The gates (one search over all parts for the marks' words) change no result."""
    assert boilerplate.continuation_markers(parts) == _every_part_continuation_markers(parts)
    assert boilerplate.end_marks(parts) == _every_part_end_marks(parts)
    assert boilerplate.captions(parts) == _every_part_captions(parts)
