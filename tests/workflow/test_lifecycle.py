"""Table-driven: every (status, action) pair either is in the rules or answers 409."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import pytest
from sqlalchemy.orm import Session

from workflow.challenge.lifecycle import RULES, STATES, SYSTEM, Actor, IllegalAction, allowed_actions, transition
from workflow.models import Challenge

OWNER = Actor(id="u-ent", roles=frozenset({"enterprise"}), org_id="org-1")
GOV = Actor(id="u-gov", roles=frozenset({"gov_reviewer"}), org_id="gov")
VENDOR = Actor(id="u-v", roles=frozenset({"vendor"}), org_id="org-1")
ALL_FACTS = {
    "missing": [],
    "not_approved": True,
    "publish_due": True,
    "enough_valid": True,
    "all_decided": True,
    "any_eligible": True,
    "panel_ready": True,
    "reviews_done": True,
    "selection_ok": True,
    "different_reviewer": True,
    "publicity_over": True,
    "cancel_requested": True,
}
ACTORS = {"owner": OWNER, "gov": GOV, "system": SYSTEM}


class FakeSession:
    def __init__(self) -> None:
        self.added: list[object] = []

    def add(self, row: object) -> None:
        self.added.append(row)


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("action", sorted({r.action for r in RULES}))
def test_every_pair(status: str, action: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workflow.challenge.lifecycle.audit.append", lambda *a, **k: None)
    monkeypatch.setattr("workflow.challenge.lifecycle.emit_for_status", lambda *a, **k: None)
    rules = [r for r in RULES if r.action == action and status in r.sources]
    now = datetime(2026, 1, 5, tzinfo=UTC)
    ch = Challenge(id="c", status=status, version=1, owner_org_id="org-1")
    for name, actor in (*ACTORS.items(), ("vendor", VENDOR)):
        ch.status, ch.version = status, 1
        expected = next((r for r in rules if r.actor == name), None)
        if expected is None:
            with pytest.raises(IllegalAction):
                transition(cast(Session, FakeSession()), ch, action, actor, now, reason="因为", facts=ALL_FACTS)
            assert ch.status == status
            continue
        transition(cast(Session, FakeSession()), ch, action, actor, now, reason="因为", facts=ALL_FACTS)
        assert ch.status == (expected.target or status)


def test_guard_reason_is_reported() -> None:
    ch = Challenge(id="c", status="award_approval", version=1, owner_org_id="org-1")
    with pytest.raises(IllegalAction) as info:
        transition(
            cast(Session, FakeSession()),
            ch,
            "approve_award",
            GOV,
            datetime.now(UTC),
            facts={"different_reviewer": False},
        )
    assert "recommended" in str(info.value)
    assert info.value.extra["allowed_actions"] == allowed_actions(ch, GOV)
