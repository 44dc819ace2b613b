"""Language and script identification."""

from __future__ import annotations

import random

import hanzidentifier

from normalize.metadata.language import _script, detect_language

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
