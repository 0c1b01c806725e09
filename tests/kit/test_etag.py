"""One reading of If-Match for every service (decision 0087): `*`, lists, weak and unquoted tags, 428 and 412."""

from __future__ import annotations

import pytest

from kit.errors import PreconditionFailed, PreconditionRequired
from kit.etag import check_version, etag, is_wildcard, matches, tags

WHAT = ("榜单", "challenge")


@pytest.mark.parametrize(
    ("header", "version", "expected"),
    [
        ('"3"', 3, True),
        ('"2"', 3, False),
        ("*", 3, True),
        ('"1", "3"', 3, True),
        ('"1", "2"', 3, False),
        ('W/"3"', 3, True),
        ("3", 3, True),
        ('"1", *', 3, True),
        ("", 3, False),
        ("not-a-version", 3, False),
    ],
)
def test_matches(header: str, version: int, expected: bool) -> None:
    assert matches(header, version) is expected


def test_tags_and_wildcard() -> None:
    assert tags('"1", W/"2" ,3') == ["1", "2", "3"]
    assert tags("*") is None
    assert is_wildcard(" * ")
    assert not is_wildcard('"*x"')
    assert not is_wildcard(None)
    assert etag(7) == '"7"'


def test_missing_header_is_428_when_required_and_names_the_version() -> None:
    check_version(None, 4, WHAT, required=False)
    with pytest.raises(PreconditionRequired) as raised:
        check_version(None, 4, WHAT, required=True)
    assert raised.value.extra == {"current_version": 4}
    assert "If-Match" in str(raised.value.detail)


def test_mismatch_is_412_with_the_current_version() -> None:
    check_version('"4"', 4, WHAT, required=True)
    with pytest.raises(PreconditionFailed) as raised:
        check_version('"3", "5"', 4, WHAT, required=True)
    assert raised.value.extra == {"current_version": 4}
    assert "榜单" in str(raised.value.detail)
    assert "challenge" in str(raised.value.detail)
