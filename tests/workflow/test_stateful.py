"""Random action sequences against the API; the invariants hold after every step, for the challenge
and for the applications and awards inside it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from demo.accounts import ORG_BY_KEY
from kit.db import normalise_url
from kit.rules import Lifecycle
from tests.support.databases import empty_tables
from tests.workflow.factories import Api, application_body
from workflow.application.lifecycle import LIFECYCLE as APPLICATIONS
from workflow.award.lifecycle import LIFECYCLE as AWARDS
from workflow.challenge.lifecycle import RULES
from workflow.models import Application, Award, Base, StatusTransition

PAIRS = {(src, r.target) for r in RULES if r.target for src in r.sources}
# The inner entities: the state each row is created in, and its table.
INNER: dict[str, tuple[type[Any], str, Lifecycle[Any, Any]]] = {
    "application": (Application, "submitted", APPLICATIONS),
    "award": (Award, "recommended", AWARDS),
}
USERS = ("ent1", "ent2", "vendor1", "vendor2", "expert1", "gov1", "gov2", "admin")
ACTIONS = sorted({r.action for r in RULES if r.public})
# status -> the action (and who takes it) that moves a challenge on along the happy path.
HAPPY = {
    "draft": ("submit", "ent1"),
    "pending_approval": ("approve", "gov1"),
    "qualification": ("start_review", "gov1"),
    "expert_review": ("recommend", "gov1"),
    "award_approval": ("approve_award", "gov2"),
}
NAMES = {ORG_BY_KEY[k].name: {"tech": 70 + i * 5, "team": 80} for i, k in enumerate(("vendor1", "vendor2"))}


def _history_chains(session: Session, entity: str) -> None:
    """Every recorded transition of `entity` is a pair of its table, the transitions of one row chain
    from the state it is created in, and the row's status is where its chain ends."""
    model, initial, lifecycle = INNER[entity]
    pairs = lifecycle.pairs()
    rows = session.scalars(select(StatusTransition).where(StatusTransition.entity == entity)).all()
    history: dict[str, list[StatusTransition]] = {}
    for t in rows:
        assert (t.from_status, t.to_status) in pairs, (entity, t.action, t.from_status, t.to_status)
        history.setdefault(t.entity_id, []).append(t)
    for row in session.scalars(select(model)):
        # Steps of one request share its time: order them by chaining, earliest time first.
        pending, status = sorted(history.get(row.id, []), key=lambda t: t.at), initial
        while pending:
            first = min(t.at for t in pending)
            step = next((t for t in pending if t.at == first and t.from_status == status), None)
            assert step is not None, (entity, status, [(t.from_status, t.to_status) for t in pending])
            pending.remove(step)
            status = step.to_status
        assert row.status == status, (entity, row.id)


def test_random_action_sequences(api: Api, db_url: str) -> None:
    start = api.clock.now()
    engine = create_engine(normalise_url(db_url))

    class Machine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            empty_tables(db_url, Base.metadata)
            api.clock.set(start)
            self.cid = api.draft(mode="jiebang", max_winners=1)
            self.apps: list[str] = []
            self.owner: dict[str, str] = {}

        @rule(action=st.sampled_from(ACTIONS), user=st.sampled_from(USERS))
        def act(self, action: str, user: str) -> None:
            r = api.act(self.cid, action, user, reason="随机测试", application_ids=None)
            assert r.status_code in (200, 403, 404, 409), r.text

        @rule(stages=st.integers(min_value=1, max_value=3))
        def happy_path(self, stages: int) -> None:
            """The next stages of the happy path, so that runs reach applications, awards and 公示."""
            for _ in range(stages):
                status = api.ok(api.get(f"/challenges/{self.cid}", "gov1"))["status"]
                if status == "open":
                    if not self.apps:
                        self.apply("vendor1")
                        self.apply("vendor2")
                    api.pass_deadline(self.cid)
                elif status == "publicity":
                    self.time_passes(7)
                elif status in HAPPY:
                    if status == "qualification":
                        api.qualify_all(self.cid)
                    if status == "expert_review":
                        api.review(self.cid, ("expert1",), NAMES)
                    action, user = HAPPY[status]
                    r = api.act(self.cid, action, user, reason="随机测试", application_ids=None)
                    assert r.status_code in (200, 409), r.text

        @rule(vendor=st.sampled_from(("vendor1", "vendor2")))
        def apply(self, vendor: str) -> None:
            r = api.post(f"/challenges/{self.cid}/applications", vendor, json=application_body(vendor))
            assert r.status_code in (201, 404, 409), r.text
            if r.status_code == 201:
                self.apps.append(r.json()["id"])
                self.owner[r.json()["id"]] = vendor

        @rule(data=st.data(), step=st.sampled_from(("withdraw", "confirm")))
        def change_application(self, data: st.DataObject, step: str) -> None:
            if not self.apps:
                return
            app_id = data.draw(st.sampled_from(self.apps))
            r = api.post(f"/applications/{app_id}/{step}", self.owner[app_id])
            assert r.status_code in (200, 404, 409), r.text

        @rule(upheld=st.booleans())
        def object_during_publicity(self, upheld: bool) -> None:
            r = api.post(
                f"/challenges/{self.cid}/objections", "vendor2", json={"grounds": "评分过程存在明显问题，请复核。"}
            )
            assert r.status_code in (201, 403, 404, 409), r.text
            if r.status_code == 201:
                outcome = {"outcome": "upheld" if upheld else "rejected", "answer": "已复核"}
                decided = api.post(f"/objections/{r.json()['id']}/decision", "gov1", json=outcome)
                assert decided.status_code in (200, 409), decided.text

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
        def applications_and_awards_move_only_by_their_tables(self) -> None:
            with Session(engine) as session:
                for entity in INNER:
                    _history_chains(session, entity)

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
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    engine.dispose()
