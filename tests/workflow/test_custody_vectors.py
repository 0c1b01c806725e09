"""Cross-implementation vectors of custodian sealing (decision 0100): what the browser's code sealed
(`tests/vectors/custody/browser.json`, written by `frontend/src/features/custody/vectors.test.ts`)
opens here, and the Python side's own vector (`python.json`, which the browser's test opens) is
what `scripts/custody_vectors.py` makes today."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_private_key

from workflow.custody import envelope as env
from workflow.custody import keyfile

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "custody"


def vector(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


def private(custodian: dict[str, str]) -> ec.EllipticCurvePrivateKey:
    key = load_der_private_key(env.unb64(custodian["private_pkcs8"]), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


def test_an_envelope_sealed_in_the_browser_opens_with_any_two_of_its_custodians() -> None:
    data = vector("browser.json")
    assert data["made_by"] == "browser"
    sealed = env.Envelope.model_validate(data["envelope"])
    opening = [env.OpeningKey(c["custodian_id"], env.unb64(c["public_key"])) for c in data["custodians"]]
    env.check(
        sealed,
        challenge_id="ch-vector",
        organisation_id="org-vendor-vector",
        custodians=opening,
        threshold=data["threshold"],
    )
    shares = {c["custodian_id"]: env.open_share(sealed, c["custodian_id"], private(c)) for c in data["custodians"]}
    for pair in itertools.combinations(shares, 2):
        application, document = env.open_parts(sealed, env.combine(sealed.header, {n: shares[n] for n in pair}))
        assert json.loads(application) == data["application"]
        assert env.b64(document) == data["documents"][0]["data"]
    with pytest.raises(env.SealError, match="1 of the 2"):
        env.combine(sealed.header, {pair[0]: shares[pair[0]]})


def test_a_key_file_written_in_the_browser_opens_with_the_offline_tools_code() -> None:
    data = vector("browser.json")
    key = keyfile.import_key(data["keyfile"]["file"], data["keyfile"]["passphrase"])
    assert env.b64(env.public_key_of(key)) == data["custodians"][0]["public_key"]
    with pytest.raises(env.SealError, match="wrong passphrase"):
        keyfile.import_key(data["keyfile"]["file"], "not the passphrase at all")


def test_the_python_vector_is_what_the_python_side_opens() -> None:
    # The vector the browser's test opens must itself be sound, or a pass there proves nothing.
    data = vector("python.json")
    sealed = env.Envelope.model_validate(data["envelope"])
    custodians = data["custodians"][1:]
    shares = {c["custodian_id"]: env.open_share(sealed, c["custodian_id"], private(c)) for c in custodians}
    application, _ = env.open_parts(sealed, env.combine(sealed.header, shares))
    assert json.loads(application) == data["application"]
    file_key = keyfile.import_key(data["keyfile"]["file"], data["keyfile"]["passphrase"])
    assert env.b64(env.public_key_of(file_key)) == data["custodians"][0]["public_key"]
