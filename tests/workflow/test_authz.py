"""Every route × every role × ownership while an application is sealed (challenge open).

Invariants: sealed content reaches nobody but the submitting organisation; anonymous callers reach
only the public reads; role-gated routes refuse other roles; nothing a non-submitter does changes
the sealed application.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from tests.support.routes import app_routes
from tests.workflow.custody_helpers import new_key
from tests.workflow.factories import Api, application_body

SEALED_PLAN = "VENDOR1-SEALED-PLAN 仅本单位可见"
USERS = (None, "ent1", "ent2", "vendor1", "vendor2", "expert1", "expert4", "gov1", "gov2", "super1", "admin")
ROLE_OF = {
    "ent1": "enterprise",
    "ent2": "enterprise",
    "vendor1": "vendor",
    "vendor2": "vendor",
    "expert1": "expert",
    "expert4": "expert",
    "gov1": "gov_reviewer",
    "gov2": "gov_reviewer",
    "super1": "supervisor",
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
        "/challenges/{challenge_id}/custodians",
        "/challenges/{challenge_id}/opening",
        "/challenges/{challenge_id}/questions",
        "/challenges/{challenge_id}/objections",
        "/calendar/overrides",
        "/calendar/workdays",
        "/calendar/years",
        "/calendar/years/{year}",
        "/receipts/keys",
        "/receipts/verify",
        "/docs",
        "/docs/init.js",
        "/docs/assets/{name}",
        "/healthz",
        "/readyz",
        "/metrics",
    )
}
CUSTODIANS = frozenset({"gov_reviewer", "supervisor"})
ROLE_GATED: dict[tuple[str, str], str | frozenset[str]] = {
    ("POST", "/challenges"): "enterprise",
    ("POST", "/challenges/{challenge_id}/applications"): "vendor",
    ("GET", "/applications"): "vendor",
    ("PUT", "/applications/{application_id}"): "vendor",
    ("POST", "/challenges/{challenge_id}/applications/sealed"): "vendor",
    ("PUT", "/applications/{application_id}/sealed"): "vendor",
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
    ("POST", "/agreements/{agreement_id}/acceptance/experts"): "gov_reviewer",
    ("POST", "/agreements/{agreement_id}/acceptance/coi"): "expert",
    ("PUT", "/agreements/{agreement_id}/acceptance/scores"): "expert",
    ("GET", "/assignments"): "expert",
    ("PUT", "/assignments/{assignment_id}/scores"): "expert",
    ("POST", "/assignments/{assignment_id}/recuse"): "expert",
    ("PUT", "/calendar/overrides/{day}"): "admin",
    ("DELETE", "/calendar/overrides/{day}"): "admin",
    ("PUT", "/calendar/years/{year}"): "admin",
    ("POST", "/calendar/years/{year}/import"): "admin",
    ("POST", "/calendar/years/{year}/prefill"): "admin",
    ("POST", "/calendar/years/{year}/confirm"): "admin",
    ("GET", "/admin/outbox"): "admin",
    ("POST", "/admin/outbox/{event_id}/retry"): "admin",
    ("GET", "/admin/deliveries"): "admin",
    ("POST", "/admin/deliveries/{delivery_id}/retry"): "admin",
    ("GET", "/admin/audit"): "admin",
    ("GET", "/admin/audit/verify"): "admin",
    ("GET", "/admin/audit/export"): "admin",
    ("POST", "/custody/keys"): CUSTODIANS,
    ("GET", "/custody/keys/mine"): CUSTODIANS,
    ("GET", "/custody/candidates"): frozenset({"enterprise", "gov_reviewer", "admin"}),
}
# What a supervisor (监督人) reaches besides the public reads: its opening key, and its own notifications
# (decision 0107: supervisors read what they must to open, nothing else yet).
SUPERVISOR_READS = {
    ("POST", "/custody/keys"),
    ("GET", "/custody/keys/mine"),
    ("GET", "/notifications"),
    ("GET", "/challenges.xlsx"),  # the published challenges, as anyone lists them
    ("POST", "/notifications/{notification_id}/read"),
}
CONTENT_READS = {
    ("GET", "/applications/{application_id}"),
    ("GET", "/applications/{application_id}/documents/{index}"),
    ("GET", "/challenges/{challenge_id}/applications"),
    ("GET", "/challenges/{challenge_id}/applications.xlsx"),
    ("GET", "/challenges/{challenge_id}/ranking.xlsx"),
    ("GET", "/applications/{application_id}/receipt"),
    ("GET", "/applications/{application_id}/receipt.pdf"),
}


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
        "year": "2031",
        "event_id": "no-such-event",
        "delivery_id": "no-such-delivery",
        "user_id": "no-such-user",
        "name": "swagger-ui.css",
        "agreement_id": "no-such-agreement",
        "key": "mid",
    }
    bodies: dict[tuple[str, str], Callable[[], Any]] = {
        ("POST", "/challenges"): lambda: {"title": "矩阵测试榜单"},
        ("POST", "/custody/keys"): lambda: {"public_key": new_key()[1]},
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
        ("PUT", "/calendar/years/{year}"): lambda: {"source_title": "矩阵", "source_date": "2030-11-01"},
        ("PUT", "/agreements/{agreement_id}"): lambda: {
            "indicators": [{"metric": "m", "target": "t"}],
            "deliverables": ["d"],
            "milestones": [{"key": "final", "title": "验收", "due_on": "2031-01-01"}],
            "tranches": [{"title": "首笔款", "amount": 1}],
            "sign_by": "2030-12-01",
        },
        ("POST", "/agreements/{agreement_id}/sign"): lambda: {"content_sha256": "0" * 64},
        ("POST", "/agreements/{agreement_id}/refuse"): lambda: {"reason": "矩阵"},
        ("POST", "/agreements/{agreement_id}/decision"): lambda: {"action": "close", "reason": "矩阵"},
        ("POST", "/agreements/{agreement_id}/acceptance"): lambda: {"summary": "矩阵", "deliverables": ["d"]},
        ("POST", "/agreements/{agreement_id}/acceptance/experts"): lambda: {"user_ids": ["x"]},
        ("POST", "/agreements/{agreement_id}/acceptance/coi"): lambda: {"conflict": ""},
        ("PUT", "/agreements/{agreement_id}/acceptance/scores"): lambda: {
            "verdicts": [{"metric": "m", "achieved": True}]
        },
        ("POST", "/agreements/{agreement_id}/acceptance/decision"): lambda: {"outcome": "passed", "reason": "矩阵"},
        ("POST", "/agreements/{agreement_id}/milestones/{key}/report"): lambda: {"summary": "矩阵"},
        ("POST", "/agreements/{agreement_id}/milestones/{key}/assessment"): lambda: {"outcome": "met"},
        ("POST", "/calendar/years/{year}/import"): lambda: {
            "source_title": "矩阵",
            "source_date": "2030-11-01",
            "format": "csv",
            "content": "date,kind,name\n2031-05-12,holiday,矩阵",
        },
    }
    routes = app_routes(app)
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
            if (
                user is not None
                and gate is not None
                and ROLE_OF[user] not in ({gate} if isinstance(gate, str) else gate)
            ):
                assert r.status_code == 403, where
            if user == "super1" and (method, path) not in PUBLIC | SUPERVISOR_READS:
                # refused, or a list of the caller's own organisation's rows: none
                assert r.status_code in (403, 404, 409, 422) or (r.status_code == 200 and r.text == "[]"), where
            if (method, path) in CONTENT_READS and user != "vendor1":
                assert r.status_code in (401, 403, 404), where
    assert seen == routes
    mine = api.ok(api.get(f"/applications/{receipt['id']}", "vendor1"))
    assert mine["sha256"] == receipt["sha256"]
    assert mine["status"] == "submitted"
    assert mine["content"]["plan"] == SEALED_PLAN


def _takes_application_id(spec: dict[str, Any], operation: dict[str, Any], path: str) -> bool:
    """A path parameter, or a request body property anywhere, named application_id(s)."""
    if "{application_id}" in path:
        return True
    seen: set[str] = set()

    def walk(node: Any) -> bool:
        if isinstance(node, list):
            return any(walk(n) for n in node)
        if not isinstance(node, dict):
            return False
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            return walk(spec["components"]["schemas"][ref.rsplit("/", 1)[1]])
        if {"application_id", "application_ids"} & set(node.get("properties", {})):
            return True
        return any(walk(v) for v in node.values())

    return walk(operation.get("requestBody", {}))


def _application_id_routes(app: FastAPI) -> set[tuple[str, str]]:
    spec = app.openapi()
    return {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if _takes_application_id(spec, operation, path)
    }


# How each route that takes an application id is called with one (`a`): path, then body.
WITH_APPLICATION_ID: dict[tuple[str, str], Callable[[str], tuple[str, Any]]] = {
    ("GET", "/applications/{application_id}"): lambda a: (f"/applications/{a}", None),
    ("GET", "/applications/{application_id}/documents/{index}"): lambda a: (f"/applications/{a}/documents/0", None),
    ("GET", "/applications/{application_id}/receipt"): lambda a: (f"/applications/{a}/receipt", None),
    ("GET", "/applications/{application_id}/receipt.pdf"): lambda a: (f"/applications/{a}/receipt.pdf", None),
    ("PUT", "/applications/{application_id}"): lambda a: (f"/applications/{a}", application_body("vendor2")),
    ("PUT", "/applications/{application_id}/sealed"): lambda a: (f"/applications/{a}/sealed", {"envelope": {}}),
    ("POST", "/applications/{application_id}/withdraw"): lambda a: (f"/applications/{a}/withdraw", {}),
    ("POST", "/applications/{application_id}/confirm"): lambda a: (f"/applications/{a}/confirm", {}),
    ("POST", "/applications/{application_id}/qualification"): lambda a: (
        f"/applications/{a}/qualification",
        {"result": "eligible"},
    ),
    ("POST", "/applications/{application_id}/fixup"): lambda a: (f"/applications/{a}/fixup", {"note": "补正"}),
    ("POST", "/challenges/{challenge_id}/objections"): lambda a: (
        "/challenges/{publicity}/objections",
        {"grounds": "申报材料与事实不符，请予核查", "application_id": a},
    ),
    ("POST", "/challenges/{challenge_id}/coi"): lambda a: (
        "/challenges/{publicity}/coi",
        {"conflicts": [{"application_id": a, "reason": "曾任顾问"}]},
    ),
    ("POST", "/challenges/{challenge_id}/actions/{action}"): lambda a: (
        "/challenges/{publicity}/actions/recommend",
        {"application_ids": [a]},
    ),
    ("POST", "/challenges/{challenge_id}/opening/shares"): lambda a: (
        "/challenges/{publicity}/opening/shares",
        {"shares": [{"application_id": a, "share": "AAAA"}]},
    ),
}
UNCOMPARED_HEADERS = {"date", "x-request-id", "server"}


def _answer(r: Any, *ids: str) -> tuple[int, str, dict[str, str]]:
    text = r.text
    for i in (*ids, r.headers.get("x-request-id", "")):
        if i:
            text = text.replace(i, "<id>")
    return r.status_code, text, {k: v for k, v in r.headers.items() if k.lower() not in UNCOMPARED_HEADERS}


def test_a_sealed_application_answers_every_route_and_role_as_a_nonexistent_one(api: Api, app: FastAPI) -> None:
    # A challenge in 公示 where vendor2 may object, and another challenge where vendor1's bid is sealed.
    publicity = api.reviewed(("vendor2",))
    api.ok(api.act(publicity, "recommend", "gov1"))
    assert api.ok(api.act(publicity, "approve_award", "gov2"))["status"] == "publicity"
    sealed = api.apply(api.open_challenge(), "vendor1", plan=SEALED_PLAN)["id"]
    assert set(WITH_APPLICATION_ID) == _application_id_routes(app), "a route takes an application id: add a row"
    for (method, route), call in sorted(WITH_APPLICATION_ID.items()):
        for user in USERS:
            if user == "vendor1":
                continue  # the submitter sees its own application
            answers = []
            for application_id in (sealed, str(uuid.uuid4())):
                path, body = call(application_id)
                r = api.client.request(
                    method,
                    path.format(publicity=publicity),
                    headers=api.h(user),
                    json=body if method != "GET" else None,
                )
                answers.append(_answer(r, sealed, application_id))
            assert answers[0] == answers[1], (method, route, user, answers)
            assert answers[0][0] < 500
