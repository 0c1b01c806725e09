"""Custodian sealing's envelope (decision 0100): the libraries against their published vectors,
any k of n custodians open and k − 1 never do, and every alteration is caught and named."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pyshamir
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pyhpke import AEADId, CipherSuite, KDFId, KEMId
from pyshamir import _utils as gf

from workflow.custody import envelope as env
from workflow.custody import keyfile
from workflow.custody.__main__ import main

MARKER = "标记-PLAN-7f3a"
DOC_MARKER = b"%PDF-1.7 DOC-MARKER-91c2"


def test_the_hpke_library_reproduces_rfc_9180_a_3_1() -> None:
    # DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode: the KEM and KDF of our suite.
    suite = CipherSuite.new(KEMId.DHKEM_P256_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES128_GCM)
    ikm_r = bytes.fromhex("668b37171f1072f3cf12ea8a236a45df23fc13b82af3609ad1e354f6ef817550")
    pk_rm = bytes.fromhex(
        "04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a82"
        "6a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0"
    )
    enc = bytes.fromhex(
        "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac9"
        "8536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4"
    )
    info = bytes.fromhex("4f6465206f6e2061204772656369616e2055726e")
    ct = bytes.fromhex("5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434")
    pair = suite.kem.derive_key_pair(ikm_r)
    assert pair.public_key.to_public_bytes() == pk_rm
    context = suite.create_recipient_context(enc, pair.private_key, info=info)
    assert context.open(ct, aad=b"Count-0") == b"Beauty is truth, truth beauty"


def test_the_sharing_library_computes_in_gf256_as_vaults_shamir_does() -> None:
    # HashiCorp Vault's shamir_test.go values; the browser's library is a port of the same code.
    assert gf.add(16, 16) == 0
    assert gf.add(3, 4) == 7
    assert gf.mul(3, 7) == 9
    assert gf.mul(3, 0) == 0
    assert gf.mul(0, 3) == 0
    assert gf.div(0, 7) == 0
    assert gf.div(3, 3) == 1
    assert gf.div(6, 3) == 2
    for intercept in range(256):
        polynomial = gf.make_polynomial(intercept, 2)
        xs = bytearray([1, 2, 3])
        ys = bytearray(polynomial.evaluate(x) for x in xs)
        assert gf.interpolate_polynomial(xs, ys, 0) == intercept
    secret = b"a 32-byte data key, for example."
    parts = pyshamir.split(secret, 5, 3)
    assert all(len(p) == len(secret) + 1 for p in parts)
    assert bytes(pyshamir.combine(parts[1:4])) == secret


@pytest.fixture(scope="module")
def custodians() -> dict[str, ec.EllipticCurvePrivateKey]:
    return {name: keyfile.generate() for name in ("gov-reviewer-1", "gov-reviewer-2", "supervisor-1")}


def opening_keys(custodians: dict[str, ec.EllipticCurvePrivateKey]) -> list[env.OpeningKey]:
    return [env.OpeningKey(name, env.public_key_of(key)) for name, key in custodians.items()]


def sealed(custodians: dict[str, ec.EllipticCurvePrivateKey], threshold: int = 2, **override: str) -> env.Envelope:
    return env.seal(
        challenge_id=override.get("challenge_id", "ch-1"),
        organisation_id="org-vendor-1",
        application={"plan": MARKER, "budget_wan": 120},
        documents=[env.Document("方案.pdf", "application/pdf", DOC_MARKER)],
        custodians=opening_keys(custodians),
        threshold=threshold,
    )


def test_any_k_of_n_custodians_open_and_fewer_never_do(custodians: dict[str, ec.EllipticCurvePrivateKey]) -> None:
    envelope = sealed(custodians)
    env.check(
        envelope, challenge_id="ch-1", organisation_id="org-vendor-1", custodians=opening_keys(custodians), threshold=2
    )
    shares = {name: env.open_share(envelope, name, key) for name, key in custodians.items()}
    for pair in itertools.combinations(shares, 2):
        data_key = env.combine(envelope.header, {name: shares[name] for name in pair})
        application, document = env.open_parts(envelope, data_key)
        assert json.loads(application) == {"plan": MARKER, "budget_wan": 120}
        assert document == DOC_MARKER
    for name in shares:
        with pytest.raises(env.SealError, match="1 of the 2 shares needed"):
            env.combine(envelope.header, {name: shares[name]})


def test_the_envelope_holds_no_plaintext(custodians: dict[str, ec.EllipticCurvePrivateKey]) -> None:
    text = sealed(custodians).model_dump_json()
    assert MARKER not in text
    assert "budget_wan" not in text
    assert DOC_MARKER.decode() not in text
    assert "DOC-MARKER" not in text


def test_an_altered_part_is_named_by_the_servers_check_and_by_the_opening(
    custodians: dict[str, ec.EllipticCurvePrivateKey],
) -> None:
    envelope = sealed(custodians)
    ciphertext = bytearray(env.unb64(envelope.parts[1].ciphertext))
    ciphertext[3] ^= 1
    altered = envelope.model_copy(
        update={
            "parts": [envelope.parts[0], env.Part(nonce=envelope.parts[1].nonce, ciphertext=env.b64(bytes(ciphertext)))]
        }
    )
    with pytest.raises(env.SealError) as refused:
        env.check(
            altered,
            challenge_id="ch-1",
            organisation_id="org-vendor-1",
            custodians=opening_keys(custodians),
            threshold=2,
        )
    assert refused.value.part == 1
    shares = {name: env.open_share(envelope, name, custodians[name]) for name in ("gov-reviewer-1", "supervisor-1")}
    with pytest.raises(env.SealError) as refused:
        env.open_parts(altered, env.combine(envelope.header, shares))
    assert refused.value.part == 1


def test_a_part_moved_into_another_envelope_does_not_open(custodians: dict[str, ec.EllipticCurvePrivateKey]) -> None:
    first, second = sealed(custodians), sealed(custodians)
    # The second envelope's header and parts with the first's application in it, digests fixed up
    # as a forger would: the part's AEAD binding (envelope id) still refuses it.
    parts = [first.parts[0], second.parts[1]]
    entries = [
        second.header.parts[0].model_copy(update={"sha256": first.header.parts[0].sha256}),
        second.header.parts[1],
    ]
    forged = second.model_copy(update={"parts": parts, "header": second.header.model_copy(update={"parts": entries})})
    shares = {name: env.open_share(second, name, custodians[name]) for name in ("gov-reviewer-1", "gov-reviewer-2")}
    with pytest.raises(env.SealError) as refused:
        env.open_parts(forged, env.combine(second.header, shares))
    assert refused.value.part == 0


def test_an_altered_or_foreign_share_is_refused_naming_its_custodian(
    custodians: dict[str, ec.EllipticCurvePrivateKey],
) -> None:
    envelope, other = sealed(custodians), sealed(custodians)
    share = envelope.shares[1]
    ciphertext = bytearray(env.unb64(share.ciphertext))
    ciphertext[0] ^= 0x80
    bad = share.model_copy(update={"ciphertext": env.b64(bytes(ciphertext))})
    altered = envelope.model_copy(update={"shares": [envelope.shares[0], bad, envelope.shares[2]]})
    with pytest.raises(env.SealError) as refused:
        env.open_share(altered, "gov-reviewer-2", custodians["gov-reviewer-2"])
    assert refused.value.custodian == "gov-reviewer-2"
    # A share opened from another envelope, submitted for this one.
    foreign = env.open_share(other, "gov-reviewer-2", custodians["gov-reviewer-2"])
    good = env.open_share(envelope, "gov-reviewer-1", custodians["gov-reviewer-1"])
    with pytest.raises(env.SealError) as refused:
        env.combine(envelope.header, {"gov-reviewer-1": good, "gov-reviewer-2": foreign})
    assert refused.value.custodian == "gov-reviewer-2"
    with pytest.raises(env.SealError, match="not a custodian"):
        env.combine(envelope.header, {"gov-reviewer-1": good, "someone-else": foreign})


def test_a_custodians_other_key_cannot_open_its_share(custodians: dict[str, ec.EllipticCurvePrivateKey]) -> None:
    envelope = sealed(custodians)
    with pytest.raises(env.SealError, match="another key") as refused:
        env.open_share(envelope, "gov-reviewer-1", keyfile.generate())
    assert refused.value.custodian == "gov-reviewer-1"


def test_the_server_refuses_an_envelope_for_another_challenge_organisation_key_or_threshold(
    custodians: dict[str, ec.EllipticCurvePrivateKey],
) -> None:
    envelope = sealed(custodians)
    keys = opening_keys(custodians)
    good: dict[str, Any] = {
        "challenge_id": "ch-1",
        "organisation_id": "org-vendor-1",
        "custodians": keys,
        "threshold": 2,
    }
    rekeyed = [*keys[:2], env.OpeningKey("supervisor-1", env.public_key_of(keyfile.generate()))]
    cases: list[tuple[dict[str, Any], str]] = [
        ({"challenge_id": "ch-2"}, "another challenge"),
        ({"organisation_id": "org-vendor-2"}, "another organisation"),
        ({"threshold": 3}, "threshold"),
        ({"custodians": rekeyed}, "current keys"),
        ({"custodians": keys[:2]}, "current keys"),
    ]
    for change, message in cases:
        with pytest.raises(env.SealError, match=message):
            env.check(envelope, **{**good, **change})


def test_sealing_refuses_a_threshold_of_one_or_above_the_custodians(
    custodians: dict[str, ec.EllipticCurvePrivateKey],
) -> None:
    for threshold in (1, 4):
        with pytest.raises(env.SealError, match="threshold"):
            sealed(custodians, threshold=threshold)
    with pytest.raises(env.SealError, match="uncompressed P-256"):
        env.check_public_key(b"\x04" + b"\x01" * 64)


def test_a_key_file_opens_only_with_its_passphrase_and_unaltered() -> None:
    private = keyfile.generate()
    saved = keyfile.export_key(private, "correct horse battery", n=2**14)
    assert saved.fingerprint == env.fingerprint(env.public_key_of(private))
    assert env.public_key_of(keyfile.import_key(saved.model_dump(), "correct horse battery")) == env.public_key_of(
        private
    )
    with pytest.raises(env.SealError, match="wrong passphrase"):
        keyfile.import_key(saved, "wrong horse battery")
    other = env.b64(env.public_key_of(keyfile.generate()))
    swapped = saved.model_copy(update={"public_key": other, "fingerprint": env.fingerprint(env.unb64(other))})
    with pytest.raises(env.SealError, match="wrong passphrase, or the key file was altered"):
        keyfile.import_key(swapped, "correct horse battery")
    with pytest.raises(env.SealError, match="at least 12"):
        keyfile.export_key(private, "short")


def test_the_offline_tool_seals_and_two_custodians_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHIGU_CUSTODIAN_PASSPHRASE", "a custodian's long passphrase")
    names = ["gov-reviewer-1", "gov-reviewer-2", "supervisor-1"]
    published = []
    for name in names:
        assert main(["keygen", "--out", str(tmp_path / f"{name}.json"), "--scrypt-n", str(2**14)]) == 0
        saved = keyfile.KeyFile.model_validate_json((tmp_path / f"{name}.json").read_text())
        published.append({"custodian_id": name, "public_key": saved.public_key})
    (tmp_path / "custodians.json").write_text(json.dumps(published))
    (tmp_path / "application.json").write_text(json.dumps({"plan": MARKER}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "方案.pdf").write_bytes(DOC_MARKER)
    seal_args = [
        "seal",
        "--challenge",
        "ch-9",
        "--organisation",
        "org-3",
        "--custodians",
        str(tmp_path / "custodians.json"),
    ]
    seal_args += ["--threshold", "2", "--application", str(tmp_path / "application.json")]
    seal_args += ["--document", str(tmp_path / "方案.pdf"), "--out", str(tmp_path / "envelope.json")]
    assert main(seal_args) == 0
    assert MARKER not in (tmp_path / "envelope.json").read_text(encoding="utf-8")
    for name in ("gov-reviewer-1", "supervisor-1"):
        share_args = ["open-share", "--envelope", str(tmp_path / "envelope.json"), "--custodian", name]
        assert (
            main([*share_args, "--key", str(tmp_path / f"{name}.json"), "--out", str(tmp_path / f"{name}.share")]) == 0
        )
    opened = tmp_path / "opened"
    one = ["open", "--envelope", str(tmp_path / "envelope.json"), "--share", str(tmp_path / "supervisor-1.share")]
    assert main([*one, "--out-dir", str(opened)]) == 1
    assert not opened.exists()
    assert main([*one, "--share", str(tmp_path / "gov-reviewer-1.share"), "--out-dir", str(opened)]) == 0
    assert json.loads((opened / "application.json").read_text(encoding="utf-8")) == {"plan": MARKER}
    assert (opened / "方案.pdf").read_bytes() == DOC_MARKER
