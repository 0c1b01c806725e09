"""kit.mail against a real SMTP server on 127.0.0.1: STARTTLS when offered, login only when encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.mail import MailFailed, MailSettings, SmtpMailer, compose
from tests.support.smtp import SmtpServer, self_signed


@pytest.fixture
def tls(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


@pytest.fixture
def secure(tls: tuple[Path, Path]) -> Iterator[SmtpServer]:
    server = SmtpServer(tls=tls, login=("relay", "s3cret")).start()
    yield server
    server.stop()


@pytest.fixture
def plain() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def settings(port: int, **extra: object) -> MailSettings:
    return MailSettings(smtp_host="127.0.0.1", smtp_port=port, sender_address="notice@shigu.example", **extra)  # type: ignore[arg-type]


def test_starttls_then_login_then_the_message_in_utf8(
    secure: SmtpServer, tls: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    password_file = tmp_path / "smtp-password"
    password_file.write_text("s3cret\n")
    monkeypatch.setenv("MAIL_SMTP_PASSWORD_FILE", str(password_file))
    s = settings(secure.port, smtp_username="relay", ca_file=str(tls[0]))
    assert s.smtp_password == "s3cret"
    SmtpMailer(s).send(
        compose(s, to="vendor@example.cn", subject="揭榜结果已公布", text="您好，结果见平台。", message_id="d-1")
    )
    [got] = secure.received
    assert got.recipients == ["vendor@example.cn"]
    assert got.sender == "notice@shigu.example"
    assert got.message["Message-ID"] == "<d-1@shigu.local>"
    assert got.message["Subject"] == "揭榜结果已公布"
    payload = got.message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert "结果见平台" in payload.decode()


def test_required_starttls_refuses_a_server_without_it(plain: SmtpServer) -> None:
    s = settings(plain.port, starttls="required")
    with pytest.raises(MailFailed, match="does not offer STARTTLS"):
        SmtpMailer(s).send(compose(s, to="a@example.cn", subject="s", text="t"))
    assert plain.received == []


def test_no_password_over_a_plain_connection(plain: SmtpServer) -> None:
    s = settings(plain.port, smtp_username="relay", smtp_password="s3cret")
    with pytest.raises(MailFailed, match="unencrypted"):
        SmtpMailer(s).send(compose(s, to="a@example.cn", subject="s", text="t"))


def test_a_stopped_server_is_a_failure_to_retry(plain: SmtpServer) -> None:
    s = settings(plain.port, timeout_seconds=2.0)
    plain.stop()
    with pytest.raises(MailFailed):
        SmtpMailer(s).send(compose(s, to="a@example.cn", subject="s", text="t"))
    plain.start()
    SmtpMailer(s).send(compose(s, to="a@example.cn", subject="s", text="t"))
    assert len(plain.received) == 1
