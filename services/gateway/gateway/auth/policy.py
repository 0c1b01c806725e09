"""The password policy for passwords a person chooses (the first admin, a change, a reset)."""

from __future__ import annotations

import string

from kit.errors import UnprocessableContent

MIN_LENGTH = 10
# The passwords of the leaked lists that pass the length and character rules anyway.
COMMON = frozenset(
    {
        "password123",
        "password1234",
        "password@123",
        "qwerty123456",
        "1qaz2wsx3edc",
        "1q2w3e4r5t",
        "abc123456789",
        "a1234567890",
        "admin123456",
        "admin@12345",
        "woaini1314520",
        "iloveyou123",
        "p@ssw0rd123",
    }
)
REASONS = {
    "too-short": f"密码至少 {MIN_LENGTH} 位。 At least {MIN_LENGTH} characters.",
    "too-simple": "密码须包含字母、数字、符号中的至少两类。 Use at least two of letters, digits and symbols.",
    "contains-username": "密码不能包含用户名。 The password must not contain the username.",
    "common": "该密码过于常见，容易被猜中。 This password is too common.",
}


class WeakPassword(UnprocessableContent):
    code = "weak-password"
    title = "The password does not meet the password policy"


def weakness(password: str, username: str) -> str | None:
    """Why `password` is refused for `username`, as one of REASONS' keys, or None."""
    if len(password) < MIN_LENGTH:
        return "too-short"
    classes = (
        any(c.isalpha() for c in password),
        any(c.isdigit() for c in password),
        any(c in string.punctuation or c.isspace() for c in password),
    )
    if sum(classes) < 2:
        return "too-simple"
    if len(username) >= 3 and username.lower() in password.lower():
        return "contains-username"
    if password.lower() in COMMON:
        return "common"
    return None


def check_policy(password: str, username: str, *, field: str) -> None:
    """Raise 422 `weak-password` naming `field` and the reason."""
    reason = weakness(password, username)
    if reason is not None:
        raise WeakPassword(
            f"{field}: {REASONS[reason]}",
            field=field,
            reason=reason,
            errors=[{"loc": ["body", field], "msg": REASONS[reason], "type": f"weak-password.{reason}"}],
        )
