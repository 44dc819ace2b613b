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

import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Iterator

from ..records import RawDoc, Skipped
from . import SourceError

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
        self.PART_REPAIRS_OFF = frozenset(getattr(module, "PART_REPAIRS_OFF", ()))
        self.__doc__ = getattr(module, "__doc__", None)
        self.origin = origin
        self._module = module

    def sniff(self, text: str, suffix: str) -> tuple[float, str]:
        try:
            score, evidence = self._module.sniff(text, suffix)
            return min(max(float(score), 0.0), 1.0), str(evidence)
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
            if not isinstance(item, (RawDoc, Skipped)):
                raise SourceError("plugin_error", f"parse yielded a {type(item).__name__}, not a RawDoc")
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
        origin = f"{point.dist.name} {point.dist.version}" if getattr(point, "dist", None) else point.value
        try:
            module = point.load()
        except Exception as error:  # noqa: BLE001
            problems.append(Problem(point.name, origin, f"cannot be loaded: {type(error).__name__}: {error}"))
            continue
        name = getattr(module, "NAME", point.name)
        message = _interface_problem(module, name, taken | set(found))
        if message:
            problems.append(Problem(str(name), origin, message))
            continue
        found[name] = Plugin(name, module, origin)
    return found, problems


def _interface_problem(module: Any, name: Any, taken: set[str]) -> str | None:
    if not isinstance(name, str) or not NAME_RE.match(name):
        return f"its NAME {name!r} is not a format name (lower-case letters, digits, _)"
    if name in taken:
        return f"the name {name!r} is taken by another format"
    missing = [attr for attr in ("sniff", "parse") if not callable(getattr(module, attr, None))]
    if missing:
        return f"it offers no {' and no '.join(missing)}()"
    return None
