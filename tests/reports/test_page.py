"""The page is self-contained and escapes what the archive holds."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from normalize.cli import main
from normalize.reports import write_report
from normalize.reports.figures import Figures
from normalize.reports.page import render


def test_page_loads_nothing_from_anywhere(seeds_archive, tmp_path):
    page = tmp_path / "r.html"
    write_report(seeds_archive, page)
    html = page.read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("[src], link, iframe, object, embed")
    assert all(a["href"].startswith("#") for a in soup.select("a[href]"))
    styles = " ".join(s.get_text() for s in soup.select("style")) + " ".join(
        t["style"] for t in soup.select("[style]"))
    assert not re.search(r"url\(|@import|@font-face", styles)
    assert "fetch(" not in html and "XMLHttpRequest" not in html


def _record(title: str) -> dict:
    return {"id": "x-0000", "title": title, "text": "第一段。\n\n<b>第二段</b>", "format": "plaintext",
            "language": "zh-Hant", "fixes": {}, "flags": [], "duplicate_of": None, "near_duplicate_of": None,
            "contained_in": None, "provenance": {"path": "a.txt", "line_start": 1, "line_end": 2,
                                                 "encoding": "big5"}}


def test_archive_text_is_escaped_and_keeps_its_language():
    manifest = {"totals": {"files": 1, "archived": 1, "rejected": 0, "skipped": 0, "records": 1}, "inputs": []}
    figures = Figures(manifest, records=1, sample=[_record("<script>alert(1)</script>")])
    html = render(figures, "out", lambda record: (["<img src=x onerror=alert(1)>", "　　新聞"], ""))
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("script")) == 1  # the page's own, none from the archive
    assert not soup.select("img")
    assert soup.select_one('details.record [lang="zh-Hant"] > .text')  # Traditional text marked so
    assert [p.get_text() for p in soup.select("details.record .text p")] == ["第一段。", "<b>第二段</b>"]
    assert "　　新聞" in soup.select_one("pre.source").get_text()  # U+3000 indentation kept


def test_moved_originals_are_said_not_hidden_and_found_with_originals(tmp_path):
    import shutil

    import normalize
    SEEDS = Path(__file__).parent.parent.parent / "seeds"

    first = tmp_path / "in"
    first.mkdir()
    seed = sorted(SEEDS.iterdir())[0]
    shutil.copy(seed, first / seed.name)
    normalize.build([first], tmp_path / "out")
    moved = tmp_path / "moved"
    first.rename(moved)
    page = tmp_path / "r.html"
    write_report(tmp_path / "out", page, sample=1)
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert not soup.select("pre.source")
    assert "source lines not shown: cannot find the original" in soup.get_text()
    write_report(tmp_path / "out", page, sample=1, originals=str(moved))
    assert BeautifulSoup(page.read_text("utf-8"), "html.parser").select("pre.source .line")


def test_cli_writes_a_report_and_refuses_a_non_archive(seeds_archive, tmp_path, capsys):
    assert main(["report", str(seeds_archive), "-o", str(tmp_path / "r.html"), "--sample", "3"]) == 0
    assert "report of 15 records" in capsys.readouterr().out
    assert len(BeautifulSoup((tmp_path / "r.html").read_text("utf-8"), "html.parser").select("details.record")) == 3
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "-o", str(tmp_path / "x.html")]) == 2
    assert "not a valid archive" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_the_report_or_an_export_is_never_written_into_the_archive(seeds_archive, tmp_path, capsys):
    import shutil

    archive = tmp_path / "copy"
    shutil.copytree(seeds_archive, archive)
    before = (archive / "manifest.json").read_bytes()
    assert main(["report", str(archive), "-o", str(archive / "manifest.json")]) == 2
    assert main(["export", str(archive), "--to", "dolma", "-o", str(archive / "documents.jsonl")]) == 2
    assert "inside the archive" in capsys.readouterr().err
    assert (archive / "manifest.json").read_bytes() == before

