"""Dates as written to ISO 8601, never inventing what the source did not say.

``iso_date`` reads the forms front matter uses (``2020-03-10T00:00:00.000Z``,
``2018-01-15 18:49 +0800``, ``2018-4-28``) and keeps the offset as written.
``chinese_date`` reads ``2020年2月23日``; a date without a year gives no ISO date.
``written_date`` reads a line that is a date in a common written form (RFC 2822, with a
``(CST)`` comment too; ISO 8601, with ``GMT+8`` too; a JavaScript ``Date`` string;
Chinese; English ``March 3, 2020``).

Every ISO value made here is a real one: a calendar date (no 2020-02-31, no 2019-02-29),
a time of 00:00:00 to 23:59:59 and an offset between -12:00 and +14:00. A date as written
that is not (``2019-4-31 10:00``) gives no ISO value; callers keep it as ``date_text``.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone
from typing import Any
from email.utils import parsedate_to_datetime

_ISO_RE = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?\s*$",
    re.I,
)
_CN_DATE_RE = re.compile(r"(?:(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _valid(year: int, month: int, day: int) -> bool:
    """True for a real calendar date in the years 1000-2999 (leap years counted)."""
    if not (1000 <= year <= 2999 and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _valid_time(hour: int, minute: int, second: int) -> bool:
    """True for a clock time of 00:00:00 to 23:59:59 (no 24:00, no leap second)."""
    return 0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59


#: Real UTC offsets run from -12:00 (Baker Island) to +14:00 (Line Islands).
_OFFSET_RANGE = (-12 * 60, 14 * 60)


def _valid_offset(offset: str) -> bool:
    """True for ``""``, ``Z`` or a ``±HH:MM`` between -12:00 and +14:00."""
    if offset in ("", "Z"):
        return True
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    total = (hours * 60 + minutes) * (-1 if offset[0] == "-" else 1)
    return minutes <= 59 and _OFFSET_RANGE[0] <= total <= _OFFSET_RANGE[1]


def iso_date(value: str) -> str | None:
    """ISO 8601 of a written date or date-time, or None if it is not one.

    A time of exactly midnight UTC with no other content (what serialisers write for a
    bare date) is read as the date alone. None too for a date, time or offset that
    cannot be (``2020-02-31``, ``10:60``, ``24:00``, ``+25:00``).
    """
    match = _ISO_RE.match(value)
    if not match:
        return None
    groups = [_ascii_digits(group) if group else group for group in match.groups()]
    year, month, day = (int(group) for group in groups[:3])
    if not _valid(year, month, day):
        return None
    date = f"{year:04d}-{month:02d}-{day:02d}"
    hour, minute, second, fraction, zone = groups[3:]
    if hour is None:
        return date
    offset = _offset(zone)
    if not _valid_time(int(hour), int(minute), int(second or 0)) or not _valid_offset(offset):
        return None
    if (hour, minute) == ("00", "00") and second in (None, "00") and offset in ("Z", "+00:00"):
        if not (fraction or "").strip(".0"):
            return date
    clock = f"{int(hour):02d}:{minute}:{second or '00'}{fraction or ''}"
    return f"{date}T{clock}{offset}"


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit made ASCII: ``\\d`` also matches ``２０`` and the
    digits of other scripts, and what is written out must be ``[0-9]``."""
    return "".join(str(int(char)) if char.isdecimal() else char for char in text)


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
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?"
    r"(?:\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def date_stamp(text: str) -> tuple[str | None, str | None]:
    """``(iso, as_written)`` of the first full date (with an optional time) in ``text``:
    ``2020-03-10 10:23:45`` gives ``2020-03-10T10:23:45``, ``2020年2月23日 星期日`` gives
    ``2020-02-23``. A stamp that is no real date or time (``2019-4-31 10:00``,
    ``2020-03-10 24:00``) gives ``(None, as_written)``; no stamp at all ``(None, None)``."""
    match = _STAMP_RE.search(text)
    if not match:
        return None, None
    written = match.group(0).strip()
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not _valid(year, month, day):
        return None, written
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if match.group(4):
        hour, minute, second = (int(match.group(i) or 0) for i in (4, 5, 6))
        if not _valid_time(hour, minute, second):
            return None, written
        iso += f"T{hour:02d}:{minute:02d}:{second:02d}"
    return iso, written


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


_RFC2822_RE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6},?\s{1,3})?\d{1,2}\s{1,3}"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?\s{1,3}\d{4}\s{1,3}\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s{0,3}(?:[+-]\d{4}|gmt|utc|ut|z|[ecmp][sd]t))?$", re.I)
#: A zone comment after a date (``(CST)``, ``(China Standard Time)``): a name, not data.
_ZONE_COMMENT_RE = re.compile(r"\s{0,3}\([A-Za-z][A-Za-z .'-]{0,60}\)$")
#: ``GMT+8``, ``UTC+08:00``, ``GMT-0500`` after an ISO-shaped date: the offset as written.
_GMT_OFFSET_RE = re.compile(r"\s?(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?$", re.I)
_ISO_SHAPE_RE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
                           r"\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$", re.I)
#: What JavaScript's ``Date.prototype.toString`` writes: ``Fri Jan 02 2026 23:54:52 GMT+0800``.
_JS_DATE_RE = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\s{1,3}(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]{0,6}\s{1,3}(?P<day>\d{1,2})\s{1,3}(?P<year>\d{4})\s{1,3}(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:\s{0,3}(?:GMT|UTC)(?P<zone>[+-]\d{4})?)?$", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CN_FULL_RE = re.compile(r"^(?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?[日号](?:\s{0,2}(?:星期|周)[一二三四五六日天])?"
                         r"(?:\s{0,2}\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$")
#: What ``strptime``'s ``%Y`` matches (``\d`` of any script, as its own pattern has it).
_FOUR_DIGITS_RE = re.compile(r"\d{4}")
_EN_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")


def written_date(value: str) -> tuple[str | None, str] | None:
    """(ISO or None, as written) when ``value`` is a date in a common written form and
    nothing else; None when it is not a date. A date that names no real day gives
    ``(None, value)``; an offset is kept as written (``GMT+8`` → ``+08:00``), never invented."""
    bare = _ZONE_COMMENT_RE.sub("", value)
    if _RFC2822_RE.match(bare):
        return _rfc2822(bare), value
    js = _JS_DATE_RE.match(bare)
    if js:
        month = _MONTHS.index(js.group("month").lower()) + 1
        zone = js.group("zone") or ""
        clock = js.group("clock") + (":00" if js.group("clock").count(":") == 1 else "")
        return iso_date(f"{js.group('year')}-{month:02d}-{int(js.group('day')):02d}T{clock}{zone}"), value
    gmt = _GMT_OFFSET_RE.search(bare)
    if gmt and _ISO_SHAPE_RE.match(bare[:gmt.start()]) and ":" in bare[:gmt.start()]:
        sign, hours, minutes = gmt.group(1), int(gmt.group(2)), gmt.group(3) or "00"
        return iso_date(f"{bare[:gmt.start()]}{sign}{hours:02d}:{minutes}"), value
    if _ISO_SHAPE_RE.match(value):
        return iso_date(value), value
    if _CN_FULL_RE.match(value):
        iso = date_stamp(value)[0] if "年" in value else None
        return iso, value
    if not _FOUR_DIGITS_RE.search(value):  # cheap check: each shape's %Y is four digits (any script's)
        return None
    for shape in _EN_FORMATS:
        try:
            return datetime.strptime(value, shape).date().isoformat(), value
        except ValueError:
            continue
    return None


def _rfc2822(value: str) -> str | None:
    """ISO 8601 of an RFC 2822 date with the offset as written (``+0800`` → ``+08:00``);
    None when it names no real day or time. ``-0000`` (no zone known) gives no offset."""
    try:
        moment = parsedate_to_datetime(value)
    except (ValueError, TypeError, IndexError):
        return None
    offset = moment.utcoffset()
    zone = ""
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return iso_date(f"{moment:%Y-%m-%dT%H:%M:%S}{zone}")


#: How fine a written ISO value is, as far as its text proves: a time written ``10:00``
#: is stored ``10:00:00``, so zero seconds only prove the minute.
PRECISIONS = ("day", "minute", "second", "subsecond")


def typed_date(value: str | None) -> tuple[Any, Any, Any, str | None]:
    """``(day, local, utc, precision)`` of an ISO value normalize writes: the calendar day
    (a ``date``), the wall-clock time as written (a naive ``datetime``, None for a date
    alone), the instant in UTC (None unless an offset is written: a time with no offset
    is no instant) and the precision (:data:`PRECISIONS`). All None for None or a value
    that is not one (an older archive's ``2020-02-31``)."""
    if not value:
        return None, None, None, None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, None, None, None
    if "T" not in value:
        return moment.date(), None, None, "day"
    clock = value.split("T", 1)[1]
    precision = "subsecond" if "." in clock else "minute" if clock[6:8] == "00" else "second"
    local = moment.replace(tzinfo=None)
    utc = moment.astimezone(timezone.utc) if moment.tzinfo is not None else None
    return moment.date(), local, utc, precision
