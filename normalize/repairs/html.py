"""HTML residue in plain text, removed in one streaming parse (``htmltext``) without
moving any line.

Runs only when a tag with a known HTML name is present (every element of the standard,
current and obsolete, and Office's ``<o:p>``; see ``html_elements``), so prose such as
``a<b``, ``a<b and c>d`` or ``《三体》`` never reaches the parser (a ``<`` that opens no
real tag is escaped first). A name beyond the common ones of dumps is a tag only with
attributes, as a closing tag, or when the text closes it: ``List<object>`` is code.
Line numbers survive: every line is tagged with a private-use marker before parsing,
so the text of each source line comes back on that line; a line swallowed by a tag
broken across lines comes back empty. Paragraph breaks made by block tags inside one
line are U+2029 (PARAGRAPH SEPARATOR), which later stages split on.

Inside an open block element (``<p>``, ``<div>`` …) a source newline within running
text is whitespace, as a browser reads it; elsewhere (between elements, or around a
stray ``<font>`` in a plain dump) every source newline stays a break. A ``<br>``
after a sentence end is a paragraph break; after a comma it joins.
"""

from __future__ import annotations

import html as htmllib
import re
from collections import Counter
from functools import lru_cache

from ..htmltext import Reading, page_text
from ..textutil import WHITESPACE, ends_sentence, join_lines
from . import html_elements as elements

PARAGRAPH = "\u2029"
_LINE = "\ue000"
_LINE_END = "\ue001"
_BREAK = "\ue002"
_OPEN = "\ue003"
_CLOSE = "\ue004"
_AMP = "\ue005"  # every "&": entities are html_entities' to decode and count
_LT = "\ue006"  # a "<" that opens no real tag
_MARK_RE = re.compile(f"{_LINE}(\\d+){_LINE_END}")

def _names(names: frozenset[str]) -> str:
    """An alternation of the names as a trie of their characters (``b(?:ig|lockquote|r)?``).

    The regex engine tries the alternatives of a flat list one by one at every ``<``, and
    there are 180 names; in a trie it follows one letter at a time. No match changes: a
    name must end where the tag's run of name characters ends (a space, ``/`` or ``>``
    follows it), so at one position only one name can match, whatever the order tried."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names):
        by_first.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, rests in by_first.items():
        longer = frozenset(rest for rest in rests if rest)
        if len(rests) == 1:  # one name: its letters as they are
            branches.append(re.escape(first + rests[0]))
        else:
            branches.append(f"{re.escape(first)}(?:{_names(longer)}){'?' if '' in rests else ''}")
    return "|".join(branches)


_OFFICE = _names(frozenset(elements.OFFICE_PREFIXES))
_TAG_NAMES = rf"(?:{_OFFICE}):[A-Za-z]+|" + _names(elements.ALL)
_VALUE = r"""\s*=\s*(?:"[^"<]*"?|'[^'<]*'?|[^\s>"']+)"""
_BOOLEAN = "|".join(sorted(elements.BOOLEAN_ATTRIBUTES))
#: An attribute: an ASCII name with a value, or a name that real markup writes bare.
_ATTR = rf"""\s+(?:[A-Za-z_:@][-A-Za-z0-9_:.@]*{_VALUE}|(?i:{_BOOLEAN}|data-[-\w]*|aria-[-\w]*|v-[-\w]*)(?=[\s/>]))"""
#: A tag, closed or cut off at the end of the text; attribute values may span lines.
TAG_RE = re.compile(
    rf"<(?:/(?P<close>{_TAG_NAMES})\s*>|(?P<open>{_TAG_NAMES})(?P<attrs>(?:{_ATTR})*)\s*/?>|!--)",
    re.I)
_CLOSING_RE = re.compile(rf"</({_TAG_NAMES})\s*>", re.I)
_BLOCK_TAGS = elements.BLOCK
#: Non-text elements (scripts, styles, images …) go with their content; a ruby's reading
#: and its parentheses are text (``北京(běi jīng)``, as a browser copies it).
_READING = Reading(dropped=elements.DROPPED, ruby=True)
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")


def html_tags(text: str) -> tuple[str, Counter]:
    """Remove tags; return the text (same number of lines) and tags removed per line."""
    found = real_tags(text)
    if not found:
        return text, Counter()
    counts: Counter = Counter()
    line, last = 1, 0
    for match in found:
        line += text.count("\n", last, match.start())
        last = match.start()
        counts[line] += 1
    lines = text.split("\n")
    marked = "".join([f"{_LINE}{index}{_LINE_END}{line}" for index, line in enumerate(lines)])
    plain, _ = page_text(_escape_stray(marked), _READING)
    out = [""] * len(lines)
    previous: int | None = None
    depth = 0  # block elements open at this point of the text
    pieces = _MARK_RE.split(plain.replace(_AMP, "&").replace(_LT, "<"))
    for index, piece in zip(map(int, pieces[1::2]), pieces[2::2]):
        if depth > 0 and previous is not None and _inside_flow(out[previous], piece):
            out[previous] = join_lines([out[previous], piece])
        else:
            out[index], previous = piece, index
        if _OPEN in piece or _CLOSE in piece:
            depth = max(0, depth + piece.count(_OPEN) - piece.count(_CLOSE))
    fixed = [_tidy(_breaks(line)) if _marked_line(line) else _plain(line) for line in out]
    changed = Counter({n: c for n, c in counts.items() if fixed[n - 1] != lines[n - 1]})
    return "\n".join(fixed), changed


def _escape_stray(text: str) -> str:
    """Prepare the text for the parser in one pass over it: hide every ``&`` (entities
    are ``html_entities``' to decode and count) and every ``<`` that does not open a real
    tag (so ``a<b`` stays text) behind private-use characters; mark where block elements
    open and close and where ``<br>`` breaks a line, as text, so the parsed text needs
    no second look at the markup."""
    text = text.replace("&", _AMP)
    out, last = [], 0
    for tag in real_tags(text):
        out.append(text[last:tag.start()].replace("<", _LT))
        out.append(_marked(tag.group(0)))
        last = tag.end()
    out.append(text[last:].replace("<", _LT))
    return "".join(out)


def real_tags(text: str) -> list[re.Match]:
    """The tags of the text, in order: every match of ``TAG_RE`` whose element is a common
    one, or that closes an element, carries attributes, or opens an element that the
    text also closes. A bare ``<time>`` or ``<object>`` with no ``</…>`` is text, and so
    is a bare mixed-case ``<Object>`` or ``<Option>`` (a type name in code:
    ``List<Option>``) unless the text closes it as written."""
    candidates = list(TAG_RE.finditer(text))
    if not candidates:
        return candidates
    closed = set(_CLOSING_RE.findall(text))
    closed |= {name.lower() for name in closed if name.islower() or name.isupper()}
    return [tag for tag in candidates if _is_tag(tag, closed)]


def _is_tag(tag: re.Match, closed: set[str]) -> bool:
    name = tag.group("open")
    if name is None or tag.group("attrs"):  # a closing tag, a comment, attributes
        return True
    if not (name.islower() or name.isupper()):
        return name in closed
    lowered = name.lower()
    return lowered in elements.COMMON or lowered in closed


_NAME_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def _marked(tag: str) -> str:
    name = _NAME_RE.match(tag)
    if name is None:
        return tag
    closing, lowered = name.group(1), name.group(2).lower()
    if lowered == "br":
        return _BREAK
    if lowered in _BLOCK_TAGS:
        return _CLOSE + tag if closing else tag + _OPEN
    return tag


def html_entities(text: str) -> tuple[str, Counter]:
    """Decode named and numeric entities (twice, for ``&amp;gt;``); return counts per line.

    A name that is not an entity (``&a1;``) is left as it is and not counted. An entity
    never spans lines and never decodes to a line break, so the whole text is decoded at
    once, each decoding counted on its line.
    """
    counts: Counter = Counter()
    if "&" not in text:
        return text, counts
    once = _decoded(text, counts)
    if not counts:
        return text, counts
    return _decoded(once, counts), counts


def _decoded(text: str, counts: Counter) -> str:
    """The text with one pass of entity decoding; each decoding counted on its line."""
    line, last = 1, 0

    def one(match: re.Match) -> str:
        nonlocal line, last
        entity = match.group(0)
        char = _entity(entity)
        if char != entity:
            line += text.count("\n", last, match.start())
            last = match.start()
            counts[line] += 1
        return char

    return _ENTITY_RE.sub(one, text)


@lru_cache(maxsize=4096)
def _entity(entity: str) -> str:
    char = htmllib.unescape(entity)
    return " " if char in "\n\r\x0b\x0c\x85\u2028\u2029" else char


def _marked_line(line: str) -> bool:
    """The line holds a block edge, a break or a paragraph mark (four substring tests are
    several times faster than one character-class search)."""
    return _OPEN in line or _CLOSE in line or _BREAK in line or PARAGRAPH in line


def _plain(line: str) -> str:
    """``_tidy(_breaks(line))`` for a line with no block edge, break or paragraph mark: the
    line right-stripped (a blank one strips to nothing by itself)."""
    return line.rstrip(WHITESPACE)


def _breaks(piece: str) -> str:
    """Block edges are paragraph breaks; a ``<br>`` after a sentence end is one too,
    elsewhere it joins."""
    parts = piece.replace(_OPEN, PARAGRAPH).replace(_CLOSE, PARAGRAPH).split(_BREAK)
    out = parts[0]
    for part in parts[1:]:
        if ends_sentence(out.rstrip(WHITESPACE + PARAGRAPH)) or not out.strip(WHITESPACE + PARAGRAPH):
            out += PARAGRAPH + part
        else:
            out = join_lines([out, part])
    return out


def _inside_flow(before: str, after: str) -> bool:
    """Inside an open block element, a newline between two runs of text is whitespace."""
    left, right = before.rstrip(WHITESPACE), after.lstrip(WHITESPACE)
    return bool(left and right) and not left.endswith((_CLOSE, _OPEN)) and not right.startswith((_OPEN, _CLOSE))


def _tidy(line: str) -> str:
    """One U+2029 between paragraphs of a line, none at its ends; indentation kept."""
    paragraphs = [p.rstrip(WHITESPACE) for p in line.split(PARAGRAPH)]
    return PARAGRAPH.join(p for p in paragraphs if p.strip(WHITESPACE))
