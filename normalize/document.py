"""One article as parsed to one archived Document: repair, structure, extract, assemble.

What comes in: a :class:`RawDoc` and the :class:`FileContext` of its file. What goes
out: a frozen :class:`Document` whose ``text`` is plain paragraphs, whose ``fixes``
count every change made and whose ``flags`` name what looks wrong but was kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from . import limits, repairs, sources
from .blocks import assemble, markdown_links, parts_from_markdown, parts_from_plain
from .metadata import bylines, datelines, dates, headlines, links, markers
from .repairs import boilerplate
from .metadata.language import detect_language
from .records import Document, Part, Provenance, RawDoc
from .textutil import WHITESPACE

#: A plain-text line typed as a subhead is at most this long and holds no comma.
MAX_SUBHEAD = 30

#: Runs of ASCII spaces and tabs in a title become one space, and so do the line and
#: paragraph separators (U+2028, U+2029, NEL): a title is one line. U+3000 inside it stays.
_SPACES_RE = re.compile("[ \t\u2028\u2029\x85]+")
_MIXED_SCRIPTS = {"hangul": re.compile(r"[\uac00-\ud7af]"), "kana": re.compile(r"[\u3040-\u30ff]")}
#: Either of them: most texts hold neither, and are searched once.
_ANY_MIXED_SCRIPT_RE = re.compile(r"[\uac00-\ud7af\u3040-\u30ff]")


@dataclass(frozen=True)
class FileContext:
    """What every record of one file shares."""

    path: str
    sha256: str
    bytes: int
    encoding: str
    format: str
    flags: tuple[str, ...] = ()
    profile: str = repairs.DEFAULT_PROFILE
    #: A page of a web archive: the record it is (``provenance.warc``), and its address,
    #: the record's ``url`` when the page states none of its own.
    warc: Any = None
    url: str | None = None


def record_id(sha256: str, ordinal: int) -> str:
    """Stable id: the file's SHA-256 prefix and the article's ordinal in the file."""
    return f"{sha256[:16]}-{ordinal:04d}"


def make_document(raw: RawDoc, ordinal: int, context: FileContext) -> Document:
    """Repair, structure and describe one article, the ``ordinal``-th of its file."""
    limits.check()
    fixes: Counter = Counter()
    for name, count in raw.fixes:
        fixes[name] += count
    parts = parts_from_markdown(raw.body) if raw.markup == "markdown" else _plain_parts(raw.body)
    found = _extract(parts)
    off = sources.SOURCES[context.format].PART_REPAIRS_OFF
    parts, part_fixes = repairs.repair_parts(parts, off, context.profile)
    fixes.update(part_fixes)
    text, blocks = assemble(parts)
    meta = _checked_dates(_merged(found, raw.meta))
    title = _SPACES_RE.sub(" ", raw.title or "").strip(WHITESPACE) or None
    title, title_fixes = repairs.repair_line(title, context.profile)
    subtitle, subtitle_fixes = repairs.repair_line(meta.get("subtitle"), context.profile)
    fixes.update(title_fixes + subtitle_fixes)
    language = detect_language(f"{title or ''}\n{text}")
    return Document(
        id=record_id(context.sha256, ordinal),
        text=text,
        title=title,
        subtitle=subtitle,
        authors=tuple(meta.get("authors", ())),
        publisher=meta.get("publisher"),
        date_published=meta.get("date_published"),
        date_modified=meta.get("date_modified"),
        date_text=meta.get("date_text"),
        url=meta.get("url") or context.url,
        source_id=meta.get("source_id"),
        source_fields=_source_fields(meta.get("source_fields")),
        archive_urls=tuple(meta.get("archive_urls", ())),
        tags=tuple(meta.get("tags", ())),
        language=language,
        section=meta.get("section"),
        continued_from=meta.get("continued_from"),
        continued_to=meta.get("continued_to"),
        blocks=blocks,
        links=links.link_spans(text, (*meta.get("body_links", ()),
                                      *(markdown_links(raw.body) if raw.markup == "markdown" else ())),
                               removed=meta.get("links", ())),
        format=context.format,
        provenance=Provenance(context.path, context.sha256, context.bytes, context.encoding,
                              ordinal, raw.line_start, raw.line_end,
                              context.warc.to_dict() if context.warc is not None else None),
        fixes=dict(fixes),
        flags=tuple(sorted(set(_flags(raw, context, text, title, language) + tuple(meta.get("flags", ()))))),
    )


def _merged(found: dict[str, Any], stated: dict[str, Any]) -> dict[str, Any]:
    """What the source stated (front matter, labels, page markup) over what the text gave,
    except where taking one would lose the other: authors are both (the source's first; a
    byline the repair removed from the text must land somewhere), and so are
    ``source_fields`` (the source's value on a name both give)."""
    merged = {**found, **{k: v for k, v in stated.items() if v not in (None, (), [], {})}}
    if found.get("authors") and stated.get("authors"):
        merged["authors"] = tuple(dict.fromkeys((*stated["authors"], *found["authors"])))
    if isinstance(found.get("source_fields"), dict) and isinstance(stated.get("source_fields"), dict):
        merged["source_fields"] = {**found["source_fields"], **stated["source_fields"]}
    return merged


def _source_fields(value: Any) -> dict[str, str]:
    """A source's (or plugin's) unfielded labels as {name: text}: names and values as
    strings, empty ones left out."""
    if not isinstance(value, dict):
        return {}
    return {str(k).strip(): str(v).strip() for k, v in value.items()
            if str(k).strip() and v is not None and str(v).strip()}


def _plain_parts(body: str) -> list[Part]:
    """Plain lines as paragraphs; a short subhead or a numbered section heading followed by a
    longer paragraph is a heading, a 表1 / 图2 line a caption. A table row, a reference entry
    or an issue line is never a heading (headlines.is_not_headline)."""
    parts = parts_from_plain(body)
    texts = [part.text.strip() for part in parts]
    numbered = [headlines.is_numbered_heading(text) for text in texts]
    typed = []
    table = False  # the lines under a 表1 caption are its rows until prose comes back
    for index, part in enumerate(parts):
        text = texts[index]
        following = texts[index + 1] if index + 1 < len(parts) else ""
        caption = headlines.is_caption_line(text)
        subhead = (not table and len(text) <= MAX_SUBHEAD and not any(c in text for c in "，,=＝")
                   and headlines.is_headline_like(text))
        table = (table and not numbered[index] and len(text) <= MAX_SUBHEAD * 2) or caption
        if caption and len(text) <= MAX_SUBHEAD * 2:
            typed.append(Part("caption", part.text))
        elif ((subhead or numbered[index]) and len(following) > len(text)) or (
                numbered[index] and index + 1 < len(parts) and numbered[index + 1]):
            typed.append(Part("heading", part.text))
        else:
            typed.append(part)
    return typed


def _extract(parts: list[Part]) -> dict[str, Any]:
    """Metadata the text states: continuation pages, a labelled byline near either end, and
    the dateline (its publisher, its date as written, the reporters it names in brackets)."""
    found: dict[str, Any] = {}
    texts = [part.text.strip() for part in parts]
    for index in sorted(markers.matching_any(markers.MARKER_WORD_RES, texts)):  # the texts a marker can be in
        text = texts[index]
        if "continued_from" not in found and (page := markers.continued_from(text)):
            found["continued_from"] = page
        if "continued_to" not in found and (page := markers.continued_to(text)):
            found["continued_to"] = page
    reach = _reach(texts)
    # Every byline the repair byline_lines removes gives its names (none is lost).
    names = tuple(dict.fromkeys(n for t in reach if len(t) <= boilerplate.BYLINE_MAX
                                for n in bylines.labelled_byline(t) or ()))
    if names:
        found["authors"] = names
    for text in reach:
        credit = datelines.source_credit(text)
        if credit is not None:
            if credit.publisher and "publisher" not in found:
                found["publisher"] = credit.publisher
            if credit.url and "url" not in found:
                found["url"] = credit.url
    editors = [m.group(1).strip() for m in map(_EDITOR_RE.match, texts) if m] if any("责任编辑" in t for t in texts) else []
    if editors:  # the repair promos removes these lines: what they say is kept here
        found["source_fields"] = {"责任编辑": "\n".join(dict.fromkeys(editors))}
    dateline = datelines.find_dateline(texts)
    if dateline is not None:
        found["publisher"] = dateline.publisher
        if dateline.reporters and "authors" not in found:
            found["authors"] = dateline.reporters
        if dateline.date_text:
            found["date_text"] = dateline.date_text
            iso, _ = dates.chinese_date(dateline.date_text)
            if iso:
                found["date_published"] = iso
    return found


#: 责任编辑：… (a line the repair promos removes): the editor, kept in ``source_fields``.
_EDITOR_RE = re.compile(r"^[\s*【\[（(]*责任编辑[:：]\s*([^\s】\]）)][^】\]）)\n]{0,40}?)\s*[】\]）)]?\s*$")


def _reach(texts: list[str]) -> list[str]:
    """The paragraphs near either end where bylines and credit lines are looked for
    (each once, however short the article)."""
    head = boilerplate.BYLINE_REACH
    return texts[:head] + texts[max(head, len(texts) - boilerplate.BYLINE_REACH_END):]


def _flags(raw: RawDoc, context: FileContext, text: str, title: str | None,
           language: str | None) -> tuple[str, ...]:
    flags = list(context.flags) + list(raw.flags)
    if "\ufffd" in text or "\ufffd" in (title or ""):
        flags.append("replacement_char")
    if not text:
        flags.append("empty_text")
    if language and language.startswith("zh") and _ANY_MIXED_SCRIPT_RE.search(text):
        flags.extend(f"mixed_script:{name}" for name, pattern in _MIXED_SCRIPTS.items()
                     if pattern.search(text))
    return tuple(sorted(set(flags)))


def _checked_dates(meta: dict[str, Any]) -> dict[str, Any]:
    """Dates as a source gave them (a plugin's too) that are real ISO dates, else not
    dates: a published date that is not one is kept as ``date_text``, as written; one that
    has no field left to keep it (a modified date, or ``date_text`` taken) is named in the
    flag ``invalid_date:FIELD`` (``meta["flags"]``), so it is not lost unseen."""
    for key in ("date_published", "date_modified"):
        value = meta.get(key)
        if value is None:
            continue
        iso = dates.iso_date(str(value))
        if iso is None:
            if key == "date_published" and not meta.get("date_text"):
                meta["date_text"] = str(value)
            else:
                meta["flags"] = (*meta.get("flags", ()), f"invalid_date:{key}")
        meta[key] = iso
    return meta


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def has_surrogates(line: str) -> bool:
    """A JSON line holding a lone surrogate (from a ``\\ud800`` escape in JSON or YAML front
    matter): it cannot be written as UTF-8. (Encoding is tried: a surrogate is the only
    thing UTF-8 cannot encode, and the encoder is three times faster than a search.)"""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def without_surrogates(document: Document) -> Document:
    """The document with every lone surrogate in its text fields replaced by U+FFFD (one
    character for one, so block offsets hold) and flagged ``replacement_char``."""
    changed: dict[str, Any] = {}
    for name in ("text", "title", "subtitle", "publisher", "date_text", "url", "source_id", "section",
                 "continued_from", "continued_to"):
        value = getattr(document, name)
        if isinstance(value, str) and _SURROGATE_RE.search(value):
            changed[name] = _SURROGATE_RE.sub("\ufffd", value)
    for name in ("authors", "archive_urls", "tags"):
        values = getattr(document, name)
        if any(_SURROGATE_RE.search(value) for value in values):
            changed[name] = tuple(_SURROGATE_RE.sub("\ufffd", value) for value in values)
    if any(_SURROGATE_RE.search(k + v) for k, v in document.source_fields.items()):
        changed["source_fields"] = {_SURROGATE_RE.sub("\ufffd", k): _SURROGATE_RE.sub("\ufffd", v)
                                    for k, v in document.source_fields.items()}
    if any(_SURROGATE_RE.search(link.url) for link in document.links):
        changed["links"] = tuple(replace(link, url=_SURROGATE_RE.sub("\ufffd", link.url)) for link in document.links)
    flags = document.flags if "replacement_char" in document.flags else tuple(sorted(document.flags + ("replacement_char",)))
    return replace(document, **changed, flags=flags)

