"""Repairs over an article's whole body text, before it is cut into paragraphs.

Each function takes the text and returns ``(new_text, count)``; ``count`` is how many
changes it made (0 leaves no trace in the record's ``fixes``).
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, Comment

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZERO_WIDTH_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")

_TAG_NAMES = (
    "a|abbr|b|big|blockquote|body|br|center|code|dd|div|dl|dt|em|font|form|h[1-6]|head|hr|html|"
    "i|iframe|img|input|label|li|link|meta|nav|noscript|ol|option|p|pre|s|script|section|select|"
    "small|span|strong|style|sub|sup|table|tbody|td|textarea|tfoot|th|thead|title|tr|u|ul|video|"
    "article|aside|figure|figcaption|footer|header|main|audio|source|picture|svg|button"
)
_ATTR = r"""\s+[\w:-]+(?:\s*=\s*(?:"[^"<]*"?|'[^'<]*'?|[^\s>"']+))?"""
#: A tag, closed or cut off at the end of the text; attribute values may span lines.
_TAG_RE = re.compile(rf"<(?:/(?:{_TAG_NAMES})\s*>|(?:{_TAG_NAMES})(?:{_ATTR})*\s*/?>|!--)", re.I)
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "section", "article", "figcaption", "table", "ul", "ol", "hr")


def newlines(text: str) -> tuple[str, int]:
    """CRLF and lone CR become LF."""
    count = text.count("\r")
    if not count:
        return text, 0
    return text.replace("\r\n", "\n").replace("\r", "\n"), count


def control_chars(text: str) -> tuple[str, int]:
    """Remove NUL and other C0/C1 control characters (tab and newline stay)."""
    return _CONTROL_RE.subn("", text)


def zero_width(text: str) -> tuple[str, int]:
    """Remove zero-width spaces, joiners, soft hyphens and stray BOMs."""
    return _ZERO_WIDTH_RE.subn("", text)


def html_tags(text: str) -> tuple[str, int]:
    """Remove HTML tags (also ones broken across lines) with BeautifulSoup.

    Runs only when a tag with a known HTML name is present, so prose such as ``a<b``
    or ``《三体》`` is untouched. Block tags become paragraph breaks; ``<script>``,
    ``<style>`` and comments are dropped with their contents.
    """
    tags = len(_TAG_RE.findall(text))
    if not tags:
        return text, 0
    soup = BeautifulSoup(text, "html.parser")
    for node in soup.find_all(["script", "style", "noscript"]):
        node.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for node in soup.find_all(_BLOCK_TAGS):
        node.insert_before("\n")
        node.insert_after("\n")
    return soup.get_text(), tags


def html_entities(text: str) -> tuple[str, int]:
    """Decode named and numeric entities, twice for double escapes such as ``&amp;gt;``."""
    count = 0
    for _ in range(2):
        found = len(_ENTITY_RE.findall(text))
        if not found:
            break
        count += found
        text = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    return text, count
