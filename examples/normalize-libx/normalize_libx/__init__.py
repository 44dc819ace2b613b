"""LIBX catalogue exports: ``%LIBX`` header, ``KEY: value`` fields, ``TX:`` body, ``%END``.

A made-up in-house layout, as a worked example of a normalize plugin::

    %LIBX 1.0
    ID: RB-1998-0001
    TI: 长江流域抗洪救灾取得阶段性胜利
    AU: 王明; 李华
    DA: 1998-08-20
    SO: 人民日报
    TX:
    正文第一段……
    %END

One record per ``ID:``…``%END`` block: ``title`` from TI, ``authors`` from AU, the date
from DA, ``publisher`` from SO, ``source_id`` from ID, the body after TX.
"""

from __future__ import annotations

import re
from typing import Iterator

from normalize.records import RawDoc
from normalize.sources import SourceError

NAME = "libx"
MARKUP = "plain"
PART_REPAIRS_OFF = frozenset({"paragraph_joins"})

_FIELD_RE = re.compile(r"^(ID|TI|AU|DA|SO|TX):\s*(.*)$")


def sniff(text: str, suffix: str) -> tuple[float, str]:
    """The ``%LIBX`` header line decides; the suffix ``.libx`` helps."""
    if not text.lstrip("\ufeff").startswith("%LIBX"):
        return 0.0, "no %LIBX header"
    return (1.0 if suffix == ".libx" else 0.9), "%LIBX header"


def parse(text: str) -> Iterator[RawDoc]:
    lines = text.split("\n")
    start, fields, body, in_body = None, {}, [], False
    for number, line in enumerate(lines, start=1):
        if line.startswith("%LIBX"):
            continue
        if line.strip() == "%END":
            if start is None:
                raise SourceError("end_without_record", f"%END at line {number} closes no record")
            yield _record(start, number, fields, body)  # normalize numbers records in the order given
            start, fields, body, in_body = None, {}, [], False
            continue
        match = None if in_body else _FIELD_RE.match(line)
        if match:
            start = start or number
            key, value = match.groups()
            if key == "TX":
                in_body = True
                body = [value] if value else []
            else:
                fields[key] = value.strip()
        elif in_body:
            body.append(line)
    if start is not None:
        raise SourceError("record_unclosed", f"the record from line {start} has no %END")


def _record(start: int, end: int, fields: dict, body: list[str]) -> RawDoc:
    meta = {"source_id": fields.get("ID") or None, "publisher": fields.get("SO") or None,
            "authors": tuple(a.strip() for a in fields.get("AU", "").split(";") if a.strip())}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields.get("DA", "")):
        meta["date_published"] = fields["DA"]
    return RawDoc(start, end, "\n".join(body), MARKUP, fields.get("TI") or None, meta)
