"""One writer of status per service: no code outside kit.rules.Lifecycle.transition assigns a `status`
attribute (plainly, in a tuple or augmented) in any service, so every change goes through a rule and is
recorded. Read from the syntax tree, so no spelling of the assignment slips past."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SERVICES = Path(__file__).resolve().parents[1] / "services"
WRITERS = {
    "kit/kit/rules.py",  # Lifecycle.transition: the one writer of every lifecycle
    # Matching's copy of a workflow challenge takes the status workflow's writer chose, from its event.
    "matching/matching/events/service.py",
}


def _targets(node: ast.AST) -> Iterator[ast.expr]:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _flat(target)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        yield from _flat(node.target)


def _flat(target: ast.expr) -> Iterator[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _flat(element)
    else:
        yield target


def status_writes(source: str) -> list[int]:
    return sorted(
        target.lineno
        for node in ast.walk(ast.parse(source))
        for target in _targets(node)
        if isinstance(target, ast.Attribute) and target.attr == "status"
    )


def test_only_the_writers_assign_a_status() -> None:
    found = {
        f"{path.relative_to(SERVICES)}:{n}"
        for path in sorted(SERVICES.rglob("*.py"))
        for n in status_writes(path.read_text(encoding="utf-8"))
    }
    assert {f.split(":")[0] for f in found} == WRITERS, sorted(found)


def test_the_scan_sees_plain_tuple_and_cast_assignments() -> None:
    source = (
        "row.status = 'x'\n"
        "row.answer, row.status = a, b\n"
        "cast(Any, row).status = c\n"
        "if row.status == 'y':\n    f(status='z')\n"
        "row.status_note = ''\n"
        "status = 'local'\n"
    )
    assert status_writes(source) == [1, 2, 3]
