from pathlib import Path
from typing import Self

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import REPO_ROOT, ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    port: int = 8000
    matching_url: str = "http://127.0.0.1:8001"
    workflow_url: str = "http://127.0.0.1:8002"
    upstream_connect_timeout: float = 2.0
    upstream_read_timeout: float = 15.0
    static_dir: Path = REPO_ROOT / "frontend" / "dist"
    # Sign-in throttle (gateway/auth/throttle.py, decision 0051).
    login_max_failures: int = 5  # per (account, address), then a lock that doubles with each failure
    login_first_lockout_seconds: int = 30
    login_max_lockout_seconds: int = 900
    login_window_seconds: int = 900
    login_account_max_addresses: int = 10  # distinct failing addresses before the account locks
    login_address_max_accounts: int = 20  # distinct failing accounts before the address locks
    login_lockout_seconds: int = 300  # account-wide and address-wide locks
    # Registration and refresh limits, counted in the database (gateway/auth/rate.py).
    register_per_address: int = 5
    register_address_window_seconds: int = 3600
    register_global: int = 30
    register_global_window_seconds: int = 600
    refresh_per_address: int = 60
    refresh_window_seconds: int = 60
    # How long a temporary password set by an administrator signs in (to be replaced at once).
    temporary_password_hours: int = 72
    # How long a password-reset link issued by an administrator stays valid (decision 0092).
    reset_link_hours: int = 24
    # One-time codes to an e-mail or mobile (gateway/account/service.py, decision 0081).
    contact_code_minutes: int = 10
    reset_code_minutes: int = 30
    contact_code_max_attempts: int = 5
    contact_codes_per_account_hour: int = 5
    contact_codes_per_address_hour: int = 20
    # Roles that must sign in with a TOTP second factor (comma-separated; decision 0077). Unset:
    # `admin,gov_reviewer,supervisor` (a supervisor holds an opening key, decision 0107), except in
    # dev/sandbox/test, where the demo accounts sign in without one.
    require_totp_for: str | None = None
    # argon2id hashes at once in one process (default: half the cores), and how long a request
    # waits for a free slot before 503.
    password_hash_slots: int | None = None
    password_hash_wait_seconds: float = 5.0
    # Request bodies (gateway.proxy.limits): an application with its documents as base64 (workflow takes
    # each document up to 10 MiB; the whole request is bounded here), a spreadsheet import (matching
    # takes a file up to 5 MiB), and every other request.
    max_body_bytes: int = 32 * 1024 * 1024
    max_upload_bytes: int = 6 * 1024 * 1024
    max_small_body_bytes: int = 1024 * 1024
    # The browser's refresh-token cookie is Secure (gateway/auth/cookie.py, decision 0091). Browsers keep
    # a Secure cookie from http://127.0.0.1 and http://localhost too; switch it off only to try the
    # platform over plain HTTP on another address. Production refuses to start without it.
    refresh_cookie_secure: bool = True

    @model_validator(mode="after")
    def _secure_cookie_in_production(self) -> Self:
        if self.app_env == "production" and not self.refresh_cookie_secure:
            raise ValueError("GATEWAY_REFRESH_COOKIE_SECURE cannot be switched off in production")
        return self

    def totp_required_roles(self) -> frozenset[str]:
        if self.require_totp_for is None:
            return frozenset() if self.relaxed else frozenset({"admin", "gov_reviewer", "supervisor"})
        return frozenset(role.strip() for role in self.require_totp_for.split(",") if role.strip())
