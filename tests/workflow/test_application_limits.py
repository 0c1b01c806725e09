"""What one application may carry: the schema's bounds on documents, before anything is decoded or sealed."""

from __future__ import annotations

import base64
import json

from tests.workflow.factories import Api, application_body
from workflow.application.schemas import DOCUMENT_MAX_BYTES, DOCUMENTS_MAX_BYTES, DOCUMENTS_MAX_COUNT


def _doc(size: int, name: str = "附件.pdf") -> dict[str, str]:
    return {"name": name, "content_type": "application/pdf", "content_base64": base64.b64encode(b"%" * size).decode()}


def _refused(api: Api, cid: str, documents: list[dict[str, str]]) -> dict[str, object]:
    response = api.post(
        f"/challenges/{cid}/applications", "vendor1", json=application_body("vendor1", documents=documents)
    )
    assert response.status_code == 422, response.text[:300]
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    return body


def test_three_9_mib_documents_are_refused_as_too_much_together(api: Api) -> None:
    cid = api.open_challenge()
    problem = _refused(api, cid, [_doc(9 * 2**20, f"{i}.pdf") for i in range(3)])
    assert str(problem["detail"]).startswith("documents")
    assert "20 MiB" in str(problem["detail"])
    assert api.ok(api.get("/applications", "vendor1")) == []


def test_one_document_over_the_limit_is_refused_naming_it(api: Api) -> None:
    cid = api.open_challenge()
    problem = _refused(api, cid, [_doc(DOCUMENT_MAX_BYTES + 3)])
    assert str(problem["detail"]).startswith("documents.0.content_base64")


def test_more_documents_than_allowed_are_refused(api: Api) -> None:
    cid = api.open_challenge()
    problem = _refused(api, cid, [_doc(10, f"{i}.pdf") for i in range(DOCUMENTS_MAX_COUNT + 1)])
    assert str(problem["detail"]).startswith("documents")


def test_documents_up_to_the_limits_are_accepted_and_fit_the_gateway_limit(api: Api) -> None:
    cid = api.open_challenge()
    documents = [_doc(DOCUMENTS_MAX_BYTES // 2, "a.pdf"), _doc(DOCUMENTS_MAX_BYTES // 2 - 3, "b.pdf")]
    body = application_body("vendor1", documents=documents)
    assert len(json.dumps(body).encode()) < 32 * 2**20
    api.ok(api.post(f"/challenges/{cid}/applications", "vendor1", json=body), 201)
