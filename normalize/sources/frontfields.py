"""Front matter to record fields: which keys give the date, url, publisher and authors
(the conventions of Jekyll, Hugo and the clippers: Omnivore, MarkDownload, Obsidian Web
Clipper, feed readers), how an author value is split into names, and every key no field
holds kept as text in ``source_fields`` (nothing a page's front matter says is dropped)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ..metadata import dates

#: Keys of the article's date, first found wins (Jekyll/Hugo ``date``, Hugo ``publishDate``,
#: Omnivore ``date_published``, Obsidian Web Clipper ``published``). A clipper's ``created``
#: or ``date_saved`` is the day it was saved, not published: kept in ``source_fields``.
DATE_KEYS = ("date", "date_published", "published", "publishdate", "publisheddate", "published_at", "pubdate",
             "publish_date")
MODIFIED_KEYS = ("lastmod", "last_modified", "last_modified_at", "modified", "updated", "date_modified")
#: Keys of the article's own address when they hold an http(s) url (Hugo's ``url: /x/``
#: is the page's path on its own site, kept in ``source_fields``).
URL_KEYS = ("original_url", "source_url", "original_link", "original", "source", "from", "link",
            "canonical_url", "canonical", "url")
#: Keys of the site or feed that published the page (a feed reader's ``feedName``).
PUBLISHER_KEYS = ("publisher", "source_name", "media", "site_name", "sitename", "feedname", "feed_name")
#: Author values that say no one is named.
NO_AUTHOR = frozenset({"unknown", "anonymous", "anon", "n/a", "none", "null", "佚名", "匿名", "未知", "不详"})
_NAME_SEPARATORS = ",，、;；&＆"
_AND_RE = re.compile(r"\s+and\s+")
_ROLE_RE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_WIKILINK_RE = re.compile(r"^\[\[([^\]|]+)(?:\|([^\]]+))?\]\]$")



def front_matter_fields(meta: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The record's fields from front matter (keys lowercased), and the keys they used
    whole; a key a field holds only in part (an author's role, ``unknown``) is not among
    them, so it is also kept whole in ``source_fields``."""
    fields: dict[str, Any] = {}
    used: set[str] = {"title"}
    date_key = next((k for k in DATE_KEYS if text_value(meta.get(k))), None)
    if date_key:
        date = text_value(meta[date_key])
        written = dates.written_date(date)  # a JS Date string, RFC 2822, GMT+8 …
        fields["date_published"] = dates.iso_date(date) or (written[0] if written else None)
        fields["date_text"] = None if fields["date_published"] else date
        used.add(date_key)
    modified_key = next((k for k in MODIFIED_KEYS if text_value(meta.get(k))), None)
    if modified_key:  # as written: a value that is no real date is flagged when the record is made
        fields["date_modified"] = text_value(meta[modified_key])
        used.add(modified_key)
    author_key = next((k for k in ("authors", "author") if meta.get(k) not in (None, "", [], {})), None)
    if author_key:
        authors, whole = author_names(meta[author_key])
        if authors:
            fields["authors"] = authors
        if whole:
            used.add(author_key)
    tag_key = next((k for k in ("tags", "keywords") if as_list(meta.get(k))), None)
    if tag_key:
        fields["tags"] = as_list(meta[tag_key])
        used.add(tag_key)
    section_key = next((k for k in ("categories", "category") if as_list(meta.get(k))), None)
    if section_key:
        fields["section"] = " / ".join(as_list(meta[section_key]))
        used.add(section_key)
    url_key = next((k for k in URL_KEYS if (text_value(meta.get(k)) or "").startswith("http")), None)
    if url_key:
        fields["url"] = text_value(meta[url_key])
        used.add(url_key)
    publisher_key = next((k for k in PUBLISHER_KEYS if text_value(meta.get(k))), None)
    if publisher_key:
        fields["publisher"] = text_value(meta[publisher_key])
        used.add(publisher_key)
    used.update(k for k, v in meta.items() if v in (None, "", [], {}))
    return fields, used


def author_names(value: Any) -> tuple[tuple[str, ...], bool]:
    """The names an author key gives, and whether they are all it says.

    A string is split at ``,`` ``，`` ``、`` ``;`` ``&`` and `` and `` (never at a
    space: ``William Infante`` is one name), outside parentheses; a mapping gives its
    ``name``; an Obsidian link ``[[Name]]`` its name. A parenthesised role after a name
    (``xudong (EvoPaw 作者)``) leaves the name, as a labelled byline's does; ``unknown``,
    ``佚名`` and their kind are no author. Either leaves the key partly read (False), so
    the caller keeps it whole in ``source_fields``.
    """
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    whole = True
    for item in items:
        if isinstance(item, dict):
            name = text_value(item.get("name"))
            whole = whole and set(item) <= {"name"}
            pieces = [name] if name else []
        elif isinstance(item, str):
            pieces = _split_names(item) if not isinstance(value, list) else [item.strip()]
        else:
            whole, pieces = False, []
        for piece in pieces:
            name = _name(piece)
            whole = whole and name == piece
            if name and name.lower() not in NO_AUTHOR:
                names.append(name)
            elif piece:
                whole = False
    return tuple(dict.fromkeys(names)), whole


def _split_names(text: str) -> list[str]:
    """Names in one author string, split at separators outside parentheses."""
    parts, depth, current = [], 0, []
    for char in text:
        depth += 1 if char in "(（[" else -1 if char in ")）]" and depth else 0
        if depth == 0 and char in _NAME_SEPARATORS:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names = []
    for part in parts:
        names.extend(_AND_RE.split(part) if "(" not in part and "（" not in part else [part])
    return [n.strip() for n in names if n.strip()]


def _name(piece: str) -> str:
    """One author's name: an Obsidian ``[[link|alias]]`` unwrapped, a trailing role in
    parentheses left out."""
    piece = piece.strip()
    wiki = _WIKILINK_RE.match(piece)
    if wiki:
        piece = (wiki.group(2) or wiki.group(1)).strip()
    return _ROLE_RE.sub("", piece).strip() or piece


def site_as_publisher(fields: dict[str, Any]) -> None:
    """An author named as the url's site (``author: Solidot`` over ``www.solidot.org``,
    as feed-to-post converters write the feed's name) is the publisher, not a person."""
    authors, url = fields.get("authors", ()), fields.get("url")
    if len(authors) != 1 or not url:
        return
    host = (urlsplit(url).hostname or "").split(".")
    name = re.sub(r"\s+", "", authors[0]).lower()
    if len(host) >= 2 and name in host[:-1] and name != "www":
        fields.setdefault("publisher", authors[0])
        del fields["authors"]


#: At most this many values of front matter are flattened into ``source_fields``: YAML
#: aliases can make a few lines stand for billions of values (a "billion laughs").
MAX_VALUES = 10_000


class TooLarge(Exception):
    """A front-matter value that stands for more values than :data:`MAX_VALUES`."""


def unfielded(meta: dict[str, Any], used: set[str]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Front matter keys no field holds (or holds only in part), as text under their own
    names: lists joined by line breaks, a mapping's keys as ``key.sub``; and the keys left
    out because they expand past :data:`MAX_VALUES` (alias bombs), to be flagged."""
    kept: dict[str, str] = {}
    too_large: list[str] = []
    budget = [MAX_VALUES]
    for key, value in meta.items():
        if str(key).lower() not in used:
            try:
                kept.update(_flat(str(key), value, budget))
            except TooLarge:
                too_large.append(str(key))
    return kept, tuple(too_large)


def _flat(key: str, value: Any, budget: list[int]) -> dict[str, str]:
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLarge(key)
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for sub, item in value.items():
            flat.update(_flat(f"{key}.{sub}", item, budget))
        return flat
    if isinstance(value, list):
        joined: dict[str, str] = {}
        for item in value:
            for name, text in _flat(key, item, budget).items():
                joined[name] = f"{joined[name]}\n{text}" if name in joined else text
        return joined
    text = "" if value is None else str(value).strip()
    return {key: text} if text else {}


def text_value(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return text_value(value[0])
    return None


def as_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        items = [v.strip() for v in value if isinstance(v, str) and v.strip()]
    elif isinstance(value, str):
        items = [v for v in re.split(r"[,，\s]+", value) if v]
    else:
        items = []
    return tuple(dict.fromkeys(items))
