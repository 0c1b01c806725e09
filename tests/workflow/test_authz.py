"""Every route × every role × ownership while an application is sealed (challenge open).

Invariants: sealed content reaches nobody but the submitting organisation; anonymous callers reach
only the public reads; role-gated routes refuse other roles; nothing a non-submitter does changes
the sealed application.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from tests.workflow.factories import Api, application_body

SEALED_PLAN = "VENDOR1-SEALED-PLAN 仅本单位可见"
USERS = (None, "ent1", "ent2", "vendor1", "vendor2", "expert1", "expert4", "gov1", "gov2", "admin")
ROLE_OF = {
    "ent1": "enterprise",
    "ent2": "enterprise",
    "vendor1": "vendor",
    "vendor2": "vendor",
    "expert1": "expert",
    "expert4": "expert",
    "gov1": "gov_reviewer",
    "gov2": "gov_reviewer",
    "admin": "admin",
}
PUBLIC = {
    ("GET", p)
    for p in (
        "/challenges",
        "/challenges.csv",
        "/challenges/{challenge_id}",
        "/challenges/{challenge_id}/transitions",
        "/challenges/{challenge_id}/amendments",
        "/challenges/{challenge_id}/audit",
        "/challenges/{challenge_id}/audit/verify",
        "/challenges/{challenge_id}/ocds",
        "/challenges/{challenge_id}/publicity",
        "/challenges/{challenge_id}/questions",
        "/challenges/{challenge_id}/objections",
        "/calendar/overrides",
        "/calendar/workdays",
        "/healthz",
        "/readyz",
        "/metrics",
    )
}
ROLE_GATED = {
    ("POST", "/challenges"): "enterprise",
    ("POST", "/challenges/{challenge_id}/applications"): "vendor",
    ("PUT", "/applications/{application_id}"): "vendor",
    ("POST", "/applications/{application_id}/withdraw"): "vendor",
    ("POST", "/applications/{application_id}/confirm"): "vendor",
    ("POST", "/applications/{application_id}/fixup"): "vendor",
    ("POST", "/challenges/{challenge_id}/questions"): "vendor",
    ("POST", "/challenges/{challenge_id}/objections"): "vendor",
    ("POST", "/applications/{application_id}/qualification"): "gov_reviewer",
    ("POST", "/challenges/{challenge_id}/experts"): "gov_reviewer",
    ("GET", "/challenges/{challenge_id}/experts"): "gov_reviewer",
    ("DELETE", "/challenges/{challenge_id}/experts/{user_id}"): "gov_reviewer",
    ("POST", "/objections/{objection_id}/decision"): "gov_reviewer",
    ("POST", "/challenges/{challenge_id}/coi"): "expert",
    ("GET", "/assignments"): "expert",
    ("PUT", "/assignments/{assignment_id}/scores"): "expert",
    ("POST", "/assignments/{assignment_id}/recuse"): "expert",
    ("PUT", "/calendar/overrides/{day}"): "admin",
    ("DELETE", "/calendar/overrides/{day}"): "admin",
    ("GET", "/admin/outbox"): "admin",
    ("POST", "/admin/outbox/{event_id}/retry"): "admin",
}
CONTENT_READS = {
    ("GET", "/applications/{application_id}"),
    ("GET", "/applications/{application_id}/documents/{index}"),
    ("GET", "/challenges/{challenge_id}/applications"),
}


def _routes(app: FastAPI) -> set[tuple[str, str]]:
    def walk(routes: list[Any]) -> list[APIRoute]:
        found: list[APIRoute] = []
        for r in routes:
            if isinstance(r, APIRoute):
                found.append(r)
            elif hasattr(r, "original_router"):
                found += walk(r.original_router.routes)
            elif hasattr(r, "routes"):
                found += walk(r.routes)
        return found

    return {(m, r.path) for r in walk(list(app.routes)) for m in (r.methods or set())}


def test_every_route_every_role_while_sealed(api: Api, app: FastAPI) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1", plan=SEALED_PLAN)
    question = api.ok(api.post(f"/challenges/{cid}/questions", "vendor2", json={"text": "能否联合体申报？"}), 201)
    notification = api.ok(api.get("/notifications", "vendor1"))[0]["id"]
    ids = {
        "challenge_id": cid,
        "application_id": receipt["id"],
        "index": "0",
        "question_id": question["id"],
        "assignment_id": "no-such-assignment",
        "objection_id": "no-such-objection",
        "notification_id": notification,
        "action": "approve_award",
        "day": "2031-05-10",
        "event_id": "no-such-event",
        "user_id": "no-such-user",
    }
    bodies: dict[tuple[str, str], Callable[[], Any]] = {
        ("POST", "/challenges"): lambda: {"title": "矩阵测试榜单"},
        ("PATCH", "/challenges/{challenge_id}"): lambda: {"summary": "x"},
        ("POST", "/challenges/{challenge_id}/applications"): lambda: application_body("vendor2", plan="矩阵"),
        ("PUT", "/applications/{application_id}"): lambda: application_body("vendor2", plan="篡改"),
        ("POST", "/applications/{application_id}/qualification"): lambda: {"result": "eligible"},
        ("POST", "/applications/{application_id}/fixup"): lambda: {"note": "补正"},
        ("POST", "/challenges/{challenge_id}/questions"): lambda: {"text": "矩阵提问"},
        ("POST", "/questions/{question_id}/answer"): lambda: {"answer": "矩阵答复"},
        ("POST", "/challenges/{challenge_id}/experts"): lambda: {"user_ids": ["x"]},
        ("DELETE", "/challenges/{challenge_id}/experts/{user_id}"): lambda: {"reason": "矩阵"},
        ("POST", "/challenges/{challenge_id}/coi"): lambda: {"conflicts": []},
        ("PUT", "/assignments/{assignment_id}/scores"): lambda: {"scores": {"tech": 1, "team": 1}},
        ("POST", "/assignments/{assignment_id}/recuse"): lambda: {"reason": "r"},
        ("POST", "/challenges/{challenge_id}/objections"): lambda: {"grounds": "矩阵测试异议理由充分"},
        ("POST", "/objections/{objection_id}/decision"): lambda: {"outcome": "rejected", "answer": "a"},
        ("PUT", "/calendar/overrides/{day}"): lambda: {"is_workday": True, "note": "矩阵"},
    }
    routes = _routes(app)
    seen: set[tuple[str, str]] = set()
    for method, path in sorted(routes):
        url = path.format(**ids)
        for user in USERS:
            if user == "vendor1" and method != "GET":
                continue  # the submitter's own changes are tested in test_application
            body = bodies.get((method, path), dict)()
            r = api.client.request(method, url, headers=api.h(user), json=body if method != "GET" else None)
            seen.add((method, path))
            where = (method, path, user, r.status_code)
            assert r.status_code < 500, where
            if user != "vendor1":
                assert SEALED_PLAN not in r.text, where
                assert receipt["sha256"] not in r.text, where
            if user is None and (method, path) not in PUBLIC:
                assert r.status_code == 401, where
            gate = ROLE_GATED.get((method, path))
            if user is not None and gate is not None and ROLE_OF[user] != gate:
                assert r.status_code == 403, where
            if (method, path) in CONTENT_READS and user != "vendor1":
                assert r.status_code in (401, 403, 404), where
    assert seen == routes
    mine = api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    assert mine["sha256"] == receipt["sha256"]
    assert mine["status"] == "submitted"
    assert mine["content"]["plan"] == SEALED_PLAN
