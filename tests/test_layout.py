"""The test layout of decision 0103: shared helpers in factories, conftest or tests/support, never in
another test module; the tests that start real processes under tests/e2e, marked e2e, and only those."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_test_module_imports_another_test_module() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)} imports {name}"
        for path in _modules()
        for name in sorted(_imported(ast.parse(path.read_text(encoding="utf-8"))))
        if name.startswith("tests.") and name.rsplit(".", 1)[-1].startswith("test_")
    ]
    assert offenders == []


def _marked_e2e(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets):
            return "mark.e2e" in ast.unparse(node.value)
    return False


def test_the_e2e_tests_are_the_modules_under_tests_e2e() -> None:
    test_modules = [p for p in _modules() if p.name.startswith("test_")]
    marked = {str(p.relative_to(TESTS)) for p in test_modules if _marked_e2e(p)}
    under = {str(p.relative_to(TESTS)) for p in test_modules if p.parent.name == "e2e"}
    assert marked == under
    assert "e2e/test_workflow_gateway.py" in marked
