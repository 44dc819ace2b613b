"""Bytes to text: strict decodes in a sensible order first, a detector last.

What comes in: the raw bytes of one file. What goes out: a :class:`Decoded` holding the
text, the encoding name recorded in ``provenance.encoding`` and flags for what was
lost. :func:`sniff_binary` says whether bytes are not text at all (a rejection reason).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Magic numbers of common non-text files.
BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04",
    b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ",
    b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00", b"(\xb5/\xfd", b"SQLite format 3",
)

#: Share of bytes of a UTF-8 file allowed to be invalid before other encodings are tried.
UTF8_DAMAGE_LIMIT = 0.002


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding that produced it, and what looked wrong."""

    text: str
    encoding: str
    flags: tuple[str, ...] = ()


#: The control bytes counted against a text (tab, line feed, form feed, CR and ESC are text).
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))


def sniff_binary(data: bytes) -> str | None:
    """Return why ``data`` is not text (a short detail), or None if it may be text."""
    for magic in BINARY_MAGIC:
        if data.startswith(magic) and not _has_bom(data):
            return f"file starts with the signature of a binary format ({magic[:4]!r})"
    head = data[:65536]
    if not head or _has_bom(head) or _utf16_name(head):
        return None
    nul = head.count(0)
    if nul > len(head) * 0.01 and not _text_with_nuls(head, nul):
        return f"{nul} NUL bytes in the first {len(head)} bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # one pass, not one per byte value
    if controls > len(head) * 0.05:
        return f"{controls} control bytes in the first {len(head)} bytes"
    return None


def decode(data: bytes) -> Decoded:
    """Decode bytes: BOM, strict UTF-8, BOM-less UTF-16, GB18030, Big5, then a guess.

    Never raises: the last resort is UTF-8 with U+FFFD and a ``replacement_char`` flag.
    """
    for bom, name in BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(name.replace("-sig", ""), "replace"), name)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_name(data)
    if utf16:
        return Decoded(data.decode(utf16, "replace"), utf16)
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    for name in _legacy_order(data):
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError:
            continue
    damaged = _damaged_gb18030(data)
    if damaged is not None:
        return damaged
    import charset_normalizer  # the last guess, for few files: not imported before it is needed

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return Decoded(str(best), f"{best.encoding}?", ("encoding_guessed",))
    return Decoded(data.decode("utf-8", "replace"), "utf-8", ("replacement_char",))


def _text_with_nuls(head: bytes, nul: int) -> bool:
    """A few NULs inside text that is otherwise strict UTF-8 or GB18030: text (the NULs
    are removed as control characters later), not a binary file."""
    if nul > len(head) * 0.1:
        return False
    rest = head.replace(b"\x00", b"")
    for name in ("utf-8", "gb18030"):
        try:
            rest.decode(name)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(rest) - 4:  # a character cut at the end of the sample
                return True
    return False


def _has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in BOMS)


def _nul_share(data: bytes) -> float:
    return data.count(0) / max(len(data), 1)


def _utf16_name(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` on positive evidence only, else None.

    Evidence is NULs in one byte position and none in the other (mostly-ASCII text),
    or a strict decode whose characters are nearly all plausible text (CJK text, which
    has no NULs). Almost any even-length file decodes as UTF-16 without error, so an
    error-free decode alone proves nothing.
    """
    sample = data[:4096]
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = _nul_share(sample[0::2]), _nul_share(sample[1::2])
    if max(even, odd) > 0.3 and min(even, odd) < 0.02:
        return "utf-16-le" if odd > even else "utf-16-be"
    shares = {name: _plausible_share(sample, name) for name in ("utf-16-le", "utf-16-be")}
    best = max(shares, key=shares.__getitem__)  # a tie: little-endian, the first
    return best if shares[best] >= PLAUSIBLE_UTF16 else None


#: Share of plausible characters a NUL-free BOM-less UTF-16 decode must reach.
PLAUSIBLE_UTF16 = 0.95


def _plausible_share(sample: bytes, name: str) -> float:
    try:
        text = sample.decode(name)
    except UnicodeDecodeError:
        return 0.0
    if not text:
        return 0.0
    return len(_PLAUSIBLE_RE.findall(text)) / len(text)


#: Characters of ordinary text: ASCII printing and line ends, CJK, CJK and full-width
#: punctuation, dashes and quotes.
_PLAUSIBLE_RE = re.compile("[\x20-\x7e\n\r\t\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2010-\u2027]")


def _legacy_order(data: bytes) -> tuple[str, ...]:
    """GB18030 first, unless the double-byte characters mostly fall outside GB2312.

    GB18030 decodes almost any byte string, Big5 included; Simplified Chinese in GBK
    stays almost entirely inside GB2312, while half of Big5's characters have a trail
    byte (0x40-0x7E) that GB2312 never uses.
    """
    pairs, inside = _gb2312_pairs(data)
    if pairs >= 4 and inside / pairs < 0.8:
        return ("big5", "gb18030")
    return ("gb18030", "big5")


def _damaged_gb18030(data: bytes) -> Decoded | None:
    """GB18030 text with a few bad bytes (a file cut short, a stray byte: common in the
    Sogou corpora): keep the good text, U+FFFD where bytes were lost, flag it. Only when
    the double-byte characters are nearly all GB2312 (Simplified Chinese), so other
    encodings still go to the guesser."""
    pairs, inside = _gb2312_pairs(data)
    if pairs < 4 or inside / pairs < 0.8:
        return None
    text = data.decode("gb18030", "replace")
    if text.count("\ufffd") > max(len(data) * UTF8_DAMAGE_LIMIT, 3):
        return None
    return Decoded(text, "gb18030", ("replacement_char",))


#: A double-byte pair: a lead byte 0x81-0xFF and any byte after it; the pair itself is
#: captured when it is inside GB2312 (lead A1-F7, trail A1-FE), else b"". Matched left to
#: right, a byte below 0x81 skipped, as a decoder pairs the bytes.
_PAIR_RE = re.compile(rb"([\xa1-\xf7][\xa1-\xfe])|[\x81-\xff][\x00-\xff]", re.S)


def _gb2312_pairs(data: bytes) -> tuple[int, int]:
    """(double-byte pairs, pairs inside GB2312) in the first 64 KB (by one regular
    expression: a loop over the bytes in Python took 3 ms a file)."""
    found = _PAIR_RE.findall(data[:65536])
    return len(found), len(found) - found.count(b"")


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes: keep the good text around them, flag the loss."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if bad > max(len(data) * UTF8_DAMAGE_LIMIT, 3):
        return None
    return Decoded(text, "utf-8", ("replacement_char",))
