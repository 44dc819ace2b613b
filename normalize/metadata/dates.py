"""Dates as written to ISO 8601, never inventing what the source did not say.

``iso_date`` reads the forms front matter uses (``2020-03-10T00:00:00.000Z``,
``2018-01-15 18:49 +0800``, ``2018-4-28``) and keeps the offset as written.
``chinese_date`` reads ``2020年2月23日``; a date without a year gives no ISO date.
"""

from __future__ import annotations

import re

_ISO_RE = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?\s*$",
    re.I,
)
_CN_DATE_RE = re.compile(r"(?:(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31 and 1000 <= year <= 2999


def iso_date(value: str) -> str | None:
    """ISO 8601 of a written date or date-time, or None if it is not one.

    A time of exactly midnight UTC with no other content (what serialisers write for a
    bare date) is read as the date alone.
    """
    match = _ISO_RE.match(value)
    if not match:
        return None
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not _valid(year, month, day):
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    hour, minute, second, fraction, zone = match.group(4, 5, 6, 7, 8)
    if hour is None:
        return date
    offset = _offset(zone)
    if (hour, minute) == ("00", "00") and second in (None, "00") and offset in ("Z", "+00:00"):
        if not (fraction or "").strip(".0"):
            return date
    clock = f"{int(hour):02d}:{minute}:{second or '00'}{fraction or ''}"
    return f"{date}T{clock}{offset}"


def _offset(zone: str | None) -> str:
    if not zone:
        return ""
    zone = zone.upper()
    if zone in ("Z", "UTC", "GMT"):
        return "Z" if zone == "Z" else "+00:00"
    digits = zone.replace(":", "")
    return f"{digits[:3]}:{digits[3:]}"


def chinese_date(text: str) -> tuple[str | None, str | None]:
    """``(iso_date_or_None, date_text)`` of the first Chinese date in ``text``.

    ``2020年2月23日`` gives ``("2020-02-23", "2020年2月23日")``; ``3月10日`` gives
    ``(None, "3月10日")``. No date at all gives ``(None, None)``.
    """
    match = _CN_DATE_RE.search(text)
    if not match:
        return None, None
    month, day = int(match.group(2)), int(match.group(3))
    if match.group(1) is None:
        return None, match.group(0)
    year = int(match.group(1).translate(_CN_DIGITS))
    if not _valid(year, month, day):
        return None, match.group(0)
    return f"{year:04d}-{month:02d}-{day:02d}", match.group(0)


_STAMP_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def date_stamp(text: str) -> tuple[str | None, str | None]:
    """``(iso, as_written)`` of the first full date (with an optional time) in ``text``:
    ``2020-03-10 10:23:45`` gives ``2020-03-10T10:23:45``, ``2020年2月23日 星期日`` gives
    ``2020-02-23``. No full date gives ``(None, None)``."""
    match = _STAMP_RE.search(text)
    if not match:
        return None, None
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not _valid(year, month, day):
        return None, None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(4):
        iso += f"T{int(match.group(4)):02d}:{match.group(5)}:{match.group(6) or '00'}"
    return iso, match.group(0).strip()


#: A date in a URL's path: ``/2020-04/02/``, ``/2020/04/02/``, ``2020-04-02``, ``_20200402_``.
_URL_DATE_RES = (
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})/(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    re.compile(r"(?<![\d.])(\d{4})(\d{2})(\d{2})(?![\d.])"),
)


def url_date(url: str) -> str | None:
    """The ISO date a URL's path states (the first valid one of the patterns above), or None."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I)
    for pattern in _URL_DATE_RES:
        for match in pattern.finditer(path):
            year, month, day = (int(match.group(i)) for i in (1, 2, 3))
            if _valid(year, month, day) and 1900 <= year <= 2100:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None
