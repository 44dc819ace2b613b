"""Saved web pages: an HTML document, its article extracted, its metadata read from the page.

What a saved news page states about itself is read from its markup, never from its running
text: the title from the site's own title element (WeChat's ``#activity-name``), ``og:title``
or a single ``<h1>``, or ``<title>``, less the site's name when the page appends it
(``標題 | 蘋果日報``); the subtitle from the ``<h2>`` of the title's ``<hgroup>``; the publisher
from the account (WeChat's ``#js_name``) or ``og:site_name``; authors from ``meta author``,
``article:author`` and JSON-LD (never a URL); dates from ``article:published_time`` and its
kin, JSON-LD, WeChat's ``var ct`` (a Unix time, written in China time, +08:00), ``<time
datetime>``, then htmldate on the markup and URL only (no search of the text); the canonical
url from ``og:url`` or ``<link rel=canonical>`` when absolute; tags from the keywords.
A metadata comment a saving tool wrote before the document (WeChatscope's
``<!-- {"url": …, "title": …, "nickname": …, "created_at": …} -->``) fills what the page
leaves empty, and its other keys are kept in ``source_fields``, as is the page's description.

The body: where the site has a known article container (WeChat's ``#js_content``) its blocks
are read as they are; otherwise trafilatura extracts the article (navigation, share prompts,
comments, scripts and styles left out). Inline ``data:`` images are cut out before parsing
(megabytes of base64 in saved WeChat pages). Either way the body is markdown: headings,
lists, quotes and links survive, and the record's ``links`` keep every link target.

One record per page; a page of several ``<article>`` elements, each with its own heading and
text, gives one record per article, each with the lines its element spans. A page's record
covers all its lines.
"""

from __future__ import annotations

import datetime
import html as html_lib
import json
import re
from typing import Any, Iterator

from lxml import etree
from lxml import html as lxml_html

from ..metadata import dates
from ..records import RawDoc
from ..textutil import WHITESPACE
from .base import SourceError

NAME = "html"
MARKUP = "markdown"
#: Web pages are not OCR: their paragraphs are never cut lines to join.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

_SUFFIXES = (".htm", ".html", ".xhtml", ".shtml", ".mhtml")
#: A saving tool's JSON comment before the document.
_SAVED_COMMENT_RE = re.compile(r"\A\s*<!--\s*(\{.*?\})\s*-->", re.S)
_COMMENTS_RE = re.compile(r"\A(?:\s*<!--.*?-->)*\s*", re.S)
_DOC_START_RE = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_HEAD_BODY_RE = re.compile(r"<head[\s>]|<body[\s>]", re.I)
_XML_DECLARATION_RE = re.compile(r"\A\ufeff?\s*<\?xml[^>]{0,200}\?>")
_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]{0,500}>")
#: An inline image's payload: cut before parsing (the ``data:`` scheme is kept, so the
#: attribute still reads as an image that was there).
_DATA_URI_RE = re.compile(r"(data:[a-zA-Z0-9.+/-]{1,64};base64,)[A-Za-z0-9+/=\s]{64,}")
_TITLE_SEPARATORS = ("|", "｜", "-", "–", "—", "_", "::", "·", "•", "/")
_LIST_SPLIT_RE = re.compile(r"[,，、;；|]+")
_WECHAT_VAR_RE = re.compile(r"""\bvar\s+(ct|nickname|msg_title|msg_link|author)\s*=\s*(?:"([^"\n]{0,2000})"|'([^'\n]{0,2000})')""")
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
#: The published date's sources in the order they are believed, as (attribute, value) of a <meta>.
_PUBLISHED_META = ("article:published_time", "og:published_time", "og:article:published_time",
                   "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
                   "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.created",
                   "dc.date", "date")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified",
                  "dcterms.modified")
#: Names a page gives its site by (a title's suffix is cut only when it is one of them).
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
#: Site conventions, as data: the element that states the publication time, and the one that
#: states the article's source (the paper a portal reprints), by xpath; the text of the first
#: one found is read (a full date; a 来源 value).
_DATE_ELEMENTS = (
    '//*[@id="pubtime"]', '//*[@id="pubtime_baidu"]', '//*[@id="p_publishtime"]', '//*[@id="publish_time"]',
    '//*[@id="pub_date"]', '//*[@id="news_time"]', '//*[@class="time-source"]', '//*[@class="date-source"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " s-ptime ")]', '//*[@id="publishdate"]',
)
_SOURCE_ELEMENTS = (
    '//*[@id="source_baidu"]', '//*[@id="p_origin"]', '//*[@id="media_name"]', '//*[@id="source"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " s-source ")]',
)
_SOURCE_LABEL_RE = re.compile(r"(?:来源|來源|稿源|出处|出處)\s*[：:]\s*([^\s|｜/]{1,30})")
_JS_DATE_RE = re.compile(r"""\b(?:var\s+)?(?:pagepubtime|publishtime|publish_time|pubtime)\s*[=:]\s*["']([^"'\n]{8,40})["']""", re.I)
#: What an extractor leaves of a page's chrome, whole paragraphs only: app prompts, the
#: headings of the related-links lists that follow an article (their links are gone).
_CHROME = frozenset({
    "相关阅读", "相关新闻", "相关文章", "延伸阅读", "推荐阅读", "热门推荐", "热点推荐", "更多>", "更多>>", "更多",
    "去看看", "打开网易新闻 查看更多图片", "打开网易新闻 查看精彩图片", "点击此处查看全部新闻图片",
    "相關閱讀", "相關新聞", "延伸閱讀", "推薦閱讀", "熱門推薦", "更多內容", "看更多",
})
_CHINA = datetime.timezone(datetime.timedelta(hours=8))


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """An HTML document: a doctype or ``<html>`` root (after any comments) with a head or
    body; a ``.htm``/``.html`` name adds to the score. A fragment of tags is not a page."""
    head = _COMMENTS_RE.sub("", _XML_DECLARATION_RE.sub("", text[:8192], count=1), count=1)[:4096]
    if head.startswith(("---", "+++")):
        return 0.0, "front matter, not a page"
    rooted = _DOC_START_RE.match(head.lstrip("\ufeff")) is not None
    structured = _HEAD_BODY_RE.search(text[:200_000]) is not None
    named = suffix.lower() in _SUFFIXES
    if rooted and structured:
        return (0.97 if named else 0.9), "an HTML document (doctype or <html> root, head or body)"
    if named and structured:
        return 0.7, "an HTML file with a head or body but no root element"
    if named and len(_TAG_RE.findall(text[:20000])) >= 10:
        return 0.45, "a .html file of tags without head or body"
    return 0.0, "not an HTML document"


def parse(text: str) -> Iterator[RawDoc]:
    """One RawDoc per page, or per ``<article>`` of a page that holds several."""
    saved = _saved_comment(text)
    # lxml refuses a str that declares its encoding (XHTML's <?xml … encoding=…?>): the text
    # is decoded already, so the declaration is cut (blanked in place, lines kept)
    cut = _XML_DECLARATION_RE.sub(lambda m: " " * len(m.group(0)), _DATA_URI_RE.sub(r"\1", text), count=1)
    try:
        tree = lxml_html.document_fromstring(cut)
    except (etree.ParserError, ValueError) as error:
        raise SourceError("unparseable", f"not a parseable HTML document: {error}") from error
    lines = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
    meta = _page_meta(tree, text, saved)
    flags: tuple[str, ...] = ()
    articles = _several_articles(tree)
    if articles:
        for index, (element, heading) in enumerate(articles):
            start = element.sourceline or 1
            following = articles[index + 1][0].sourceline if index + 1 < len(articles) else None
            end = max(start, (following - 1) if following else lines)
            own = {key: value for key, value in meta.items() if key in ("publisher", "source_fields")}
            own.update(_article_meta(element))
            body, chrome = _cleaned_body(_blocks_markdown(element, skip=own.pop("_time", None)), (heading,))
            yield RawDoc(start, end, body, MARKUP, heading, own, fixes=_fixes(chrome))
        return
    title = meta.pop("title", None)
    if len(tree.xpath("//article[not(ancestor::article)]")) >= 2:
        flags = ("html:several_articles_kept_whole",)  # teasers, or articles not told apart
    container = _known_container(tree)
    body = _blocks_markdown(container) if container is not None else _extract(tree)
    body, chrome = _cleaned_body(body, (title, meta.get("subtitle")))
    yield RawDoc(1, lines, body, MARKUP, title, meta, flags=flags, fixes=_fixes(chrome))


def _fixes(chrome: int) -> tuple[tuple[str, int], ...]:
    return (("page_chrome", chrome),) if chrome else ()


# -- metadata -----------------------------------------------------------------------

def _saved_comment(text: str) -> dict[str, Any]:
    match = _SAVED_COMMENT_RE.match(text[:100_000])
    if not match:
        return {}
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", html_lib.unescape(value)).strip(WHITESPACE)
    return value or None


def _metas(tree: Any) -> dict[str, str]:
    """Every ``<meta>``'s content by its property, name or itemprop, lower-cased (pages
    write ``Keywords`` and ``DESCRIPTION``); the first one wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = _clean(meta.get("content"))
        if content is None:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = (meta.get(key) or "").strip().lower()
            if name and name not in found:
                found[name] = content
    return found


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                objects.extend(x for x in item.get("@graph", [item]) if isinstance(x, dict))
    return objects


def _text_of(tree: Any, xpath: str) -> str | None:
    for element in tree.xpath(xpath):
        value = _clean(element.text_content())
        if value:
            return value
    return None


def _page_meta(tree: Any, text: str, saved: dict[str, Any]) -> dict[str, Any]:
    metas = _metas(tree)
    ld = _json_ld(tree)
    wechat = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
              for m in _WECHAT_VAR_RE.finditer(text)}
    sites = tuple(metas[key] for key in _SITE_META if metas.get(key))
    site = sites[0] if sites else None
    account = (_text_of(tree, '//*[@id="js_name"]') or _clean(wechat.get("nickname"))
               or _clean(saved.get("nickname")))
    publisher = account or _stated_source(tree, metas) or site or _ld_name(ld, "publisher")
    fields: dict[str, str] = {}
    meta: dict[str, Any] = {}
    title = _title(tree, metas, saved, (*sites, publisher, metas.get("source")))
    if title:
        meta["title"] = title
    subtitle = _text_of(tree, "//hgroup[h1]/h2")
    if subtitle and subtitle != title:
        meta["subtitle"] = subtitle
    if publisher:
        meta["publisher"] = publisher
    tags, dropped_tags = _tags(tree, metas, ld, title)
    authors, written = _authors(metas, ld, {site, publisher, account, *tags})
    if authors:
        meta["authors"] = authors
    if written:
        fields["page:author"] = written
    published = _published(tree, text, metas, ld, wechat, saved)
    if published:
        meta["date_published"] = published
    modified = next((d for d in map(_date, (metas.get(k) for k in _MODIFIED_META)) if d), None) \
        or _date(_ld_value(ld, "dateModified"))
    if modified:
        meta["date_modified"] = modified
    url = _url(tree, metas, wechat, saved)
    if url:
        meta["url"] = url
    if "date_published" not in meta and url:
        from_url = dates.url_date(url)
        if from_url:
            meta["date_published"] = from_url
    if tags:
        meta["tags"] = tags
    if dropped_tags:
        fields["page:keywords"] = dropped_tags
    section = _clean(metas.get("article:section")) or _ld_text(ld, "articleSection")
    if section:
        meta["section"] = section
    description = metas.get("description") or metas.get("og:description")
    if description:
        fields["page:description"] = description
    fields.update({f"saved:{key}": _clean(str(value)) or "" for key, value in saved.items()
                   if key not in ("title", "nickname") and value not in (None, "")
                   and not isinstance(value, (dict, list))})
    if fields:
        meta["source_fields"] = {k: v for k, v in fields.items() if v}
    return meta


def _stated_source(tree: Any, metas: dict[str, str]) -> str | None:
    """The article's source as the page states it (a portal's 来源：重庆时报): the site's
    source element, or ``<meta name=source>``."""
    for xpath in _SOURCE_ELEMENTS:
        value = _text_of(tree, xpath)
        if not value:
            continue
        labelled = _SOURCE_LABEL_RE.search(value)
        if labelled:
            return labelled.group(1)
        if len(value) <= 20 and not re.search(r"\d{4}", value):
            return value
    value = metas.get("source")
    return value if value and len(value) <= 30 and not _is_url(value) else None


def _title(tree: Any, metas: dict[str, str], saved: dict[str, Any], sites: tuple[str | None, ...]) -> str | None:
    own = _text_of(tree, '//*[@id="activity-name"]')
    if own:
        return own
    headings = [value for value in (_clean(h.text_content()) for h in tree.iter("h1")) if value]
    page = next((v for v in (metas.get("og:title"), metas.get("twitter:title"), metas.get("title"),
                             _clean(saved.get("title"))) if v), None)
    if page:
        page = _less_site(page, sites)
    if len(headings) == 1 and (page is None or headings[0] in page):
        return headings[0]
    if page:
        return page
    if len(headings) == 1:
        return headings[0]
    element = tree.find(".//title")
    return _less_site(_clean(element.text_content()) if element is not None else None, sites)


def _less_site(title: str | None, sites: tuple[str | None, ...]) -> str | None:
    """The title without the site's name the page adds before or after a separator."""
    if not title:
        return title
    for site in filter(None, sites):
        for separator in _TITLE_SEPARATORS:
            for affix in (f"{separator}{site}", f" {separator} {site}"):
                if title.endswith(affix) and len(title) > len(affix):
                    return title[: -len(affix)].strip(WHITESPACE)
            for affix in (f"{site}{separator}", f"{site} {separator} "):
                if title.startswith(affix) and len(title) > len(affix):
                    return title[len(affix):].strip(WHITESPACE)
    return title


def _ld_value(ld: list[dict[str, Any]], key: str) -> Any:
    return next((item[key] for item in ld if item.get(key)), None)


def _ld_name(ld: list[dict[str, Any]], key: str) -> str | None:
    value = _ld_value(ld, key)
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value) if isinstance(value, str) else None


def _ld_text(ld: list[dict[str, Any]], key: str) -> str | None:
    value = _ld_value(ld, key)
    if isinstance(value, list):
        value = "、".join(v for v in value if isinstance(v, str))
    return _clean(value) if isinstance(value, str) else None


def _is_url(value: str) -> bool:
    return re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//|^www\.", value, re.I) is not None


#: An author value that names no person: a CMS number, an account handle.
_NOT_A_NAME_RE = re.compile(r"^\d+$|^[A-Za-z0-9.-]*_[A-Za-z0-9_.-]*$")


def _authors(metas: dict[str, str], ld: list[dict[str, Any]], not_people: set[str | None]
             ) -> tuple[tuple[str, ...], str | None]:
    """The authors the page's markup names, and the meta value as written when some of it
    was refused (a number, a handle, the site's or publisher's own name, a keyword): kept
    in ``source_fields``, not taken for a person."""
    names: list[str] = []
    written: list[str] = []
    for value in (metas.get("author"), metas.get("article:author"), metas.get("dc.creator"), metas.get("byl")):
        if value and not _is_url(value):
            written.append(value)
            names.extend(_LIST_SPLIT_RE.split(value))
    if not names:
        value = _ld_value(ld, "author")
        for item in value if isinstance(value, list) else [value]:
            name = _clean(item.get("name")) if isinstance(item, dict) else _clean(item)
            if name and not _is_url(name):
                names.append(name)
    kept: dict[str, None] = {}
    refused = False
    for name in names:
        name = name.strip(WHITESPACE)
        if not name:
            continue
        if len(name) > 40 or _NOT_A_NAME_RE.match(name) or name in not_people:
            refused = True
            continue
        kept.setdefault(name, None)
    return tuple(kept), ("; ".join(written) if refused and written else None)


def _date(value: Any) -> str | None:
    """An ISO date from a machine-readable date attribute, or None."""
    value = _clean(value)
    if not value:
        return None
    iso = dates.iso_date(value)
    if iso:
        return iso
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return dates.date_stamp(value)[0]
    written = moment.isoformat(timespec="seconds")
    if moment.hour == moment.minute == moment.second == 0 and "T" not in value and " " not in value:
        written = moment.date().isoformat()
    return dates.iso_date(written)


def _epoch(value: str | None) -> str | None:
    if not value or not value.strip().isdigit():
        return None
    try:
        moment = datetime.datetime.fromtimestamp(int(value), _CHINA)
    except (OverflowError, OSError, ValueError):
        return None
    return dates.iso_date(moment.isoformat(timespec="seconds"))


_OUTSIDE_ARTICLE = "ancestor::aside or ancestor::nav or ancestor::footer or ancestor::li"


def _published(tree: Any, text: str, metas: dict[str, str], ld: list[dict[str, Any]],
               wechat: dict[str, str], saved: dict[str, Any]) -> str | None:
    """The published date the page states, machine-readable first: meta, JSON-LD, WeChat's
    ``ct``, a site's publication-time element or script variable, a ``<time>`` of the article
    (never one of a sidebar, menu, footer or list), the saving tool's date, then htmldate
    on the page's head alone (a related-news list in the body has dates of its own)."""
    for value in (metas.get(key) for key in _PUBLISHED_META):
        if _date(value):
            return _date(value)
    for candidate in (_date(_ld_value(ld, "datePublished")), _epoch(wechat.get("ct"))):
        if candidate:
            return candidate
    for xpath in _DATE_ELEMENTS:
        value = _text_of(tree, xpath)
        if value and dates.date_stamp(value)[0]:
            return dates.date_stamp(value)[0]
    script = _JS_DATE_RE.search(text)
    if script and _date(script.group(1)):
        return _date(script.group(1))
    # the <time> of the article: of the one <article> when the page has one, else of none
    # inside an article (a list page's teasers each have theirs) or a sidebar, menu or footer
    articles = len(tree.xpath("//article[not(ancestor::article)]"))
    for xpath in (("//article//time[@datetime]",) if articles == 1 else ()) + \
            (f"//time[@datetime][not({_OUTSIDE_ARTICLE} or ancestor::article)]",):
        for element in tree.xpath(xpath):
            candidate = _date(element.get("datetime"))
            if candidate:
                return candidate
    candidate = _date(saved.get("created_at"))
    if candidate:
        return candidate
    return _htmldate(tree)


def _htmldate(tree: Any) -> str | None:
    """htmldate on the page's ``<head>`` only (its meta conventions; ``extensive_search``
    off), with a fixed upper bound so the answer does not move with the clock."""
    head = tree.find("head")
    if head is None:
        return None
    try:
        from htmldate import find_date
        page = lxml_html.document_fromstring("<html>" + etree.tostring(head, encoding="unicode") + "<body></body></html>")
        found = find_date(page, extensive_search=False, original_date=True, outputformat="%Y-%m-%d",
                          max_date="2099-12-31")
    except Exception:  # noqa: BLE001 - htmldate is a heuristic: no answer is an answer
        return None
    return dates.iso_date(found) if isinstance(found, str) else None


def _absolute(value: str | None) -> str | None:
    """An absolute or protocol-relative (``//host/…``, kept as written) http(s) url, or None."""
    value = _clean(value)
    if value and re.match(r"^(?:https?:)?//[^\s/]+", value, re.I):
        return html_lib.unescape(value)
    return None


def _url(tree: Any, metas: dict[str, str], wechat: dict[str, str], saved: dict[str, Any]) -> str | None:
    canonical = next((link.get("href") for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), None)
    for candidate in (metas.get("og:url"), canonical, wechat.get("msg_link")):
        url = _absolute(candidate)
        if url:
            return url
    written = _clean(saved.get("url"))
    if written and re.match(r"^[a-z0-9.-]+\.[a-z]{2,}/", written, re.I):
        return written  # as the saving tool wrote it: no scheme is added
    return _absolute(written)


def _tags(tree: Any, metas: dict[str, str], ld: list[dict[str, Any]], title: str | None
          ) -> tuple[tuple[str, ...], str | None]:
    """The page's keywords (meta keywords, ``article:tag``, JSON-LD, ``rel=tag`` links), and
    the keywords as written when some were not taken (one longer than a tag, the title)."""
    values = [metas.get("keywords"), metas.get("news_keywords"), _ld_text(ld, "keywords")]
    values += [meta.get("content") for meta in tree.iter("meta") if (meta.get("property") or "").lower() == "article:tag"]
    values += [_clean(a.text_content()) for a in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]')]
    seen: dict[str, None] = {}
    refused: list[str] = []
    for value in filter(None, values):
        value = html_lib.unescape(value)
        pieces = _LIST_SPLIT_RE.split(value) if _LIST_SPLIT_RE.search(value) else value.split()
        for tag in pieces:
            tag = tag.strip(WHITESPACE)
            if not tag:
                continue
            if len(tag) > 40 or tag == title:
                refused.append(value)
                continue
            seen.setdefault(tag, None)
    return tuple(seen), ("; ".join(dict.fromkeys(refused)) if refused else None)


# -- articles -----------------------------------------------------------------------

def _is_article_page(tree: Any) -> bool:
    """The page says it is one article (og:type, a published time, JSON-LD of an Article)."""
    metas = _metas(tree)
    if metas.get("og:type", "").lower() == "article" or metas.get("article:published_time"):
        return True
    return any(str(item.get("@type", "")).endswith("Article") for item in _json_ld(tree))


def _several_articles(tree: Any) -> list[tuple[Any, str]]:
    """The page's ``<article>`` elements when there are several, none inside another, each
    with a heading of its own (not a link to elsewhere) and paragraphs of text; else [] (the
    page is one article, or a list of teasers, which is no article)."""
    outer = [a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    if len(outer) < 2 or _is_article_page(tree):
        return []
    found = []
    for article in outer:
        heading_element = next((h for h in article.xpath(".//h1|.//h2|.//h3") if _clean(h.text_content())), None)
        if heading_element is None or heading_element.xpath("ancestor-or-self::a|.//a"):
            return []
        paragraphs = [p for p in article.iter("p") if len(_clean(p.text_content()) or "") >= 20]
        text = _clean(article.text_content()) or ""
        if len(paragraphs) < 2 or len(text) < _MIN_ARTICLE_CHARS or re.search(r"阅读全文|閱讀全文|read more", text, re.I):
            return []
        found.append((article, _clean(heading_element.text_content())))
    return found


def _article_meta(element: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for time in element.xpath(".//time[@datetime]"):
        if _date(time.get("datetime")):
            meta["date_published"] = _date(time.get("datetime"))
            meta["_time"] = time  # its text is the date now in a field: not text again
            break
    return meta


def _known_container(tree: Any) -> Any:
    """A site's own article element, where its convention is known (WeChat's ``#js_content``)."""
    found = tree.xpath('//*[@id="js_content"]')
    return found[0] if found and len(_clean(found[0].text_content()) or "") > 0 else None


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


def _bare(paragraph: str) -> str:
    """A markdown paragraph's words: heading marks, emphasis, link targets and escapes gone."""
    text = re.sub(r"^#{1,6}\s+", "", paragraph.strip())
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_\\]", "", text).strip(WHITESPACE)


def _is_chrome(paragraph: str) -> bool:
    """A paragraph of chrome: a phrase of the list, or an empty table row; an image's or a
    link's paragraph never is (its url is kept in ``links``)."""
    if re.search(r"\]\([^)]", paragraph):
        return False
    bare = _bare(paragraph)
    return bare in _CHROME or not bare.strip("|-: \t")


def _cleaned_body(body: str, titles: tuple[str | None, ...]) -> tuple[str, int]:
    """The body without the leading lines that repeat the title or subtitle (as a heading,
    a plain line or a link), and without whole paragraphs of page chrome; how many went."""
    wanted = {t for t in titles if t}
    paragraphs = body.split("\n\n")
    index = 0
    while index < len(paragraphs):
        line = paragraphs[index].strip()
        plain = re.sub(r"^#{1,6}\s+|\s*#*$", "", line)
        plain = re.sub(r"^\[(.*)\]\([^)]*\)$", r"\1", plain).replace("\\", "").strip(WHITESPACE)
        if not line or plain in wanted:
            index += 1
            continue
        break
    kept = [p for p in paragraphs[index:] if not _is_chrome(p)]
    removed = len(paragraphs[index:]) - len(kept)
    return "\n\n".join(kept).strip("\n"), removed


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
            anchor = _escape(_clean(element.text_content()) or "")
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
