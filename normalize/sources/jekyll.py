"""Jekyll and Hugo pages: front matter (title, date, author, tags) over a markdown body.

One page, one record. Front matter is YAML between ``---`` lines (Jekyll, Hugo), TOML
between ``+++`` lines or a JSON object between ``{`` and ``}`` lines (Hugo), each read
with python-frontmatter's own handler. No type is guessed: YAML through PyYAML's
BaseLoader (``title: No`` stays ``"No"``, dates stay as written); TOML and JSON values
as their text (a TOML date as ISO 8601, ``true`` as ``"true"``, a number as written), so
the three give the same fields. Keys no field holds (``layout``, ``description``, a
clipper's ``created`` or ``date_saved``, an author's role or ``unknown``) are kept under
their own names in ``source_fields``.

The top of the body: a first heading that repeats the title (or gives the title where
the front matter has none, as jekyll-titles-from-headings does), a ``[title](url)`` over
a ``------`` underline (feed-to-post converters), MarkDownload's ``> ## Excerpt`` quote,
the link list (原文链接 / 备份链接 / 原文来自…, ``[Read Original]`` / ``[Read on Omnivore]``)
and a header block of labelled lines above a rule are taken out of the text into fields,
``source_fields`` and ``links``; a labelled byline gives ``authors`` when the front
matter has none.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import toml
import yaml
from frontmatter.default_handlers import JSONHandler, TOMLHandler, YAMLHandler

from ..metadata import bylines, links
from ..records import RawDoc
from . import exportlines, frontfields
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
_COMMENT_RE = re.compile(r"^\s*<!--.*-->\s*$")
_SETEXT_RE = re.compile(r"^\s*(?:-{2,}|={2,})\s*$")
_EXCERPT_RE = re.compile(r"^\s*>\s*#{1,6}\s*excerpt\s*$", re.I)
_QUOTE_RE = re.compile(r"^\s*>\s?")
_SPACES_RE = re.compile(r"\s+")
#: A "label" that is markup (an image's ``![x](https:``), not a word.
_MARKUP_RE = re.compile(r"[\[\]()!<>]")

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


#: libyaml's loader when PyYAML was built with it: the same BaseLoader, its parser in C
#: (six times faster on front matter); None without it.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None) if yaml.__with_libyaml__ else None
#: Nesting past which the C loader is not asked: its composer recurses in C, without
#: Python's recursion limit (50,000 ``[`` crash the process), and the pure loader, which
#: recurses too, could run out of stack where libyaml does not.
_FAST_DEPTH = 32


def _yaml(front: str) -> Any:
    """YAML front matter as PyYAML's pure BaseLoader reads it, through python-frontmatter's
    handler. libyaml reads it first when it can: its values are the pure loader's (both are
    the same YAML 1.1 parser, and BaseLoader types nothing); where the two could differ (an
    error, whose message is the pure loader's; a text libyaml cannot take, such as a lone
    surrogate; nesting that could be deep) the pure loader reads it."""
    if _FAST_LOADER is not None and _nesting_bound(front) < _FAST_DEPTH:
        try:
            return _HANDLER.load(front, Loader=_FAST_LOADER)
        except (yaml.YAMLError, UnicodeError, RecursionError):
            pass
    return _HANDLER.load(front, Loader=yaml.BaseLoader)


def _nesting_bound(front: str) -> int:
    """More than the depth YAML can nest collections to in ``front``: every flow
    collection opens with ``[`` or ``{``; a block one is deeper by indentation (a mapping
    and a sequence under it per column) or by an indicator on its line (``- - x``, ``? ``,
    ``key: ``)."""
    flow = front.count("[") + front.count("{")
    block = max((2 * (len(line) - len(line.lstrip(" ")) + 1) + line.count("- ") + line.count("? ")
                 + line.count(": ") + line.endswith(("-", "?", ":")) for line in front.split("\n")), default=0)
    return flow + block


def _load(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as text values, body) by python-frontmatter's handler for the kind."""
    kind = _kind(text) or "yaml"
    try:
        if kind == "yaml":
            front, content = _HANDLER.split(text)
            meta = _yaml(front)
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
    lowered = {str(k).lower(): v for k, v in meta.items()}
    front, used = frontfields.front_matter_fields(lowered)
    title = frontfields.text_value(lowered.get("title"))
    head = _read_head(content.split("\n"), title, front.get("url"))
    title = title or head.title
    fields = {**head.fields, **front}
    if head.fields.get("tags") and front.get("tags"):
        fields["tags"] = tuple(dict.fromkeys((*front["tags"], *head.fields["tags"])))
    frontfields.site_as_publisher(fields)
    unfielded, too_large = frontfields.unfielded(meta, used)
    source_fields = {**head.source_fields, **unfielded}
    if source_fields:
        fields["source_fields"] = source_fields
    if head.removed_links:
        fields["links"] = tuple(head.removed_links)
    body_lines = head.lines
    last = max((i for i, line in enumerate(body_lines) if line.strip()), default=0)
    yield RawDoc(
        line_start=1,
        line_end=max(first_line + last, first_line),
        body="\n".join(body_lines),
        markup=MARKUP,
        title=title,
        meta=fields,
        flags=(() if title else ("no_title",)) + (("jekyll:front_matter_too_large",) if too_large else ()),
        fixes=tuple((name, n) for name, n in head.removed.items() if n),
    )


@dataclass
class _Head:
    """What the top of a page's body gave: a title, fields, unfielded labels, the links
    of lines taken out, and the body lines (taken ones blank, so line numbers hold)."""

    lines: list[str]
    original: list[str]
    title: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    source_fields: dict[str, str] = field(default_factory=dict)
    removed_links: list[tuple[str, str]] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=lambda: {"link_list": 0, "metadata_lines": 0})

    def blank(self, index: int, kind: str = "metadata_lines") -> None:
        self.lines[index] = ""
        self.removed[kind] += 1


def _read_head(lines: list[str], title: str | None, url: str | None) -> _Head:
    """Take the title line, an excerpt, the link list, byline and header block off the top
    of the body. ``title`` and ``url`` are the front matter's: a first heading that repeats
    the title (or gives one where there is none), and a ``[title](url)`` heading over a
    ``------`` rule, are the title again (``metadata_lines``)."""
    head = _Head(list(lines), lines)
    at = _title_lines(head, title, url)
    _excerpt(head, at)
    archive: list[str] = []
    seen = 0
    for index, line in enumerate(head.lines):
        if seen >= LEADING_LINES:
            break
        seen += bool(line.strip())
        bare = _TAG_RE.sub("", line)
        if line.strip() and _link_line(bare, head, archive):
            head.blank(index, "link_list")
        elif line.strip() and _byline(bare, head.fields):
            head.removed_links.extend(links.markdown_links(bare))
            head.blank(index, "link_list")
        elif exportlines.HASHTAGS_RE.match(line.strip()):  # Omnivore's #Omnivore: Obsidian tags, no heading
            head.fields["tags"] = (*head.fields.get("tags", ()), *(t.lstrip("#") for t in line.split()))
            head.blank(index)
    _header_block(head)
    if archive:
        head.fields["archive_urls"] = tuple(dict.fromkeys((*head.fields.get("archive_urls", ()), *archive)))
    return head


def _next_content(lines: list[str], start: int) -> int | None:
    """The index of the first line at or after ``start`` with content other than an HTML
    comment (``<!--1596117000000-->``), within the leading lines."""
    for index in range(start, min(len(lines), start + LEADING_LINES * 3)):
        if lines[index].strip() and not _COMMENT_RE.match(lines[index]):
            return index
    return None


def _h1(line: str) -> str | None:
    """The text of an ATX level-1 heading line (``# 标题``, ``# 标题 #``), or None. Done
    with string methods: the pattern it replaces (``^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$``)
    took seconds, cubic in the spaces, on a ``#`` line of 20,000 spaces."""
    if not line.startswith(("# ", "#\t")):
        return None
    text = line[1:].strip(" \t")
    closed = text.rstrip("#")
    if closed != text and closed[-1:] in (" ", "\t") and closed.strip(" \t"):
        text = closed.rstrip(" \t")  # a closing sequence: ``# 标题 ##``
    return text or None


def _title_lines(head: _Head, title: str | None, url: str | None) -> int:
    """Blank the first line when it is the page's title again; the index to read on from."""
    first = _next_content(head.lines, 0)
    if first is None:
        return 0
    line = head.lines[first]
    heading = _h1(line)
    if heading is not None:
        text, link = _unlinked(heading)
        if title is None or _same(text, title):
            head.title = head.title if title else text
            if link and (url is None or link == url):
                head.fields.setdefault("url", link)
            elif link:
                return first  # a heading linking elsewhere: kept
            head.blank(first)
            return first + 1
        return first
    found = links.markdown_links(line)
    underline = first + 1 < len(head.lines) and _SETEXT_RE.match(head.lines[first + 1])
    if (len(found) == 1 and underline and title and _same(found[0][0], title)
            and links.strip_links(line).strip(exportlines.WRAP) == found[0][0].strip(exportlines.WRAP)
            and (url is None or found[0][1] == url) and found[0][1].startswith("http")):
        head.fields.setdefault("url", found[0][1])
        head.blank(first)
        head.blank(first + 1)
        return first + 2
    return first


def _unlinked(text: str) -> tuple[str, str | None]:
    """A heading's text, and its url when the text is one link: ``[标题](url)``."""
    found = links.markdown_links(text)
    if len(found) == 1 and links.strip_links(text).strip(exportlines.WRAP) == found[0][0].strip(exportlines.WRAP):
        return found[0][0].strip(exportlines.WRAP), found[0][1]
    return text.strip(), None


def _same(one: str, other: str) -> bool:
    return _SPACES_RE.sub(" ", one).strip() == _SPACES_RE.sub(" ", other).strip()


def _excerpt(head: _Head, start: int) -> None:
    """MarkDownload's ``> ## Excerpt`` quote (the page's meta description, which its
    template writes above a rule): into ``source_fields["excerpt"]``, with its rule."""
    first = _next_content(head.lines, start)
    if first is None or not _EXCERPT_RE.match(head.lines[first]):
        return
    end = first + 1
    while end < len(head.lines) and head.lines[end].lstrip().startswith(">"):
        end += 1
    text = "\n".join(_QUOTE_RE.sub("", line).strip() for line in head.lines[first + 1:end]).strip()
    if text:
        head.source_fields["excerpt"] = text
    for index in range(first, end):
        head.blank(index)
    rule = _next_content(head.lines, end)
    if rule is not None and _RULE_RE.match(head.lines[rule]):
        head.blank(rule)


def _header_block(head: _Head) -> None:
    """The short labelled lines left above the first rule, if all of them are: each read
    into fields (``exportlines.read_line``: dates, hashtags, links) or kept under its own
    label in ``source_fields`` (编辑：…, 首发：…), a bare url in ``links``; then blanked."""
    kept = head.lines
    content = [i for i, line in enumerate(kept[:LEADING_LINES * 3]) if line.strip()]
    # ``---`` right under a line of text underlines it (a setext heading): no rule
    rule = next((i for i in content if _RULE_RE.match(kept[i]) and not (i and head.original[i - 1].strip())), None)
    header = [i for i in content if rule is not None and i < rule]
    if not header or len(header) > 4:
        return
    if not all(len(kept[i]) <= 100 and (_HEADER_RE.match(kept[i]) or links.bare_urls(kept[i])
                                        or exportlines.read_line(kept[i], exportlines.Read())) for i in header):
        return
    read = exportlines.Read(fields=dict(head.fields))
    for i in header:
        if not exportlines.read_line(kept[i], read):
            labelled = _HEADER_RE.match(kept[i])
            label = labelled.group(0).strip(exportlines.WRAP + ":：｜|/") if labelled else ""
            value = kept[i][labelled.end():].strip(exportlines.WRAP + "<>") if labelled else ""
            if label and value and not _MARKUP_RE.search(label):  # 编辑：…, 微博地址：<url>
                head.source_fields[label] = links.strip_links(value) if not links.bare_urls(value) else value
            head.removed_links.extend(links.markdown_links(kept[i]) or [("", u) for u in links.bare_urls(kept[i])])
        head.blank(i)
    head.fields.update({k: v for k, v in read.fields.items() if k not in head.fields or k == "archive_urls"})
    head.source_fields.update(read.source_fields)
    head.removed_links.extend(read.extra_links)


def _link_line(line: str, head: _Head, archive: list[str]) -> bool:
    """A line of the link list (原文链接 / 备份链接, a list item of links, a lone
    ``[Read Original](url)`` or ``[Read on Omnivore](url)``): its urls read, its links kept."""
    fields = head.fields
    found = links.markdown_links(line) or [("", url) for url in links.bare_urls(line)]
    text = links.strip_links(line)
    only_links = bool(links.markdown_links(line)) and _LINK_ITEM_RE.match(_LINKS_RE.sub("", line))
    lone = len(found) == 1 and text.strip(exportlines.WRAP) == found[0][0].strip(exportlines.WRAP)
    named = exportlines.label_of(found[0][0]) if lone and found[0][0] else None
    if not found or not (_LEAD_RE.match(text) or only_links or named in ("url", "archive_urls")):
        return False
    head.removed_links.extend(found)
    originals = []
    for label, url in found:
        if links.is_archive_url(url) or label.lower().startswith(links.ARCHIVE_LABELS) or named == "archive_urls":
            archive.append(url)
        elif url.startswith("http"):  # an empty () link gives none
            originals.append((not _names_original(line, label, url), url))
    points_to_source = _SOURCE_LEAD_RE.match(text) or only_links or named == "url"
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
