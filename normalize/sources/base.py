"""What every source shares: the error a source raises when a file looks like its format
but cannot be read as it (the file then falls back to plain text, flagged)."""

from __future__ import annotations


class SourceError(Exception):
    """A file looks like a format but cannot be parsed as it; ``code`` becomes a flag."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
