from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pypdf import PdfReader

from demo.accounts import ORG_BY_KEY
from tests.workflow.factories import Api, application_body

NOT_THE_OWNER = (None, "vendor2", "ent1", "ent2", "expert1", "gov1", "admin")


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _published(api: Api) -> dict[str, Ed25519PublicKey]:
    keys: dict[str, Ed25519PublicKey] = {}
    for key in api.ok(api.get("/receipts/keys")):
        public = serialization.load_pem_public_key(key["public_key_pem"].encode())
        assert isinstance(public, Ed25519PublicKey)
        keys[key["key_id"]] = public
    return keys


def _verify(api: Api, receipt_no: str, sha256: str) -> Any:
    return api.ok(api.get("/receipts/verify", params={"receipt_no": receipt_no, "sha256": sha256}))


def test_pdf_receipt_carries_what_was_sealed_and_the_signature(api: Api) -> None:
    cid = api.open_challenge()
    sealed = api.apply(cid, "vendor1")
    r = api.get(f"/applications/{sealed['id']}/receipt.pdf", "vendor1")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert f'filename="receipt-{sealed["receipt_no"]}.pdf"' in r.headers["content-disposition"]
    assert r.content.startswith(b"%PDF")
    text = _pdf_text(r.content)
    signed = api.ok(api.get(f"/applications/{sealed['id']}/receipt", "vendor1"))
    for value in (sealed["receipt_no"], sealed["sha256"], cid, signed["key_id"]):
        assert value in text
    document = hashlib.sha256(b"%PDF sealed plan of vendor1").hexdigest()
    assert document in text
    # The signature is split over lines in the PDF; every part of it is there in order.
    assert signed["signature"] in text.replace("\n", "").replace(" ", "")


def test_signature_verifies_with_the_published_key_and_covers_the_statement(api: Api) -> None:
    cid = api.open_challenge()
    sealed = api.apply(cid, "vendor1")
    signed = api.ok(api.get(f"/applications/{sealed['id']}/receipt", "vendor1"))
    statement = signed["statement"]
    assert statement["receipt_no"] == sealed["receipt_no"]
    assert statement["sha256"] == sealed["sha256"]
    assert statement["organisation"] == ORG_BY_KEY["vendor1"].name
    assert statement["files"] == [
        {"name": "方案.pdf", "size": 27, "sha256": hashlib.sha256(b"%PDF sealed plan of vendor1").hexdigest()}
    ]
    payload = signed["signed_payload"].encode()
    assert json.loads(payload) == statement
    assert payload == json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    public = _published(api)[signed["key_id"]]
    signature = base64.urlsafe_b64decode(signed["signature"] + "=" * (-len(signed["signature"]) % 4))
    public.verify(signature, payload)
    tampered = payload.replace(sealed["sha256"].encode(), b"0" * 64)
    with pytest.raises(InvalidSignature):
        public.verify(signature, tampered)
    query = parse_qs(urlsplit(signed["verify_url"]).query)
    assert urlsplit(signed["verify_url"]).path == "/receipts/verify"
    assert query == {"no": [sealed["receipt_no"]], "sha256": [sealed["sha256"]]}


def test_only_readers_of_the_application_get_its_receipt(api: Api) -> None:
    cid = api.open_challenge()
    sealed = api.apply(cid, "vendor1")
    for user in NOT_THE_OWNER:
        for path in (f"/applications/{sealed['id']}/receipt.pdf", f"/applications/{sealed['id']}/receipt"):
            r = api.get(path, user)
            assert r.status_code in (401, 404), (user, path, r.status_code)
            assert sealed["sha256"] not in r.text
    assert api.get(f"/applications/{sealed['id']}/receipt.pdf", "vendor1").status_code == 200


def test_verification_is_public_and_true_for_a_real_pair(api: Api) -> None:
    cid = api.open_challenge()
    sealed = api.apply(cid, "vendor1")
    r = api.get("/receipts/verify", params={"receipt_no": sealed["receipt_no"], "sha256": sealed["sha256"].upper()})
    assert r.status_code == 200
    assert "public" in r.headers["cache-control"]
    answer = r.json()
    assert answer["valid"] is True
    assert answer["challenge_id"] == cid
    assert answer["organisation"] == ORG_BY_KEY["vendor1"].name
    assert answer["submitted_at"] is not None
    assert "content" not in answer
    assert "张工" not in r.text


def test_unknown_number_and_wrong_hash_get_the_same_answer(api: Api) -> None:
    cid = api.open_challenge()
    sealed = api.apply(cid, "vendor1")
    other = api.apply(cid, "vendor2")
    wrong_hash = _verify(api, sealed["receipt_no"], "a" * 64)
    unknown_number = _verify(api, "SG20991231-0000000000", sealed["sha256"])
    swapped = _verify(api, sealed["receipt_no"], other["sha256"])
    assert wrong_hash == unknown_number == swapped
    assert wrong_hash["valid"] is False
    assert set(wrong_hash.values()) == {False, None}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"receipt_no": "SG1", "sha256": "xyz"}, "sha256"), ({"sha256": "a" * 64}, "receipt_no")],
)
def test_malformed_verification_is_a_problem_naming_the_field(api: Api, params: dict[str, str], field: str) -> None:
    r = api.get("/receipts/verify", params=params)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert field in r.text


def test_a_replaced_application_retires_its_old_receipt(api: Api) -> None:
    cid = api.open_challenge()
    first = api.apply(cid, "vendor1")
    second = api.ok(api.put(f"/applications/{first['id']}", "vendor1", json=application_body("vendor1", plan="新方案")))
    assert _verify(api, first["receipt_no"], first["sha256"])["valid"] is False
    assert _verify(api, second["receipt_no"], second["sha256"])["valid"] is True
