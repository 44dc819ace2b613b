"""Headless Chromium for the report's tests: the real browser Debian ships (``chromium``).

``.ci/run`` installs it (``scripts/install-browser``). Screenshots are kept as test
artefacts in ``$NORMALIZE_ARTIFACTS`` (default ``test-artifacts/`` in the repository).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio"]


def artifacts() -> Path:
    folder = Path(os.environ.get("NORMALIZE_ARTIFACTS", ROOT / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Chromium:
    def __init__(self, executable: str, profile: Path) -> None:
        self.executable, self.profile = executable, profile

    def _run(self, url: str, *extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([self.executable, *FLAGS, f"--user-data-dir={self.profile}", *extra, url],
                              capture_output=True, timeout=120, check=True)

    def dom(self, page: Path, netlog: Path) -> str:
        """The page's DOM after its scripts ran, logging every network request to ``netlog``."""
        done = self._run(page.resolve().as_uri(), "--virtual-time-budget=3000", f"--log-net-log={netlog}",
                         "--dump-dom")
        return done.stdout.decode("utf-8")

    def screenshot(self, page: Path, png: Path, width: int, height: int) -> Path:
        self._run(page.resolve().as_uri(), f"--window-size={width},{height}", f"--screenshot={png}")
        return png


def page_requests(netlog: Path) -> list[str]:
    """URLs the page itself asked the network stack for (the browser's own background
    traffic, which has no page as its network isolation key, is left out)."""
    data, _ = json.JSONDecoder().raw_decode(netlog.read_text("utf-8"))
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [event["params"]["url"] for event in data["events"]
            if event["type"] == start and "file://" in event.get("params", {}).get("network_isolation_key", "")]


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium is not installed: run scripts/install-browser (the README's test command does)")
    return Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
