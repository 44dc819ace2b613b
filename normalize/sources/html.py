"""Saved web pages: an HTML document, its article extracted, its metadata read from the page.

What the page states about itself (title, subtitle, publisher, authors, dates, url, tags) is
read from its markup by :mod:`normalize.sources.pagemeta`, never from its running text.

The body: where the site has a known article container (WeChat's ``#js_content``) its blocks
are read as they are; otherwise trafilatura extracts the article (navigation, share prompts,
comments, scripts and styles left out), after small hidden elements are removed and layout
tables (a cell of prose paragraphs, as portals of the 2000s built pages) are made blocks.
Inline ``data:`` images are cut out before parsing (megabytes of base64 in saved WeChat
pages). Either way the body is markdown: headings, lists, quotes and links survive, and the
record's ``links`` keep every link and image target. Leading lines that repeat the title and
whole paragraphs of page chrome (相关阅读, 打开…查看更多图片) are removed (``page_chrome``).

One record per page. A page of several ``<article>`` elements that does not say it is one
article, each with a heading of its own (not a link elsewhere) and paragraphs of text, gives
one record per article, with the lines its element spans; any other page of several
``<article>`` elements (teasers of a list page) is kept whole and flagged
``html:several_articles_kept_whole``.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from lxml import etree
from lxml import html as lxml_html

from ..blocks import markdown_links
from ..records import RawDoc
from ..textutil import WHITESPACE
from . import pagemeta
from .base import SourceError

NAME = "html"
MARKUP = "markdown"
#: Web pages are not OCR: their paragraphs are never cut lines to join.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

_SUFFIXES = (".htm", ".html", ".xhtml", ".shtml", ".mht", ".mhtml")
_COMMENTS_RE = re.compile(r"\A(?:\s*<!--.*?-->)*\s*", re.S)
_DOC_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_HEAD_BODY_RE = re.compile(r"<head[\s>]|<body[\s>]", re.I)
_XML_DECLARATION_RE = re.compile(r"\A\ufeff?\s*<\?xml[^>]{0,200}\?>")
_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]{0,500}>")
#: An inline image's payload: cut before parsing (the ``data:`` scheme is kept, so the
#: attribute still reads as an image that was there).
_DATA_URI_RE = re.compile(r"(data:[a-zA-Z0-9.+/-]{1,64};base64,)[A-Za-z0-9+/=\s]{64,}")
#: Elements whose text is never article text.
_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "canvas", "video", "audio",
         "object", "embed", "button", "input", "select", "textarea", "form", "nav")
_BLOCKS = frozenset({"p", "div", "section", "article", "li", "tr", "blockquote", "figure", "figcaption",
                     "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "dl", "dt", "dd",
                     "header", "footer", "aside", "center", "address", "hr", "main", "hgroup", "details",
                     "summary", "fieldset", "caption"})
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START_RE = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")
_MIN_ARTICLE_CHARS = 200
#: What an extractor leaves of a page's chrome, whole paragraphs only: app prompts, the
#: headings of the related-links lists that follow an article (their links are gone).
_CHROME = frozenset({
    "相关阅读", "相关新闻", "相关文章", "延伸阅读", "推荐阅读", "热门推荐", "热点推荐", "更多>", "更多>>", "更多",
    "去看看", "打开网易新闻 查看更多图片", "打开网易新闻 查看精彩图片", "点击此处查看全部新闻图片",
    "相關閱讀", "相關新聞", "延伸閱讀", "推薦閱讀", "熱門推薦", "更多內容", "看更多",
})


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """An HTML document: a doctype or ``<html>`` root (after any comments) with a head or
    body; a ``.htm``/``.html`` name adds to the score. A fragment of tags is not a page. A
    page saved as one MHTML file (``.mht``: MIME headers, the page as a ``text/html`` part)
    is one too."""
    if _is_mhtml(text):
        return (0.97 if suffix.lower() in (".mht", ".mhtml") else 0.9), "a page saved as MHTML (multipart/related)"
    head = _COMMENTS_RE.sub("", _XML_DECLARATION_RE.sub("", text[:8192], count=1), count=1)[:4096]
    if head.startswith(("---", "+++")):
        return 0.0, "front matter, not a page"
    rooted = _DOC_START_RE.match(head.lstrip("\ufeff")) is not None
    named = suffix.lower() in _SUFFIXES
    if not rooted and not named:  # cheap check: every score below needs a root or a name
        return 0.0, "not an HTML document"
    structured = _HEAD_BODY_RE.search(text[:200_000]) is not None
    if rooted and structured:
        return (0.97 if named else 0.9), "an HTML document (doctype or <html> root, head or body)"
    if named and structured:
        return 0.7, "an HTML file with a head or body but no root element"
    if named and len(_TAG_RE.findall(text[:20000])) >= 10:
        return 0.45, "a .html file of tags without head or body"
    return 0.0, "not an HTML document"


#: Characters of an inline payload kept when a page is lightened (see :func:`lighten`):
#: more than any bounded pattern a repair uses, so none reads the page otherwise.
_LIGHT_KEEP = 4096
_BASE64_RUN_RE = re.compile(r"[A-Za-z0-9+/=]+")


def lighten(text: str) -> str | None:
    """The page without the bulk of its inline ``data:`` payloads, for the file repairs,
    which then need not scan megabytes of base64 (saved WeChat pages are mostly that);
    None when there is nothing to cut, or the file is no page (a markdown export with an
    inline image is read whole, not lightened in vain) or MHTML (whose parts are encoded).

    :func:`parse` cuts every payload (``_DATA_URI_RE``) before parsing anyway, so only the
    repairs and the sniffing see a cut payload, and it is cut so that they read it as
    they read the whole one: its first ``_LIGHT_KEEP`` characters stay, each further run
    of base64 characters becomes one ``A`` and its whitespace stays, so every line keeps
    its place and its shape (leading and trailing spaces, CRs, control characters) and
    ``parse`` still cuts it to the same bytes. Only a payload that is ASCII, followed by an
    ASCII character and on lines otherwise ASCII is cut: mojibake is judged line by line
    over the whole line's characters, and no repair then looks at those lines' letters."""
    if "base64," not in text or _is_mhtml(text) or sniff(text, "")[0] == 0.0:
        return None
    pieces: list[str] = []
    last = 0
    checked: dict[tuple[int, int], bool] = {}
    for match in _DATA_URI_RE.finditer(text):
        if match.end() - match.end(1) <= 2 * _LIGHT_KEEP or not _on_ascii_lines(text, match, checked):
            continue
        start = match.end(1) + _LIGHT_KEEP
        pieces += [text[last:start], _BASE64_RUN_RE.sub("A", text[start:match.end()])]
        last = match.end()
    if not pieces:
        return None
    pieces.append(text[last:])
    return "".join(pieces)


def _on_ascii_lines(text: str, match: re.Match, checked: dict[tuple[int, int], bool]) -> bool:
    """The lines ``match`` spans are ASCII (and so is the match, and what follows it);
    ``checked`` remembers lines already looked at (a minified page is one long line)."""
    first = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    key = (first, len(text) if end < 0 else end)
    if key not in checked:
        checked[key] = text[key[0]:key[1]].isascii()
    return checked[key]


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per page, or per ``<article>`` of a page that holds several."""
    lines = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    location = None
    if _is_mhtml(text):
        text, location = _mhtml_page(text)  # its records cover the whole file's lines
    saved = pagemeta.saved_comment(text)
    # lxml refuses a str that declares its encoding (XHTML's <?xml … encoding=…?>): the text
    # is decoded already, so the declaration is cut (blanked in place, lines kept)
    cut = _XML_DECLARATION_RE.sub(lambda m: " " * len(m.group(0)), _DATA_URI_RE.sub(r"\1", text), count=1)
    try:
        tree = lxml_html.document_fromstring(cut)
    except (etree.ParserError, ValueError) as error:
        raise SourceError("unparseable", f"not a parseable HTML document: {error}") from error
    meta = pagemeta.page_meta(tree, text, saved)
    if location and "url" not in meta and re.match(r"^https?://", location, re.I):
        meta["url"] = location  # the address the page was saved from
    flags: tuple[str, ...] = ()
    articles = _several_articles(tree)
    if articles:
        for index, (element, heading) in enumerate(articles):
            start = (element.sourceline or 1) if location is None else 1
            following = articles[index + 1][0].sourceline if index + 1 < len(articles) else None
            end = max(start, (following - 1) if following and location is None else lines)
            own = {key: value for key, value in meta.items() if key in ("publisher", "source_fields")}
            own.update(_article_meta(element))
            body, chrome, gone = _cleaned_body(_blocks_markdown(element, skip=own.pop("_time", None)), (heading,))
            yield RawDoc(start, end, body, MARKUP, heading, _with_links(own, gone), fixes=_fixes(chrome))
        return
    title = meta.pop("title", None)
    if len(tree.xpath("//article[not(ancestor::article)]")) >= 2:
        flags = ("html:several_articles_kept_whole",)  # teasers, or articles not told apart
    container = _known_container(tree)
    if container is not None:
        body = _blocks_markdown(container)
    else:
        article = _one_article(tree)
        body = _extract(tree)
        if article is not None:
            # the extractor drops or merges the paragraphs of <section>-built markup
            # (WeChat-style editors): when it kept less than half of the page's one
            # <article>, or made one paragraph of many, the article's own blocks are read
            blocks = _blocks_markdown(article)
            kept, paragraphs = len(_bare(body)), body.count("\n\n") + 1
            if kept < len(_bare(blocks)) / 2 or (paragraphs == 1 and blocks.count("\n\n") >= 2):
                body = blocks
    body, chrome, gone = _cleaned_body(body, (title, meta.get("subtitle")))
    yield RawDoc(1, lines, body, MARKUP, title, _with_links(meta, gone), flags=flags, fixes=_fixes(chrome))


def _with_links(meta: dict[str, Any], gone: list[tuple[str, str]]) -> dict[str, Any]:
    """The record's metadata with the links of the paragraphs taken out of the body."""
    return {**meta, "links": (*meta.get("links", ()), *gone)} if gone else meta


_MIME_VERSION_RE = re.compile(r"^MIME-Version:", re.I | re.M)
#: Cheap check for ``_MIME_VERSION_RE``: its ``-`` has no case, so sre finds it fast; a line
#: start tried at every character is slow.
_VERSION_HEADER_RE = re.compile(r"-Version:", re.I)
_MULTIPART_RE = re.compile(r"^Content-Type:\s*multipart/related", re.I | re.M)
#: Charsets a saved page names that Python knows by a wider name (GB2312 pages hold GBK).
_WIDER_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def _is_mhtml(text: str) -> bool:
    head = text[:4096]
    return bool(_VERSION_HEADER_RE.search(head) and _MIME_VERSION_RE.search(head) and _MULTIPART_RE.search(head)
                and re.search(r"Content-Type:\s*text/html", text[:1_000_000], re.I))


def _mhtml_page(text: str) -> tuple[str, str | None]:
    """The HTML part of an MHTML file, decoded (quoted-printable or base64, in the charset
    the part names), and the address it was saved from (``Content-Location``)."""
    import email

    message = email.message_from_string(text)
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        location = part.get("Content-Location") or message.get("Snapshot-Content-Location")
        encoding = (part.get("Content-Transfer-Encoding") or "").strip().lower()
        if encoding not in ("quoted-printable", "base64"):
            return str(part.get_payload()), location  # 7bit/8bit: the text is decoded already
        payload = part.get_payload(decode=True) or b""
        charset = (part.get_content_charset() or "utf-8").lower()
        try:
            return payload.decode(_WIDER_CHARSETS.get(charset, charset), errors="replace"), location
        except LookupError:
            return payload.decode("utf-8", errors="replace"), location
    raise SourceError("no_html_part", "an MHTML file without a text/html part")


def _fixes(chrome: int) -> tuple[tuple[str, int], ...]:
    return (("page_chrome", chrome),) if chrome else ()


# -- articles -----------------------------------------------------------------------

def _is_article_page(tree: Any) -> bool:
    """The page says it is one article (og:type, a published time, JSON-LD of an Article)."""
    metas = pagemeta.meta_tags(tree)
    if metas.get("og:type", "").lower() == "article" or metas.get("article:published_time"):
        return True
    return any(str(item.get("@type", "")).endswith("Article") for item in pagemeta.json_ld(tree))


def _several_articles(tree: Any) -> list[tuple[Any, str]]:
    """The page's ``<article>`` elements when there are several, none inside another, each
    with a heading of its own (not a link to elsewhere) and paragraphs of text; else [] (the
    page is one article, or a list of teasers, which is no article)."""
    outer = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    if len(outer) < 2 or _is_article_page(tree):
        return []
    found = []
    for article in outer:
        heading_element = next((h for h in article.xpath(".//h1|.//h2|.//h3") if pagemeta.clean(h.text_content())), None)
        if heading_element is None or heading_element.xpath("ancestor-or-self::a|.//a"):
            return []
        paragraphs = [p for p in article.iter("p") if len(pagemeta.clean(p.text_content()) or "") >= 20]
        text = pagemeta.clean(article.text_content()) or ""
        if len(paragraphs) < 2 or len(text) < _MIN_ARTICLE_CHARS or re.search(r"阅读全文|閱讀全文|read more", text, re.I):
            return []
        found.append((article, pagemeta.clean(heading_element.text_content())))
    return found


def _article_meta(element: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for time in element.xpath(".//time[@datetime]"):
        if pagemeta.machine_date(time.get("datetime")):
            meta["date_published"] = pagemeta.machine_date(time.get("datetime"))
            meta["_time"] = time  # its text is the date now in a field: not text again
            break
    return meta


def _known_container(tree: Any) -> Any:
    """A site's own article element, where its convention is known (WeChat's ``#js_content``)."""
    found = tree.xpath('//*[@id="js_content"]')
    return found[0] if found and len(pagemeta.clean(found[0].text_content()) or "") > 0 else None


def _one_article(tree: Any) -> Any:
    """The page's one outer ``<article>``, when it holds some text, or None."""
    outer = tree.xpath("//article[not(ancestor::article)]")
    if len(outer) != 1 or len(pagemeta.clean(_visible_text(outer[0])) or "") < _MIN_ARTICLE_CHARS:
        return None
    return outer[0]


def _visible_text(element: Any) -> str:
    return " ".join(t for t in element.xpath(".//text()[not(ancestor::script or ancestor::style)]"))


def _prepared(tree: Any) -> Any:
    """The page made readable to an extractor: small hidden elements (ads, 转自… stamps in
    ``display:none`` or ``visibility:hidden``) removed, and layout tables (a cell holding
    paragraphs of prose, as portals of the 2000s built pages) turned into plain blocks, so
    their paragraphs are not read as one table cell."""
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        if ("display:none" in style or "visibility:hidden" in style) and \
                len(element.text_content() or "") < _MIN_ARTICLE_CHARS:
            element.drop_tree()
    for table in list(tree.iter("table")):
        cells = [cell for cell in table.iter("td", "th") if _nearest_table(cell) is table]
        if any(_holds_prose(cell) for cell in cells):
            parts = [e for e in table.iter("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
                     if _nearest_table(e) is table]
            for element in (table, *parts):
                element.tag = "div"
    return tree


def _holds_prose(cell: Any) -> bool:
    """A table cell that holds paragraphs of its own (not only through a nested table): two
    or more ``<p>``, or lines broken by ``<br>``, of some length."""
    own = [e for e in cell.iter("p", "br") if next((a for a in e.iterancestors() if a.tag in ("td", "th")), None) is cell]
    paragraphs = [e for e in own if e.tag == "p" and len(e.text_content() or "") >= 20]
    breaks = [e for e in own if e.tag == "br"]
    prose = sum(len(e.text_content() or "") for e in paragraphs)
    return (len(paragraphs) >= 2 and prose > _MIN_ARTICLE_CHARS // 2) or \
        (len(breaks) >= 2 and len(cell.text_content() or "") > _MIN_ARTICLE_CHARS and not cell.xpath(".//table"))


def _nearest_table(element: Any) -> Any:
    return next((a for a in element.iterancestors() if a.tag == "table"), None)


def _extract(tree: Any) -> str:
    """The article of a page as markdown, by trafilatura; the single line breaks of its
    plainer output are paragraph breaks (a title line is not glued to the first paragraph)."""
    import trafilatura

    body = trafilatura.extract(_prepared(tree), output_format="markdown", include_links=True,
                               include_images=True, include_tables=True, include_comments=False,
                               with_metadata=False, deduplicate=False, fast=False) or ""
    lines = body.split("\n")
    joined: list[str] = []
    for index, line in enumerate(lines):
        if index and lines[index - 1].strip() and line.strip() and not _continues(lines[index - 1], line):
            joined.append("")
        joined.append(line)
    return "\n".join(joined)


def _continues(previous: str, line: str) -> bool:
    """A line that belongs with the one before it in markdown: table rows, list items, quotes."""
    def structural(text: str) -> bool:
        return re.match(r"^\s*(?:\||[-*+] |\d+[.)] |>)", text) is not None
    return structural(previous) and structural(line)


#: A markdown link or image, its parts bounded (unbounded, a run of ``[`` is rescanned from
#: every ``[``: quadratic on a long line).
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]{0,1000})\]\([^)\n]{0,4000}\)")
#: Chrome and a repeated title are short paragraphs.
_MAX_CHROME = 300


def _bare(paragraph: str) -> str:
    """A markdown paragraph's words: heading marks, emphasis, link targets and escapes gone."""
    text = re.sub(r"^#{1,6}\s+", "", paragraph.strip())
    text = _MD_LINK_RE.sub(r"\1", text)
    return re.sub(r"[*_\\]", "", text).strip(WHITESPACE)


def _is_chrome(paragraph: str) -> bool:
    """A paragraph of chrome: a phrase of the list (a link's label too), or an empty table
    row; a paragraph of nothing but an image is no chrome (the image is the article's)."""
    if len(paragraph) > _MAX_CHROME or re.fullmatch(r"\s*(?:!\[[^\]\n]{0,300}\]\([^)\n]{0,2000}\)\s*)+", paragraph):
        return False
    bare = _bare(paragraph)
    return bare in _CHROME or not bare.strip("|-: \t")


def _cleaned_body(body: str, titles: tuple[str | None, ...]) -> tuple[str, int, list[tuple[str, str]]]:
    """The body without the leading lines that repeat the title or subtitle (as a heading,
    a plain line or a link), and without whole paragraphs of page chrome; how many chrome
    paragraphs went, and the links of every paragraph that went (kept in ``links``)."""
    wanted = {t for t in titles if t}
    paragraphs = body.split("\n\n")
    index = 0
    while index < len(paragraphs):
        line = paragraphs[index].strip()
        if len(line) > _MAX_CHROME:
            break
        plain = re.sub(r"^#{1,6}\s+|\s*#*$", "", line)
        plain = re.sub(r"^\[(.*)\]\([^)]*\)$", r"\1", plain).replace("\\", "").strip(WHITESPACE)
        if not line or plain in wanted:
            index += 1
            continue
        break
    kept = [p for p in paragraphs[index:] if not _is_chrome(p)]
    gone = paragraphs[:index] + [p for p in paragraphs[index:] if _is_chrome(p)]
    removed = len(paragraphs[index:]) - len(kept)
    urls = [(anchor, url) for paragraph in gone for anchor, url, _ in markdown_links(paragraph)]
    return "\n\n".join(kept).strip("\n"), removed, urls


# -- a known container, block by block --------------------------------------------------

def _blocks_markdown(root: Any, skip: Any = None) -> str:
    """The blocks of an article element as markdown paragraphs (``skip``: an element left out,
    its tail kept): each block element a
    paragraph, ``<br>`` a line break, headings and list items marked, links kept, images,
    scripts and widgets left out. Text is escaped so it reads back as the same text."""
    paragraphs: list[str] = []
    current: list[str] = []
    prefix = [""]

    def flush() -> None:
        line = "".join(current).strip(" \t\n\r")
        current.clear()
        if line.strip(WHITESPACE):
            paragraphs.append(prefix[0] + line)
        prefix[0] = ""

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _DROP or _hidden(element) or element is skip:
            if element.tail:
                current.append(_escape(element.tail))
            return
        block = tag in _BLOCKS
        if block:
            flush()
            if re.fullmatch(r"h[1-6]", tag):
                prefix[0] = "#" * int(tag[1]) + " "
            elif tag == "li":
                prefix[0] = "- "
            elif tag == "blockquote":
                prefix[0] = "> "
        if tag == "br":
            flush()
        elif tag == "a" and element.get("href") and not element.get("href", "").startswith(("javascript:", "#")):
            anchor = _escape(pagemeta.clean(element.text_content()) or "")
            if anchor:
                current.append(f"[{anchor}](<{element.get('href').strip()}>)")
            if element.tail:
                current.append(_escape(element.tail))
            return
        elif tag == "img":
            source = next((v for v in (element.get("data-src"), element.get("src"))
                           if v and re.match(r"^https?://", v.strip(), re.I)), None)
            if source:
                current.append(f"![](<{source.strip()}>)")
        else:
            if element.text:
                current.append(_escape(element.text))
            for child in element:
                walk(child)
        if block:
            flush()
        if element.tail:
            current.append(_escape(element.tail))

    walk(root)
    flush()
    return "\n\n".join(paragraphs)


def _hidden(element: Any) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _escape(text: str) -> str:
    text = re.sub(r"[ \t\r\n]+", " ", text)
    return _MD_LINE_START_RE.sub(lambda m: m.group(1) + "\\" + m.group(2) if not m.group(2)[0].isdigit()
                                 else m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                                 _MD_SPECIAL_RE.sub(r"\\\1", text))
