import pytest

from demo.accounts import ORGS
from gateway.creditcode import WEIGHTS, check_character, problem_with


@pytest.mark.parametrize("org", ORGS, ids=lambda o: o.key)
def test_demo_organisations_carry_valid_codes(org: object) -> None:
    assert problem_with(org.credit_code) is None  # type: ignore[attr-defined]


def test_check_character_follows_gb32100_weights() -> None:
    # Σ(value × weight) over the first 17 characters = 1351; 31 - 1351 mod 31 = 13 → "D".
    first17 = "91330108665477348"
    total = sum("0123456789ABCDEFGHJKLMNPQRTUWXY".index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    assert total == 1351
    assert check_character(first17) == "0123456789ABCDEFGHJKLMNPQRTUWXY"[31 - total % 31]


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91330108665477348", "18位"),
        ("91330108665477348E", "校验位"),
        ("9133010866547734OD", "不允许的字符"),
        ("01330108665477348D", "登记管理部门"),
        ("913301A8665477348D", "行政区划"),
    ],
)
def test_bad_codes_say_what_is_wrong(code: str, fragment: str) -> None:
    reason = problem_with(code)
    assert reason is not None
    assert fragment in reason
