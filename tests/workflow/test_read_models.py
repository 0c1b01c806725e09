"""The challenge read models are typed on the wire: statuses are the lifecycle's states, and criteria,
indicators and eligibility have the shapes a client sends, so the generated clients need no casts."""

from __future__ import annotations

from typing import get_args

from tests.workflow.factories import Api, challenge_body
from workflow.app import create_app
from workflow.challenge.lifecycle import STATES
from workflow.challenge.schemas import ChallengeStatus


def test_the_wire_status_is_the_lifecycle_states() -> None:
    assert get_args(ChallengeStatus) == STATES


def test_challenge_reads_carry_no_untyped_objects_or_bare_statuses() -> None:
    schemas = create_app().openapi()["components"]["schemas"]
    challenge = schemas["Challenge"]["properties"]
    for name in ("criteria", "indicators", "documents"):
        assert challenge[name]["items"]["$ref"].rsplit("/", 1)[-1] in {"Criterion", "Indicator", "DocumentRef"}
    assert challenge["eligibility"]["$ref"].endswith("/Eligibility")
    for model, field in (("Challenge", "status"), ("ChallengeSummary", "status"), ("Transition", "to_status")):
        assert schemas[model]["properties"][field]["enum"] == list(STATES)
    assert schemas["Challenge"]["properties"]["mode"]["enum"] == ["jiebang", "horse_race"]


def test_a_challenge_reads_back_what_was_sent(api: Api) -> None:
    sent = challenge_body(api.clock.now(), documents=[{"name": "技术规范.pdf", "url": "https://example.org/a.pdf"}])
    cid = api.ok(api.post("/challenges", "ent1", json=sent), 201)["id"]
    read = api.ok(api.get(f"/challenges/{cid}", "ent1"))
    assert read["status"] == "draft"
    assert read["indicators"] == sent["indicators"]
    assert read["criteria"] == sent["criteria"]
    assert read["eligibility"] == sent["eligibility"]
    assert read["documents"] == [{**sent["documents"][0], "public": True}]
    assert read["reward_amount"] == 200.0
    summary = api.ok(api.get("/challenges", "ent1"))["items"][0]
    assert (summary["id"], summary["status"], summary["mode"]) == (cid, "draft", "jiebang")
    api.ok(api.act(cid, "submit", "ent1"))
    [moved] = api.ok(api.get(f"/challenges/{cid}/transitions", "ent1"))
    assert (moved["action"], moved["from_status"], moved["to_status"]) == ("submit", "draft", "pending_approval")
