"""The layout's rules, checked on the source (docs/architecture.md, "The map").

Floors: core at the ground; marketplace above it; catalog, media, search, fairs and orders above
those (they may import each other, but no file may sit in an import circle); partners and demo at
the top. An import goes down, never up; an app imports another app's models, services and
selectors, never its views or admin. The project's composition root (settings, root urls, the
Celery app, wsgi) sits above every floor. Each rule below fails with the offending lines.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {
    "core": 0,
    "marketplace": 1,
    "catalog": 2,
    "media": 2,
    "search": 2,
    "fairs": 2,
    "orders": 2,
    "leads": 2,
    "traceability": 2,
    "partners": 3,
    "web": 3,
    "demo": 3,
}
APPS = tuple(app for app in FLOORS if (ROOT / app).is_dir())
# The Django project itself: it assembles every app, so it may import any of them.
COMPOSITION_ROOT = {
    "marketplace.settings",
    "marketplace.urls",
    "marketplace.celery",
    "marketplace.wsgi",
}
# Imports that run from a lower floor up, each accepted with its reason (at most 2).
UPWARD_ALLOWED: dict[tuple[str, str], str] = {
    ("marketplace.selectors", "media.selectors"): "a storefront list prefetches its logo and "
    "banner (pictures live in media, which stands on marketplace for the storefront row)",
    ("marketplace.api.serializers", "media.api.serializers"): "a storefront is shown with its "
    "logo and banner in the picture shape every other response uses",
}
MAX_DEFERRED = 10
MAX_LINES = 600
# Demo *data* (tables of names and products) may be long; demo code may not.
LONG_DATA_MODULES = {"demo/products.py"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the project module imported
    line: int
    deferred: bool  # inside a function
    type_only: bool  # under `if TYPE_CHECKING:`


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _target(name: str) -> str | None:
    """The project module an import of `name` loads (longest known prefix)."""
    modules = _modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


@cache
def _imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for module, path in _modules().items():
        is_package = path.name == "__init__.py"

        def visit(node: ast.AST, deferred: bool, type_only: bool, module=module, pkg=is_package):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    visit(child, True, type_only)
                elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    visit(child, deferred, True)
                elif isinstance(child, ast.Import | ast.ImportFrom):
                    for name in _imported_names(module, pkg, child):
                        target = _target(name)
                        if target and target.split(".")[0] in APPS and target != module:
                            found.append(Import(module, target, child.lineno, deferred, type_only))
                else:
                    visit(child, deferred, type_only)

        visit(ast.parse(path.read_text(), str(path)), False, False)
    return tuple(found)


def _imported_names(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - node.level + 1]
        base = ".".join([*parts, base] if base else parts)
    # `from pkg import sub` imports the submodule when there is one.
    return [f"{base}.{alias.name}" for alias in node.names]


def _app(module: str) -> str:
    return module.split(".")[0]


def _report(lines: list[str]) -> str:
    return "\n  ".join(["", *sorted(lines)])


def test_the_apps_are_where_the_map_says():
    assert {"core", "marketplace", "catalog", "media", "search", "fairs", "orders"} <= set(APPS)


def test_core_imports_no_other_app():
    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in _imports()
        if _app(i.module) == "core" and _app(i.target) != "core"
    ]
    assert not bad, _report(bad)


def test_no_app_imports_the_top_floor():
    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in _imports()
        if _app(i.target) in ("partners", "web", "demo")
        and _app(i.module) != _app(i.target)
        and i.module not in COMPOSITION_ROOT
    ]
    assert not bad, _report(bad)


def test_imports_go_down_the_floors():
    upward = {
        (i.module, i.target)
        for i in _imports()
        if not i.type_only
        and i.module not in COMPOSITION_ROOT
        and FLOORS[_app(i.target)] > FLOORS[_app(i.module)]
    }
    unexplained = [f"{m} imports {t}" for m, t in upward if (m, t) not in UPWARD_ALLOWED]
    assert not unexplained, _report(unexplained)
    assert len(UPWARD_ALLOWED) <= 2


def test_no_app_imports_another_apps_views_or_admin():
    def is_view(target: str) -> bool:
        parts = target.split(".")[1:]
        return parts[:1] == ["admin"] or any(part.startswith("views") for part in parts)

    bad = [
        f"{i.module}:{i.line} imports {i.target}"
        for i in _imports()
        if _app(i.module) != _app(i.target)
        and i.module not in COMPOSITION_ROOT
        and is_view(i.target)
        and _app(i.target) != "core"  # core.admin's base classes are meant for every app
    ]
    assert not bad, _report(bad)


def test_no_import_circle_between_files():
    graph: dict[str, set[str]] = {}
    for i in _imports():
        if not i.deferred and not i.type_only:
            graph.setdefault(i.module, set()).add(i.target)
    circles = _strongly_connected(graph)
    assert not circles, _report([" -> ".join(sorted(c)) for c in circles])


def test_imports_inside_functions_are_few_and_explained():
    deferred = sorted({(i.module, i.line) for i in _imports() if i.deferred and not i.type_only})
    unexplained = []
    for module, line in deferred:
        source = _modules()[module].read_text().splitlines()
        above = source[line - 2].strip() if line >= 2 else ""
        if not above.startswith("# deferred:"):
            unexplained.append(f"{module}:{line} has no '# deferred: <reason>' line above it")
    assert not unexplained, _report(unexplained)
    assert len(deferred) <= MAX_DEFERRED, _report([f"{m}:{n}" for m, n in deferred])


def test_no_module_is_past_the_split_size():
    long = []
    for path in _modules().values():
        relative = path.relative_to(ROOT).as_posix()
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES and relative not in LONG_DATA_MODULES:
            long.append(f"{relative}: {lines} lines")
    assert not long, _report(long)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from core.errors import NotFound\n", [("core.errors", False)]),
        ("def f():\n    from core import text\n", [("core.text", True)]),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import core.models\n", []),
    ],
)
def test_the_checker_sees_what_it_checks(tmp_path, monkeypatch, source, expected):
    """The rules above are only as good as the import scan: it must see each kind of import."""
    module = "marketplace.scan_probe"
    monkeypatch.setitem(_modules(), module, tmp_path / "scan_probe.py")
    (tmp_path / "scan_probe.py").write_text(source)
    _imports.cache_clear()
    try:
        seen = [
            (i.target, i.deferred) for i in _imports() if i.module == module and not i.type_only
        ]
    finally:
        _imports.cache_clear()
    assert seen == expected


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; returns the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in list(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found
