"""The shape of the package: no import cycle; no format named in code outside sources/;
every name a record's ``fixes`` can hold declared in the repair tables."""

from __future__ import annotations

import ast
from pathlib import Path

import normalize
from normalize import repairs, sources

PACKAGE = Path(normalize.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module to the normalize modules it imports (anywhere in it, functions included)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")
                base = base[:len(base) - node.level + 1] if node.level else []
                origin = ".".join(base + ([node.module] if node.module else []))
                targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules else origin for a in node.names]
            else:
                continue
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_has_no_cycle():
    assert _cycle(_imports()) is None


def test_no_format_is_named_in_code_outside_sources():
    names = set(sources.BUILTIN) - {sources.FALLBACK}
    for path in PACKAGE.rglob("*.py"):
        if "sources" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        # a dict literal's key names an option of a library ({"html": True}), not a format
        keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
                    and id(node) not in keys):
                raise AssertionError(f"{path.relative_to(PACKAGE)} names the format {node.value!r}")


def test_every_fix_a_build_makes_is_declared_in_the_repair_tables(tmp_path):
    fixtures = Path(__file__).parent / "fixtures"
    normalize.build([Path(__file__).parent.parent / "seeds", fixtures, Path(__file__).parent / "corpus"],
                    tmp_path / "out")
    made = {name for record in normalize.read_archive(tmp_path / "out") for name in record["fixes"]}
    assert made and made <= repairs.FIX_NAMES, made - repairs.FIX_NAMES
