"""The packages of ``app`` import one another one way: no package import cycle.

Every import counts, wherever it is written: at the top of a module, inside a function
(a lazy import is still a dependency) and under ``if TYPE_CHECKING:`` (a type named in a
signature ties the two packages together as surely as a call does). A cycle means neither
package can be read, tested or changed without the other; ``docs/architecture.md`` and
``STYLE.md`` give the intended direction (api -> services -> domain packages -> core).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"


def module_name(path: Path) -> str:
    """The dotted name of a module file under ``app``.

    >>> module_name(APP / "geoparse" / "types.py")
    'app.geoparse.types'
    >>> module_name(APP / "events" / "__init__.py")
    'app.events'
    """
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    """The top-level ``app`` package a module belongs to (``app.main`` is its own).

    >>> package_of("app.gazetteer.sources.naturalearth")
    'app.gazetteer'
    >>> package_of("app")
    'app'
    """
    return ".".join(module.split(".")[:2])


def imported_modules(path: Path) -> Iterator[str]:
    """Every module a file under ``app`` imports, at any depth of its syntax tree."""
    source = path.read_text(encoding="utf-8")
    yield from imports_in(source, module_name(path), is_package=path.name == "__init__.py")


def imports_in(source: str, module: str, *, is_package: bool = False) -> Iterator[str]:
    """Every module ``source`` (the text of ``module``) imports, relative ones resolved.

    >>> sorted(imports_in("from ..store import sql", "app.gazetteer.lookup"))
    ['app.store', 'app.store.sql']
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop]
                target = ".".join([*base, node.module] if node.module else base)
            yield target
            # ``from app import events`` imports the package ``app.events``.
            for alias in node.names:
                yield f"{target}.{alias.name}"


def package_graph() -> dict[str, dict[str, list[str]]]:
    """Package -> imported package -> the modules whose imports make that edge."""
    graph: dict[str, dict[str, list[str]]] = {}
    packages = {package_of(module_name(p)) for p in APP.rglob("*.py")}
    for path in sorted(APP.rglob("*.py")):
        source = package_of(module_name(path))
        edges = graph.setdefault(source, {})
        for target in imported_modules(path):
            if not target.startswith("app."):
                continue
            imported = package_of(target)
            if imported == source or imported not in packages:
                continue
            witnesses = edges.setdefault(imported, [])
            if module_name(path) not in witnesses:
                witnesses.append(module_name(path))
    return graph


def find_cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def describe(group: list[str], graph: dict[str, dict[str, list[str]]]) -> str:
    """The edges inside one cycle, each with the modules that make it."""
    lines = [" <-> ".join(group)]
    for source in group:
        for target, witnesses in sorted(graph.get(source, {}).items()):
            if target in group:
                lines.append(f"  {source} -> {target}: {', '.join(witnesses)}")
    return "\n".join(lines)


def test_the_import_walk_sees_lazy_and_type_checking_imports() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from app.events.types import Event\n"
        "def f():\n"
        "    import app.store.sql\n"
        "    from app import maps\n"
    )
    found = set(imports_in(source, "app.geoparse.example"))
    assert {"app.events.types", "app.store.sql", "app.maps"} <= found


def test_find_cycles_reports_each_cycle_once() -> None:
    graph = {"a": {"b": ["a.x"]}, "b": {"a": ["b.y"], "c": ["b.z"]}, "c": {}}
    assert find_cycles(graph) == [["a", "b"]]
    assert find_cycles({"a": {"b": []}, "b": {}}) == []


@pytest.mark.parametrize("relative", ["events", "geoparse", "gazetteer", "store", "services"])
def test_every_listed_package_is_seen(relative: str) -> None:
    assert f"app.{relative}" in package_graph()


def test_no_package_import_cycle() -> None:
    graph = package_graph()
    cycles = find_cycles(graph)
    assert not cycles, "package import cycles in app/:\n" + "\n".join(
        describe(group, graph) for group in cycles
    )


def test_the_source_readers_are_read_only_where_the_index_is_built() -> None:
    """``app.gazetteer.sources`` reads the raw downloads at build time; what runs per
    document (the geoparser, the event stage, the services, the API, the maps) reads the
    built index only, so a value both need lives in ``app.gazetteer.types``."""
    readers = sorted(
        module_name(path)
        for path in APP.rglob("*.py")
        if package_of(module_name(path)) not in ("app.gazetteer", "app.cli")
        and any(m.startswith("app.gazetteer.sources") for m in imported_modules(path))
    )
    assert readers == []


def test_the_api_reaches_the_store_only_through_the_services() -> None:
    """Routes are thin: ``app.api`` validates, calls a service and answers; the services
    alone use the store. An ``app.store`` or SQLAlchemy import under ``app/api`` (lazy and
    ``TYPE_CHECKING`` ones included) is data access written in the HTTP layer."""
    reaching = sorted(
        {
            f"{module_name(path)} -> {target}"
            for path in (APP / "api").rglob("*.py")
            for target in imported_modules(path)
            if package_of(target) == "app.store" or target.split(".")[0] == "sqlalchemy"
        }
    )
    assert reaching == []


FEATURE_TYPE_GROUPS = (
    "POPULATED_PLACES",
    "SETTLEMENTS",
    "SETTLEMENT_TYPES",
    "WIDE_AREAS",
    "AREA_TYPES",
    "ENCLOSING_TYPES",
)
"""The groups of feature types, defined once in ``app.gazetteer.types``."""


def _module_assignments(path: Path) -> Iterator[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        yield from (t.id for t in targets if isinstance(t, ast.Name))


def _is_word_set_helper(node: ast.AST) -> bool:
    """``def f(text): return frozenset(text.split())``, whatever the names."""
    if not isinstance(node, ast.FunctionDef) or len(node.body) not in (1, 2):
        return False
    ret = node.body[-1]
    return (
        isinstance(ret, ast.Return)
        and isinstance(ret.value, ast.Call)
        and isinstance(ret.value.func, ast.Name)
        and ret.value.func.id in ("frozenset", "set")
        and len(ret.value.args) == 1
        and isinstance(ret.value.args[0], ast.Call)
        and isinstance(ret.value.args[0].func, ast.Attribute)
        and ret.value.args[0].func.attr == "split"
    )


def test_the_feature_type_groups_are_defined_once() -> None:
    defined = {
        (module_name(path), name)
        for path in APP.rglob("*.py")
        for name in _module_assignments(path)
        if name in FEATURE_TYPE_GROUPS
    }
    assert {module for module, _ in defined} == {"app.gazetteer.types"}, sorted(defined)


def test_the_word_set_helper_is_written_once() -> None:
    helpers = sorted(
        f"{module_name(path)}.{node.name}"
        for path in APP.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _is_word_set_helper(node)
    )
    assert helpers == ["app.core.words.words"]


MAX_MODULE_LINES = 600
"""A module longer than this holds more than one idea: split it by what its parts do."""


def test_no_module_in_app_is_over_600_lines() -> None:
    long = {
        module_name(path): n
        for path in APP.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"
