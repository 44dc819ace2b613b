"""Mojibake: the Chinese cases, repaired only when verifiable; clean text untouched."""

from __future__ import annotations

import re

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.repairs import mojibake
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


# The character tables are built in bulk at import; these are their definitions, one
# character (or code) at a time, as the module first wrote them.

def _defined_compatible(char: str) -> bool:
    try:
        data = char.encode("gbk")
    except UnicodeEncodeError:
        return char == "\ufffd"
    if len(data) != 2:
        return False
    utf8ish = lambda byte: 0x80 <= byte <= 0xBF or 0xE2 <= byte <= 0xEF  # noqa: E731
    return utf8ish(data[0]) and (utf8ish(data[1]) or data[1] < 0x80)


def _defined_level_one(codec: str, low: int, high: int) -> set[str]:
    found = set()
    for lead in range(low, high + 1):
        for trail in range(0x40, 0xFF):
            try:
                char = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(char) == 1 and char.encode(codec) == bytes((lead, trail)):
                found.add(char)
    return found


_DEFINED_COMMON_HAN = _defined_level_one("gb2312", 0xB0, 0xD7) | _defined_level_one("big5", 0xA4, 0xC6)


def _defined_score(char: str) -> float:
    if char == "\ufffd":
        return -3.0
    if char.isascii():
        return 0.5
    if char in "，。、；：？！“”‘’（）《》【】—…·「」『』〈〉 \u3000" or char in _DEFINED_COMMON_HAN:
        return 1.0
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return 0.0
    return -1.0


_ALL = "".join(map(chr, range(0x10000)))  # surrogates too: a str may hold them
_NOT_SURROGATE = [c for c in _ALL if not "\ud800" <= c <= "\udfff"]


def test_the_tables_are_their_definitions():
    assert mojibake._COMPATIBLE == [c for c in _NOT_SURROGATE[0x80:] if _defined_compatible(c)]
    assert mojibake.COMMON_HAN == _DEFINED_COMMON_HAN
    scores = {c: _defined_score(c) for c in _NOT_SURROGATE[0x80:]}
    good = {c for c, score in scores.items() if score > 0}
    assert set(mojibake._SUSPECT_RE.findall(_ALL)) == set(_ALL[0x80:]) - good
    assert set(mojibake._GBK_SUSPECT_RE.findall(_ALL)) == {"\ufffd"} | {
        c for c in mojibake._COMPATIBLE if scores[c] <= 0}


def test_plausibility_is_the_mean_of_the_defined_scores():
    """Character by character (every score class), then over mixed text (runs of each)."""
    assert [plausibility(c) for c in _NOT_SURROGATE] == [_defined_score(c) for c in _NOT_SURROGATE]
    assert [mojibake._score(c).common for c in _NOT_SURROGATE] == [c in _DEFINED_COMMON_HAN for c in _NOT_SURROGATE]
    assert plausibility("") == 0.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["习近平", "鐨勬", "ä¸­æ", "·", "ぁ", "々", "\ufffd", "a b", "é", "，", "\x85", "𠀀", "丂"])))
def test_plausibility_of_mixed_text(pieces):
    text = "".join(pieces)
    expected = sum(map(_defined_score, text)) / len(text) if text else 0.0
    assert plausibility(text) == expected
    assert mojibake._score(text).common == sum(c in _DEFINED_COMMON_HAN for c in text)


_STRETCH_RE = re.compile("(?:[{0}][\x20-\x7e]{{0,2}})*[{0}]".format(
    "".join(re.escape(c) for c in mojibake._COMPATIBLE)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["鐨", "勬", "\ufffd", "锛", "的", "a", "bc", "def", "\t", "中"])))
def test_stretches_are_those_of_three_compatible_characters(pieces):
    """The stretches tried are the maximal ones of three compatible characters or more:
    a shorter one cannot hide two UTF-8 sequences."""
    text = "".join(pieces)
    spans = [m.span() for m in _STRETCH_RE.finditer(text)]
    assert [m.span() for m in mojibake._COMPATIBLE_RE.finditer(text)] == [
        (start, end) for start, end in spans if sum(not c.isascii() for c in text[start:end]) >= 3]
    for start, end in spans:
        if sum(not c.isascii() for c in text[start:end]) < 3:
            assert not mojibake._hides_utf8(text[start:end])


_MOJIBAKE_PIECES = [
    "习近平在湖北省考察", "，", "“坚决”", "——", "……", "·", "\u3000", "abc ", "café", "€", "™", "\x85",
    "\x1b[0m", "\ud83d", "\ud83d\ude00", "Ã", "Â·", "â€™", "æ–‡", "ä¸­", "Ã¤Â¸Â­", "ÖÐÎÄ", "é\xa0",
    "Ð¿Ñ€Ð¸", "ã€‚", "鐨勬", "√ç", "ε¤", "Ãƒ", "ï¿½", "\ufffd",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_MOJIBAKE_PIECES), max_size=12))
def test_ftfy_is_skipped_only_where_it_changes_nothing(pieces):
    line = "".join(pieces)
    if not mojibake._ftfy_may_change(line):
        assert ftfy.fix_text(line, config=mojibake.FTFY_CONFIG) == line


def test_ftfy_is_asked_where_it_can_fix():
    assert mojibake._ftfy_may_change("习近平在湖北" + "ä¸­æ–‡")
    assert mojibake._ftfy_may_change("cafÃ©")
    assert not mojibake._ftfy_may_change("习近平在湖北省考察，“坚决”——……·")
