"""The record constants and the public schemas say the same thing."""

from __future__ import annotations

from normalize.records import BLOCK_TYPES, REJECT_REASONS, SKIP_REASONS
from normalize.validate import schema


def test_manifest_reasons_are_the_fixed_lists():
    enum = schema("manifest")["properties"]["inputs"]["items"]["properties"]["reason"]["enum"]
    assert set(enum) == {None, *REJECT_REASONS, *SKIP_REASONS}


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
