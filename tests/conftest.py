"""Fixtures every service's tests use; each service's own are in tests/<service>/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server on a local port, keeping what it receives."""
    server = SmtpServer().start()
    yield server
    server.stop()
