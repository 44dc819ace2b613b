"""Bytes to text: strict decodes in a sensible order first, a detector last.

What comes in: the raw bytes of one file. What goes out: a :class:`Decoded` holding the
text, the encoding name recorded in ``provenance.encoding`` and flags for what was
lost. :func:`sniff_binary` says whether bytes are not text at all (a rejection reason).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

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


def sniff_binary(data: bytes) -> str | None:
    """Return why ``data`` is not text (a short detail), or None if it may be text."""
    for magic in BINARY_MAGIC:
        if data.startswith(magic) and not _has_bom(data):
            return f"file starts with the signature of a binary format ({magic[:4]!r})"
    head = data[:65536]
    if not head or _has_bom(head) or _looks_utf16(head):
        return None
    nul = head.count(0)
    if nul > len(head) * 0.01:
        return f"{nul} NUL bytes in the first {len(head)} bytes"
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13, 27))
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
    if _looks_utf16(data):
        name = "utf-16-le" if _nul_share(data[1::2]) > _nul_share(data[0::2]) else "utf-16-be"
        return Decoded(data.decode(name, "replace"), name)
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    for name in ("gb18030", "big5"):
        try:
            return Decoded(data.decode(name), name)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        return Decoded(str(best), f"{best.encoding}?", ("encoding_guessed",))
    return Decoded(data.decode("utf-8", "replace"), "utf-8", ("replacement_char",))


def _has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in BOMS)


def _nul_share(data: bytes) -> float:
    return data.count(0) / max(len(data), 1)


def _looks_utf16(data: bytes) -> bool:
    """Positive evidence of BOM-less UTF-16: NULs in one byte position, none in the other."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    even, odd = _nul_share(sample[0::2]), _nul_share(sample[1::2])
    return max(even, odd) > 0.3 and min(even, odd) < 0.02


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes: keep the good text around them, flag the loss."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if bad > max(len(data) * UTF8_DAMAGE_LIMIT, 3):
        return None
    return Decoded(text, "utf-8", ("replacement_char",))
