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
