"""Small facts about Chinese text shared by parsers, repairs and extractors."""

from __future__ import annotations

import re

#: Han ideographs (BMP blocks and Extension A; enough for running text).
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")

#: Punctuation that ends a sentence (full-width and ASCII).
SENTENCE_END = "。！？!?；;…"
#: Closing marks that may follow sentence-final punctuation.
CLOSERS = "”’」』）)】》\"'"

WHITESPACE = " \t\u3000\u00a0"


def is_han(char: str) -> bool:
    """True for one Han ideograph."""
    return bool(HAN_RE.match(char))


def han_count(text: str) -> int:
    """Number of Han ideographs in ``text``."""
    return len(HAN_RE.findall(text))


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation, closers allowed after it."""
    stripped = text.rstrip(WHITESPACE).rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: no space between Han characters, one otherwise."""
    out = ""
    for line in (part.strip(WHITESPACE) for part in lines):
        if not line:
            continue
        if out and not (_wide(out[-1]) or _wide(line[0])):
            out += " "
        out += line
    return out


def _wide(char: str) -> bool:
    return is_han(char) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in "“”‘’—…"

