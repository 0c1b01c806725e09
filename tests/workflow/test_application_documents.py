"""A document read back: its real name, a type the browser may trust, inline only for a PDF or an image."""

from __future__ import annotations

import base64
from urllib.parse import quote

from kit.downloads import ascii_fallback
from tests.workflow.factories import Api, application_body

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _doc(name: str, content_type: str, body: bytes) -> dict[str, str]:
    return {"name": name, "content_type": content_type, "content_base64": base64.b64encode(body).decode()}


def _opened(api: Api, *documents: dict[str, str]) -> str:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1", documents=list(documents))
    api.pass_deadline(cid)
    app_id: str = receipt["id"]
    return app_id


def test_a_chinese_name_is_sent_percent_encoded_with_an_ascii_fallback(api: Api) -> None:
    name = "技术方案（终版）.pdf"
    app_id = _opened(api, _doc(name, "application/pdf", b"%PDF-1.7 plan"))
    r = api.get(f"/applications/{app_id}/documents/0", "gov1")
    assert r.status_code == 200
    assert r.content == b"%PDF-1.7 plan"
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-disposition"] == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''"
        + "%E6%8A%80%E6%9C%AF%E6%96%B9%E6%A1%88%EF%BC%88%E7%BB%88%E7%89%88%EF%BC%89.pdf"
    )
    assert quote(name, safe="") in r.headers["content-disposition"]


def test_ascii_fallback_keeps_what_it_can_and_never_breaks_the_quoted_string() -> None:
    assert ascii_fallback("Café 方案 v2.pdf") == "Cafe  v2.pdf"
    assert ascii_fallback('a"b\\c.png') == "a_b_c.png"
    assert ascii_fallback("说明") == "document"
    assert ascii_fallback("说明.") == "document"


def test_inline_only_when_asked_and_only_for_pdf_and_images(api: Api) -> None:
    app_id = _opened(
        api,
        _doc("方案.pdf", "application/pdf", b"%PDF-1.4"),
        _doc("现场照片.png", "image/png", PNG),
        _doc("说明.txt", "text/plain", b"<script>alert(1)</script>"),
    )
    path = f"/applications/{app_id}/documents"
    disposition = {
        (i, inline): api.get(f"{path}/{i}", "gov1", params={"inline": inline})
        .headers["content-disposition"]
        .split(";", 1)[0]
        for i in range(3)
        for inline in ("0", "1")
    }
    assert disposition == {
        (0, "0"): "attachment",
        (0, "1"): "inline",
        (1, "0"): "attachment",
        (1, "1"): "inline",
        (2, "0"): "attachment",
        (2, "1"): "attachment",
    }
    image = api.get(f"{path}/1", "gov1", params={"inline": "1"})
    assert image.headers["content-type"] == "image/png"
    text = api.get(f"{path}/2", "gov1", params={"inline": "1"})
    assert text.headers["content-type"].startswith("text/plain")
    assert text.headers["x-content-type-options"] == "nosniff"


def test_a_pdf_whose_bytes_are_not_a_pdf_is_served_as_an_opaque_attachment(api: Api) -> None:
    app_id = _opened(api, _doc("假的.pdf", "application/pdf", b"<html><script>alert(1)</script>"))
    r = api.get(f"/applications/{app_id}/documents/0", "gov1", params={"inline": "1"})
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment;")


def test_a_bad_inline_flag_is_a_422_naming_it(api: Api) -> None:
    app_id = _opened(api, _doc("方案.pdf", "application/pdf", b"%PDF-1.4"))
    r = api.get(f"/applications/{app_id}/documents/0", "gov1", params={"inline": "maybe"})
    assert r.status_code == 422
    assert "inline" in r.text


def test_refused_readers_get_what_they_got_before_inline_or_not(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    path = f"/applications/{receipt['id']}/documents/0"
    missing = "/applications/00000000-0000-0000-0000-000000000000/documents/0"
    for user in (None, "ent2", "vendor2", "expert1", "gov1", "admin"):
        for params in ({}, {"inline": "1"}):
            r = api.get(path, user, params=params)
            expected = api.get(missing, user, params=params).status_code
            assert r.status_code == expected, (user, params)
            assert r.status_code in (401, 403, 404), (user, params)
            assert "content-disposition" not in r.headers
            assert "%PDF" not in r.text


def test_every_read_inline_or_saved_is_in_the_audit_chain(api: Api) -> None:
    app_id = _opened(api, _doc("方案.pdf", "application/pdf", b"%PDF-1.4"))
    cid = api.ok(api.get(f"/applications/{app_id}", "gov1"))["challenge_id"]
    before = len(api.ok(api.get(f"/challenges/{cid}/audit")))
    api.get(f"/applications/{app_id}/documents/0", "gov1", params={"inline": "1"})
    api.get(f"/applications/{app_id}/documents/0", "ent1")
    chain = api.ok(api.get(f"/challenges/{cid}/audit"))
    reads = [(e["action"], e["data"]["document"], e["data"]["roles"]) for e in chain[before:]]
    assert reads == [("application.read", 0, ["gov_reviewer"]), ("application.read", 0, ["enterprise"])]
    assert api.ok(api.get(f"/challenges/{cid}/audit/verify"))["valid"] is True


def test_the_application_body_default_document_keeps_its_name(api: Api) -> None:
    cid = api.open_challenge()
    receipt = api.apply(cid, "vendor1")
    api.pass_deadline(cid)
    name = application_body("vendor1")["documents"][0]["name"]
    r = api.get(f"/applications/{receipt['id']}/documents/0", "ent1")
    assert r.headers["content-disposition"].endswith("filename*=UTF-8''" + quote(name, safe=""))
