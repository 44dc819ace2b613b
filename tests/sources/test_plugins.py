"""Formats users add: the example plugin installed (pip, into a folder on the path of the
processes that use it), listed, used, and gone again; broken plugins reported, never fatal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normalize.sources import SourceError, plugins

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "normalize-libx"
SAMPLE = EXAMPLE / "sample.libx"


def _normalize(*args: str, path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(path) if path else ""}
    return subprocess.run([sys.executable, "-m", "normalize", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The example package installed by pip (a real wheel build) into a folder."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(EXAMPLE)], check=True, capture_output=True, timeout=300)
    assert (target / "normalize_libx").is_dir()
    return target


def test_installed_plugin_is_listed_and_explains_its_score(installed):
    listing = _normalize("formats", path=installed)
    assert listing.returncode == 0
    line = next(line for line in listing.stdout.splitlines() if line.startswith("libx"))
    assert "normalize-libx 0.1.0" in line
    assert listing.stdout.splitlines()[-1].startswith("plaintext")  # the fallback stays last
    explained = _normalize("formats", "--explain", str(SAMPLE), path=installed)
    assert "* libx" in explained.stdout and "chosen: libx" in explained.stdout


def test_installed_plugin_parses_its_fixture(installed, tmp_path):
    built = _normalize("build", str(SAMPLE), "-o", str(tmp_path / "out"), path=installed)
    assert built.returncode == 0, built.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert [(r["format"], r["title"], r["source_id"]) for r in records] == [
        ("libx", "长江流域抗洪救灾取得阶段性胜利", "RB-1998-0001"), ("libx", "灾后重建工作全面展开", "RB-1998-0002")]
    assert records[0]["authors"] == ["王明", "李华"] and records[0]["date_published"] == "1998-08-20"
    assert not any("%END" in r["text"] or "TI:" in r["text"] for r in records)
    assert _normalize("validate", str(tmp_path / "out"), path=installed).returncode == 0


def test_without_the_plugin_the_file_is_plaintext_and_flagged(tmp_path):
    built = _normalize("build", str(SAMPLE), "-o", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert {r["format"] for r in records} == {"plaintext"}
    assert all("field_lines" in r["flags"] for r in records)
    assert "libx" not in _normalize("formats").stdout


def _fake_distribution(site: Path, modules: dict[str, str], points: dict[str, str]) -> None:
    """An installed distribution as importlib.metadata finds one: a .dist-info folder."""
    info = site / "broken_plugins-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugins\nVersion: 0.1\n", "utf-8")
    (info / "entry_points.txt").write_text(
        "[normalize.sources]\n" + "".join(f"{name} = {value}\n" for name, value in points.items()), "utf-8")
    for name, source in modules.items():
        (site / f"{name}.py").write_text(source, "utf-8")


def test_broken_plugins_are_reported_and_skipped(tmp_path):
    site = tmp_path / "site"
    _fake_distribution(site, {
        "raises_on_import": "raise RuntimeError('boom')\n",
        "no_parse": "def sniff(text, suffix):\n    return 1.0, 'always'\n",
        "takes_builtin": "NAME = 'newsdump'\ndef sniff(t, s):\n    return 0, ''\ndef parse(t):\n    return []\n",
        "fails_parse": "def sniff(text, suffix):\n    return (0.99, 'claims everything') if 'FAILME' in text else (0, '')\n"
                       "def parse(text):\n    raise KeyError('field')\n",
    }, {"importfail": "raises_on_import", "noparse": "no_parse", "stolen": "takes_builtin",
        "failing": "fails_parse"})
    listing = _normalize("formats", path=site)
    assert listing.returncode == 0
    assert "plugin importfail (broken-plugins 0.1) skipped: cannot be loaded: RuntimeError: boom" in listing.stderr
    assert "plugin noparse (broken-plugins 0.1) skipped: it offers no parse()" in listing.stderr
    assert "plugin newsdump (broken-plugins 0.1) skipped: the name 'newsdump' is taken" in listing.stderr
    assert "failing " in listing.stdout
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("FAILME\n这是一段足够长的正文，用来测试插件失败时的回退。\n", "utf-8")
    built = _normalize("build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), path=site)
    assert built.returncode == 0, built.stderr
    (record,) = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()]
    assert record["format"] == "plaintext" and "failing:plugin_error" in record["flags"]


def test_the_adapter_contains_a_plugins_failures():
    class Bad:
        def sniff(self, text, suffix):
            raise ValueError("no")

        def parse(self, text):
            yield "not a RawDoc"

    plugin = plugins.Plugin("bad", Bad(), "test")
    assert plugin.sniff("x", "") == (0.0, "plugin failed to sniff: ValueError: no")
    with pytest.raises(SourceError) as raised:
        list(plugin.parse("x"))
    assert raised.value.code == "plugin_error"


def test_odd_plugins_cannot_break_the_run(tmp_path):
    site = tmp_path / "site"
    _fake_distribution(site, {
        "exits": "raise SystemExit(3)\n",
        "bad_attrs": "PART_REPAIRS_OFF = None\ndef sniff(t, s):\n    return 0, ''\ndef parse(t):\n    return []\n",
        "raising_name": "class _M:\n    @property\n    def NAME(self):\n        raise RuntimeError('no name')\n"
                        "import sys\nsys.modules[__name__] = _M()\n",
        "nan_sniff": "def sniff(t, s):\n    return float('nan'), 'nan'\ndef parse(t):\n    return []\n",
    }, {"exits": "exits", "badattrs": "bad_attrs", "raisingname": "raising_name", "nansniff": "nan_sniff"})
    listing = _normalize("formats", path=site)
    assert listing.returncode == 0, listing.stderr
    assert "plugin exits (broken-plugins 0.1) skipped: cannot be loaded: SystemExit: 3" in listing.stderr
    assert "plugin raisingname (broken-plugins 0.1) skipped" in listing.stderr
    assert "badattrs" in listing.stdout and "nansniff" in listing.stdout
    with_plugins = _normalize("build", str(ROOT / "seeds"), "-o", str(tmp_path / "a"), "--quiet", path=site)
    without = _normalize("build", str(ROOT / "seeds"), "-o", str(tmp_path / "b"), "--quiet")
    assert with_plugins.returncode == without.returncode == 0
    assert (tmp_path / "a" / "documents.jsonl").read_bytes() == (tmp_path / "b" / "documents.jsonl").read_bytes()


def test_a_bad_raw_doc_falls_back_to_plaintext():
    from normalize.records import RawDoc

    class Odd:
        def sniff(self, text, suffix):
            return 1.0, "all"

        def parse(self, text):
            yield RawDoc(0, 0, 1, None)

    with pytest.raises(SourceError) as raised:
        list(plugins.Plugin("odd", Odd(), "test").parse("x"))
    assert raised.value.code == "plugin_error"
