"""The text of an HTML fragment in one streaming pass of the standard library's parser.

The HTML repairs once built a BeautifulSoup tree (``html.parser`` builder) of every
fragment, edited it and read its strings back: a quarter of the time of a file with
HTML in it went into Tag objects nobody kept. This module reads the same events from
the same parser (:class:`html.parser.HTMLParser`, character references left to us as
BeautifulSoup leaves them) and keeps only what that tree would have given, so the text
is the tree's, string for string:

- an element is open from its start tag until its end tag, or until the end tag of an
  element around it (every element opened since is closed with it), or the end of the
  text; an end tag that matches nothing open is ignored;
- a void element (``<br>``, ``<img>`` …) closes where it opens, and a later ``</br>``
  of it is ignored; ``<x/>`` closes at once whatever ``x`` is;
- a run of text between two events that is nothing but ASCII whitespace is one space,
  or one newline if it held one, except inside ``<pre>`` and ``<textarea>``;
- comments, ``<!DOCTYPE …>``, other declarations and processing instructions are not
  text; ``<![CDATA[…]]>`` is;
- text inside an element of ``dropped`` (a script, a style, a template …) goes, and so
  does text read as ruby (``<rt>``, ``<rp>``) or as a script, style or template by
  where it is, unless ``ruby`` says a reading is text (as a browser copies it).

What can go wrong: the standard parser raises ``AssertionError`` on a marked section it
does not know (``<![foo[ …]]>``, ``<![ x``); it reaches the caller.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

#: Elements closed where they open: the void elements of the standard and of old pages
#: (``repairs.html_elements.VOID``), and ``command`` and ``menuitem``, void in HTML5
#: drafts: BeautifulSoup's list, which this text once came from.
EMPTY = frozenset("""
area base basefont bgsound br col command embed frame hr image img input isindex keygen
link menuitem meta nextid param source spacer track wbr
""".split())
#: Inside these, whitespace between tags is kept as written.
_PRESERVE = frozenset({"pre", "textarea"})
#: Elements whose text is not running text by where it is: ruby readings, and the
#: content of scripts, styles and templates.
_RUBY = frozenset({"rt", "rp"})
_CONTAINERS = _RUBY | {"script", "style", "template"}
_ASCII_SPACE_RE = re.compile("[\x20\x0a\x09\x0c\x0d]*")


@dataclass(frozen=True)
class Reading:
    """How a fragment is read to text.

    ``dropped``: elements that go with everything inside them. ``ruby``: a ruby reading
    (``<rt>``, ``<rp>``) is text. ``br``: what a ``<br>`` writes. ``ends`` and ``end``:
    the elements whose end (closed, or left open at the end of the text) writes ``end``.
    """

    dropped: frozenset[str]
    ruby: bool = True
    br: str = ""
    ends: frozenset[str] = frozenset()
    end: str = ""


def page_text(markup: str, reading: Reading) -> tuple[str, frozenset[str]]:
    """The text of ``markup`` as ``reading`` says, and the names of the elements it opens."""
    parser = _Stream(reading)
    parser.feed(markup)
    parser.close()
    parser.finish()
    return "".join(parser.parts), frozenset(parser.seen)


class _Stream(HTMLParser):
    """The events of one fragment to its text; the open elements are a stack of names."""

    def __init__(self, reading: Reading) -> None:
        super().__init__(convert_charrefs=False)
        self.reading = reading
        self.parts: list[str] = []
        self.seen: set[str] = set()
        self._data: list[str] = []  # text since the last event
        self._stack: list[str] = []
        self._open: Counter = Counter()  # open elements by name
        self._dropped = 0  # open elements of reading.dropped
        self._preserve = 0  # open <pre> and <textarea>
        self._containers: list[str] = []  # open elements of _CONTAINERS, innermost last
        self._closed_empty: Counter = Counter()  # void elements a later </x> may close again

    # events of html.parser

    def handle_starttag(self, tag, attrs):
        self._start(tag)
        if tag in EMPTY:
            self._end(tag)
            self._closed_empty[tag] += 1

    def handle_startendtag(self, tag, attrs):
        self._start(tag)
        self._end(tag)

    def handle_endtag(self, tag):
        if self._closed_empty[tag]:
            self._closed_empty[tag] -= 1
        else:
            self._end(tag)

    def handle_data(self, data):
        self._data.append(data)

    def handle_charref(self, name):
        self._data.extend(_charref(name))

    def handle_entityref(self, name):
        character = _entities().get(name)
        self._data.append(f"&{name}" if character is None else character)

    def handle_comment(self, data):
        self._flush()

    def handle_decl(self, decl):
        self._flush()

    def handle_pi(self, data):
        self._flush()

    def unknown_decl(self, data):
        self._flush()
        if data.upper().startswith("CDATA["):
            if not self._dropped:
                self.parts.append(self._collapsed(data[len("CDATA["):]))

    def finish(self) -> None:
        """Close what is still open, as the end of the text does."""
        self._flush()
        while self._stack:
            self._pop()

    # the stack

    def _start(self, name: str) -> None:
        self._flush()
        self.seen.add(name)
        self._stack.append(name)
        self._open[name] += 1
        self._dropped += name in self.reading.dropped
        self._preserve += name in _PRESERVE
        if name in _CONTAINERS:
            self._containers.append(name)

    def _end(self, name: str) -> None:
        self._flush()
        if self._open[name]:
            while self._pop() != name:
                pass

    def _pop(self) -> str:
        name = self._stack.pop()
        self._open[name] -= 1
        self._dropped -= name in self.reading.dropped
        self._preserve -= name in _PRESERVE
        if name in _CONTAINERS:
            self._containers.pop()
        if not self._dropped:
            if name == "br":
                self.parts.append(self.reading.br)
            if name in self.reading.ends:
                self.parts.append(self.reading.end)
        return name

    def _flush(self) -> None:
        if not self._data:
            return
        text = self._collapsed("".join(self._data))
        self._data = []
        if self._dropped:
            return
        if self._containers and not (self.reading.ruby and self._containers[-1] in _RUBY):
            return
        self.parts.append(text)

    def _collapsed(self, text: str) -> str:
        if self._preserve or _ASCII_SPACE_RE.fullmatch(text) is None:
            return text
        return "\n" if "\n" in text else " "


_DECIMAL_RE = re.compile("^([0-9]+)(.*)")
_HEX_RE = re.compile("^([0-9a-f]+)(.*)")


def _charref(name: str) -> tuple[str, str]:
    """A numeric reference as BeautifulSoup reads it: the character (U+FFFD for none, the
    Windows-1252 character for 0x80-0x9F) and what followed the digits, kept as text."""
    from bs4.dammit import UnicodeDammit

    base, digits = (16, _HEX_RE) if name[:1] in ("x", "X") else (10, _DECIMAL_RE)
    number = name[1:] if base == 16 else name
    try:
        value, rest = int(number, base), ""
    except ValueError:
        match = digits.search(number)
        if match is None:
            return "", number
        value, rest = int(match.group(1), base), match.group(2)
    return UnicodeDammit.numeric_character_reference(value)[0], rest


@lru_cache(maxsize=1)
def _entities() -> dict[str, str]:
    from bs4.dammit import EntitySubstitution

    return EntitySubstitution.HTML_ENTITY_TO_CHARACTER
