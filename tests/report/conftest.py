"""The ``chromium`` fixture: the real browser Debian ships, installed by scripts/install-browser."""

from __future__ import annotations

import shutil

import pytest

from chromium_helper import Chromium


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Chromium:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium is not installed: run scripts/install-browser (the README's test command does)")
    return Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
