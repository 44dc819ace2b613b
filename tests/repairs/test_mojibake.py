"""Mojibake: the Chinese cases, repaired only when verifiable; clean text untouched."""

from __future__ import annotations

import pytest

from normalize.repairs.mojibake import plausibility, repair, repair_line

CLEAN = "习近平在湖北省考察，强调“坚决打赢”（附视频）：１２３；ＶＩＰ！《三体》\u3000完"

DAMAGED = [
    (CLEAN.encode("utf-8").decode("latin-1"), CLEAN, "UTF-8 read as Latin-1"),
    ("中文新闻报道，今天".encode("gbk").decode("latin-1"), "中文新闻报道，今天", "GBK read as Latin-1"),
    ("全国人民代表大会".encode("utf-8").decode("gbk"), "全国人民代表大会", "UTF-8 read as GBK"),
    ("今天召开" + "全国人民代表大会".encode("utf-8").decode("gbk"), "今天召开全国人民代表大会", "run inside clean text"),
]


@pytest.mark.parametrize("damaged, clean, why", DAMAGED, ids=[d[2] for d in DAMAGED])
def test_damaged_runs_are_restored(damaged, clean, why):
    fixed, changed = repair_line(damaged)
    assert changed, why
    assert fixed == clean, why


def test_a_damaged_run_inside_clean_text():
    run = "受委托的工作组".encode("utf-8").decode("gbk", "replace")
    fixed, changed = repair_line(f"正常文字，{run}后面正常。")
    assert changed and fixed.startswith("正常文字，") and fixed.endswith("后面正常。")
    assert plausibility(fixed) > plausibility(run)


def test_half_destroyed_run_is_partly_recovered():
    text = "1月27日，受习近平总书记委托，李克强赴武汉考察指导疫情防控工作。"
    damaged = text.encode("utf-8").decode("gbk", "replace")
    assert "\ufffd" in damaged
    fixed, changed = repair_line(damaged)
    assert changed
    assert "习近平" in fixed or "李克强" in fixed
    assert fixed.count("\ufffd") <= damaged.count("\ufffd")


NEGATIVE = [
    CLEAN,
    "English with “curly quotes”, a<b and café.",
    "繁體中文的新聞報導，習近平總書記。",
    "道义의胸襟",
    "Ünïcödé façade naïve résumé",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_clean_text_is_unchanged(text):
    assert repair(text) == (text, {})
