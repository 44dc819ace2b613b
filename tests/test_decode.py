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


# -- the fast counts agree with the plain loops they replace ---------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from normalize import decode as decode_module  # noqa: E402

BYTES = st.lists(st.one_of(st.integers(0, 255), st.sampled_from([0x00, 0x0a, 0x1b, 0x40, 0x7e, 0x80, 0x81, 0xa0, 0xa1,
                                                                0xb0, 0xf7, 0xf8, 0xfe, 0xff])), max_size=400).map(bytes)


def gb2312_pairs_by_loop(data: bytes) -> tuple[int, int]:
    pairs = inside = 0
    index, size = 0, min(len(data), 65536)
    while index < size - 1:
        lead = data[index]
        if lead < 0x81:
            index += 1
            continue
        trail = data[index + 1]
        pairs += 1
        inside += 0xA1 <= lead <= 0xF7 and 0xA1 <= trail <= 0xFE
        index += 2
    return pairs, inside


@settings(max_examples=500, deadline=None)
@given(BYTES)
def test_gb2312_pairs_are_counted_as_a_decoder_pairs_bytes(data):
    assert decode_module._gb2312_pairs(data) == gb2312_pairs_by_loop(data)


def test_gb2312_pairs_count_the_first_64_kb_only():
    data = "中文".encode("gb18030") * 20000 + b"\xb0"
    assert decode_module._gb2312_pairs(data) == gb2312_pairs_by_loop(data) == (32768, 32768)


@settings(max_examples=300, deadline=None)
@given(BYTES)
def test_control_bytes_are_counted_as_one_count_per_byte_value(data):
    head = data + bytes(range(32)) * (len(data) % 3)
    expected = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13, 27))
    assert len(head) - len(head.translate(None, decode_module._CONTROL_BYTES)) == expected
