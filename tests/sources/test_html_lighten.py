"""A web page's inline ``data:`` payloads are cut before the file repairs (they are
megabytes of base64 in saved WeChat pages): the records are those of the whole page."""

from __future__ import annotations

import base64
import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalize import process, sources
from normalize.decode import decode
from normalize.options import BuildOptions
from normalize.sources import html

SETTINGS = settings(max_examples=int(os.environ.get("NORMALIZE_FUZZ_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def payload(size: int, seed: int = 1, wrap: int | None = None, end: str = "\n") -> str:
    data = base64.b64encode(random.Random(seed).randbytes(size * 3 // 4)).decode("ascii")
    if wrap:
        data = end.join(data[i:i + wrap] for i in range(0, len(data), wrap))
    return data


def page(*body: str, head: str = "") -> str:
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>标题 - 站</title>" + head
            + "</head>\n<body>\n<article><h1>标题</h1>\n" + "\n".join(body) + "\n</article>\n</body></html>\n")


CRLF_SPACES, FS_LF, SPACES_LF = "  \r\n", "\x1c\n", "  \n"
PROSE = "<p>" + "中文正文，有标点。" * 30 + "</p>"


def records(text: str, lighten: bool, monkeypatch, fmt: str | None = None):
    with monkeypatch.context() as patch:
        if not lighten:
            patch.setattr(sources, "lightened", lambda *args, **kwargs: None)
        data = text.encode("utf-8")
        base = {"path": "page.html", "bytes": len(data), "sha256": "0" * 64}
        result = process._parse_text(decode(data), base, ".html", BuildOptions(fmt=fmt))
    return (result.status, result.reason, result.format, result.detail, result.counters,
            [line for _, _, line in result.records])


CASES = [
    (page(PROSE, f'<p><img src="data:image/png;base64,{payload(40000)}" alt="pic"></p>', PROSE),
     "one long payload on its own line"),
    (page(PROSE, f'<p><img src="data:image/jpeg;base64,{payload(30000, wrap=76)}"></p>', PROSE),
     "a payload wrapped over lines: every line stays"),
    (page(PROSE, f'<p><img src="data:image/jpeg;base64,{payload(30000, wrap=76, end=CRLF_SPACES)}"></p>', PROSE),
     "CRLF and trailing spaces inside the payload are repaired and counted as before"),
    (page(PROSE, f'<p><img src="data:image/gif;base64,{payload(30000, wrap=64, end=FS_LF)}"></p>', PROSE),
     "control characters inside the payload"),
    (page(f'<p>中文\u00a0正文 <img src="data:image/png;base64,{payload(30000)}"> ÖÐÎÄ</p>', PROSE),
     "a payload on a line of text (mojibake judged over the whole line): not cut"),
    (page(PROSE, f'<p><img src="data:image/png;base64,{payload(30000)}\x00{payload(30000, 2)}"></p>', PROSE),
     "a NUL inside the payload, which control_chars removes"),
    (page(PROSE, head=f'<style>.a{{background:url(data:image/png;base64,{payload(20000)})}}</style>'),
     "a payload in a style sheet"),
    (page(PROSE, f'<p><img src="data:image/png;base64,{payload(3000)}"></p>'), "a short payload: not cut"),
    ("<html>\r\n<body>\r\n" + "\r\n".join([PROSE] * 3 + [f'<img src="data:image/png;base64,{payload(50000)}">']) + "\r\n</body></html>",
     "a page without article, CRLF"),
    ("---\ntitle: 标题\n---\n" + "中文正文，有标点。" * 40 + f'\n\n![](data:image/png;base64,{payload(40000)})\n',
     "front matter with an inline image: not a page, read whole"),
    ("\t".join(["a", "b", "c"]) + "\n" + f"<html><body>data:image/png;base64,{payload(40000)}</body></html>\n",
     "text that is no page"),
]


@pytest.mark.parametrize("text, why", CASES, ids=[why for _, why in CASES])
def test_a_lightened_page_gives_the_records_of_the_whole_page(text, why, monkeypatch):
    assert records(text, True, monkeypatch) == records(text, False, monkeypatch), why


def test_a_forced_format_is_lightened_only_for_its_own_source(monkeypatch):
    text = CASES[0][0]
    for fmt in ("html", "plaintext"):
        assert records(text, True, monkeypatch, fmt) == records(text, False, monkeypatch, fmt)
    assert sources.lightened(text, "plaintext") is None and sources.lightened(text, "html")[0] == "html"


def test_lighten_cuts_the_payload_keeping_lines_and_their_shape():
    text = page(PROSE, f'<img src="data:image/png;base64,{payload(30000, wrap=76, end=SPACES_LF)}">')
    light = html.lighten(text)
    assert light is not None and len(light) < len(text) / 3
    assert light.count("\n") == text.count("\n")
    for before, after in zip(text.split("\n"), light.split("\n")):
        assert before[:1].isspace() == after[:1].isspace() and before[-1:].isspace() == after[-1:].isspace()
    assert html._DATA_URI_RE.sub(r"\1", light) == html._DATA_URI_RE.sub(r"\1", text)  # parse cuts it alike


def test_nothing_to_cut_is_none():
    assert html.lighten(page(PROSE)) is None
    assert html.lighten(page(PROSE, f'<img src="data:image/png;base64,{payload(3000)}">')) is None
    mhtml = ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\nContent-Type: text/html\n\n"
             + page(PROSE, f'<img src="data:image/png;base64,{payload(40000)}">') + "\n--b--\n")
    assert html.lighten(mhtml) is None
    markdown = "# 标题\n\n" + "中文正文。" * 40 + f"\n\n![](data:image/png;base64,{payload(40000)})\n"
    assert html.lighten(markdown) is None  # no page: not lightened only to be read whole again


PIECES = st.sampled_from(["\n", "\r\n", "  \n", "\t", " ", "\x0b", "\x1c", "\x00", "\u00a0", "\u3000", "\u200b",
                          "é", "ÖÐÎÄ", "锛屾", "中文，", "<p>", "</p>", "<br>", "&amp;", "\"", "'", ")", "=", "A",
                          "+/", "data:image/png;base64,"])
FILLER = st.lists(PIECES, max_size=12).map("".join)


@SETTINGS
@given(st.lists(st.tuples(FILLER, st.integers(0, 3), st.sampled_from([None, 60, 76]), FILLER), min_size=1, max_size=4))
def test_any_page_with_payloads_reads_as_the_whole_page(parts):
    from _pytest.monkeypatch import MonkeyPatch

    body = []
    for index, (before, kind, wrap, after) in enumerate(parts):
        size = (2000, 9000, 20000, 40000)[kind]
        body.append(f'{before}<img src="data:image/png;base64,{payload(size, index, wrap)}{after}">{after}')
    text = page(PROSE, *body, PROSE)
    patch = MonkeyPatch()
    try:
        assert records(text, True, patch) == records(text, False, patch)
    finally:
        patch.undo()


def test_a_page_with_a_long_payload_is_repaired_lightened(monkeypatch):
    """The cut is made (the equality above holds trivially if it never is)."""
    seen = []
    real = process.repair_and_detect
    monkeypatch.setattr(process, "repair_and_detect", lambda decoded, *rest: seen.append(len(decoded.text)) or real(decoded, *rest))
    text = CASES[1][0]
    records(text, True, monkeypatch)
    assert seen and seen[0] < len(text) / 3
