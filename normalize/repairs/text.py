"""Repairs over a whole decoded file that keep every line where it is.

Each function takes the text and returns ``(new_text, counts)``: ``counts`` maps a
1-based line number to how many changes the repair made on that line, so that each
record is credited with the changes inside its own lines. None of them adds or
removes a line (``newlines`` defines the lines).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u180e"
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
#: U+00AD is also byte 0xAD of Latin-1 mojibake, so it waits until mojibake is repaired.
_SOFT_HYPHEN_RE = re.compile("\u00ad")
_NBSP = "\u00a0\u202f\u2007"
_NBSP_RE = re.compile(f"[{_NBSP}]")
#: Cut with ``str.rstrip``, not ``[ \t\u3000]+$``: that regex, searched over a line with a
#: long run of these inside it (not at its end), rescans the run from each of its
#: characters (quadratic: 200,000 U+3000 take minutes).
_TRAILING = " \t\u3000"
_TRAILING_ANY_RE = re.compile(r"[ \t\u3000]$", re.MULTILINE)
#: ``_TRAILING_ANY_RE`` as one search per character: sre scans for a literal first
#: character three times faster than for one of a set, so these tell first whether any
#: line ends so (most files have none).
_TRAILING_ENDS = tuple(re.compile(f"{re.escape(char)}$", re.MULTILINE) for char in _TRAILING)
_LINE_END_RE = re.compile(r"\r\n|\r|\n")


def newlines(text: str) -> tuple[str, Counter]:
    """CRLF and lone CR become LF; counts are per line of the result."""
    if "\r" not in text:
        return text, Counter()
    ends = _LINE_END_RE.findall(text)
    counts = Counter(number for number, end in enumerate(ends, start=1) if "\r" in end)
    return _LINE_END_RE.sub("\n", text), counts


def per_line(fix: Callable[[str], tuple[str, int]], text: str) -> tuple[str, Counter]:
    """Apply a one-line fix ``line -> (line, count)`` to every line."""
    counts: Counter = Counter()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        fixed, count = fix(line)
        if count:
            lines[index] = fixed
            counts[index + 1] += count
    return "\n".join(lines), counts


def per_matching_line(fix: Callable[[str], tuple[str, int]], pattern: re.Pattern,
                       text: str) -> tuple[str, Counter]:
    """:func:`per_line` for a fix that changes only lines where ``pattern`` (which matches
    no newline) finds a match: only those lines are cut out and fixed, the rest of the
    text is copied as it is."""
    counts: Counter = Counter()
    pieces: list[str] = []
    number, copied, position = 1, 0, 0  # the line at position; text before copied is in pieces
    while (match := pattern.search(text, position)) is not None:
        start = text.rfind("\n", position, match.start()) + 1 or position
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        number += text.count("\n", position, start)
        fixed, count = fix(text[start:end])
        if count:
            pieces.append(text[copied:start])
            pieces.append(fixed)
            copied = end
            counts[number] += count
        number, position = number + 1, end + 1
        if position > len(text):
            break
    if not counts:
        return text, counts
    pieces.append(text[copied:])
    return "".join(pieces), counts


def _substitute(pattern: re.Pattern, replacement: str, text: str) -> tuple[str, Counter]:
    """Replace every match on every line (one ``subn`` per line that holds a match)."""
    return per_matching_line(lambda line: pattern.subn(replacement, line), pattern, text)


def _holds_any(text: str, chars: str) -> bool:
    """Cheap check: ``in`` for each of a few characters is four times faster than a
    search for their class."""
    return any(char in text for char in chars)


def control_chars(text: str) -> tuple[str, Counter]:
    """Remove NUL and other C0/C1 control characters (tab stays)."""
    return _substitute(_CONTROL_RE, "", text)


def zero_width(text: str) -> tuple[str, Counter]:
    """Remove zero-width spaces and joiners and BOMs inside the text."""
    if not _holds_any(text, _ZERO_WIDTH):
        return text, Counter()
    return _substitute(_ZERO_WIDTH_RE, "", text)


def soft_hyphens(text: str) -> tuple[str, Counter]:
    """Remove soft hyphens (invisible unless a line breaks there)."""
    if "\u00ad" not in text:
        return text, Counter()
    return _substitute(_SOFT_HYPHEN_RE, "", text)


def nbsp(text: str) -> tuple[str, Counter]:
    """No-break spaces become plain spaces."""
    if not _holds_any(text, _NBSP):
        return text, Counter()
    return _substitute(_NBSP_RE, " ", text)


def trailing_spaces(text: str) -> tuple[str, Counter]:
    """Cut spaces, tabs and U+3000 at line ends (U+3000 inside a line stays)."""
    if not any(pattern.search(text) for pattern in _TRAILING_ENDS):
        return text, Counter()
    return per_matching_line(_cut_trailing, _TRAILING_ANY_RE, text)


def _cut_trailing(line: str) -> tuple[str, int]:
    cut = line.rstrip(_TRAILING)
    return cut, int(len(cut) != len(line))


def nfc(text: str) -> tuple[str, Counter]:
    """Unicode NFC (composed forms), which every later comparison assumes."""
    if unicodedata.is_normalized("NFC", text):
        return text, Counter()
    return per_line(lambda line: _nfc_line(line), text)


def _nfc_line(line: str) -> tuple[str, int]:
    fixed = unicodedata.normalize("NFC", line)
    return fixed, int(fixed != line)
