"""Properties over arbitrary input: never a crash, always a valid record, repairs idempotent."""

from __future__ import annotations

import json
import os

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize.archive import dumps
from normalize.decode import decode
from normalize.decode import decode as _decode
from normalize.options import BuildOptions
from normalize.process import _parse_text
from normalize.repairs import repair_file
from normalize.validation import schema

TOKENS = list("习近平湖北，。！“”（）\u3000 \n>#=-*[]()<>&;:abc上接版扫码完1锛銆鐨ÖÐ\ufffd\u00a0\u200b") + [
    "<p>", "</p>", "<br/>", "&gt;", "&amp;", '<font face="', "\r\n", ">>>", "\n===NEXT NEWS===\n", "---\n",
    "<doc>", "</doc>", "<content>", "</content>", "<contenttitle>", "<docno>", "<![CDATA[", "]]>", "&nbsp;",
    "标题：", "内容：", "来源：", "连接：http://a.cn/2020-01/02/x\n", "+++\n", "{\n", '"title": "t"\n', "}\n", "title = 1\n",
    "?Ｕ派芨眨何沂且环?", "?Ｖ?", "?", "Ｕ", "\ue40c", "\ufffdＪ信潘\ufffd", "?Ｑ由煸亩粒糊Ｍ?"]
NEWSY = st.lists(st.sampled_from(TOKENS), max_size=200).map("".join)
#: NORMALIZE_FUZZ_EXAMPLES=20000 python -m pytest tests/test_properties.py runs a longer campaign.
SETTINGS = settings(max_examples=int(os.environ.get("NORMALIZE_FUZZ_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_raises(data):
    assert isinstance(decode(data).text, str)


@SETTINGS
@given(st.one_of(NEWSY, st.text(max_size=300)))
def test_any_text_gives_valid_records(text):
    data = text.encode("utf-8")
    base = {"path": "x.txt", "bytes": len(data), "sha256": "0" * 64}
    result = _parse_text(_decode(data), base, ".txt", BuildOptions())
    validator = jsonschema.Draft202012Validator(schema("document"))
    for document in result.documents:
        record = json.loads(dumps(document.to_dict()))
        validator.validate(record)
        for block in record["blocks"]:
            assert record["text"][block["start"]:block["end"]].strip()


@SETTINGS
@given(NEWSY)
def test_text_repairs_are_idempotent(text):
    once, _ = repair_file(text, plain=True)
    twice, fixes = repair_file(once, plain=True)
    assert twice == once and not fixes
    assert once.count("\n") == text.count("\n")


@SETTINGS
@given(NEWSY)
def test_every_source_parses_any_text_or_says_why(text):
    from normalize.sources import SOURCES, SourceError
    for name, module in SOURCES.items():
        try:
            raws = list(module.parse(text))
        except SourceError:
            continue
        for raw in raws:
            assert 1 <= raw.line_start <= max(raw.line_end, 1), name


@SETTINGS
@given(st.text(alphabet=st.sampled_from(" \t\u3000\u00a0\u2029\ue002\ue003\ue004ab，。"), max_size=40))
def test_plain_line_shortcut_equals_the_full_tidy(line):
    """html_tags skips _breaks/_tidy for lines without marks; that must not change them."""
    from normalize.repairs import html

    if not html._marked_line(line):
        assert html._plain(line) == html._tidy(html._breaks(line))
