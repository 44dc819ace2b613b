"""The streaming text of HTML (normalize/htmltext.py): what BeautifulSoup's html.parser
tree gives, read without building it. Tables of (input, expected, why), and a property
check against BeautifulSoup itself on arbitrary fragments of the markup that trips trees
up: unclosed elements, stray end tags, void elements closed twice, whitespace runs."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalize.htmltext import EMPTY, Reading, page_text
from normalize.repairs import html_elements

TEXT = Reading(dropped=html_elements.DROPPED, ruby=True)
BLOCKS = Reading(dropped=frozenset({"script", "style"}), ruby=False, br="\n", ends=frozenset({"p", "div"}), end="|")

CASES = [
    ("<p>一<b>二</b>三</p>", TEXT, "一二三", "tags go, their text stays"),
    ("<div>前<head>页头<p>段</div>后", TEXT, "前后", "an unclosed dropped element ends where its parent does"),
    ("前<head>页头\n正文", TEXT, "前", "an unclosed dropped element runs to the end of the text"),
    ("</div>a</p>b", TEXT, "ab", "an end tag that closes nothing is ignored"),
    ("a<b>  </b>c<b> \n </b>d", TEXT, "a c\nd", "a run of ASCII whitespace is one space, or one newline"),
    ("<pre>  a  </pre><pre>   </pre>", TEXT, "  a     ", "inside <pre> whitespace stays"),
    ("a<b>\u3000\u3000</b>c", TEXT, "a\u3000\u3000c", "U+3000 is not ASCII whitespace"),
    ("<!-- 注释 -->a<!DOCTYPE html><?php x ?>b", TEXT, "ab", "comments, declarations, instructions"),
    ("<![CDATA[x y]]><![CDATA[]]>", TEXT, "x y ", "CDATA is text; an empty one is a space"),
    ("<ruby>北京<rp>(</rp><rt>běi jīng</rt><rp>)</rp></ruby>", TEXT, "北京(běi jīng)", "ruby kept"),
    ("<ruby>北京<rp>(</rp><rt>běi jīng</rt><rp>)</rp></ruby>", BLOCKS, "北京", "ruby left out"),
    ("<template>模板<p>段</p></template>外", BLOCKS, "|外", "a template's text goes, a block's end stays"),
    ("<p>一<br>二<br/>三</br></p>", BLOCKS, "一\n二\n三|", "<br> is a line break, </br> after it nothing"),
    ("<div><p>a<p>b</div>c", BLOCKS, "ab|||c", "every element the end tag closes ends"),
    ("<p>a<script>if (a<b) {}</script>b", BLOCKS, "ab|", "a script goes; an open block ends with the text"),
    ("<img src=a>x</img>y<menuitem>z", TEXT, "xyz", "void elements close where they open, menuitem too"),
    ("&amp;&nbsp;&#20013;&#x4e2d;&#150;&foo;&#0;", BLOCKS, "&\xa0中中–&foo\ufffd", "references as BeautifulSoup reads them"),
]


@pytest.mark.parametrize("markup, reading, expected, why", CASES, ids=[case[3] for case in CASES])
def test_page_text(markup, reading, expected, why):
    assert page_text(markup, reading)[0] == expected, why


def test_the_names_opened_are_reported():
    assert page_text("<figure><img src=a><figcaption>图</figcaption></figure>", BLOCKS)[1] == {
        "figure", "img", "figcaption"}


def test_an_unknown_marked_section_is_an_assertion_error():
    with pytest.raises(AssertionError):
        page_text("<![foo[ x ]]>", TEXT)


def test_deep_nesting_is_linear():
    text, _ = page_text("<div>" * 50_000 + "正文" + "</span>" * 50_000, TEXT)
    assert text == "正文"


PIECES = ["<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "</br>", "<p/>", "<script>", "</script>", "<style>",
          "</style>", "<template>", "</template>", "<rt>", "</rt>", "<rp>", "</rp>", "<pre>", "</pre>", "<textarea>",
          "</textarea>", "<![CDATA[x]]>", "<!-- c -->", "<!--", "<!DOCTYPE html>", "<?xml?>", "&amp;", "&#20013;",
          "&#150;", "&foo;", "&amp", "  ", "\n", " \n ", "\t", "\r", "\x0c", "文", "a", "<img src=a>", "</img>",
          "<head>", "</head>", "<iframe>", "</iframe>", "<li>", "</li>", "<b>", "</b>", "<o:p>", "</o:p>",
          "<menuitem>", "</menuitem>", "<hr/>", "<", ">", "<P>", "</P>", "<wbr>", "</wbr>"]
FRAGMENTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _soup_text(markup: str, reading: Reading) -> str:
    """The text the tree gives: dropped elements decomposed, <br> replaced, ends inserted."""
    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
    from bs4.element import CData, NavigableString, RubyParenthesisString, RubyTextString

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    for node in soup.find_all(list(reading.dropped)):
        node.decompose()
    for node in soup.find_all("br"):
        node.replace_with(reading.br)
    for node in soup.find_all(list(reading.ends)):
        node.insert_after(reading.end)
    types = (NavigableString, CData, RubyTextString, RubyParenthesisString) if reading.ruby else (NavigableString, CData)
    return soup.get_text(types=types)


@settings(max_examples=300, deadline=None)
@given(FRAGMENTS, st.sampled_from([TEXT, BLOCKS]))
def test_the_text_is_the_trees(markup, reading):
    assert page_text(markup, reading)[0] == _soup_text(markup, reading)


def test_the_empty_elements_are_beautifulsoups():
    from bs4.builder import HTMLTreeBuilder

    assert EMPTY == HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS
    assert html_elements.VOID <= EMPTY
