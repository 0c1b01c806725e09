"""The wire contract is typed: every status on the wire names its states, and no read model is an
untyped object. Read from the committed specs (scripts/test.sh fails when they drift from the code)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from gateway.account.lifecycle import LIFECYCLE as USERS
from gateway.organisations.lifecycle import LIFECYCLE as ORGANISATIONS
from kit.rules import Lifecycle
from kit.settings import REPO_ROOT
from matching.batch.lifecycle import LIFECYCLE as BATCHES
from matching.demand.lifecycle import LIFECYCLE as DEMANDS
from matching.interest.lifecycle import LIFECYCLE as INTERESTS
from workflow.application.lifecycle import LIFECYCLE as APPLICATIONS
from workflow.award.lifecycle import LIFECYCLE as AWARDS
from workflow.challenge.lifecycle import LIFECYCLE as CHALLENGES
from workflow.objection.lifecycle import LIFECYCLE as OBJECTIONS
from workflow.question.lifecycle import LIFECYCLE as QUESTIONS
from workflow.review.lifecycle import LIFECYCLE as ASSIGNMENTS

SPECS = REPO_ROOT / "frontend" / "openapi"
SERVICES = ("gateway", "matching", "workflow")
STATUS = re.compile(r"(.+_)?status")


def _spec(service: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((SPECS / f"{service}.json").read_text(encoding="utf-8"))
    return spec


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _enumerated(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An enum, a reference to one, or a union of them (with null for an optional status)."""
    schema = _resolve(spec, schema)
    if "enum" in schema or "const" in schema:
        return True
    if schema.get("type") == "object":  # counts by status: the keys are the states
        return _enumerated(spec, schema.get("propertyNames", {}))
    if schema.get("type") == "array":  # a filter on several states
        return _enumerated(spec, schema.get("items", {}))
    members = schema.get("anyOf") or schema.get("oneOf") or schema.get("allOf")
    if members:
        typed = [m for m in members if _resolve(spec, m).get("type") != "null"]
        return bool(typed) and all(_enumerated(spec, m) for m in typed)
    return False


def _statuses(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in spec["components"]["schemas"].items():
        for prop, body in schema.get("properties", {}).items():
            if STATUS.fullmatch(prop) and not (name == "Problem" and prop == "status"):  # RFC 9457: the HTTP code
                yield f"{name}.{prop}", body
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []) if isinstance(op, dict) else []:
                if STATUS.fullmatch(param["name"]):
                    yield f"{method.upper()} {path}?{param['name']}", param["schema"]


def _open_objects(spec: dict[str, Any]) -> Iterator[str]:
    """Schemas (and their properties) that admit any keys with any values."""
    for name, schema in spec["components"]["schemas"].items():
        for where, body in [(name, schema), *((f"{name}.{p}", b) for p, b in schema.get("properties", {}).items())]:
            for part in [body, *(body.get("anyOf") or [])]:
                if part.get("type") == "object" and part.get("additionalProperties") in (True, {}):
                    yield where


# The named status types on the wire and the lifecycle whose states they are. Matching's
# ChallengeStatus is workflow's, carried by its events.
WIRE_STATES: list[tuple[str, str, Lifecycle[Any, Any]]] = [
    ("gateway", "OrganisationStatus", ORGANISATIONS),
    ("gateway", "UserStatus", USERS),
    ("matching", "DemandStatus", DEMANDS),
    ("matching", "InterestStatus", INTERESTS),
    ("matching", "BatchStatus", BATCHES),
    ("matching", "ChallengeStatus", CHALLENGES),
    ("workflow", "ApplicationStatus", APPLICATIONS),
    ("workflow", "AwardStatus", AWARDS),
    ("workflow", "ObjectionStatus", OBJECTIONS),
    ("workflow", "AssignmentStatus", ASSIGNMENTS),
    ("workflow", "QuestionStatus", QUESTIONS),
]


@pytest.mark.parametrize(("service", "schema", "lifecycle"), WIRE_STATES, ids=[f"{s}.{n}" for s, n, _ in WIRE_STATES])
def test_a_wire_status_type_is_its_lifecycles_states(service: str, schema: str, lifecycle: Lifecycle[Any, Any]) -> None:
    assert tuple(_spec(service)["components"]["schemas"][schema]["enum"]) == lifecycle.states


@pytest.mark.parametrize("service", SERVICES)
def test_every_status_on_the_wire_names_its_states(service: str) -> None:
    spec = _spec(service)
    found = dict(_statuses(spec))
    assert found, "no status fields found: the pattern no longer matches the spec"
    bare = sorted(where for where, schema in found.items() if not _enumerated(spec, schema))
    assert not bare, bare


# Free-form by nature, named one by one so that no new one slips in: the problem document (RFC 9457
# lets a problem carry extension members), an audit line's data and an event's payload (each act and
# event has its own), an amendment's diff (of whichever fields changed), an application's content and
# fix-up answer and an expert's scores (shaped by each challenge's own form and criteria), and the
# owner's cancellation request (kept as it was asked).
FREE_FORM = {
    "gateway": {"Problem", "AdminAuditEntry.data"},
    "matching": {"Problem", "AdminAuditEntry.data"},
    "workflow": {
        "Problem",
        "AuditEntryOut.data",
        "AdminAuditEntry.data",
        "OutboxEventOut.payload",
        "AmendmentOut.diff",
        "ApplicationOut.content",
        "ApplicationOut.fixup_response",
        "AssignmentOut.scores",
        "Challenge.cancel_request",
    },
}


@pytest.mark.parametrize("service", SERVICES)
def test_no_read_model_is_an_untyped_object(service: str) -> None:
    assert set(_open_objects(_spec(service))) == FREE_FORM[service]


def test_the_walk_sees_what_it_must_refuse() -> None:
    """The walk itself: a bare string status and an open object are found, an enum and a union of enums pass."""
    spec: dict[str, Any] = {
        "paths": {},
        "components": {
            "schemas": {
                "S": {"enum": ["a", "b"]},
                "Row": {
                    "properties": {
                        "status": {"type": "string"},
                        "award_status": {"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]},
                        "criteria": {"type": "object", "additionalProperties": True},
                    }
                },
            }
        },
    }
    assert [w for w, b in _statuses(spec) if not _enumerated(spec, b)] == ["Row.status"]
    assert list(_open_objects(spec)) == ["Row.criteria"]
