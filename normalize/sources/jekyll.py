"""Jekyll and Hugo pages: front matter (title, date, author, tags) over a markdown body.

One page, one record. Front matter is YAML between ``---`` lines (Jekyll, Hugo), TOML
between ``+++`` lines or a JSON object between ``{`` and ``}`` lines (Hugo), each read
with python-frontmatter's own handler. No type is guessed: YAML through PyYAML's
BaseLoader (``title: No`` stays ``"No"``, dates stay as written); TOML and JSON values
as their text (a TOML date as ISO 8601, ``true`` as ``"true"``, a number as written), so
the three give the same fields. The link list at the top of the body (原文链接 / 备份链接 / 原文来自…) gives
``url`` and ``archive_urls`` and leaves the text; a labelled byline gives ``authors``
when the front matter has none.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Iterator

import toml
import yaml
from frontmatter.default_handlers import JSONHandler, TOMLHandler, YAMLHandler

from ..metadata import bylines, dates, links
from ..records import RawDoc
from .base import SourceError

NAME = "jekyll"
MARKUP = "markdown"

_HANDLER = YAMLHandler()
_TOML = TOMLHandler()
_JSON = JSONHandler()
_OPEN_RE = re.compile(r"\A\s*---[ \t]*\n")
_TOML_OPEN_RE = re.compile(r"\A\s*\+\+\+[ \t]*\n")
_JSON_OPEN_RE = re.compile(r"\A\s*\{[ \t]*\n[ \t]*\"")
#: A JSON object with a key like these holds an article, it does not introduce one.
_JSON_TEXT_KEY_RE = re.compile(r'^\s*"(?:content|body|text|article|正文|内容)"\s*:', re.M)
_TOML_KEY_RE = re.compile(r"^[A-Za-z_][\w-]*\s*=", re.M)
_KEY_RE = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.M)
_LEAD_RE = re.compile(r"^[\s*>+\-_~]*(原文|来自|来源|转载自|转自|备份|存档|本文来自|本文由|文章来自)")
#: Leads that name the source a link points to (本文由…转码 names a converter).
_SOURCE_LEAD_RE = re.compile(r"^[\s*>+\-_~]*(原文|来自|来源|转载自|转自|本文来自|文章来自)")
#: A list item that holds only links: ``* [archive.is](http://archive.is/x)``.
_LINK_ITEM_RE = re.compile(r"^\s*[*+\-]\s+[\s*_~,，、|｜]*$")
#: A thematic break, which ends a page's header block.
_RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
#: A header line: 编辑：…, 微博地址：…, 首发：… (a short label and a colon).
_HEADER_RE = re.compile(r"^[\s>*_]*[^\s：:]{1,16}\s*[：:｜|/]")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_LINKS_RE = re.compile(r"\[[^\]]*\]\([^)]*\)")
_PUBLISHER_RE = re.compile(r"「([^」]{1,30})」")
LEADING_LINES = 12

MODIFIED_KEYS = ("lastmod", "last_modified", "last_modified_at", "modified", "updated", "date_modified")
URL_KEYS = ("original_url", "source_url", "original", "source", "link", "canonical_url")


#: Paragraphs of a web page are the author's: never joined as if OCR had cut them.
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})


def _kind(text: str) -> str | None:
    """Which front matter the text opens with: yaml, toml, json, or None."""
    if _OPEN_RE.match(text):
        return "yaml"
    if _TOML_OPEN_RE.match(text):
        return "toml"
    if _JSON_OPEN_RE.match(text):
        return "json"
    return None


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """Score by an opening ``---``/``+++``/``{`` line, ``key:``/``key =``/``"key":`` lines
    and the closing line."""
    kind = _kind(text)
    if kind is None:
        return 0.0, "no opening '---', '+++' or '{'"
    head = text[:8000]
    handler = {"yaml": _HANDLER, "toml": _TOML, "json": _JSON}[kind]
    parts = handler.FM_BOUNDARY.split(head, 2)
    if len(parts) < 3:
        return 0.3, f"opening {kind} front matter but no closing line in the head"
    if kind == "json":
        rest = parts[2].strip()
        if not rest or rest[0] in "{[" or _JSON_TEXT_KEY_RE.search(parts[1]):
            return 0.05, "JSON data (an object holding the text, or several objects), not front matter"
    key_re = {"yaml": _KEY_RE, "toml": _TOML_KEY_RE, "json": re.compile(r'^\s*"[^"]+"\s*:', re.M)}[kind]
    keys = len(key_re.findall(parts[1]))
    if kind != "yaml" and not keys:
        return 0.2, f"{kind} front matter without keys"
    score = 0.7 + 0.1 * min(keys, 2) + (0.1 if suffix in (".md", ".markdown", ".html") else 0.0)
    return min(score, 1.0), f"{kind} front matter with {keys} keys"


def _load(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as text values, body) by python-frontmatter's handler for the kind."""
    kind = _kind(text) or "yaml"
    try:
        if kind == "yaml":
            front, content = _HANDLER.split(text)
            meta = _HANDLER.load(front, Loader=yaml.BaseLoader)
        elif kind == "toml":
            front, content = _TOML.split(text)
            meta = _as_text(_TOML.load(front))
        else:
            front, content = _JSON.split(text)
            meta = _as_text(_JSON.load(front, parse_int=str, parse_float=str, parse_constant=str))
    except toml.TomlDecodeError as error:
        raise SourceError("front_matter_invalid", f"TOML: {error}") from error
    except json.JSONDecodeError as error:
        raise SourceError("front_matter_invalid", f"JSON: {error}") from error
    except ValueError as error:
        raise SourceError("front_matter_unclosed", str(error)) from error
    except yaml.YAMLError as error:
        raise SourceError("front_matter_invalid", str(error).split("\n")[0]) from error
    if not isinstance(meta, dict):
        raise SourceError("front_matter_not_mapping", f"front matter is a {type(meta).__name__}")
    return meta, content


def _as_text(value: Any) -> Any:
    """TOML/JSON values as the text YAML's BaseLoader would give: no type is kept."""
    if isinstance(value, dict):
        return {str(k): _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if value is None:
        return ""
    return str(value)


def parse(text: str) -> Iterator[RawDoc]:
    """The page as one RawDoc; raises SourceError when the front matter is unusable."""
    meta, content = _load(text)
    first_line = text[: len(text) - len(content)].count("\n") + 1
    body_lines = content.split("\n")
    fields, body_lines, removed = _read_leading_lines(body_lines)
    fixes = tuple((name, n) for name, n in removed.items() if n)
    fields.update(_front_matter_fields({str(k).lower(): v for k, v in meta.items()}))
    last = max((i for i, line in enumerate(body_lines) if line.strip()), default=0)
    yield RawDoc(
        line_start=1,
        line_end=max(first_line + last, first_line),
        body="\n".join(body_lines),
        markup=MARKUP,
        title=_text(meta.get("title")),
        meta=fields,
        flags=() if _text(meta.get("title")) else ("no_title",),
        fixes=fixes,
    )


def _front_matter_fields(meta: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    date = _text(meta.get("date"))
    if date:
        fields["date_published"] = dates.iso_date(date)
        fields["date_text"] = None if fields["date_published"] else date
    modified = next((_text(meta[k]) for k in MODIFIED_KEYS if _text(meta.get(k))), None)
    if modified:  # as written: a value that is no real date is flagged when the record is made
        fields["date_modified"] = modified
    authors = _list(meta.get("authors")) or _list(meta.get("author"))
    if authors:
        fields["authors"] = authors
    if _list(meta.get("tags")):
        fields["tags"] = _list(meta.get("tags"))
    categories = _list(meta.get("categories")) or _list(meta.get("category"))
    if categories:
        fields["section"] = " / ".join(categories)
    url = next((_text(meta[k]) for k in URL_KEYS if str(meta.get(k, "")).startswith("http")), None)
    if url:
        fields["url"] = url
    for key in ("publisher", "source_name", "media"):
        if _text(meta.get(key)):
            fields["publisher"] = _text(meta.get(key))
    return fields


def _read_leading_lines(lines: list[str]) -> tuple[dict[str, Any], list[str], dict[str, int]]:
    """Take the link list, byline and header block off the top of the body.

    Returns the fields found, the body lines (removed ones blank, so line numbers hold)
    and what was removed: ``link_list`` lines and ``metadata_lines`` (a header block of
    short labelled lines above the page's first rule).
    """
    fields: dict[str, Any] = {}
    archive: list[str] = []
    kept: list[str] = []
    removed = {"link_list": 0, "metadata_lines": 0}
    seen = 0
    for index, line in enumerate(lines):
        if seen >= LEADING_LINES:
            kept.extend(lines[index:])
            break
        seen += bool(line.strip())
        bare = _TAG_RE.sub("", line)
        if _link_line(bare, fields, archive) or _byline(bare, fields):
            kept.append("")  # keep line numbers of what follows
            removed["link_list"] += 1
        else:
            kept.append(line)
    removed["metadata_lines"] = _drop_header_block(kept)
    if archive:
        fields["archive_urls"] = tuple(dict.fromkeys(archive))
    return fields, kept, removed


def _drop_header_block(kept: list[str]) -> int:
    """Blank the short labelled lines left above the first rule, if all of them are."""
    content = [i for i, line in enumerate(kept[:LEADING_LINES * 3]) if line.strip()]
    rule = next((i for i in content if _RULE_RE.match(kept[i])), None)
    header = [i for i in content if rule is not None and i < rule]
    if not header or len(header) > 4:
        return 0
    if not all(len(kept[i]) <= 100 and (_HEADER_RE.match(kept[i]) or links.bare_urls(kept[i])) for i in header):
        return 0
    for i in header:
        kept[i] = ""
    return len(header)


def _link_line(line: str, fields: dict[str, Any], archive: list[str]) -> bool:
    found = links.markdown_links(line) or [("", url) for url in links.bare_urls(line)]
    text = links.strip_links(line)
    only_links = bool(links.markdown_links(line)) and _LINK_ITEM_RE.match(_LINKS_RE.sub("", line))
    if not found or not (_LEAD_RE.match(text) or only_links):
        return False
    originals = []
    for label, url in found:
        if links.is_archive_url(url) or label.lower().startswith(links.ARCHIVE_LABELS):
            archive.append(url)
        elif url.startswith("http"):  # an empty () link gives none
            originals.append((not _names_original(line, label, url), url))
    points_to_source = _SOURCE_LEAD_RE.match(text) or only_links
    if originals and "url" not in fields and (points_to_source or min(originals)[0] is False):
        fields["url"] = min(originals)[1]
    publisher = _PUBLISHER_RE.search(line)
    if publisher and "publisher" not in fields:
        fields["publisher"] = publisher.group(1)
    byline = bylines.labelled_byline(line)
    if byline and "authors" not in fields:
        fields["authors"] = byline
    return True


def _names_original(line: str, label: str, url: str) -> bool:
    """Does the line call this link the original (原文 in its label or before it)?"""
    if "原文" in label:
        return True
    at = line.find(url)
    return at >= 0 and "原文" in line[:at]


def _byline(line: str, fields: dict[str, Any]) -> bool:
    names = bylines.labelled_byline(line)
    if not names or "authors" in fields:
        return False
    for label, url in links.markdown_links(line):
        if label.startswith("原文") and "url" not in fields:
            fields["url"] = url
    fields["authors"] = names
    return True


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _list(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        items = [v.strip() for v in value if isinstance(v, str) and v.strip()]
    elif isinstance(value, str):
        items = [v for v in re.split(r"[,，\s]+", value) if v]
    else:
        items = []
    return tuple(dict.fromkeys(items))
