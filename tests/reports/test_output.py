"""The report reads an archive as it is and never writes over what it reports on."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SEEDS
from normalize.archive import MANIFEST
from normalize.paths import OutputError
from normalize.reports import write_report
from test_archive import SEPARATORS, separated_archive
from test_paths import _all, _first_input_at, _roots, _source_at, hostile_copy


def test_line_separators_inside_a_record_are_reported_as_text(tmp_path: Path, seeds_archive: Path):
    out = separated_archive(seeds_archive, tmp_path / "separated")
    figures = write_report(out, tmp_path / "r.html")
    assert figures.records == 15
    titles = [t.get_text() for t in BeautifulSoup((tmp_path / "r.html").read_text("utf-8"), "html.parser")
              .select("details.record summary .title")]
    assert f"标题{SEPARATORS}续" in titles


def test_a_report_through_a_hard_link_leaves_the_manifest(tmp_path: Path, seeds_archive: Path):
    archive = tmp_path / "archive"
    shutil.copytree(seeds_archive, archive)
    before = (archive / MANIFEST).read_bytes()
    os.link(archive / MANIFEST, tmp_path / "r.html")
    with pytest.raises(OutputError, match="manifest.json"):
        write_report(archive, tmp_path / "r.html")
    assert (archive / MANIFEST).read_bytes() == before


@pytest.mark.parametrize("where, message", [("originals/r.html", "inside the originals"),
                                            ("moved/r.html", "inside the originals"),
                                            ("folder", "is a folder")])
def test_a_report_is_never_written_among_the_originals_or_over_a_folder(tmp_path: Path, where: str,
                                                                        message: str):
    import normalize

    shutil.copytree(SEEDS, tmp_path / "originals")
    normalize.build([tmp_path / "originals"], tmp_path / "out")
    shutil.copytree(SEEDS, tmp_path / "moved")
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError, match=message):
        write_report(tmp_path / "out", tmp_path / where, originals=str(tmp_path / "moved"))
    assert not (tmp_path / "originals" / "r.html").exists() and not (tmp_path / "moved" / "r.html").exists()


def test_a_source_outside_its_root_is_not_read(tmp_path: Path, seeds_archive: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text(">>>机密标题\n\n不应出现在报告里的一行。\n", "utf-8")
    sha = hashlib.sha256(secret.read_bytes()).hexdigest()
    out = hostile_copy(seeds_archive, tmp_path / "work" / "hostile",
                       _all(_first_input_at("../secret.txt", sha), _roots(".")), _source_at("../secret.txt", sha))
    write_report(out, tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text("utf-8")
    assert "不应出现在报告里的一行" not in html
    assert "source lines not shown: refused" in html
