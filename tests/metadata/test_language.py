"""Language and script identification."""

from __future__ import annotations

import random

import pytest

import hanzidentifier

from normalize.metadata.language import _NOT_WORDS_RE, SAMPLE, _sample, _script, detect_language

from conftest import SEEDS


def _reference(piece: str) -> str | None:
    """The script as hanzidentifier says it, character by character where it says MIXED."""
    kind = hanzidentifier.identify(piece)
    if kind == hanzidentifier.UNKNOWN:
        return None
    if kind == hanzidentifier.TRADITIONAL:
        return "zh-Hant"
    if kind in (hanzidentifier.SIMPLIFIED, hanzidentifier.BOTH):
        return "zh-Hans"
    traditional = sum(hanzidentifier.identify(c) == hanzidentifier.TRADITIONAL for c in piece)
    simplified = sum(hanzidentifier.identify(c) == hanzidentifier.SIMPLIFIED for c in piece)
    return "zh-Hant" if traditional > simplified * 2 else "zh-Hans" if simplified > traditional * 2 else "zh"


def test_script_identification_matches_hanzidentifier():
    text = "".join(path.read_text("utf-8", "ignore") for path in sorted(SEEDS.iterdir()))
    text += "國語書會臺灣灣台湾书会中文" * 3 + "𠀀𪚥"
    rng = random.Random(5)
    for _ in range(3000):
        start = rng.randrange(len(text))
        piece = text[start:start + rng.randrange(1, 60)]
        assert _script(piece) == _reference(piece), piece


def test_languages():
    assert detect_language("新华社北京电 国务院今天召开会议，研究部署工作。") == "zh-Hans"
    assert detect_language("中央社台北電 行政院今天召開會議，討論國際經濟情勢。") == "zh-Hant"
    assert detect_language("東京で会議が開かれました。ひらがなとカタカナ") == "ja"
    assert detect_language("서울에서 회의가 열렸습니다 한국어 문장입니다") == "ko"
    assert detect_language("The meeting was held in Beijing on Tuesday morning.") == "en"
    assert detect_language("12345 ---") is None


_CHINESE = ("国务院新闻办公室今天举行发布会，介绍今年前三季度国民经济运行情况。国家统计局新闻发言人表示，"
            "前三季度经济持续恢复，就业形势总体稳定，居民消费价格温和上涨。")
_URLS = (
    "https://mp.weixin.qq.com/s?__biz=MzA3ODQ2NjA4MA==&mid=2650512939&idx=1&sn=5b1f2f6a0e8c4d2a",
    "http://www.stats.gov.cn/tjsj/zxfb/202010/t20201019_1794597.html",
    "https://zh.wikipedia.org/wiki/%E5%9B%BD%E5%AE%B6%E7%BB%9F%E8%AE%A1%E5%B1%80",
    "www.xinhuanet.com/politics/2020-10/19/c_1126627235.htm",
)
_FOOTER = ("Copyright 2020 Xinhua News Agency. All rights reserved. Reproduction in whole or in part "
           "without permission is prohibited. Contact: webmaster@news.cn. Share on Facebook, Twitter, "
           "Weibo and WeChat. Scan the QR code to follow us.")

#: (text, expected, why)
LANGUAGES = [
    (_CHINESE + "\n" + "\n".join(_URLS * 3), "zh-Hans", "URLs and percent-escapes carry no letters"),
    (_CHINESE + "\n\n" + _FOOTER, "zh-Hans", "an English footer under a Chinese article"),
    ("详见" + _URLS[1] + "国家统计局发布的数据，联系邮箱xinwen.zhongxin@stats.gov.cn获取。", "zh-Hans",
     "a URL and an address glued to Han on both sides"),
    ("原文链接：" + _URLS[2] + "\n" + _CHINESE[:30], "zh-Hans", "a short text under a long escaped link"),
    (_CHINESE + "\n```python\nimport numpy as np\nvalues = np.array([1, 2, 3])\nprint(values.mean())\n```",
     "zh-Hans", "a code block in a Chinese post"),
    ("中央社記者今天報導，行政院會議通過新的經濟振興方案。" + " ".join(_URLS), "zh-Hant",
     "Traditional stays Traditional among links"),
    ("Le gouvernement a annoncé mardi une nouvelle réforme des retraites, qui doit entrer en "
     "vigueur au début de l'année prochaine.", "fr", "French is not English"),
    ("Die Bundesregierung hat am Dienstag eine neue Reform des Rentensystems angekündigt, die im "
     "kommenden Jahr in Kraft treten soll.", "de", "German is not English"),
    ("Chính phủ Việt Nam đã công bố kế hoạch cải cách hệ thống lương hưu mới vào thứ Ba tuần này.",
     "vi", "Vietnamese is not English"),
    ("The State Council held an executive meeting on Tuesday to discuss measures to stabilise "
     "employment and support small businesses.", "en", "English"),
    ("The conference in Beijing was opened by Premier Li Keqiang, who spoke about the economy. "
     "该会议在北京举行。", "en", "English with a Chinese gloss"),
    ("Xu Jian, Li Ming, Wang Xiaohong, Zhang Wei", "und-Latn", "pinyin names are no language lingua knows"),
    ("Zhongguo renmin jiefangjun zongcanmoubu", "und-Latn", "romanized Chinese"),
    ("東京で会議が開かれました。ひらがなとカタカナ https://www.example.jp/news/article", "ja", "kana"),
    ("Vol.21 No.5", None, "too few letters"),
    ("e\u0301te\u0301 " * 5, "und-Latn", "combining accents count as letters inside a word: 25 letters, not 15"),
    ("\u00e9t\u00e9 " * 5, None, "the same word composed: 15 letters are too few"),
    ("\u0301\u0301\u0301\u0301\u0301\u0301 中文", "zh-Hans", "combining marks outside any word count for nothing"),
    ("新闻\ud800报道：国务院今天召开会议。", "zh-Hans", "a lone surrogate (from a JSON escape) is no letter"),
]


@pytest.mark.parametrize("text, expected, why", LANGUAGES, ids=[case[2] for case in LANGUAGES])
def test_language_by_script(text, expected, why):
    assert detect_language(text) == expected, why


def test_deterministic():
    text = next(case[0] for case in LANGUAGES if case[1] == "fr")
    assert {detect_language(text) for _ in range(3)} == {"fr"}


#: Texts holding some of what is not words (a URL, an e-mail address, a percent-escape).
_NOT_WORDS_CASES = [
    "中文 mail@example.com 中文", "100% 的 %E4%B8%AD 和 %zz", "见 www.example.com 和 http://a.b/c%20d",
    "a@b", "@@ %% :// www.", "中" * (SAMPLE * 2 - 3) + "http://example.com/" + "x" * 50,
    "x" * (SAMPLE - 5) + "see user@example.com and more",
]


@pytest.mark.parametrize("text", _NOT_WORDS_CASES)
def test_sample_takes_out_what_the_whole_pattern_does(text):
    """The sample looks only for the kinds of non-words the text can hold: the same result."""
    assert _sample(text) == _NOT_WORDS_RE.sub(" ", text[:SAMPLE * 2])[:SAMPLE]
