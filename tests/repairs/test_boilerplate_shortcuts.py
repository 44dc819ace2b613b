"""The boilerplate repairs' shortcut for articles their gate finds nothing in gives what the
paragraph-by-paragraph loop gives (kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from normalize.metadata import markers
from normalize.records import Part
from normalize.repairs import boilerplate


def _continuation_by_loop(parts):
    out, count = [], 0
    for part in parts:
        original = part.text.strip()
        text = markers.CONTINUED_FROM_RE.sub("", original, count=1)
        text = markers.CONTINUED_TO_RE.sub("", text, count=1).strip()
        count += text != original
        if text:
            out.append(part if text == part.text else Part(part.kind, text))
    return out, count


def _end_marks_by_loop(parts):
    out, count = [], 0
    for part in parts:
        text, n = markers.END_MARK_RE.subn("", part.text)
        count += n
        if text.strip():
            out.append(part if not n else Part(part.kind, text))
    return out, count


def _captions_by_loop(parts):
    out = [Part("caption", p.text) if p.kind == "paragraph" and markers.is_caption(p.text) else p for p in parts]
    return out, sum(1 for before, after in zip(parts, out) if before is not after)


_PIECES = st.sampled_from(["正文", "。", " ", "\u3000", "\n", "上接A02版", "（下转第3版）", "（完）", "完", "新华社记者张三摄",
                           "摄", "发", "供图", "（资料图）", "接", "转"])
_PARTS = st.lists(st.builds(Part, st.sampled_from(["paragraph", "heading", "caption"]),
                            st.lists(_PIECES, max_size=8).map("".join)), max_size=8)


@settings(max_examples=400, deadline=None)
@given(_PARTS)
def test_the_shortcuts_give_what_every_paragraph_read_gives(parts):
    assert boilerplate.continuation_markers(parts) == _continuation_by_loop(parts)
    assert boilerplate.end_marks(parts) == _end_marks_by_loop(parts)
    assert boilerplate.captions(parts) == _captions_by_loop(parts)
