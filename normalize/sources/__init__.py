"""The one table of source formats, and detection by score.

Each source module exposes ``NAME``, ``MARKUP``, ``PART_REPAIRS_OFF`` (paragraph
repairs that do not fit the format), ``sniff(text, suffix) -> (score, evidence)`` and
``parse(text) -> Iterator[RawDoc | Skipped]``; a source may offer ``lighten(text) -> str |
None``: the file with what its parser cuts anyway made small for the repairs (see
:func:`lightened`). Adding a format adds a module and one row in ``BUILTIN``; nothing
else changes. Installed packages add formats through the
entry-point group ``normalize.sources`` (:mod:`normalize.sources.plugins`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import Any


from .. import limits
from .base import SourceError
from . import html, jekyll, labelled, mdexport, newsdump, newspaper, plaintext, sogou  # noqa: E402

#: The built-in source formats, most specific first. ``plaintext`` is the fallback.
BUILTIN: dict[str, ModuleType] = {
    module.NAME: module for module in (newsdump, newspaper, jekyll, mdexport, labelled, sogou, html, plaintext)
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
    """The format chosen, its score, the runner-up when the choice was close, and whether
    the winner read best the text with the plain-only repairs made (``stripped``)."""

    name: str
    score: float
    evidence: str
    uncertain_against: str | None = None
    stripped: bool = False


def _sniffed(module: Any, text: str, suffix: str, plain: str | None) -> tuple[float, str, bool]:
    """A format's score on the text it reads best: as repaired for every format, or also
    with HTML tags and entities stripped (``plain``); a tie goes to the text of its markup."""
    limits.check()
    score, evidence = module.sniff(text, suffix)
    if plain is None or plain == text:
        return score, evidence, getattr(module, "MARKUP", "plain") == "plain"
    plain_score, plain_evidence = module.sniff(plain, suffix)
    prefers_plain = getattr(module, "MARKUP", "plain") == "plain"
    if plain_score > score or (plain_score == score and prefers_plain):
        return plain_score, plain_evidence, True
    return score, evidence, False


def scores(text: str, suffix: str = "", plain: str | None = None) -> list[tuple[str, float, str, bool]]:
    """(format, score, evidence, stripped) of every format, best first (ties: table
    order). Each format is scored on the text it reads best (see :func:`_sniffed`): a dump
    whose every line is wrapped in ``<p>`` is still a dump, and a Sogou file keeps its tags."""
    scored = [(name, *_sniffed(module, text, suffix.lower(), plain)) for name, module in SOURCES.items()]
    return sorted(scored, key=lambda item: -item[1])  # stable: table order breaks ties


def detect(text: str, suffix: str = "", plain: str | None = None) -> Detection:
    """Score every format (see :func:`scores`); the best score wins (ties: table order)."""
    ranked = scores(text, suffix, plain)
    name, best_score, evidence, stripped = ranked[0]
    second, second_score = ranked[1][0], ranked[1][1]
    uncertain = None
    if name != FALLBACK and (best_score < CONFIDENT or best_score - second_score < MARGIN):
        uncertain = second
    return Detection(name, best_score, evidence, uncertain, stripped)


def lightened(text: str, fmt: str | None = None) -> tuple[str, str] | None:
    """(format, text) when a format's ``lighten`` hook makes the file smaller for the file
    repairs (a web page without the bulk of its inline images), else None; only the forced
    format's hook is asked when ``fmt`` is given. The caller keeps the result only if that
    format then reads the file (see :func:`normalize.process._parse_text`)."""
    for name, module in SOURCES.items():
        lighten = getattr(module, "lighten", None)
        if lighten is None or (fmt is not None and name != fmt):
            continue
        light = lighten(text)
        if light is not None:
            return name, light
    return None
