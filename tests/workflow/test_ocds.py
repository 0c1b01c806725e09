from __future__ import annotations

from jsonschema import Draft4Validator

from tests.workflow.factories import Api, ocds_valid


def test_release_package_validates_through_the_lifecycle(api: Api, validator: Draft4Validator) -> None:
    cid = api.draft()
    assert api.get(f"/challenges/{cid}/ocds").status_code == 404
    api.ok(api.act(cid, "submit", "ent1"))
    api.ok(api.act(cid, "approve", "gov1"))
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    ocds_valid(validator, package)
    assert package["releases"][0]["tender"]["value"] == {"amount": 2000000.0, "currency": "CNY"}
    for v in ("vendor1", "vendor2"):
        api.apply(cid, v)
    api.pass_deadline(cid)
    api.qualify_all(cid)
    api.ok(api.act(cid, "start_review", "gov1"))
    from demo.accounts import ORG_BY_KEY

    api.review(
        cid,
        ("expert1",),
        {ORG_BY_KEY["vendor1"].name: {"tech": 90, "team": 90}, ORG_BY_KEY["vendor2"].name: {"tech": 80, "team": 80}},
    )
    api.ok(api.act(cid, "recommend", "gov1"))
    api.ok(api.act(cid, "approve_award", "gov2"))
    ocds_valid(validator, api.ok(api.get(f"/challenges/{cid}/ocds")))
    api.end_publicity(cid)
    package = api.ok(api.get(f"/challenges/{cid}/ocds"))
    ocds_valid(validator, package)
    release = package["releases"][0]
    assert release["tender"]["status"] == "complete"
    assert len(release["bids"]["details"]) == 2
    assert release["awards"][0]["suppliers"][0]["name"] == ORG_BY_KEY["vendor1"].name
