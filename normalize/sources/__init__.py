"""The one table of source formats, and detection by score.

Each source module exposes ``NAME``, ``MARKUP``, ``PART_REPAIRS_OFF`` (paragraph
repairs that do not fit the format), ``sniff(text, suffix) -> (score, evidence)`` and
``parse(text) -> Iterator[RawDoc | Skipped]``. Adding a format adds a module and one
row in ``BUILTIN``; nothing else changes. Installed packages add formats through the
entry-point group ``normalize.sources`` (:mod:`normalize.sources.plugins`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any


from .base import SourceError
from . import jekyll, labelled, newsdump, newspaper, plaintext, sogou  # noqa: E402

#: The built-in source formats, most specific first. ``plaintext`` is the fallback.
BUILTIN: dict[str, ModuleType] = {
    module.NAME: module for module in (newsdump, newspaper, jekyll, labelled, sogou, plaintext)
}
FALLBACK = plaintext.NAME

from . import plugins  # noqa: E402

#: Formats installed packages add (entry points ``normalize.sources``), and the ones skipped.
PLUGINS, PLUGIN_PROBLEMS = plugins.load(set(BUILTIN))
#: Every format sniffed, in tie-breaking order: built-ins, then plugins by name, ``plaintext`` last.
SOURCES: dict[str, Any] = {**{k: v for k, v in BUILTIN.items() if k != FALLBACK}, **PLUGINS,
                           FALLBACK: BUILTIN[FALLBACK]}

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


def scores(text: str, suffix: str = "") -> list[tuple[str, float, str]]:
    """(format, score, evidence) of every format for ``text``, best first (ties: table order)."""
    scored = [(name, *module.sniff(text, suffix.lower())) for name, module in SOURCES.items()]
    return sorted(scored, key=lambda item: -item[1])  # stable: table order breaks ties


def detect(text: str, suffix: str = "") -> Detection:
    """Score ``text`` with every source's ``sniff``; the best score wins (ties: table order)."""
    ranked = [((score, evidence), name) for name, score, evidence in scores(text, suffix)]
    (best_score, evidence), name = ranked[0]
    (second_score, _), second = ranked[1]
    uncertain = None
    if name != FALLBACK and (best_score < CONFIDENT or best_score - second_score < MARGIN):
        uncertain = second
    return Detection(name, best_score, evidence, uncertain)
