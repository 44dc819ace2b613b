"""The record constants and the public schemas say the same thing."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from normalize.records import BLOCK_TYPES, REASONS, FileResult
from normalize.validation import schema

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


def test_a_record_of_schema_1_3_gets_the_fields_of_1_4_each_its_own():
    from normalize.records import SCHEMA_VERSION, upgrade
    old = {"id": "0" * 16 + "-0000", "schema_version": "1.3"}
    first, second = upgrade(dict(old)), upgrade(dict(old))
    assert first["schema_version"] == SCHEMA_VERSION
    assert first["source_fields"] == {} and first["links"] == []
    first["links"].append({"url": "x", "start": None, "end": None})
    assert second["links"] == []  # not one shared default


def test_validate_refuses_a_link_outside_the_text_or_half_a_span():
    from normalize.validation import _check_links
    record = {"text": "abc", "links": [{"url": "u", "start": 1, "end": 3}, {"url": "u", "start": None, "end": None}]}
    assert _check_links("d", 1, record) == []
    record["links"] = [{"url": "u", "start": 2, "end": 9}, {"url": "u", "start": 1, "end": None}]
    assert len(_check_links("d", 1, record)) == 2
