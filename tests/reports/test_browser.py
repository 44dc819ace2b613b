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
