"""Dates to ISO 8601: the forms front matter and Chinese text use, never invented.

A date is a real calendar date (and a real time and offset) or it is no ISO date at all:
the text as written is kept for ``date_text``, never in ``date_published``/``date_modified``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
import json
import re

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

import normalize
from normalize.records import SCHEMA_VERSION
from conftest import ROOT
from normalize.metadata.dates import chinese_date, date_stamp, iso_date, url_date, written_date
from normalize.validation import schema

#: The pattern document.schema.json gives date_published and date_modified.
_PATTERN = schema("document")["$defs"]["iso_8601"]["pattern"]

ISO = [
    ("2020-03-10T00:00:00.000Z", "2020-03-10", "midnight UTC placeholder is a bare date"),
    ("2020-03-11T17:58:19.252519+00:00", "2020-03-11T17:58:19.252519+00:00", "offset kept as written"),
    ("2018-01-15 18:49 +0800", "2018-01-15T18:49:00+08:00", "space-separated with +0800"),
    ("2018-4-28", "2018-04-28", "no zero padding"),
    ("2018-04-24 11:17", "2018-04-24T11:17:00", "no offset: none invented"),
    ("2020-03-10T08:00:00+08:00", "2020-03-10T08:00:00+08:00", "not converted to UTC"),
    ("2020-02-29", "2020-02-29", "2020 is a leap year"),
    ("2000-02-29", "2000-02-29", "2000 is a leap year (divisible by 400)"),
    ("2020-03-10 23:59:59", "2020-03-10T23:59:59", "the last second of a day"),
    ("2020-03-10T10:00:00+14:00", "2020-03-10T10:00:00+14:00", "+14:00 is a real offset (Kiribati)"),
    ("2020-03-10T10:00:00-12:00", "2020-03-10T10:00:00-12:00", "-12:00 is a real offset"),
    ("2020-03-10 10:00 UTC", "2020-03-10T10:00:00+00:00", "UTC as +00:00"),
    ("２０２０-０３-１０ １０:３０", "2020-03-10T10:30:00", "full-width digits are written out as ASCII"),
    ("2020-03-10T10:30:00.２５+0８00", "2020-03-10T10:30:00.25+08:00", "full-width digits in the fraction and offset"),
    ("2020-13-01", None, "no month 13"),
    ("2020-00-10", None, "no month 0"),
    ("2020-03-00", None, "no day 0"),
    ("2020-02-31", None, "February has no 31st"),
    ("2020-02-30", None, "February has no 30th"),
    ("2019-02-29", None, "2019 is not a leap year"),
    ("1900-02-29", None, "1900 is not a leap year (divisible by 100, not 400)"),
    ("2019-04-31", None, "April has 30 days"),
    ("2019-4-31 10:00", None, "April has 30 days, with a time"),
    ("2019-11-31T08:00:00+08:00", None, "November has 30 days, with an offset"),
    ("0000-01-01", None, "no year 0"),
    ("2020-03-10 24:00", None, "24:00 is not a clock time here"),
    ("2020-03-10T25:00:00", None, "no hour 25"),
    ("2020-03-10 10:60", None, "no minute 60"),
    ("2020-03-10T10:00:60Z", None, "no second 60 (leap seconds are not written)"),
    ("2020-03-10T10:00:00+25:00", None, "no offset of 25 hours"),
    ("2020-03-10T10:00:00+08:60", None, "no offset minute 60"),
    ("2020-03-10T10:00:00-13:00", None, "no offset west of -12:00"),
    ("2020-03-10T10:00:00+14:30", None, "no offset east of +14:00"),
    ("last week", None, "not a date"),
]


@pytest.mark.parametrize("value, expected, why", ISO, ids=[c[2] for c in ISO])
def test_iso_date(value, expected, why):
    assert iso_date(value) == expected, why


#: (line, iso or None, date text as written or None, why)
STAMPS = [
    ("2020-03-10 10:23:45", "2020-03-10T10:23:45", "2020-03-10 10:23:45", "a stamp with seconds"),
    ("2020年2月23日 星期日", "2020-02-23", "2020年2月23日 星期日", "a Chinese date with its weekday"),
    ("发布时间：2020-02-29 08:00", "2020-02-29T08:00:00", "2020-02-29 08:00", "a leap day"),
    ("2019-4-31 10:00", None, "2019-4-31 10:00", "April has 30 days: only the text"),
    ("2020-02-31", None, "2020-02-31", "February has no 31st: only the text"),
    ("2019年2月29日", None, "2019年2月29日", "2019 is not a leap year: only the text"),
    ("2020-13-01", None, "2020-13-01", "no month 13: only the text"),
    ("0000-01-01", None, "0000-01-01", "no year 0: only the text"),
    ("2020-03-10 24:00", None, "2020-03-10 24:00", "24:00 is not a clock time: only the text"),
    ("2020-03-10 10:61", None, "2020-03-10 10:61", "no minute 61: only the text"),
    ("２０２０-０３-１０ ０８:０５", "2020-03-10T08:05:00", "２０２０-０３-１０ ０８:０５", "full-width digits"),
    ("没有日期", None, None, "no stamp at all"),
]


@pytest.mark.parametrize("line, iso, written, why", STAMPS, ids=[c[3] for c in STAMPS])
def test_date_stamp(line, iso, written, why):
    assert date_stamp(line) == (iso, written), why


#: (text, iso or None, date text or None, why)
CHINESE = [
    ("（2020年2月23日）", "2020-02-23", "2020年2月23日", "a full Chinese date"),
    ("2020年2月29日", "2020-02-29", "2020年2月29日", "a leap day"),
    ("二〇二〇年2月29日", "2020-02-29", "二〇二〇年2月29日", "a year in Chinese numerals"),
    ("新华社北京3月10日电", None, "3月10日", "no year: only the text, never an invented year"),
    ("新华社北京2020年2月30日电", None, "2020年2月30日", "February has no 30th: only the text"),
    ("2019年2月29日", None, "2019年2月29日", "2019 is not a leap year: only the text"),
    ("2019年4月31日", None, "2019年4月31日", "April has 30 days: only the text"),
    ("2020年13月1日", None, "2020年13月1日", "no month 13: only the text"),
    ("没有日期", None, None, "no date at all"),
]


@pytest.mark.parametrize("text, iso, written, why", CHINESE, ids=[c[3] for c in CHINESE])
def test_chinese_date(text, iso, written, why):
    assert chinese_date(text) == (iso, written), why


URLS = [
    ("http://news.example.cn/2020-04/02/c_1.htm", "2020-04-02", "Xinhua's /YYYY-MM/DD/"),
    ("http://news.sohu.com/20080101/n1.shtml", "2008-01-01", "Sohu's /YYYYMMDD/"),
    ("http://news.example.cn/2020-02/29/c_1.htm", "2020-02-29", "a leap day"),
    ("http://news.example.cn/2020-02/31/c_1.htm", None, "February has no 31st"),
    ("http://news.sohu.com/20190229/n1.shtml", None, "2019 is not a leap year"),
    ("http://example.com/2019/04/31/story.html", None, "April has 30 days"),
    ("http://example.com/2020-02/31/2020-03-01.html", "2020-03-01", "the first real date in the path"),
    ("http://example.com/story.html", None, "no date"),
]


@pytest.mark.parametrize("url, expected, why", URLS, ids=[c[2] for c in URLS])
def test_url_date(url, expected, why):
    assert url_date(url) == expected, why


def _is_real(year: int, month: int, day: int, *clock: int) -> bool:
    try:
        datetime.datetime(year, month, day, *clock)
    except ValueError:
        return False
    return 1000 <= year <= 2999


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 3000), st.integers(0, 13), st.integers(0, 32),
       st.integers(0, 25), st.integers(0, 61), st.integers(0, 61))
def test_iso_date_is_a_date_exactly_when_the_calendar_has_it(year, month, day, hour, minute, second):
    value = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
    iso = iso_date(value)
    assert (iso is not None) == _is_real(year, month, day, hour, minute, second), value
    assert iso is None or re.search(_PATTERN, iso), iso


# ---- the schema checks the shape, and the calendar too --------------------------------


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    return jsonschema.Draft202012Validator(schema("document"))


@pytest.fixture(scope="module")
def record() -> dict:
    """A valid record: the first of the committed archive."""
    with (ROOT / "archive" / "documents.jsonl").open(encoding="utf-8") as lines:
        return json.loads(next(lines))


def _errors(validator, record: dict, field: str, value: str | None) -> list[str]:
    return [error.message for error in validator.iter_errors({**record, field: value})]


#: Every shape the tool writes (see iso_date, date_stamp, chinese_date, url_date).
EMITTED = ["2020-03-10", "2020-02-29", "2000-02-29", "2020-03-10T10:23:45", "2018-01-15T18:49:00+08:00",
           "2020-03-11T17:58:19.252519+00:00", "2020-03-10T08:00:00.000+08:00", "2020-03-10T10:00:00Z",
           "2020-03-10T10:00:00-05:30", None]


@pytest.mark.parametrize("field", ["date_published", "date_modified"])
@pytest.mark.parametrize("value", EMITTED)
def test_schema_accepts_what_the_tool_writes(validator, record, field, value):
    assert _errors(validator, record, field, value) == []


#: (value, why it is no date the tool writes)
NOT_DATES = [
    ("2020-02-31x", "trailing text"),
    ("hello", "not a date"),
    ("", "empty"),
    ("2020-03-10\n", "a trailing newline (Python's $ would let it through)"),
    ("2020-02-31", "February has no 31st"),
    ("2019-02-29", "2019 is not a leap year"),
    ("1900-02-29", "1900 is not a leap year"),
    ("2019-04-31T10:00:00", "April has 30 days"),
    ("2020-13-01", "no month 13"),
    ("0000-01-01", "no year 0"),
    ("2020", "a year alone is not written"),
    ("2020-03", "a year-month is not written"),
    ("2020-3-10", "not zero-padded"),
    ("2020-03-10 10:00:00", "a space, not T"),
    ("2020-03-10T10:00", "minutes without seconds are not written"),
    ("2020-03-10T24:00:00", "24:00"),
    ("2020-03-10T10:60:00", "minute 60"),
    ("2020-03-10T10:00:00+0800", "offset without a colon"),
    ("2020-03-10T10:00:00+25:00", "offset of 25 hours"),
    ("2020-03-10T10:00:00z", "lower-case z"),
    ("２０２０-０３-１０", "full-width digits"),
]


@pytest.mark.parametrize("field", ["date_published", "date_modified"])
@pytest.mark.parametrize("value, why", NOT_DATES, ids=[c[1] for c in NOT_DATES])
def test_schema_refuses_what_is_no_date(validator, record, field, value, why):
    assert _errors(validator, record, field, value), why


def test_the_schema_pattern_knows_the_calendar():
    """Every day of years around the leap rules: the pattern agrees with the calendar."""
    for year in (999, 1000, 1200, 1300, 1600, 1700, 1900, 1996, 2000, 2019, 2020, 2100, 2400, 2800, 2999, 3000):
        for month in range(0, 14):
            for day in range(0, 33):
                value = f"{year:04d}-{month:02d}-{day:02d}"
                assert bool(re.search(_PATTERN, value)) == _is_real(year, month, day), value


# ---- through the build: every producer of date_published / date_modified --------------

_BODY = "正文第一段，内容足够长，说明一些事情。\n"

INPUTS = {
    "jekyll_date.md": f"---\ntitle: 标题一\ndate: 2020-02-31\n---\n\n{_BODY}",
    "jekyll_time.md": f"---\ntitle: 标题二\ndate: 2020-03-10 24:00 +0800\n---\n\n{_BODY}",
    "jekyll_modified.md": f"---\ntitle: 标题三\ndate: 2020-03-10\nlast_modified: 2019-4-31 10:00\n---\n\n{_BODY}",
    "labelled.txt": ("标题：第一篇文章的标题\n来源：新华社\n时间：2019-4-31 10:00\n"
                     "连接：http://news.example.cn/2020-02/31/c_1.htm\n正文：\n第一篇的第一段，内容足够长。\n"),
    "labelled_cn.txt": "标题：第二篇文章\n日期：2019年2月29日\n内容：第二篇的正文直接写在标签后面。\n",
    "dump.txt": ">>>第一条新闻的标题\n新华社北京2020年2月30日电 第一条新闻的正文，内容足够长。\n",
    "sogou.xml": ("<docs>\n<doc>\n<url>http://news.sohu.com/20190229/n1.shtml</url>\n<docno>1</docno>\n"
                  "<contenttitle>第一条</contenttitle>\n<content>第一条的正文。第二句。</content>\n</doc>\n</docs>\n"),
    "plain.txt": ("严守守牢疫情防控的关键防线\n\n2019年4月31日\n\n"
                  "疫情防控，关键在治，基础在防。社区是城市的基本单元，是人民安居乐业的家园。\n\n"
                  "把社区这道防线严守守牢，就能有效切断疫情扩散蔓延的渠道。\n"),
    "plain_dashed.txt": ("严守守牢疫情防控的关键防线\n\n2019-4-31 10:00\n\n"
                         "疫情防控，关键在治，基础在防。社区是城市的基本单元，是人民安居乐业的家园。\n\n"
                         "把社区这道防线严守守牢，就能有效切断疫情扩散蔓延的渠道。\n"),
}

#: file -> (date_published, date_modified, date_text): impossible dates never become dates
EXPECTED = {
    "jekyll_date.md": (None, None, "2020-02-31"),
    "jekyll_time.md": (None, None, "2020-03-10 24:00 +0800"),
    "labelled.txt": (None, None, "2019-4-31 10:00"),
    "labelled_cn.txt": (None, None, "2019年2月29日"),
    "dump.txt": (None, None, "2020年2月30日"),
    "sogou.xml": (None, None, None),
    "plain.txt": (None, None, "2019年4月31日"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("impossible_dates")
    for name, text in INPUTS.items():
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / name).write_text(text, "utf-8")
    normalize.build([folder / "in"], folder / "out")
    records = {r["provenance"]["path"]: r for r in normalize.read_archive(folder / "out")}
    assert sorted(records) == sorted(INPUTS)
    return records


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_impossible_date_is_kept_as_text_only(built, name):
    record = built[name]
    assert (record["date_published"], record["date_modified"], record["date_text"]) == EXPECTED[name]


def test_an_impossible_modified_date_is_no_date(built):
    """The modified date as written has no field of its own to be kept in (see the report)."""
    record = built["jekyll_modified.md"]
    assert (record["date_published"], record["date_modified"]) == ("2020-03-10", None)


def test_an_impossible_date_stamp_under_a_title_is_not_a_date_nor_lost(built):
    record = built["plain_dashed.txt"]
    assert record["date_published"] is None
    assert record["date_text"] == "2019-4-31 10:00" or "2019-4-31 10:00" in record["text"]


def test_the_archive_of_impossible_dates_validates(built, validator):
    for record in built.values():
        assert list(validator.iter_errors(record)) == [], record["provenance"]["path"]


def test_an_impossible_modified_date_is_flagged_not_lost_unseen(tmp_path):
    import normalize

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lm.md").write_text("---\ntitle: 测试\nlastmod: 2020-02-31\ndate: 2020-03-01\n---\n\n正文。\n", "utf-8")
    (folder / "year.txt").write_text("标题\n\ndate: 99999-01-01\n\n正文第一段，内容。\n", "utf-8")
    normalize.build([folder], tmp_path / "out")
    records = {r["provenance"]["path"]: r for r in normalize.read_archive(tmp_path / "out")}
    assert records["lm.md"]["date_modified"] is None and "invalid_date:date_modified" in records["lm.md"]["flags"]
    assert records["lm.md"]["date_published"] == "2020-03-01"
    # five digits are no year: not read as 9999-01-01, and the line stays in the text
    assert records["year.txt"]["date_text"] is None and "99999-01-01" in records["year.txt"]["text"]


def test_an_archive_of_schema_1_2_with_impossible_dates_still_validates_and_appends(tmp_path):
    import json

    import normalize
    from normalize.shards import file_sha256
    from normalize.validation import validate_archive

    seeds = Path(__file__).parent.parent.parent / "seeds"
    first = sorted(seeds.iterdir())
    normalize.build(first[:1], tmp_path / "out")
    shard = tmp_path / "out" / "documents.jsonl"
    lines = []
    for number, line in enumerate(shard.read_text("utf-8").split("\n")[:-1]):
        record = json.loads(line)
        record.update(schema_version="1.2", date_published="2020-02-31" if number == 0 else record["date_published"],
                      date_modified="2019-04-31T10:00:00")
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    shard.write_text("\n".join(lines) + "\n", "utf-8")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    manifest["documents"][0].update(bytes=shard.stat().st_size, sha256=file_sha256(shard))
    (tmp_path / "out" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    assert validate_archive(tmp_path / "out") == []
    normalize.build(first[1:2], tmp_path / "out", append=True)
    assert validate_archive(tmp_path / "out") == []
    records = list(normalize.read_archive(tmp_path / "out"))
    assert {r["schema_version"] for r in records} == {SCHEMA_VERSION}
    assert all(r["source_fields"] == {} and r["links"] == [] for r in records)
    assert all(r["date_modified"] is None for r in records[:len(lines)])
    assert all("invalid_date:date_modified" in r["flags"] for r in records[:len(lines)])


@pytest.mark.parametrize("value, expected, why", [
    ("March 3, 2020", ("2020-03-03", "March 3, 2020"), "an English written date"),
    ("3 Mar 2020", ("2020-03-03", "3 Mar 2020"), "day first, short month"),
    ("March 3, ２０２０", ("2020-03-03", "March 3, ２０２０"), "strptime's %Y takes digits of any script: so does the cheap check"),
    ("March 3, 202", None, "three digits are no year"),
    ("March third", None, "no digits"),
])
def test_written_english_dates(value, expected, why):
    assert written_date(value) == expected, why
