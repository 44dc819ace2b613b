"""Decoding: strict decodes in order, UTF-16 only on evidence, damage kept local."""

from __future__ import annotations

import codecs

import pytest

from normalize.decode import decode, sniff_binary

TEXT = "习近平在湖北省考察新冠肺炎疫情防控工作，强调“坚决打赢”。\n"

ENCODINGS = [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("gb18030"), "gb18030"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    ("習近平在湖北省考察新冠肺炎疫情防控工作，強調。\n".encode("big5"), "big5"),
]


@pytest.mark.parametrize("data, encoding", ENCODINGS, ids=[e for _, e in ENCODINGS])
def test_decode(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert "湖北省考察新冠肺炎" in decoded.text


def test_a_few_bad_bytes_keep_the_text_around_them():
    data = (TEXT * 50).encode("utf-8")
    data = data[:300] + b"\xff" + data[300:]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert "replacement_char" in decoded.flags
    assert decoded.text.count("湖北省") == 50


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(200), b"%PDF-1.4\n" + bytes(300), bytes(range(256)) * 8])
def test_binary_is_recognised(data):
    assert sniff_binary(data)


def test_text_is_not_binary():
    assert sniff_binary(TEXT.encode("utf-8")) is None
    assert sniff_binary(TEXT.encode("utf-16-le")) is None


def test_a_few_nul_bytes_inside_short_text_are_not_binary():
    assert sniff_binary("正文第一段，内容在这里\x00。\n".encode("utf-8")) is None


def test_gb18030_with_a_stray_byte_keeps_its_text():
    text = "搜狐体育讯　北京时间６月１１日凌晨，西班牙１比１战平意大利。\n" * 40
    decoded = decode(text.encode("gb18030") + b"\xff")
    assert decoded.encoding == "gb18030" and "replacement_char" in decoded.flags
    assert decoded.text.startswith(text) and decoded.text.count("\ufffd") == 1
