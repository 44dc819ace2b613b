"""Formats users add: installed packages that offer a source module under the entry-point
group ``normalize.sources``.

In the package's ``pyproject.toml``::

    [project.entry-points."normalize.sources"]
    libx = "normalize_libx"

The module (or any object) offers what a built-in source offers: ``sniff(text, suffix)
-> (score, evidence)`` and ``parse(text) -> iterable of RawDoc``; ``NAME`` (default: the
entry point's name), ``MARKUP`` (default ``"plain"``) and ``PART_REPAIRS_OFF`` (default
none) are optional. A plugin that cannot be loaded, lacks the interface, takes a built-in
name, or fails while running is reported and skipped: never fatal. A failure inside
``sniff`` scores 0; inside ``parse`` it is a SourceError (``plugin_error``), so the file
falls back to ``plaintext`` with a flag saying so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Iterator

from ..records import RawDoc, Skipped
from .base import SourceError

GROUP = "normalize.sources"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Problem:
    """A plugin that was skipped, and why."""

    name: str
    origin: str
    message: str


class Plugin:
    """A plugin's source module behind the built-in interface, its failures contained."""

    def __init__(self, name: str, module: Any, origin: str) -> None:
        self.NAME = name
        self.MARKUP = getattr(module, "MARKUP", "plain")
        if self.MARKUP not in ("plain", "markdown", "xml"):
            raise TypeError(f"MARKUP {self.MARKUP!r} is not plain, markdown or xml")
        self.PART_REPAIRS_OFF = frozenset(getattr(module, "PART_REPAIRS_OFF", None) or ())
        self.__doc__ = getattr(module, "__doc__", None)
        self.origin = origin
        self._module = module

    def sniff(self, text: str, suffix: str) -> tuple[float, str]:
        try:
            score, evidence = self._module.sniff(text, suffix)
            score = float(score)
            if not math.isfinite(score):  # NaN would break the ranking of every format
                return 0.0, f"plugin gave no usable score ({score!r}): {evidence}"
            return min(max(score, 0.0), 1.0), str(evidence)
        except Exception as error:  # noqa: BLE001 - a plugin's fault must not stop the run
            return 0.0, f"plugin failed to sniff: {type(error).__name__}: {error}"

    def parse(self, text: str) -> Iterator[RawDoc | Skipped]:
        try:
            items = list(self._module.parse(text))
        except SourceError:
            raise
        except Exception as error:  # noqa: BLE001
            raise SourceError("plugin_error", f"{type(error).__name__}: {error}") from error
        for item in items:
            problem = _raw_problem(item)
            if problem:
                raise SourceError("plugin_error", problem)
        return iter(items)


def load(taken: set[str]) -> tuple[dict[str, Plugin], list[Problem]]:
    """Installed plugins by name (sorted), and the problems of those skipped."""
    found: dict[str, Plugin] = {}
    problems: list[Problem] = []
    try:
        points = sorted(metadata.entry_points(group=GROUP), key=lambda point: point.name)
    except Exception as error:  # noqa: BLE001 - broken package metadata must not stop the run
        return {}, [Problem("?", GROUP, f"cannot list entry points: {error}")]
    for point in points:
        try:
            origin = f"{point.dist.name} {point.dist.version}" if getattr(point, "dist", None) else point.value
        except Exception:  # noqa: BLE001 - unreadable metadata
            origin = point.value
        try:
            module = point.load()
            name = getattr(module, "NAME", point.name)
            message = _interface_problem(module, name, taken | set(found))
            if message:
                problems.append(Problem(str(name), origin, message))
                continue
            found[name] = Plugin(name, module, origin)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - not even SystemExit may end the run
            problems.append(Problem(point.name, origin, f"cannot be loaded: {type(error).__name__}: {error}"))
    return found, problems


def _raw_problem(item: Any) -> str | None:
    """What is wrong with an item a plugin's parse yielded, or None."""
    if isinstance(item, Skipped):
        return None
    if not isinstance(item, RawDoc):
        return f"parse yielded a {type(item).__name__}, not a RawDoc"
    if not isinstance(item.body, str) or not (item.title is None or isinstance(item.title, str)):
        return "a RawDoc's body must be text and its title text or None"
    if not all(isinstance(n, int) and n >= 1 for n in (item.line_start, item.line_end)):
        return "a RawDoc's lines must be ints >= 1"
    if item.markup not in ("plain", "markdown") or not isinstance(item.meta, dict):
        return "a RawDoc's markup must be plain or markdown and its meta a dict"
    if not all(isinstance(flag, str) for flag in item.flags):
        return "a RawDoc's flags must be text"
    return None


def _interface_problem(module: Any, name: Any, taken: set[str]) -> str | None:
    if not isinstance(name, str) or not NAME_RE.match(name):
        return f"its NAME {name!r} is not a format name (lower-case letters, digits, _)"
    if name in taken:
        return f"the name {name!r} is taken by another format"
    missing = [attr for attr in ("sniff", "parse") if not callable(getattr(module, attr, None))]
    if missing:
        return f"it offers no {' and no '.join(missing)}()"
    return None
