"""``records.dumps`` writes the bytes archives have always held (``json.dumps`` with
``ensure_ascii=False`` and no spaces, line-breaking characters escaped), whether orjson
or ``json`` writes them: cases orjson writes otherwise, and arbitrary records."""

from __future__ import annotations

import json
import math
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize import records
from normalize.records import dumps

SETTINGS = settings(max_examples=int(os.environ.get("NORMALIZE_FUZZ_EXAMPLES", "300")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def reference(record: object) -> str:
    """What ``dumps`` wrote before orjson: the one definition of the bytes."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


#: (record, why): each a place where orjson alone would write other bytes, or raise.
CASES = [
    ({"text": "中文，标点。\u3000全角"}, "CJK and full-width punctuation stay raw"),
    ({"text": "\U0001f600\U00020000 outside the BMP"}, "non-BMP characters raw, not surrogate pairs"),
    ({"text": "a\ud800b"}, "a lone surrogate: orjson refuses it, json writes \\ud800"),
    ({"text": "\udfff", "more": ["\ud83d"]}, "lone surrogates, low and high, nested"),
    ({"text": "".join(map(chr, range(0x20))) + "\x7f\"\\/"}, "control characters, quote, backslash, slash"),
    ({"text": "line\u2028para\u2029next\x85"}, "line breakers escaped on both paths"),
    ({"n": 2 ** 64}, "an int past 64 bits: orjson refuses it"),
    ({"n": -(2 ** 63) - 1, "m": 10 ** 40}, "negative and huge ints"),
    ({"n": 2 ** 64 - 1, "m": -(2 ** 63)}, "the ends of orjson's range"),
    ({"x": math.nan, "y": math.inf, "z": -math.inf}, "NaN and infinities: orjson writes null"),
    ({"containment": 1e16}, "json writes 1e+16, orjson 1e16"),
    ({"containment": 1e-5}, "json writes 1e-05, orjson 0.00001"),
    ({"containment": 5e-324, "max": 1.7976931348623157e308}, "the ends of the floats"),
    ({"containment": 0.87, "zero": 0.0, "negative_zero": -0.0, "third": 1 / 3}, "plain floats"),
    ({"containment": 9999999999999998.0, "small": 0.0001}, "the largest and smallest floats without exponent"),
    ({1: "a", None: "b", True: "c", 2.5: "d"}, "keys that are not strings: json makes them strings"),
    ({"flags": ("a", "b"), "blocks": [{"type": "paragraph", "start": 0, "end": 3}]}, "tuples as lists"),
    ({"deep": [[[[[[[[[[[{"x": [0.5, [1e16]]}]]]]]]]]]]]}, "nesting, a float deep inside"),
    ({"b": True, "f": False, "none": None, "empty": {}, "list": []}, "literals and empty containers"),
]


@pytest.mark.parametrize("record, why", CASES, ids=[why for _, why in CASES])
def test_dumps_writes_what_json_dumps_writes(record, why):
    assert dumps(record) == reference(record), why


def test_nesting_deeper_than_orjson_allows_is_written_by_json():
    deep: list = []
    for _ in range(400):
        deep = [deep]
    assert dumps({"deep": deep}) == reference({"deep": deep})


class Tag(str):
    """A str subclass: orjson writes it, but only ``json`` is the reference."""


@pytest.mark.parametrize("value", [Tag("x"), {"a": Tag("y")}, [b"bytes"], {"when": __import__("datetime").date(2020, 1, 2)}])
def test_types_json_treats_otherwise_go_to_json(value):
    record = {"value": value}
    try:
        expected = reference(record)
    except TypeError:
        with pytest.raises(TypeError):
            dumps(record)
        return
    assert dumps(record) == expected


def test_a_circular_record_fails_as_json_dumps_fails():
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError):
        dumps({"loop": loop})


def test_orjson_writes_the_plain_records(monkeypatch):
    """The fast path is taken for an ordinary record (it would be easy to lose silently)."""
    calls = []
    monkeypatch.setattr(records.json, "dumps", lambda *a, **k: calls.append(a) or "")
    dumps({"text": "正文", "blocks": [{"type": "paragraph", "start": 0, "end": 2}], "containment": 0.5, "n": None})
    assert not calls


SCALARS = st.one_of(st.none(), st.booleans(), st.text(), st.integers(),
                    st.integers(min_value=2 ** 62, max_value=2 ** 66), st.floats(),
                    st.floats(min_value=1e15, max_value=1e17), st.floats(min_value=1e-6, max_value=1e-3),
                    st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                          blacklist_categories=())))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=6), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=8), inner, max_size=6)), max_leaves=40)


@SETTINGS
@given(st.dictionaries(st.text(max_size=12), VALUES, max_size=12))
def test_any_record_is_written_as_json_dumps_writes_it(record):
    assert dumps(record) == reference(record)


@SETTINGS
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())))
def test_any_string_is_written_as_json_dumps_writes_it(text):
    record = {"text": text, "title": text[:5], "authors": [text], "fixes": {text[:3]: 1}}
    assert dumps(record) == reference(record)


@SETTINGS
@given(st.floats())
def test_any_float_is_written_as_json_dumps_writes_it(value):
    assert dumps({"containment": value}) == reference({"containment": value})
