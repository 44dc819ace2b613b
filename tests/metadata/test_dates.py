"""Dates to ISO 8601: the forms front matter and Chinese text use, never invented."""

from __future__ import annotations

import pytest

from normalize.metadata.dates import chinese_date, iso_date

ISO = [
    ("2020-03-10T00:00:00.000Z", "2020-03-10", "midnight UTC placeholder is a bare date"),
    ("2020-03-11T17:58:19.252519+00:00", "2020-03-11T17:58:19.252519+00:00", "offset kept as written"),
    ("2018-01-15 18:49 +0800", "2018-01-15T18:49:00+08:00", "space-separated with +0800"),
    ("2018-4-28", "2018-04-28", "no zero padding"),
    ("2018-04-24 11:17", "2018-04-24T11:17:00", "no offset: none invented"),
    ("2020-03-10T08:00:00+08:00", "2020-03-10T08:00:00+08:00", "not converted to UTC"),
    ("2020-13-01", None, "no month 13"),
    ("last week", None, "not a date"),
]


@pytest.mark.parametrize("value, expected, why", ISO, ids=[c[2] for c in ISO])
def test_iso_date(value, expected, why):
    assert iso_date(value) == expected, why


def test_chinese_date_with_year():
    assert chinese_date("（2020年2月23日）") == ("2020-02-23", "2020年2月23日")


def test_chinese_date_without_year_keeps_only_the_text():
    assert chinese_date("新华社北京3月10日电") == (None, "3月10日")


def test_no_date():
    assert chinese_date("没有日期") == (None, None)
