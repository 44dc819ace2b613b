"""The sniffers' cheap checks and whole-head searches score every text as the line-by-line
readings they stand for (kept here as the reference)."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from normalize.metadata import headlines
from normalize.sources import html, newsdump, newspaper, sogou


def _newsdump_by_lines(text: str, suffix: str) -> tuple[float, str]:
    lines = text[:20000].split("\n")
    titles = sum(1 for line in lines if line.startswith(newsdump.TITLE_PREFIX))
    separators = sum(1 for line in lines if newsdump.STAR_SEPARATOR_RE.match(line))
    first = next((line for line in lines if line.strip()), "")
    score = 0.0
    if first.startswith(newsdump.TITLE_PREFIX):
        score += 0.6
    elif separators >= 2 and headlines.is_headline_like(first):
        score += 0.4
    score += min(titles, 3) * 0.1 + min(separators, 3) * 0.1
    return min(score, 1.0), f"{titles} '>>>' lines, {separators} separators in the head"


def _sogou_by_lowered(text: str) -> str | None:
    """The evidence of a text without <doc> or a field tag, as the full reading gives it."""
    head = text[:20000]
    if sogou._FENCED_RE.search(head):
        head = sogou._FENCED_RE.sub("", head)
    docs = len(sogou._DOC_RE.findall(head))
    lowered = head.lower()
    fields = sum(1 for name in ("docno", "contenttitle", "content") if f"<{name}>" in lowered)
    return f"{docs} <doc> tags, {fields} Sogou field tags" if not docs or fields < 2 else None


_PIECES = st.sampled_from(["\n", " ", "\t", "\r", "\u3000", "\x0b", "*", "**", "***", "****", "=", "==",
                           "NEXT", "next", "NEWS", "ſ", ">>>", ">", "##", "#", "### ", "标题", "正文。",
                           "<doc>", "<DOC>", "<docno>", "<content>", "<contenttitle>", "<Doc >", "```",
                           "a", "İ", "K"])
_TEXTS = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_newsdump_counts_every_line_it_counted_line_by_line(text):
    assert newsdump.sniff(text, ".txt") == _newsdump_by_lines(text, ".txt")


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_newspaper_without_a_title_line_scores_nothing(text):
    if not any(newspaper._TITLE_RE.match(line) for line in text[:20000].split("\n")):
        assert newspaper.sniff(text, ".md") == (0.0, "0 '##' titles")


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sogou_cheap_check_gives_what_the_full_reading_gives(text):
    expected = _sogou_by_lowered(text)
    score, evidence = sogou.sniff(text, ".txt")
    if expected is None:
        assert score > 0
    else:
        assert (score, evidence) == (0.0, expected)


def test_newsdump_separators_between_and_at_the_ends():
    text = "***\n标题\n正文。\n==== NEXT NEWS ====\n\n * \n\t=\tnext\u3000news =\r\n***"
    assert newsdump.sniff(text, "") == _newsdump_by_lines(text, "")
    assert re.search("5 separators", newsdump.sniff(text, "")[1])


def _html_by_full_reading(text: str, suffix: str) -> tuple[float, str]:
    head4 = text[:4096]
    if (html._MIME_VERSION_RE.search(head4) and html._MULTIPART_RE.search(head4)
            and re.search(r"Content-Type:\s*text/html", text[:1_000_000], re.I)):
        return (0.97 if suffix.lower() in (".mht", ".mhtml") else 0.9), "a page saved as MHTML (multipart/related)"
    head = html._COMMENTS_RE.sub("", html._XML_DECLARATION_RE.sub("", text[:8192], count=1), count=1)[:4096]
    if head.startswith(("---", "+++")):
        return 0.0, "front matter, not a page"
    rooted = html._DOC_START_RE.match(head.lstrip("\ufeff")) is not None
    structured = html._HEAD_BODY_RE.search(text[:200_000]) is not None
    named = suffix.lower() in html._SUFFIXES
    if rooted and structured:
        return (0.97 if named else 0.9), "an HTML document (doctype or <html> root, head or body)"
    if named and structured:
        return 0.7, "an HTML file with a head or body but no root element"
    if named and len(html._TAG_RE.findall(text[:20000])) >= 10:
        return 0.45, "a .html file of tags without head or body"
    return 0.0, "not an HTML document"


_HTML_PIECES = st.sampled_from(["\n", " ", "<!doctype html>", "<!DOCTYPE HTML>", "<html>", "<HTML lang=zh>", "<head>",
                                "<body>", "<p>", "</p>", "<!-- x -->", "<?xml version='1.0'?>", "MIME-Version: 1.0\n",
                                "mime-version:", "\nMIME-VERSION:", "Content-Type: multipart/related\n",
                                "Content-Type: text/html\n", "---", "正文", "\ufeff", "-version:"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=40).map("".join), st.sampled_from(["", ".html", ".htm", ".mht", ".txt"]))
def test_html_cheap_checks_score_as_the_full_reading(text, suffix):
    assert html.sniff(text, suffix) == _html_by_full_reading(text, suffix)
