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


def _gbk_as_latin1(text: str) -> str:
    return text.encode("gbk").decode("latin-1")


def test_gbk_read_as_latin1_inside_clean_text_is_not_read_as_utf8():
    line = f"这是正常的中文句子，{_gbk_as_latin1('新华社北京电')}，后面正常。"
    assert repair_line(line)[0] == "这是正常的中文句子，新华社北京电，后面正常。"


def test_short_runs_are_judged_with_their_line():
    line = _gbk_as_latin1("新华社北京3月10日电 习近平总书记今天考察武汉。")
    assert repair_line(line)[0] == "新华社北京3月10日电 习近平总书记今天考察武汉。"


def test_utf8_read_as_cp1252():
    assert repair_line("习近平在湖北".encode("utf-8").decode("cp1252", "ignore"))[0].startswith("习近平")


def test_clean_punctuation_next_to_a_half_destroyed_run_survives():
    damaged = "中华人民共和国成立了".encode("utf-8").decode("gbk", "replace")
    fixed, _ = repair_line(f"句子，{damaged}，后面")
    assert fixed.startswith("句子，") and fixed.endswith("，后面") and "人民共和国成立" in fixed


def test_a_c1_control_is_not_turned_into_text():
    assert repair_line("正文，\x85后面") == ("正文，\x85后面", 0)
