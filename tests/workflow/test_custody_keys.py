"""Opening keys (decision 0107): a custodian registers the public half of a P-256 key, sees its fingerprint
(the one the envelope's header names) and reads it back; a new key replaces the old one, which stops counting,
in the administrative chain and the chain of every not yet opened challenge that names the custodian."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from demo.accounts import USER_BY_NAME
from tests.workflow.custody_helpers import new_key
from tests.workflow.factories import Api
from workflow.custody import envelope

GOV1 = USER_BY_NAME["gov1"].id


def _admin_entries(api: Api, action: str) -> list[dict[str, Any]]:
    items = api.ok(api.get("/admin/audit", "admin", params={"limit": "200"}))["items"]
    return [e for e in items if e["action"] == action]


def test_a_custodian_registers_a_key_and_sees_its_fingerprint(api: Api) -> None:
    _, public = new_key()
    assert api.get("/custody/keys/mine", "super1").status_code == 404
    key = api.ok(api.post("/custody/keys", "super1", json={"public_key": public}), 201)
    expected = hashlib.sha256(envelope.unb64(public)).hexdigest()
    assert key["fingerprint"] == expected
    assert key["fingerprint_display"] == " ".join(expected[i : i + 4] for i in range(0, 64, 4))
    assert (key["user_id"], key["public_key"], key["previous_fingerprint"]) == (USER_BY_NAME["super1"].id, public, None)
    assert api.ok(api.get("/custody/keys/mine", "super1")) == key
    # The same key again changes nothing and is not audited twice.
    assert api.ok(api.post("/custody/keys", "super1", json={"public_key": public}))["fingerprint"] == expected
    registered = _admin_entries(api, "custody.key_registered")
    assert [e["data"]["fingerprint"] for e in registered] == [expected]
    assert registered[0]["target"] == f"opening_key:{USER_BY_NAME['super1'].id}"
    assert api.ok(api.get("/admin/audit/verify", "admin"))["valid"] is True


@pytest.mark.parametrize("user", ["vendor1", "ent1", "expert1", "admin"])
def test_only_reviewers_and_supervisors_hold_opening_keys(api: Api, user: str) -> None:
    _, public = new_key()
    assert api.post("/custody/keys", user, json={"public_key": public}).status_code == 403
    assert api.get("/custody/keys/mine", user).status_code == 403
    assert api.post("/custody/keys", None, json={"public_key": public}).status_code == 401


def _off_curve() -> str:
    _, public = new_key()
    point = bytearray(envelope.unb64(public))
    point[-1] ^= 1  # y no longer matches x
    return envelope.b64(bytes(point))


def _compressed() -> str:
    private, _ = new_key()
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return envelope.b64(private.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint))


@pytest.mark.parametrize(
    "public_key",
    [_off_curve(), envelope.b64(b"\x05" + bytes(64)), _compressed(), "not base64url!" * 7],
    ids=["off-curve", "not-uncompressed", "compressed", "not-base64url"],
)
def test_anything_but_a_p256_point_is_refused_naming_the_field(api: Api, public_key: str) -> None:
    refused = api.post("/custody/keys", "gov1", json={"public_key": public_key})
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body.get("field") == "public_key" or any(e["loc"][-1] == "public_key" for e in body.get("errors", []))
    assert api.get("/custody/keys/mine", "gov1").status_code == 404


def test_a_new_key_replaces_the_old_one_which_stops_counting(api: Api) -> None:
    old_private, old = new_key()
    first = api.ok(api.post("/custody/keys", "gov1", json={"public_key": old}), 201)
    _, gov2_key = new_key()
    api.ok(api.post("/custody/keys", "gov2", json={"public_key": gov2_key}), 201)
    ids = [GOV1, USER_BY_NAME["gov2"].id]
    cid = api.draft(sealing="custodians", custodians=ids, custodian_threshold=2)
    served = api.ok(api.get(f"/challenges/{cid}/custodians", "ent1"))
    sealed_to_old = envelope.seal(
        challenge_id=cid,
        organisation_id="org",
        application={"plan": "x"},
        custodians=[envelope.OpeningKey(c["user_id"], envelope.unb64(c["public_key"])) for c in served["custodians"]],
        threshold=2,
    )

    _, new = new_key()
    second = api.ok(api.post("/custody/keys", "gov1", json={"public_key": new}), 201)
    assert second["previous_fingerprint"] == first["fingerprint"]
    assert second["fingerprint"] != first["fingerprint"]
    assert second["challenges"] == [cid]
    assert api.ok(api.get("/custody/keys/mine", "gov1"))["fingerprint"] == second["fingerprint"]
    # Recorded with both fingerprints, in the challenge's chain and the administrative one.
    wanted = {"custodian": GOV1, "fingerprint": second["fingerprint"], "previous_fingerprint": first["fingerprint"]}
    chain = api.ok(api.get(f"/challenges/{cid}/audit", "ent1"))
    assert [e["data"] for e in chain if e["action"] == "custody.key_replaced"] == [wanted]
    assert [e["data"] for e in _admin_entries(api, "custody.key_replaced")] == [wanted]
    # What the vendor's side seals to now is the new key; an envelope sealed to the old one is refused.
    served = api.ok(api.get(f"/challenges/{cid}/custodians", "ent1"))
    assert [c["fingerprint"] for c in served["custodians"]] == [
        second["fingerprint"],
        api.ok(api.get("/custody/keys/mine", "gov2"))["fingerprint"],
    ]
    current = [envelope.OpeningKey(c["user_id"], envelope.unb64(c["public_key"])) for c in served["custodians"]]
    with pytest.raises(envelope.SealError, match="current keys"):
        envelope.check(sealed_to_old, challenge_id=cid, organisation_id="org", custodians=current, threshold=2)
    assert envelope.open_share(sealed_to_old, GOV1, old_private)  # the old key still opens what was sealed to it


def test_a_challenges_custodians_are_read_as_the_challenge_is(api: Api) -> None:
    _, public = new_key()
    api.ok(api.post("/custody/keys", "super1", json={"public_key": public}), 201)
    cid = api.draft(sealing="custodians", custodians=[USER_BY_NAME["super1"].id, GOV1])
    assert api.get(f"/challenges/{cid}/custodians", "vendor1").status_code == 404  # a draft is the owner's
    served = api.ok(api.get(f"/challenges/{cid}/custodians", "ent1"))
    assert served["sealing"] == "custodians"
    assert served["threshold"] == 2
    assert served["custodians"] == [
        {
            "user_id": USER_BY_NAME["super1"].id,
            "public_key": public,
            "fingerprint": envelope.fingerprint(envelope.unb64(public)),
        },
        {"user_id": GOV1, "public_key": None, "fingerprint": None},
    ]
