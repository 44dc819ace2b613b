"""Bodies to typed paragraphs, and typed paragraphs to ``text`` plus ``blocks``.

``parts_from_plain`` reads one paragraph per non-blank line; ``parts_from_markdown``
walks markdown-it-py's token stream, so markdown syntax never reaches ``text``:
emphasis marks go, links keep their label, images (and their alt text) go, headings,
quotes and list items keep their type. ``markdown_links`` reads the links of the same
stream: a body is parsed once for both.
"""

from __future__ import annotations

import html as html_module
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .htmltext import Reading, page_text
from .metadata.links import html_links
from .records import Block, Part
from .textutil import ends_sentence, join_lines

PARAGRAPH_SEPARATOR = "\n\n"

#: Emphasis CommonMark leaves unmatched next to CJK punctuation (``**【财新网】**3月``),
#: or around spaces (``** 【总结】**``); a ``**`` left alone after that is dropped too.
#: The span between the marks is runs of in-line spaces each taken whole, then a
#: character that is none (possessive ``*+``): it starts and ends with a non-space, and
#: a line of spaces with no closing mark is tried in linear time, not cubic.
_LEFTOVER_EMPHASIS_RE = re.compile(r"(\*\*|__|~~)\s*+((?:[^\S\n]*+\S)+?)\s*+\1")
_LONE_MARKS_RE = re.compile(r"\*\*+|~~")


#: Inside a line, these separate paragraphs too: U+2029 (PARAGRAPH SEPARATOR, which the
#: HTML repairs write), U+2028 (LINE SEPARATOR) and U+E40C, the line break of the Sogou
#: corpora (GB18030 ``FD A3``), found in text taken out of them.
_PLAIN_BREAK_RE = re.compile("[\n\u2028\u2029\ue40c]")


def parts_from_plain(body: str) -> list[Part]:
    """One paragraph per non-blank line, or piece of a line between separators."""
    if "\u2028" in body or "\u2029" in body or "\ue40c" in body:
        pieces = _PLAIN_BREAK_RE.split(body)
    else:  # cheap check: the one separator is the newline, and str.split is much faster than a set's
        pieces = body.split("\n")
    return [Part("paragraph", line) for line in pieces if line.strip()]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # link targets as the source wrote them: CommonMark's normalisation percent-encodes a
    # CJK path (屏幕截图.png → %E5%B1%8F…); an archive keeps the url it was given
    md.normalizeLink = lambda url: url
    return md


@lru_cache(maxsize=1)
def _parsed(body: str) -> tuple[tuple[Token, ...], dict]:
    """markdown-it's tokens of a body and the env it filled (its reference definitions).
    An article's body is read twice, for its parts and for its links (make_document calls
    both): it is parsed once. The two readers share the tokens, so neither may change them."""
    env: dict = {}
    tokens = _markdown().parse(body, env)
    return tuple(tokens), env


def parts_from_markdown(body: str) -> list[Part]:
    """Typed paragraphs of a markdown body (CommonMark with tables and strikethrough)."""
    parts: list[Part] = []
    context: list[str] = []
    tokens, _ = _parsed(body)
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open"):
            context.append("quote" if token.type == "blockquote_open" else "list_item")
        elif token.type in ("blockquote_close", "list_item_close"):
            context.pop()
        elif token.type == "inline":
            kind = _inline_kind(tokens[index - 1], context)
            for text in _paragraphs(_inline_lines(token)) if kind != "heading" else [inline_text(token)]:
                if text:
                    parts.append(Part(kind, text))
        elif token.type == "html_block":
            parts.extend(_html_block_parts(token.content))
        elif token.type in ("fence", "code_block"):
            parts.extend(Part("paragraph", line) for line in token.content.split("\n") if line.strip())
    return parts


#: Links written as HTML inside markdown (``<a href>``, ``<img src>``); bounded like every
#: pattern run on untrusted text.
_HTML_A_OPEN_RE = re.compile(r"""<a\b[^>]{0,2000}?\bhref\s*=\s*(?:"([^"]{1,4000})"|'([^']{1,4000})'|([^\s>]{1,4000}))""", re.I)
_HTML_A_CLOSE_RE = re.compile(r"</a\s*>", re.I)
def _html_links(html: str) -> list[tuple[str, str]]:
    return [(anchor, url) for _, anchor, url in html_links(html)]


def markdown_links(body: str) -> list[tuple[str, str, str]]:
    """``(anchor text, url, before)`` of every link and image in a markdown body, in order,
    written as markdown or as HTML inside it; an image's anchor is empty (its alt text is
    not kept in ``text``); ``before`` is the text just before the link in its paragraph, so
    its span can be found where it is, not at an earlier word of the same spelling. Autolinks
    too, and reference definitions no link used (their urls are in the source all the same)."""
    found: list[tuple[str, str, str]] = []
    used: set[str] = set()
    tokens, env = _parsed(body)
    for token in tokens:
        if token.type == "html_block":
            found.extend((anchor, url, "") for anchor, url in _html_links(token.content))
            continue
        if token.type != "inline":
            continue
        href, anchor, rendered, before = None, "", "", ""
        for child in token.children or ():
            opened = _HTML_A_OPEN_RE.match(child.content) if child.type == "html_inline" else None
            if child.type == "link_open" or opened:
                href = str(child.attrGet("href") or "") if not opened else \
                    html_module.unescape(opened.group(1) or opened.group(2) or opened.group(3))
                anchor, before = "", _emphasis_left(rendered)[-_BEFORE:]
            elif child.type == "html_inline" and not opened and child.content.lower().startswith("<img"):
                found.extend((anchor, url, "") for anchor, url in _html_links(child.content))
            elif (child.type == "link_close" or (child.type == "html_inline" and _HTML_A_CLOSE_RE.match(child.content))) \
                    and href is not None:
                if href:
                    found.append((_emphasis_left(anchor).strip(), href, before))
                    used.add(href)
                href = None
            elif child.type == "image" and child.attrGet("src"):
                found.append(("", str(child.attrGet("src")), ""))
                used.add(str(child.attrGet("src")))
            elif child.type in ("text", "code_inline"):
                rendered += child.content
                if href is not None:
                    anchor += child.content
            elif child.type in ("softbreak", "hardbreak"):
                rendered = ""
    for reference in env.get("references", {}).values():
        href = reference.get("href") if isinstance(reference, dict) else None
        if href and href not in used:
            found.append(("", str(href), ""))
    return found


#: How much of the text before a link is kept to place its span.
_BEFORE = 8


def _inline_kind(opener: Token, context: list[str]) -> str:
    if opener.type == "heading_open":
        return "heading"
    if opener.type in ("th_open", "td_open"):
        return "paragraph"
    return context[-1] if context else "paragraph"


def _inline_lines(token: Token) -> list[str]:
    """The source lines of an inline token as plain text: link labels kept, images and tags dropped."""
    lines = [""]
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            lines.append("")
    return lines


def inline_text(token: Token) -> str:
    """Plain text of an inline token, its lines joined into one."""
    return _emphasis_left(join_lines(_inline_lines(token)))


def _emphasis_left(text: str) -> str:
    if "**" not in text and "__" not in text and "~~" not in text:  # nothing either pattern can match
        return text
    return _LONE_MARKS_RE.sub("", _LEFTOVER_EMPHASIS_RE.sub(r"\2", text))


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines of one markdown paragraph, split where a line ends a sentence or is a URL.

    Chinese posts often break paragraphs with a single newline, which markdown reads
    as one paragraph; a line ending in 。！？ there is a paragraph end.
    """
    groups: list[list[str]] = [[]]
    for line in lines:
        if groups[-1] and (ends_sentence(groups[-1][-1]) or _is_url(line) or _is_url(groups[-1][-1])):
            groups.append([])
        groups[-1].append(line)
    return [_emphasis_left(join_lines(group)) for group in groups]


def _is_url(line: str) -> bool:
    return line.strip().startswith(("http://", "https://", "www."))


def markdown_inline(source: str) -> str:
    """Plain text of one line of inline markdown (a title, a banner)."""
    tokens = _markdown().parseInline(source)
    return inline_text(tokens[0]) if tokens else ""


_BLOCK_END = "\x00"
#: An HTML block read to text: scripts and styles go, and so do ruby readings and a
#: template's text; a ``<br>`` is a line break; the end of a block element ends a part.
_BLOCK_READING = Reading(
    dropped=frozenset({"script", "style"}), ruby=False, br="\n",
    ends=frozenset({"p", "div", "li", "figcaption", "center", "tr", "h1", "h2", "h3", "blockquote"}),
    end=_BLOCK_END)


#: More tags than this in one HTML block are read one part a line.
_MAX_BLOCK_TAGS = 2000


def _html_block_parts(html: str) -> list[Part]:
    """One part per block element of an HTML block; ``<br>`` is a line break inside it;
    the parts are captions if the block holds a ``<figcaption>``. A block of thousands of
    tags (a dump of unclosed ``<p>``, once too slow for the tree this read) has its tags
    stripped by the html_tags repair instead, one part a line."""
    if html.count("<") > _MAX_BLOCK_TAGS:
        from .repairs.html import html_tags

        stripped, _ = html_tags(html)
        return [Part("paragraph", line.strip()) for line in stripped.split("\n") if line.strip()]
    try:
        text, names = page_text(html, _BLOCK_READING)
    except AssertionError:  # html.parser rejects an unknown marked section (<![foo[); keep the text
        return [Part("paragraph", join_lines(html.split("\n")))]
    kind = "caption" if "figcaption" in names else "paragraph"
    chunks = (join_lines(chunk.split("\n")) for chunk in text.split(_BLOCK_END))
    return [Part(kind, markdown_inline(chunk)) for chunk in chunks if chunk.strip()]


def assemble(parts: list[Part]) -> tuple[str, tuple[Block, ...]]:
    """Join parts with one blank line; return the text and its typed spans."""
    blocks: list[Block] = []
    offset = 0
    for part in parts:
        blocks.append(Block(part.kind, offset, offset + len(part.text)))
        offset += len(part.text) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(part.text for part in parts), tuple(blocks)
