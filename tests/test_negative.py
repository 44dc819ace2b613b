"""Text that must come out of the whole pipeline exactly as it went in."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file
from normalize.repairs import repair_file

CLEAN = [
    ("习近平去了武汉！\u3000（附视频）", "他说：“坚决打赢（这场）战斗；我们能赢吗？能！”"),
    ("标题\u3000副题", "繁體中文的新聞報導，習近平總書記說：「堅持」。"),
    ("English headline", "He said “yes”, and a<b held; x > y too. Café, naïve."),
    ("数字与全角", "会员ＶＩＰ２０１２年共有１２３人，占比５０％。"),
]


@pytest.mark.parametrize("title, body", CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_text_passes_unchanged(tmp_path: Path, title: str, body: str):
    path = tmp_path / "a.txt"
    path.write_text(f">>>{title}\n\n{body}\n", "utf-8")
    (document,) = process_file(InputFile(str(path), "a.txt")).documents
    assert (document.title, document.text) == (title, body)
    assert document.fixes == {}


@pytest.mark.parametrize("title, body", CLEAN, ids=[c[0] for c in CLEAN])
def test_file_repairs_leave_clean_text_alone(title: str, body: str):
    text = f"{title}\n\n{body}\n"
    assert repair_file(text, plain=True) == (text, {})
