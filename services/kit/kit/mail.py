"""E-mail over SMTP, shared by the gateway (verification and reset codes) and workflow (notifications).

Settings under `MAIL_` (each also as `MAIL_…_FILE`, kit.secretfiles): `MAIL_SMTP_HOST` unset means no
mail is sent at all (the "log" transport writes the message to the log instead, for dev and sandbox).
`MAIL_STARTTLS`: `auto` upgrades whenever the server offers STARTTLS, `required` refuses a server that
does not, `off` never upgrades (a relay on the same host); `MAIL_SMTP_SSL` speaks TLS from the first
byte (port 465). Login only over an encrypted connection unless `MAIL_ALLOW_PLAIN_LOGIN` (tests).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import Literal, Protocol

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import SecretFileSettings

log = logging.getLogger("kit.mail")


class MailSettings(SecretFileSettings):
    model_config = SettingsConfigDict(env_prefix="MAIL_", extra="ignore")

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_ssl: bool = False
    starttls: Literal["auto", "required", "off"] = "auto"
    smtp_username: str = ""
    smtp_password: str = ""
    allow_plain_login: bool = False
    timeout_seconds: float = 10.0
    # The From header and the envelope sender.
    sender_address: str = "noreply@shigu.local"
    sender_name: str = "视谷机会平台 Shigu Exchange"
    # The domain of the Message-IDs (one per delivery, so a receiver can recognise a resent copy).
    message_id_domain: str = "shigu.local"
    ca_file: str = ""

    @model_validator(mode="after")
    def _login_needs_credentials(self) -> MailSettings:
        if bool(self.smtp_username) != bool(self.smtp_password):
            raise ValueError("MAIL_SMTP_USERNAME and MAIL_SMTP_PASSWORD go together")
        return self

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_host)


class MailFailed(Exception):
    """The message was not accepted; retry later."""


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def compose(
    settings: MailSettings,
    *,
    to: str,
    subject: str,
    text: str,
    message_id: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((settings.sender_name, settings.sender_address))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = f"<{message_id}@{settings.message_id_domain}>" if message_id else make_msgid()
    if date is not None:
        message["Date"] = format_datetime(date)
    message.set_content(text, charset="utf-8")
    return message


class SmtpMailer:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file or None)

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        try:
            client: smtplib.SMTP
            if s.smtp_ssl:
                client = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.timeout_seconds, context=self._context())
            else:
                client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout_seconds)
            with client:
                client.ehlo()
                encrypted = s.smtp_ssl
                if not encrypted and s.starttls != "off":
                    if client.has_extn("starttls"):
                        client.starttls(context=self._context())
                        client.ehlo()
                        encrypted = True
                    elif s.starttls == "required":
                        raise MailFailed(
                            f"{s.smtp_host}:{s.smtp_port} does not offer STARTTLS (MAIL_STARTTLS=required)"
                        )
                if s.smtp_username:
                    if not encrypted and not s.allow_plain_login:
                        raise MailFailed("refusing to send the SMTP password over an unencrypted connection")
                    client.login(s.smtp_username, s.smtp_password)
                refused = client.send_message(message)
                if refused:
                    raise MailFailed(f"recipients refused: {', '.join(sorted(refused))}")
        except (OSError, smtplib.SMTPException) as exc:
            raise MailFailed(f"{type(exc).__name__}: {exc}") from exc


class LogMailer:
    """No SMTP server configured: the message goes to the log instead. Its text (which may hold a code)
    only where `reveal` is set, in dev and sandbox, for the developer to read."""

    def __init__(self, reveal: bool) -> None:
        self.reveal = reveal

    def send(self, message: EmailMessage) -> None:
        extra = {"to": message["To"], "subject": message["Subject"]}
        if self.reveal:
            extra["text"] = message.get_content()
        log.warning("mail not sent (MAIL_SMTP_HOST unset)", extra=extra)


def mailer(settings: MailSettings, *, relaxed: bool) -> Mailer:
    return SmtpMailer(settings) if settings.enabled else LogMailer(reveal=relaxed)
