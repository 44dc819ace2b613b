"""The record constants and the public schemas say the same thing."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from normalize.records import BLOCK_TYPES, REASONS, FileResult
from normalize.validate import schema

PACKAGE = Path(__file__).parent.parent / "normalize"


def test_manifest_reasons_are_the_one_table():
    entry = schema("manifest")["properties"]["inputs"]["items"]
    assert entry["properties"]["reason"]["enum"] == [None, *REASONS["rejected"], *REASONS["skipped"]]
    by_status = {rule["if"]["properties"]["status"]["const"]: rule["then"]["properties"]["reason"]
                 for rule in entry["allOf"]}
    assert by_status == {"archived": {"const": None}, "rejected": {"enum": list(REASONS["rejected"])},
                         "skipped": {"enum": list(REASONS["skipped"])}}


def test_every_reason_the_code_names_is_in_the_table():
    named = set()
    for path in PACKAGE.rglob("*.py"):
        named.update(re.findall(r"""reason=["']([a-z_]+)["']""", path.read_text("utf-8")))
        named.update(re.findall(r"""SourceError\(["']([a-z_]+)["']""", path.read_text("utf-8")) and ())
    assert named and named <= set(REASONS["rejected"]) | set(REASONS["skipped"])


@pytest.mark.parametrize("status, reason", [("rejected", "duplicate_file"), ("skipped", "binary"),
                                            ("archived", "empty"), ("rejected", "changed_somehow")])
def test_a_result_with_a_reason_not_of_its_status_cannot_be_made(status, reason):
    with pytest.raises(ValueError):
        FileResult("a.txt", 0, "", status, reason=reason)


def test_the_schema_refuses_a_reason_of_another_status():
    entry = {"root": 0, "path": "a", "bytes": 0, "sha256": "", "status": "skipped", "records": 0,
             "format": None, "encoding": None, "reason": "binary", "detail": None}
    validator = jsonschema.Draft202012Validator(schema("manifest")["properties"]["inputs"])
    assert list(validator.iter_errors([entry]))
    assert not list(validator.iter_errors([{**entry, "reason": "outside_input"}]))


def test_block_types_match_the_schema():
    items = schema("document")["properties"]["blocks"]["items"]
    assert tuple(items["properties"]["type"]["enum"]) == BLOCK_TYPES


def test_upgrade_fills_added_fields_in_schema_order_and_leaves_current_records_alone():
    from normalize.records import SCHEMA_VERSION, upgrade

    current = {"id": "a", "url": None, "source_id": "x", "schema_version": SCHEMA_VERSION}
    assert upgrade(current) is current
    old = {"id": "a", "title": "t", "url": "u", "archive_urls": [], "schema_version": "1.1"}
    new = upgrade(old)
    assert new["source_id"] is None and new["schema_version"] == SCHEMA_VERSION
    keys = list(new)
    assert keys.index("url") + 1 == keys.index("source_id") and keys[-1] == "schema_version"
    assert old["schema_version"] == "1.1"  # the record given is not changed
