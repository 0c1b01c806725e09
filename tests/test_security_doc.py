"""docs/security.md names the test that holds each defence: every name it cites must exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# `tests/x/test_y.py::test_z`, `::test_w` (same file as the last full reference) or a bare file.
_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`")


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def cited() -> list[tuple[str, str | None]]:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    found: list[tuple[str, str | None]] = []
    for line in text.splitlines():
        current: str | None = None
        for match in _REFERENCE.finditer(line):
            path, name = match.groups()
            if path:
                current = path
            if current and (path or name):
                found.append((current, name))
    return found


def test_every_test_the_threat_model_cites_exists() -> None:
    references = cited()
    assert len(references) > 60  # the table is read at all
    missing = []
    for path, name in references:
        file = ROOT / path
        if not file.exists():
            missing.append(path)
        elif name and name not in _tests_in(file):
            missing.append(f"{path}::{name}")
    assert missing == []
