"""The report of the seeds' archive, rendered by a real browser (headless Chromium)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from normalize.reports import write_report

from chromium_helper import artifacts, chromium, page_requests  # noqa: F401 (chromium: a fixture)


def _archive_facts(archive: Path) -> tuple[dict, list[dict]]:
    """What the archive says, read here without the report's code."""
    manifest = json.loads((archive / "manifest.json").read_text("utf-8"))
    records = [json.loads(line) for line in (archive / "documents.jsonl").read_text("utf-8").splitlines() if line]
    return manifest, records


def test_the_browser_shows_the_archives_figures_and_loads_nothing(seeds_archive, chromium, tmp_path):
    page = tmp_path / "report.html"
    write_report(seeds_archive, page)
    netlog = tmp_path / "net.json"
    dom = BeautifulSoup(chromium.dom(page, netlog), "html.parser")
    manifest, records = _archive_facts(seeds_archive)

    assert dom.html["data-script"] == "ran"  # the page's own script ran in the browser
    shown = {node["data-figure"]: int(node.get_text().replace(",", "")) for node in dom.select("[data-figure]")}
    assert shown["records"] == len(records) == manifest["totals"]["records"]
    for name in ("files", "archived", "rejected", "skipped"):
        assert shown[name] == manifest["totals"][name]
    assert shown["duplicates"] == sum(1 for r in records if r["duplicate_of"])
    assert shown["near_duplicates"] == sum(1 for r in records if r["near_duplicate_of"])
    assert shown["repairs"] == sum(sum(r["fixes"].values()) for r in records)
    assert shown["clusters"] == len({r[k] for r in records for k in ("duplicate_of", "near_duplicate_of",
                                                                     "contained_in") if r[k]})

    charts = dom.select("figure.chart svg")
    assert len(charts) >= 4
    formats = {bar["data-label"]: int(bar["data-value"]) for bar in dom.select('[data-chart="format"] g.bar')}
    assert formats == Counter(r["format"] for r in records)
    languages = {bar["data-label"]: int(bar["data-value"]) for bar in dom.select('[data-chart="language"] g.bar')}
    assert languages == Counter(r["language"] for r in records)

    sample = dom.select("details.record")
    assert len(sample) == len(records)  # fewer than the default sample: all of them
    assert dom.select_one("details.record pre.source .line")  # source lines found and shown
    assert page_requests(netlog) == []


def test_the_network_check_sees_a_request_when_a_page_makes_one(chromium, tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/pixel.png"></body></html>', "utf-8")
    netlog = tmp_path / "net.json"
    chromium.dom(page, netlog)
    assert page_requests(netlog) == ["http://127.0.0.1:9/pixel.png"]


def test_screenshots_are_kept_wide_and_narrow(seeds_archive, chromium, tmp_path):
    page = tmp_path / "report.html"
    write_report(seeds_archive, page)
    for name, width, height in (("report-seeds-wide.png", 1280, 3400), ("report-seeds-narrow.png", 390, 1800)):
        png = chromium.screenshot(page, artifacts() / name, width, height)
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == width  # IHDR width: the page was laid out at it
        assert len(data) > 20_000  # something was drawn, not a blank page


def _typed_into(page: Path, element: str, value: str, event: str, out: Path) -> Path:
    """A copy of ``page`` that, once loaded, sets ``element``'s value and fires ``event``
    on it, as a person typing or choosing would."""
    script = (f'<script>(function () {{ var e = document.getElementById({json.dumps(element)}); '
              f'e.value = {json.dumps(value)}; e.dispatchEvent(new Event({json.dumps(event)})); }})();</script>')
    out.write_text(page.read_text("utf-8").replace("</body>", script + "</body>"), "utf-8")
    return out


def test_the_archivists_sections_match_the_archive(seeds_archive, chromium, tmp_path, monkeypatch):
    """Inventory, encodings, field completeness and the records behind each kind, as the
    browser shows them, against the manifest and the records read here."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1583798400")
    page = tmp_path / "report.html"
    write_report(seeds_archive, page, sample=2)
    dom = BeautifulSoup(chromium.dom(page, tmp_path / "net.json"), "html.parser")
    manifest, records = _archive_facts(seeds_archive)

    rows = dom.select("#inventory tr[data-status]")
    assert [row.select_one("td.path").get_text() for row in rows] == [e["path"] for e in manifest["inputs"]]
    assert [row.select_one("td.hash").get_text() for row in rows] == [e["sha256"] for e in manifest["inputs"]]
    assert dom.select_one("#inventory-shown").get_text() == f"{len(rows)} of {len(rows)} shown"  # the script ran
    encodings = {row["data-encoding"]: int(row.select("td")[1].get_text().replace(",", ""))
                 for row in dom.select('[data-table="encoding"] tr[data-encoding]')}
    assert encodings == Counter(e["encoding"] or "(none)" for e in manifest["inputs"])

    filled = {row["data-field"]: int(row.select_one("[data-filled]")["data-filled"])
              for row in dom.select("table.completeness tr[data-field]")}
    assert filled["title"] == sum(1 for r in records if r["title"])
    assert filled["authors"] == sum(1 for r in records if r["authors"])
    assert filled["date_published"] == sum(1 for r in records if r["date_published"])
    assert filled["url"] == sum(1 for r in records if r["url"])

    for row in dom.select("table.kinds tr[data-repair]"):
        kind = row["data-repair"]
        behind = [code.get_text() for code in row.select("details.behind li code")]
        assert behind == [r["id"] for r in records if kind in r["fixes"]][:100]
        assert int(row.select_one("[data-records]")["data-records"]) == sum(1 for r in records if kind in r["fixes"])
    assert dom.select("table.kinds tr[data-repair]")
    assert dom.select_one("[data-made]")["data-made"] == "2020-03-10T00:00:00Z"
    again = tmp_path / "again.html"
    write_report(seeds_archive, again, sample=2)
    assert again.read_bytes() == page.read_bytes()  # SOURCE_DATE_EPOCH: reproducible


def test_the_inventory_filters_by_text_and_status_in_the_browser(tmp_path, chromium):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "甲.txt").write_text(">>>标题\n\n正文第一段。\n", "utf-8")
    (folder / "乙.txt").write_text(">>>另一篇\n\n别的正文。\n", "gb18030")
    (folder / "bad.bin").write_bytes(b"\x00\x01\x02" * 300)
    import normalize
    normalize.build([folder], tmp_path / "a")
    page = tmp_path / "r.html"
    write_report(tmp_path / "a", page)
    shown = lambda html: [row.select_one("td.path").get_text() for row in  # noqa: E731
                          BeautifulSoup(html, "html.parser").select("#inventory tr[data-status]") if not row.has_attr("hidden")]
    typed = _typed_into(page, "inventory-filter", "GB18030", "input", tmp_path / "typed.html")
    assert shown(chromium.dom(typed, tmp_path / "n1.json")) == ["乙.txt"]  # by encoding, case aside
    chosen = _typed_into(page, "inventory-status", "rejected", "change", tmp_path / "chosen.html")
    assert shown(chromium.dom(chosen, tmp_path / "n2.json")) == ["bad.bin"]


def test_a_bags_fixity_is_shown_and_a_damaged_bag_is_said(seeds_archive, chromium, tmp_path, capsys):
    import shutil

    from normalize.cli import main

    archive = tmp_path / "archive"
    shutil.copytree(seeds_archive, archive)
    bag = tmp_path / "bag"
    assert main(["package", str(archive), "--originals", str(Path(__file__).parents[2] / "seeds"), "-o", str(bag)]) == 0
    assert main(["report", str(archive), "-o", str(tmp_path / "ok.html"), "--bag", str(bag)]) == 0
    dom = BeautifulSoup(chromium.dom(tmp_path / "ok.html", tmp_path / "n1.json"), "html.parser")
    assert dom.select_one("[data-fixity]")["data-fixity"] == "valid"
    assert "byte for byte" in dom.select_one("#fixity").get_text()
    original = next((bag / "data" / "originals").rglob("*.txt"))
    original.write_bytes(original.read_bytes() + b"x")  # bit rot
    capsys.readouterr()
    assert main(["report", str(archive), "-o", str(tmp_path / "bad.html"), "--bag", str(bag)]) == 1
    assert "fixity problems" in capsys.readouterr().err
    dom = BeautifulSoup(chromium.dom(tmp_path / "bad.html", tmp_path / "n2.json"), "html.parser")
    assert dom.select_one("[data-fixity]")["data-fixity"] == "invalid"
    assert original.name in dom.select_one("ul.problems").get_text()
