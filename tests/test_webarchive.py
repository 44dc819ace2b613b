"""Web archives in: WARC and ARC files, written here with warcio from real pages, read as
the pages would be read as files, with every record of the archive accounted for."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from normalize import audit, webarchive
from normalize.cli import main
from normalize.options import BuildOptions
from normalize.pipeline import build_archive
from normalize.validation import validate_archive

TESTS = Path(__file__).parent
#: Real pages (corpus families) and the HTML fixtures, some with a canonical url, some without.
PAGES = sorted([*(TESTS / "corpus" / "families" / "newspaper_html").iterdir(),
                *(TESTS / "corpus" / "families" / "wechat_html").iterdir(),
                *(TESTS / "fixtures" / "html").glob("*.htm*")])
TEXT_PAGE = sorted((TESTS / "fixtures" / "plaintext").glob("*.txt"))[0]
#: What every record says alike whether its page was read from a web archive or as a file.
SAME = ("text", "title", "subtitle", "authors", "publisher", "date_published", "date_modified", "date_text",
        "source_id", "source_fields", "archive_urls", "tags", "language", "section", "blocks", "links",
        "format", "fixes", "flags")


def uri(page: Path) -> str:
    return f"https://news.example.cn/{page.parent.name}/{page.name}"


def write_warc(path: Path, gz: bool, truncate: bool = True) -> None:
    """The pages as 200 responses (each after its request), a text page, and the records
    a crawl holds besides: warcinfo, metadata, a revisit, a 404, an image; last a page cut
    short (the file ends inside its record)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test", "format": "WARC/1.0"}))

    def response(target: str, status: str, media: str, body: bytes) -> None:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True)
        writer.write_record(writer.create_warc_record(target, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", media), ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    for page in PAGES:
        response(uri(page), "200 OK", "text/html; charset=utf-8", page.read_bytes())
    response(uri(TEXT_PAGE), "200 OK", "text/plain", TEXT_PAGE.read_bytes())
    writer.write_record(writer.create_warc_record("https://news.example.cn/", "metadata",
                                                  payload=io.BytesIO(b"outlink: https://news.example.cn/a"),
                                                  warc_content_type="application/warc-fields"))
    writer.write_record(writer.create_revisit_record(uri(PAGES[0]), digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                                     refers_to_uri=uri(PAGES[0]), refers_to_date="2020-04-02T10:00:00Z"))
    response("https://news.example.cn/gone.html", "404 Not Found", "text/html", b"<html><body>not here</body></html>")
    response("https://news.example.cn/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    data = buffer.getvalue()
    if truncate:
        cut = len(data)
        response(uri(PAGES[1]) + "?again", "200 OK", "text/html", PAGES[1].read_bytes())
        data = buffer.getvalue()[:cut + (len(buffer.getvalue()) - cut) // 2]
    path.write_bytes(data)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def as_files(tmp_path_factory) -> dict[str, dict]:
    """The pages built as files: record by the page's address."""
    folder = tmp_path_factory.mktemp("pages")
    for page in [*PAGES, TEXT_PAGE]:
        (folder / page.parent.name).mkdir(exist_ok=True)
        shutil.copyfile(page, folder / page.parent.name / page.name)
    out = folder.parent / (folder.name + "-archive")
    build_archive([folder], out, BuildOptions())
    found: dict[str, list[dict]] = {}
    for record in records(out):
        found.setdefault(f"https://news.example.cn/{record['provenance']['path']}", []).append(record)
    return found


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_gives_the_records_its_pages_give_as_files(tmp_path, as_files, gz):
    warc = tmp_path / "in" / ("crawl.warc.gz" if gz else "crawl.warc")
    warc.parent.mkdir()
    write_warc(warc, gz)
    out = tmp_path / "out"
    manifest = build_archive([warc.parent], out, BuildOptions())
    assert validate_archive(out) == []
    got = records(out)
    by_uri: dict[str, list[dict]] = {}
    for record in got:
        by_uri.setdefault(record["provenance"]["warc"]["target_uri"], []).append(record)
    assert set(by_uri) == set(as_files)  # every page, the cut one left out
    assert [len(v) for v in by_uri.values()] == [len(as_files[k]) for k in by_uri]  # a page of two articles: two
    assert any(len(v) > 1 for v in by_uri.values())
    for target, record, expected in ((t, r, e) for t, rs in by_uri.items() for r, e in zip(rs, as_files[t])):
        assert {k: record[k] for k in SAME} == {k: expected[k] for k in SAME}, target
        # the page's own address when it states one, else the address it was fetched from
        assert record["url"] == (expected["url"] or target)
        prov = record["provenance"]
        assert (prov["path"], prov["line_start"], prov["line_end"], prov["encoding"]) == (
            warc.name, expected["provenance"]["line_start"], expected["provenance"]["line_end"],
            expected["provenance"]["encoding"])
    assert any(r["url"] == r["provenance"]["warc"]["target_uri"] for r in got)  # a page with no url of its own
    assert any(r["url"] != r["provenance"]["warc"]["target_uri"] for r in got)  # a canonical url kept

    entry, = manifest["inputs"]
    assert (entry["status"], entry["format"], entry["records"]) == ("archived", "warc", len(got))
    pages = len(PAGES) + 1
    assert entry["web_archive"] == {
        "kind": "warc",
        "records": {"warcinfo": 1, "request": pages + 3, "response": pages + 3, "metadata": 1, "revisit": 1},
        "pages": pages, "left_out": {"not_200": 1, "not_text": 1, "truncated": 1}}
    assert "truncated at offset" in entry["detail"] and "HTTP status 404" in entry["detail"]
    assert manifest["counters"]["warc_record:revisit"] == 1
    assert manifest["counters"]["warc_left_out:truncated"] == 1


def test_provenance_names_the_record_and_show_prints_its_payload(tmp_path):
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    write_warc(warc, gz=True, truncate=False)
    out = tmp_path / "out"
    build_archive([warc.parent], out, BuildOptions())
    got = records(out)
    with warc.open("rb") as handle:
        for record in got:
            place = record["provenance"]["warc"]
            handle.seek(place["offset"])
            found = next(iter(ArchiveIterator(handle)))
            assert found.rec_headers.get_header("WARC-Record-ID") == place["record_id"]
            assert found.rec_headers.get_header("WARC-Target-URI") == place["target_uri"]
            assert found.rec_headers.get_header("WARC-Date") == place["date"]
            assert place["type"] == "response" and place["length"] > 0
            assert record["id"].startswith(record["provenance"]["sha256"][:16])
    assert sorted(r["provenance"]["ordinal"] for r in got) == list(range(len(got)))
    wechat = next(r for r in got if "wechat_html" in r["provenance"]["warc"]["target_uri"])
    page = (TESTS / "corpus" / "families" / "wechat_html" / wechat["provenance"]["warc"]["target_uri"].rsplit("/", 1)[1])
    lines = audit.source_lines(out, wechat)
    expected = page.read_text("utf-8").replace("\r\n", "\n").split("\n")
    start, end = wechat["provenance"]["line_start"], wechat["provenance"]["line_end"]
    assert lines == expected[start - 1:end]
    shown = audit.show(out, wechat["id"], source=True)
    assert f"record at offset {wechat['provenance']['warc']['offset']} (its payload)" in shown


def test_a_corrupt_record_is_left_out_and_the_records_after_it_are_read(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, gz=True, truncate=False)
    data = whole.read_bytes()
    with whole.open("rb") as handle:
        offsets = [(i.origin.offset, i.origin.length, i.origin.target_uri) for i in webarchive.records(handle)
                   if isinstance(i, webarchive.Member)]
    offset, length, damaged = offsets[2]
    smashed = data[:offset + 40] + b"\x00" * 64 + data[offset + 104:]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(smashed)
    out = tmp_path / "out"
    manifest = build_archive([tmp_path / "in"], out, BuildOptions())
    assert validate_archive(out) == []
    targets = {r["provenance"]["warc"]["target_uri"] for r in records(out)}
    assert damaged not in targets
    assert {t for _, _, t in offsets[3:]} <= targets  # read again after the damage
    entry, = manifest["inputs"]
    assert entry["status"] == "archived"
    assert entry["web_archive"]["left_out"].get("corrupt", 0) >= 1
    assert f"corrupt at offset {offset}" in entry["detail"]


def test_an_arc_file_is_read_with_its_crawl_date(tmp_path):
    page = PAGES[0].read_bytes()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    body = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    first = b"filedesc://crawl.arc 0.0.0.0 20200402103000 text/plain %d\n" % len(body) + body + b"\n"
    second = b"%s 93.184.216.34 20200402103000 text/html %d\n" % (uri(PAGES[0]).encode(), len(http)) + http + b"\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.arc.gz").write_bytes(gzip.compress(first) + gzip.compress(second))
    out = tmp_path / "out"
    manifest = build_archive([tmp_path / "in"], out, BuildOptions())
    assert validate_archive(out) == []
    record, = records(out)
    assert record["provenance"]["warc"] == {"type": "response", "offset": len(gzip.compress(first)),
                                            "length": len(gzip.compress(second)), "record_id": None,
                                            "target_uri": uri(PAGES[0]), "date": "2020-04-02T10:30:00Z"}
    assert record["date_published"] != "2020-04-02T10:30:00Z"  # a crawl date is not a publication date
    assert manifest["inputs"][0]["web_archive"]["records"] == {"arcinfo": 1, "response": 1}


def test_a_web_archive_is_known_by_its_content_not_its_name(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, gz=True, truncate=False)
    head = warc.read_bytes()[:webarchive.HEAD_BYTES]
    assert webarchive.kind(head) == "warc"
    assert webarchive.kind(gzip.decompress(warc.read_bytes())[:4096]) == "warc"
    assert webarchive.kind(gzip.compress(b"WARC is a word in this text.\n")) is None
    assert webarchive.kind(b"<html>WARC/1.0\r\n") is None
    (tmp_path / "in").mkdir()
    shutil.copyfile(warc, tmp_path / "in" / "2020-04-02.dat")  # no suffix says so
    manifest = build_archive([tmp_path / "in"], tmp_path / "out", BuildOptions())
    assert manifest["inputs"][0]["format"] == "warc" and manifest["inputs"][0]["records"] > len(PAGES)


def test_a_web_archive_builds_the_same_bytes_with_any_number_of_jobs(tmp_path):
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "a.warc.gz", gz=True)
    write_warc(tmp_path / "in" / "b.warc", gz=False, truncate=False)
    for name, jobs in (("one", "1"), ("two", "2")):
        assert main(["build", str(tmp_path / "in"), "-o", str(tmp_path / name), "--jobs", jobs, "--quiet"]) == 0
    for name in ("documents.jsonl", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    # the same pages in two web archives: the second copies are linked as exact duplicates
    got = records(tmp_path / "one")
    first = {r["id"] for r in got if r["provenance"]["path"] == "a.warc.gz"}
    second = [r for r in got if r["provenance"]["path"] == "b.warc"]
    assert second and all(r["duplicate_of"] in first for r in second)


def test_a_file_that_only_looks_like_a_web_archive_is_rejected_with_a_reason(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.warc").write_bytes(b"WARC/1.0\r\nthis is no header\r\n\r\n<html>")
    manifest = build_archive([tmp_path / "in"], tmp_path / "out", BuildOptions())
    assert validate_archive(tmp_path / "out") == []
    entry, = manifest["inputs"]
    assert (entry["status"], entry["reason"], entry["format"]) == ("rejected", "no_articles", "warc")
    assert entry["web_archive"]["left_out"] == {"corrupt": 1}


def test_the_parquet_export_keeps_where_in_the_web_archive_each_record_is(tmp_path):
    import pyarrow.parquet as pq

    from normalize import exports

    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "crawl.warc.gz", gz=True, truncate=False)
    out = tmp_path / "out"
    build_archive([tmp_path / "in"], out, BuildOptions())
    exports.export(out, "parquet", tmp_path / "x.parquet", False)
    rows = pq.read_table(tmp_path / "x.parquet").to_pylist()
    assert [row["provenance"]["warc"] for row in rows] == [r["provenance"]["warc"] for r in records(out)]
    assert all(row["provenance"]["warc"]["record_id"].startswith("<urn:uuid:") for row in rows)


def test_a_warc_gzipped_whole_is_read_through_its_stream(tmp_path):
    plain = tmp_path / "crawl.warc"
    write_warc(plain, gz=False, truncate=False)
    (tmp_path / "in").mkdir()
    whole = tmp_path / "in" / "crawl.warc.gz"  # gzip crawl.warc: one member, not one per record
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    out = tmp_path / "out"
    manifest = build_archive([tmp_path / "in"], out, BuildOptions())
    assert validate_archive(out) == []
    got = records(out)
    assert len(got) > len(PAGES) and manifest["inputs"][0]["web_archive"]["left_out"] == {"not_200": 1, "not_text": 1}
    with plain.open("rb") as handle:  # offsets count the bytes of the decompressed stream
        offsets = {i.origin.target_uri: i.origin.offset for i in webarchive.records(handle)
                   if isinstance(i, webarchive.Member)}
    assert all(r["provenance"]["warc"]["offset"] == offsets[r["provenance"]["warc"]["target_uri"]] for r in got)
    last = got[-1]
    assert audit.source_lines(out, last)  # read again from the stream
    (tmp_path / "cut").mkdir()
    (tmp_path / "cut" / "crawl.warc.gz").write_bytes(whole.read_bytes()[:len(whole.read_bytes()) // 2])
    cut = build_archive([tmp_path / "cut"], tmp_path / "cut-out", BuildOptions())
    assert validate_archive(tmp_path / "cut-out") == []
    assert cut["inputs"][0]["web_archive"]["left_out"] == {"truncated": 1}
    assert 0 < cut["inputs"][0]["records"] < len(got)


def test_a_page_whose_digest_does_not_match_is_read_and_flagged_not_lost(tmp_path):
    plain = tmp_path / "crawl.warc"
    write_warc(plain, gz=False, truncate=False)
    data = plain.read_bytes()
    at = data.index("</title>".encode()) - 1  # one byte of the first page's markup
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.warc").write_bytes(data[:at] + b"X" + data[at + 1:])
    build_archive([tmp_path / "in"], tmp_path / "out", BuildOptions())
    got = records(tmp_path / "out")
    flagged = [r for r in got if "warc_block_digest_mismatch" in r["flags"]]
    assert len(flagged) == 1 and flagged[0]["provenance"]["warc"]["target_uri"] == uri(PAGES[0])
    assert "warc_payload_digest_mismatch" in flagged[0]["flags"]
