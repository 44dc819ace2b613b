"""The one table of source formats, and detection by score.

Each source module exposes ``NAME``, ``MARKUP``, ``PART_REPAIRS_OFF`` (paragraph
repairs that do not fit the format), ``sniff(text, suffix) -> (score, evidence)`` and
``parse(text) -> Iterator[RawDoc]``. Adding a format adds a module
and one row in ``SOURCES``; nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType


class SourceError(Exception):
    """A file looks like a format but cannot be parsed as it; ``code`` becomes a flag."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


from . import jekyll, labelled, newsdump, newspaper, plaintext, sogou  # noqa: E402  (they import SourceError)

#: Every source format, most specific first. ``plaintext`` is the fallback.
SOURCES: dict[str, ModuleType] = {
    module.NAME: module for module in (newsdump, newspaper, jekyll, labelled, sogou, plaintext)
}
FALLBACK = plaintext.NAME

#: A winning score below this, or within MARGIN of the runner-up, is recorded as uncertain.
CONFIDENT = 0.5
MARGIN = 0.15


@dataclass(frozen=True)
class Detection:
    """The format chosen, its score, and the runner-up when the choice was close."""

    name: str
    score: float
    evidence: str
    uncertain_against: str | None = None


def detect(text: str, suffix: str = "") -> Detection:
    """Score ``text`` with every source's ``sniff``; the best score wins (ties: table order)."""
    scored = [(module.sniff(text, suffix.lower()), name) for name, module in SOURCES.items()]
    ranked = sorted(scored, key=lambda item: -item[0][0])  # stable: table order breaks ties
    (best_score, evidence), name = ranked[0]
    (second_score, _), second = ranked[1]
    uncertain = None
    if name != FALLBACK and (best_score < CONFIDENT or best_score - second_score < MARGIN):
        uncertain = second
    return Detection(name, best_score, evidence, uncertain)
