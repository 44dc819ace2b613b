"""What a saved web page states about itself, read from its markup, never from its text.

The title from the site's own title element (WeChat's ``#activity-name``), ``og:title`` or a
single ``<h1>``, or ``<title>``, less the site's name when the page appends it (``標題 |
蘋果日報``); the subtitle from the ``<h2>`` of the title's ``<hgroup>``; the publisher from the
account (WeChat's ``#js_name``), the source a portal states (``来源：重庆时报``, a site's source
element) or ``og:site_name``; authors from ``meta author``, ``article:author`` and JSON-LD (never
a URL, a number or a handle: those are kept in ``source_fields``); the published date from
meta, JSON-LD, WeChat's ``var ct`` (a Unix time, written in China time, +08:00), a site's
publication-time element, the article's ``<time datetime>`` (never a sidebar's or a teaser's),
the saving tool's date, then htmldate on the page's head alone; the canonical url from
``og:url`` or ``<link rel=canonical>``; tags from the keywords, ``article:tag``, JSON-LD and
``rel=tag`` links. Meta names are read case-blind. A saving tool's JSON comment before the
document (WeChatscope's ``<!-- {"url": …, "nickname": …, "created_at": …} -->``) fills what the
page leaves empty; its other keys and the page's description go to ``source_fields``.
Site conventions (which element states the date, the source) are data, in the tables below.
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
from ..textutil import WHITESPACE

#: A saving tool's JSON comment before the document.
_SAVED_COMMENT_RE = re.compile(r"\A\s*<!--\s*(\{.*?\})\s*-->", re.S)
_TITLE_SEPARATORS = ("|", "｜", "-", "–", "—", "_", "::", "·", "•", "/")
_LIST_SPLIT_RE = re.compile(r"[,，、;；|]+")
#: Without a leading ``\b`` (see :func:`_word_matches`): a pattern that opens with a literal
#: is searched for that literal, one that opens with ``\b`` is tried at every character.
_WECHAT_VAR_RE = re.compile(r"""var\s+(ct|nickname|msg_title|msg_link|author)\s*=\s*(?:"([^"\n]{0,2000})"|'([^'\n]{0,2000})')""")
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
_JS_DATE_RE = re.compile(r"""(?:var\s+)?(?:pagepubtime|publishtime|publish_time|pubtime)\s*[=:]\s*["']([^"'\n]{8,40})["']""", re.I)
_ASCII_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")
_CHINA = datetime.timezone(datetime.timedelta(hours=8))


def saved_comment(text: str) -> dict[str, Any]:
    """The JSON object a saving tool wrote in a comment before the document, or {}."""
    match = _SAVED_COMMENT_RE.match(text[:100_000])
    if not match:
        return {}
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def clean(value: Any) -> str | None:
    """A value as one line of text (entities decoded, runs of ASCII whitespace one space;
    U+3000 is typography and stays), or None."""
    if not isinstance(value, str):
        return None
    value = _ASCII_SPACES_RE.sub(" ", html_lib.unescape(value)).strip(WHITESPACE)
    return value or None


def meta_tags(tree: Any) -> dict[str, str]:
    """Every ``<meta>``'s content by its property, name or itemprop, lower-cased (pages
    write ``Keywords`` and ``DESCRIPTION``); the first one wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = clean(meta.get("content"))
        if content is None:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = (meta.get(key) or "").strip().lower()
            if name and name not in found:
                found[name] = content
    return found


def json_ld(tree: Any) -> list[dict[str, Any]]:
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


_WORD_RE = re.compile(r"\w")


def _word_matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches ``re.compile(r"\b" + pattern.pattern).finditer(text)`` gives (each
    starting at a word's start), found about twenty times faster on a long page: the
    pattern is searched for, and a match inside a word is passed over for the next one
    from the following character."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and _WORD_RE.match(text, start - 1):
            position = start + 1
            continue
        yield match
        position = match.end()


def text_of(tree: Any, xpath: str) -> str | None:
    for element in tree.xpath(xpath):
        value = clean(element.text_content())
        if value:
            return value
    return None


def page_meta(tree: Any, text: str, saved: dict[str, Any]) -> dict[str, Any]:
    metas = meta_tags(tree)
    ld = json_ld(tree)
    wechat = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
              for m in _word_matches(_WECHAT_VAR_RE, text)}
    sites = tuple(metas[key] for key in _SITE_META if metas.get(key))
    site = sites[0] if sites else None
    account = (text_of(tree, '//*[@id="js_name"]') or clean(wechat.get("nickname"))
               or clean(saved.get("nickname")))
    publisher = account or _stated_source(tree, metas) or site or _ld_name(ld, "publisher")
    fields: dict[str, str] = {}
    meta: dict[str, Any] = {}
    title = _title(tree, metas, saved, (*sites, publisher, metas.get("source")))
    if title:
        meta["title"] = title
    subtitle = text_of(tree, "//hgroup[h1]/h2")
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
    modified = next((d for d in map(machine_date, (metas.get(k) for k in _MODIFIED_META)) if d), None) \
        or machine_date(_ld_value(ld, "dateModified"))
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
    section = clean(metas.get("article:section")) or _ld_text(ld, "articleSection")
    if section:
        meta["section"] = section
    description = metas.get("description") or metas.get("og:description")
    if description:
        fields["page:description"] = description
    fields.update({f"saved:{key}": clean(str(value)) or "" for key, value in saved.items()
                   if key not in ("title", "nickname") and value not in (None, "")
                   and not isinstance(value, (dict, list))})
    if fields:
        meta["source_fields"] = {k: v for k, v in fields.items() if v}
    return meta


def _stated_source(tree: Any, metas: dict[str, str]) -> str | None:
    """The article's source as the page states it (a portal's 来源：重庆时报): the site's
    source element, or ``<meta name=source>``."""
    for xpath in _SOURCE_ELEMENTS:
        value = text_of(tree, xpath)
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
    own = text_of(tree, '//*[@id="activity-name"]')
    if own:
        return own
    headings = [value for value in (clean(h.text_content()) for h in tree.iter("h1")) if value]
    page = next((v for v in (metas.get("og:title"), metas.get("twitter:title"), metas.get("title"),
                             clean(saved.get("title"))) if v), None)
    if page:
        page = _less_site(page, sites)
    if len(headings) == 1 and (page is None or headings[0] in page):
        return headings[0]
    if page:
        return page
    if len(headings) == 1:
        return headings[0]
    element = tree.find(".//title")
    return _less_site(clean(element.text_content()) if element is not None else None, sites)


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
        return clean(value.get("name"))
    return clean(value) if isinstance(value, str) else None


def _ld_text(ld: list[dict[str, Any]], key: str) -> str | None:
    value = _ld_value(ld, key)
    if isinstance(value, list):
        value = "、".join(v for v in value if isinstance(v, str))
    return clean(value) if isinstance(value, str) else None


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
            name = clean(item.get("name")) if isinstance(item, dict) else clean(item)
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


def machine_date(value: Any) -> str | None:
    """An ISO date from a machine-readable date attribute, or None."""
    value = clean(value)
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
        if machine_date(value):
            return machine_date(value)
    for candidate in (machine_date(_ld_value(ld, "datePublished")), _epoch(wechat.get("ct"))):
        if candidate:
            return candidate
    for xpath in _DATE_ELEMENTS:
        value = text_of(tree, xpath)
        if value and dates.date_stamp(value)[0]:
            return dates.date_stamp(value)[0]
    script = next(_word_matches(_JS_DATE_RE, text), None)
    if script and machine_date(script.group(1)):
        return machine_date(script.group(1))
    # the <time> of the article: of the one <article> when the page has one, else of none
    # inside an article (a list page's teasers each have theirs) or a sidebar, menu or footer
    articles = len(tree.xpath("//article[not(ancestor::article)]"))
    for xpath in (("//article//time[@datetime]",) if articles == 1 else ()) + \
            (f"//time[@datetime][not({_OUTSIDE_ARTICLE} or ancestor::article)]",):
        for element in tree.xpath(xpath):
            candidate = machine_date(element.get("datetime"))
            if candidate:
                return candidate
    candidate = machine_date(saved.get("created_at"))
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
    value = clean(value)
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
    written = clean(saved.get("url"))
    if written and re.match(r"^[a-z0-9.-]+\.[a-z]{2,}/", written, re.I):
        return written  # as the saving tool wrote it: no scheme is added
    return _absolute(written)


def _tags(tree: Any, metas: dict[str, str], ld: list[dict[str, Any]], title: str | None
          ) -> tuple[tuple[str, ...], str | None]:
    """The page's keywords (meta keywords, ``article:tag``, JSON-LD, ``rel=tag`` links), and
    the keywords as written when some were not taken (one longer than a tag, the title)."""
    values = [metas.get("keywords"), metas.get("news_keywords"), _ld_text(ld, "keywords")]
    values += [meta.get("content") for meta in tree.iter("meta") if (meta.get("property") or "").lower() == "article:tag"]
    values += [clean(a.text_content()) for a in tree.xpath('//a[contains(concat(" ", normalize-space(@rel), " "), " tag ")]')]
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
