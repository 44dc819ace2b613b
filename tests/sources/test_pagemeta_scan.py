"""pagemeta finds a page's script variables as a ``\\b``-led pattern would, faster."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.sources import pagemeta

SETTINGS = settings(max_examples=int(os.environ.get("NORMALIZE_FUZZ_EXAMPLES", "300")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TOKENS = st.sampled_from(["var", "VAR", " ", "\n", "x", "_", "中", "é", "1", "ct", "nickname", "author", "=", '"', "'",
                          "2020-10-05", "1601892000", "pubtime", "PubTime", "publish_time", "pagepubtime", ":", "$", "var ct",
                          'var ct = "1601892000"', "var nickname='号'", 'pubtime: "2020-10-05 10:00"',
                          "publish_time='2020-10-05'"])
TEXT = st.lists(TOKENS, max_size=60).map("".join)


def bounded(pattern: re.Pattern) -> re.Pattern:
    return re.compile(r"\b" + pattern.pattern, pattern.flags)


@SETTINGS
@given(TEXT)
def test_word_matches_are_the_matches_of_the_pattern_led_by_a_word_boundary(text):
    for pattern in (pagemeta._WECHAT_VAR_RE, pagemeta._JS_DATE_RE):
        found = [(m.span(), m.groups()) for m in pagemeta._word_matches(pattern, text)]
        assert found == [(m.span(), m.groups()) for m in bounded(pattern).finditer(text)]


def test_a_variable_inside_a_word_is_passed_over_for_the_next():
    text = "xvar ct = \"1\"; var ct = \"1601892000\"; myvar nickname='a' var nickname='号'"
    assert [m.groups() for m in pagemeta._word_matches(pagemeta._WECHAT_VAR_RE, text)] == \
        [("ct", "1601892000", None), ("nickname", None, "号")]
    assert next(pagemeta._word_matches(pagemeta._JS_DATE_RE, "xpubtime='2020-01-02 10:00' PubTime: '2021-03-04'")).group(1) \
        == "2021-03-04"
