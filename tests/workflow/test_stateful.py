"""Random action sequences against the API; the invariants hold after every step."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kit.demo import ORG_BY_KEY
from kit.testing import empty_tables
from tests.workflow.factories import Api
from workflow.challenge.lifecycle import RULES
from workflow.models import Base

PAIRS = {(src, r.target) for r in RULES if r.target for src in r.sources}
USERS = ("ent1", "ent2", "vendor1", "vendor2", "expert1", "gov1", "gov2", "admin")
ACTIONS = sorted({r.action for r in RULES if r.public})
NAMES = {ORG_BY_KEY[k].name: {"tech": 70 + i * 5, "team": 80} for i, k in enumerate(("vendor1", "vendor2"))}


def test_random_action_sequences(api: Api, db_url: str) -> None:
    start = api.clock.now()

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            empty_tables(db_url, Base.metadata)
            api.clock.set(start)
            self.cid = api.draft(mode="jiebang", max_winners=1)
            self.apps: list[str] = []

        @rule(action=st.sampled_from(ACTIONS), user=st.sampled_from(USERS))
        def act(self, action: str, user: str) -> None:
            r = api.act(self.cid, action, user, reason="随机测试", application_ids=None)
            assert r.status_code in (200, 403, 404, 409), r.text

        @rule(vendor=st.sampled_from(("vendor1", "vendor2")))
        def apply(self, vendor: str) -> None:
            r = api.post(f"/challenges/{self.cid}/applications", vendor, json=_body(vendor))
            assert r.status_code in (201, 404, 409), r.text
            if r.status_code == 201:
                self.apps.append(r.json()["id"])

        @rule(days=st.integers(min_value=1, max_value=7))
        def time_passes(self, days: int) -> None:
            api.clock.advance(timedelta(days=days * 3))
            api.tick()

        @rule()
        def qualify_and_review(self) -> None:
            status = api.ok(api.get(f"/challenges/{self.cid}", "gov1"))["status"]
            if status == "qualification":
                api.qualify_all(self.cid)
            if status == "expert_review":
                api.review(self.cid, ("expert1",), NAMES)

        @invariant()
        def status_moves_only_by_the_table(self) -> None:
            history = api.ok(api.get(f"/challenges/{self.cid}/transitions", "gov1"))
            previous = "draft"
            for t in history:
                assert (t["from_status"], t["to_status"]) in PAIRS
                assert t["from_status"] == previous
                previous = t["to_status"]

        @invariant()
        def nothing_readable_while_sealed(self) -> None:
            opened = api.ok(api.get(f"/challenges/{self.cid}", "gov1"))["opened_at"] is not None
            for app_id in self.apps:
                for user in ("ent1", "gov1", "expert1", "admin"):
                    r = api.get(f"/applications/{app_id}", user)
                    if not opened:
                        assert r.status_code == 404

        @invariant()
        def at_most_max_winners(self) -> None:
            ch = api.ok(api.get(f"/challenges/{self.cid}", "gov1"))
            if ch["status"] in ("publicity", "awarded"):
                winners = api.ok(api.get(f"/challenges/{self.cid}/publicity"))["winners"]
                assert 1 <= len(winners) <= ch["max_winners"]

    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=15,
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def _body(vendor: str) -> dict[str, object]:
    from tests.workflow.factories import application_body

    return application_body(vendor)
