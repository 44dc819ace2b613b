"""Every fixture file under tests/fixtures/<format>/ against its <case>.expected.json.

The expected file lists, per record in order, the fields that must hold (a subset of
the record); nested dicts are compared key by key. The record count must match.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalize.options import BuildOptions  # noqa: F401
from normalize.plan import InputFile
from normalize.process import process_file

FIXTURES = Path(__file__).parent.parent / "fixtures"
# a format's folder holds .expected.json files; others (bagit_profiles/, bag_config/) are fixtures of other tests
CASES = sorted(p for p in FIXTURES.glob("*/*")
               if not p.name.endswith(".expected.json") and any(p.parent.glob("*.expected.json")))


def _subset(actual: object, expected: object, where: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            _subset(actual.get(key), value, f"{where}.{key}")
    else:
        assert actual == expected, where


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path) -> None:
    expected = json.loads(case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))
    result = process_file(InputFile(str(case), case.name))
    records = [document.to_dict() for document in result.documents]
    assert len(records) == len(expected), [r["title"] for r in records]
    for index, (record, wanted) in enumerate(zip(records, expected)):
        _subset(record, wanted, f"record {index}")


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_format_detected(case: Path) -> None:
    expected = json.loads(case.with_name(case.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))
    result = process_file(InputFile(str(case), case.name))
    assert result.format == expected[0].get("format", case.parent.name)
