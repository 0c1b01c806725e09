"""The workflow service's layering (decision 0102), read from the syntax tree of every module: the
foundation (settings, tables, sealing, the clients of other services) and the shared layer (request
context, audit chain, history, working days) never import a domain module; only app.py registers
routes; only clients/ (and app.py, which builds the async client) talk to other services; and no
route's path is matched by another's pattern, so the order the routers are registered in decides
nothing."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Collection, Iterator

from starlette.routing import compile_path

from kit.settings import REPO_ROOT

PACKAGE = REPO_ROOT / "services" / "workflow" / "workflow"
# Layer 0: depends on the kit and on itself only.
FOUNDATION = ("workflow.config", "workflow.models", "workflow.sealing", "workflow.clients")
# Layer 1: depends on the foundation and on itself only.
SHARED = (
    "workflow.context",
    "workflow.history",
    "workflow.audit.service",
    "workflow.audit.reads",
    "workflow.audit.schemas",
    "workflow.calendar.repository",
)
# Composition: builds the app and registers every module's router; runs the chronograph and the commands.
APP = "workflow.app"
COMPOSITION = (APP, "workflow.scheduler", "workflow.seed", "workflow.rekey")
SERVICE_CALLS = ("httpx", "kit.http")


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(source: str, modules: Collection[str]) -> Iterator[str]:
    """The modules a source imports at run time (what `if TYPE_CHECKING:` imports is left out: it
    makes no dependency when the code runs). `from a import b` is `a.b` when that is one of
    `modules`, else `a`."""
    stack: list[ast.AST] = [ast.parse(source)]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield submodule if submodule in modules else node.module
        stack.extend(ast.iter_child_nodes(node))


def _modules() -> dict[str, set[str]]:
    paths = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        paths[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return {name: set(imports(path.read_text(encoding="utf-8"), paths)) for name, path in paths.items()}


MODULES = _modules()


def _breaches(modules: tuple[str, ...], allowed: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} imports {target}"
        for name, targets in MODULES.items()
        if _within(name, modules)
        for target in targets
        if target.startswith("workflow.") and not _within(target, allowed)
    )


def test_the_foundation_imports_no_workflow_module_above_it() -> None:
    assert "workflow.sealing" in MODULES
    assert _breaches(FOUNDATION, FOUNDATION) == []


def test_the_context_and_the_audit_chain_import_only_the_foundation() -> None:
    assert _breaches(SHARED, FOUNDATION + SHARED) == []
    application = [t for name in MODULES if _within(name, SHARED) for t in MODULES[name] if "workflow.application" in t]
    assert application == []


def test_only_the_composition_imports_the_composition() -> None:
    below = tuple(name for name in MODULES if name != "workflow" and not _within(name, COMPOSITION))
    assert _breaches(below, tuple(name for name in MODULES if not _within(name, COMPOSITION))) == []


def test_only_the_app_imports_a_router() -> None:
    routers = sorted(
        f"{name} imports {target}"
        for name, targets in MODULES.items()
        if name != APP
        for target in targets
        if target.endswith(".endpoints")
    )
    assert routers == []
    assert sum(1 for target in MODULES[APP] if target.endswith(".endpoints")) >= 10


def test_only_the_clients_call_other_services() -> None:
    callers = sorted(
        name
        for name, targets in MODULES.items()
        if any(_within(target, SERVICE_CALLS) for target in targets) and not _within(name, ("workflow.clients", APP))
    )
    assert callers == []
    assert {"workflow.clients.gateway", "workflow.clients.matching"} <= set(MODULES)


def test_no_route_shadows_another() -> None:
    spec = json.loads((REPO_ROOT / "frontend" / "openapi" / "workflow.json").read_text(encoding="utf-8"))
    paths: dict[str, dict[str, object]] = spec["paths"]
    shadowed = sorted(
        f"{first} matches {second}"
        for first, ops in paths.items()
        for second, other in paths.items()
        if first != second
        and set(ops) & set(other)
        and compile_path(first)[0].match(re.sub(r"\{[^}]+\}", "x1", second))
    )
    assert shadowed == []
    assert {"/challenges.xlsx", "/challenges.csv", "/challenges/{challenge_id}"} <= set(paths)


def test_the_scan_sees_run_time_imports_only() -> None:
    source = (
        "import workflow.models\n"
        "from workflow.application import service\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from workflow.challenge.lifecycle import Actor\n"
        "else:\n    import workflow.audit\n"
        "def f():\n    from workflow.review import repository\n"
    )
    known = {"workflow.models", "workflow.application.service", "workflow.review.repository"}
    assert set(imports(source, known)) == {
        "workflow.models",
        "workflow.application.service",
        "typing",
        "workflow.audit",
        "workflow.review.repository",
    }
    assert compile_path("/challenges/{challenge_id}")[0].match("/challenges/x1")
    assert not compile_path("/challenges/{challenge_id}")[0].match("/challenges.xlsx")
