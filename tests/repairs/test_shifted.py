"""GB18030 text read as GBK: the Sogou line break's lost byte, put back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.repairs import shifted
from normalize.repairs.shifted import LINE_BREAK, MAX_RUNS, repair, repair_line

SEEDS = Path(__file__).parent.parent.parent / "seeds"

PARAGRAPHS = ["张绍刚：我是一番好意", "之前哪怕被网友骂得再凶，张绍刚也表现彪悍，声称自己没错，绝不道歉。",
              "中广网唐山６月１２日消息（记者汤一亮　庄胜春）据中国之声《新闻晚高峰》报道，今天上午在河北唐山正式启动。",
              "新华社发（张春雷　摄）"]


def _as_gbk(text: str, mark: str) -> str:
    """What a GBK reading of GB18030 bytes gives, with ``mark`` for each lost byte."""
    return text.encode("gb18030").decode("gbk", "replace").replace("\ufffd", mark)


def _matches(fixed: str, original: str) -> bool:
    """``fixed`` is ``original`` but for characters lost (U+FFFD, one each)."""
    return re.fullmatch("".join("." if c == "\ufffd" else re.escape(c) for c in fixed), original, re.S) is not None


@pytest.mark.parametrize("mark", ["?", "\ufffd"])
def test_every_break_and_the_text_after_it_come_back(mark):
    original = "连道歉都不会。" + "".join(LINE_BREAK + p for p in PARAGRAPHS)
    damaged = _as_gbk(original, mark)
    assert damaged.count(mark) >= 2 * len(PARAGRAPHS)  # the damage is real: breaks lost, text shifted
    fixed, changed = repair_line(damaged)
    assert changed == len(PARAGRAPHS)
    assert fixed.count(LINE_BREAK) == len(PARAGRAPHS) and _matches(fixed, original)
    assert fixed.count("\ufffd") <= len(PARAGRAPHS)  # at most the one character each run swallowed


def test_lines_keep_their_place_and_are_counted():
    damaged = "第一行没有问题。\n" + _as_gbk("连道歉都不会。" + LINE_BREAK + PARAGRAPHS[0], "?") + "\n末行。"
    fixed, counts = repair(damaged)
    assert fixed.count("\n") == 2 and counts == {2: 1}
    assert fixed.split("\n")[1] == "连道歉都不会。" + LINE_BREAK + "张绍刚：我是一\ufffd好意"


def test_one_short_run_alone_is_too_little_evidence():
    # "?Ｖ?前" is "\ue40c之前" with 之's second byte lost: one character cannot be told
    # from a question mark before a full-width letter, so it stays as it is
    damaged = _as_gbk("连道歉都不会。" + LINE_BREAK + PARAGRAPHS[1], "?")
    assert "?Ｖ?前" in damaged and repair_line(damaged) == (damaged, 0)


def test_a_real_question_mark_before_full_width_letters_is_left_alone():
    for line in ("什么是Ｕ盘?Ｕ盘是一种存储设备。", "真的吗?ＯＫ，我们明天见。", "价格多少?￥１２元。"):
        assert repair_line(line) == (line, 0)


def test_clean_seeds_are_untouched():
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text("utf-8")
        assert repair(text) == (text, {})


def test_a_damaged_file_lends_its_evidence_only_to_runs_with_both_marks():
    weak = _as_gbk("中新网７月６日电　城区多条道路一度积水。" + LINE_BREAK + "市排水部门连夜调集抽水设备。", "?")
    assert repair(weak) == (weak, {})  # "市排" for "信潘": no evidence either way, alone
    genuine = ["谁?：张三", "是吗?（笑）", "真的吗?！", "怎么办?（N95）型口罩", "今年的GDP是多少?ＧＤＰ。",
               "什么时候放假?６月。"]
    assert repair("\n".join(genuine)) == ("\n".join(genuine), {})
    strong = _as_gbk("连道歉都不会。" + "".join(LINE_BREAK + p for p in PARAGRAPHS), "?")
    fixed, counts = repair("\n".join([strong, weak] + genuine))
    assert sorted(counts) == [1, 2] and fixed.split("\n")[2:] == genuine
    assert fixed.split("\n")[1] == "中新网７月６日电　城区多条道路一度积水。" + LINE_BREAK + "市排\ufffd部门连夜调集抽水设备。"


def test_in_a_damaged_line_a_run_that_reads_worse_repaired_stays():
    damaged = _as_gbk("连道歉都不会。" + "".join(LINE_BREAK + p for p in PARAGRAPHS), "?") + "真的吗?！对。"
    fixed, changed = repair_line(damaged)
    assert changed == len(PARAGRAPHS) and fixed.endswith("真的吗?！对。")


def test_a_run_back_in_step_before_its_mark_leaves_the_mark_to_the_next_run():
    # an ASCII letter taken as a second byte puts the reading back in step: no byte is
    # lost, and the mark after it is the next break's (or a real question mark)
    original = ("连道歉都不会。" + LINE_BREAK + "张绍刚：我是一个有社会责任的人A股涨了" + LINE_BREAK + "他说不知道，"
                + "这件事情他们也都不知道为什么A股为什么?他说。")
    damaged = _as_gbk(original, "?")
    fixed, changed = repair_line(damaged)
    assert changed and _matches(fixed, original) and fixed.count(LINE_BREAK) == 2
    assert "为什么?他说" in fixed and repair_line(fixed) == (fixed, 0)


def test_a_line_of_endless_candidates_is_left_alone():
    # real damage, so only the cap can leave it: memory grew with every candidate
    run = _as_gbk("连道歉都不会。" + LINE_BREAK + PARAGRAPHS[0], "?")
    assert repair_line(run * 3)[1] == 3
    line = run * (MAX_RUNS + 1)
    assert repair_line(line) == (line, 0)


def test_a_run_may_hold_a_second_break():
    # after the second break the bytes are still one off, so the run goes on through it
    original = ("连道歉都不会。" + LINE_BREAK + PARAGRAPHS[0] + "，他们只是混在人群中。" + LINE_BREAK + "延伸阅读："
                + LINE_BREAK + "网友在微博上热传，最近播出的纪录片中")
    damaged = _as_gbk(original, "?")
    assert "?Ｑ由煸亩粒糊Ｍ?友" in damaged  # as in SogouCA's own sample
    fixed, changed = repair_line(damaged)
    assert changed == 2 and fixed.count(LINE_BREAK) == 3 and _matches(fixed, original)


def test_other_mojibake_read_one_off_is_not_taken_for_text():
    # UTF-8 read as GBK (a corpus-sample line) with a mark before its full-width letter:
    # read one byte off it loses rare characters, so it "gains", but it is junk still
    line = "医护人员（牷閫?ｇ窔锛屼甫鍜屼締鑷�鍏ㄥ湅"
    assert repair_line(line) == (line, 0)


_MARKED_LINES = st.lists(st.sampled_from(["?", "\ufffd", "Ｕ", "Ｖ", "派", "芨", "a", "？", "\ue40c"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKED_LINES, st.lists(st.integers(0, 30), max_size=10))
def test_run_starts_are_those_of_one_search_for_either_mark(line, steps):
    """The per-mark searches, resumed as the position grows, find what one search for the
    class of both marks finds from each position."""
    both = re.compile("[{}][{}]".format(re.escape(shifted._MARKS), re.escape(shifted._row_a3())))
    find, position = shifted._start_finder(line), 0
    for step in sorted(steps):
        position = max(position, step)
        match = both.search(line, position)
        assert find(position) == (match.start() if match else None)
    assert shifted._has_start(line) == bool(both.search(line))
