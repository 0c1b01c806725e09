import base64
from datetime import UTC, datetime
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from kit import totp

RFC_KEY = b"12345678901234567890"  # RFC 6238 appendix B, SHA-1
RFC_SECRET = base64.b32encode(RFC_KEY).decode()


@pytest.mark.parametrize(
    ("unix", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_the_rfc_6238_vectors(unix: int, code: str) -> None:
    moment = datetime.fromtimestamp(unix, UTC)
    assert totp.hotp(RFC_KEY, totp.time_step(moment), digits=8) == code
    assert totp.code_at(RFC_SECRET, moment) == code[-6:]


def test_a_code_matches_its_step_and_its_neighbours_once() -> None:
    moment = datetime.fromtimestamp(1111111111, UTC)
    step = totp.time_step(moment)
    previous = totp.hotp(RFC_KEY, step - 1)
    assert totp.matching_step(RFC_SECRET, previous, moment) == step - 1
    assert totp.matching_step(RFC_SECRET, totp.hotp(RFC_KEY, step - 2), moment) is None
    # After a code of this step was used, neither it nor an older one counts again.
    assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, moment), moment, after=step) is None
    assert totp.matching_step(RFC_SECRET, previous, moment, after=step - 1) is None
    assert totp.matching_step(RFC_SECRET, "12a456", moment) is None


def test_secrets_unpadded_and_the_provisioning_uri() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32
    assert "=" not in secret
    uri = urlparse(totp.provisioning_uri(secret, "gov1", "视谷机会平台"))
    assert (uri.scheme, uri.netloc, unquote(uri.path)) == ("otpauth", "totp", "/视谷机会平台:gov1")
    query = parse_qs(uri.query)
    assert query["secret"] == [secret]
    assert query["issuer"] == ["视谷机会平台"]
    assert (query["digits"], query["period"], query["algorithm"]) == (["6"], ["30"], ["SHA1"])


def test_recovery_codes_hash_whatever_their_spelling() -> None:
    code = totp.recovery_code()
    assert len(code) == 11
    assert code[5] == "-"
    assert totp.recovery_hash(code) == totp.recovery_hash(f" {code.replace('-', '').lower()} ")
    assert totp.recovery_hash(code) != totp.recovery_hash(totp.recovery_code())
