from __future__ import annotations

import base64
import hashlib

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from kit.settings import ServiceSettings

_DEV_KEK = hashlib.sha256(b"shigu-exchange workflow dev/sandbox/test sealing key").digest()


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WORKFLOW_", extra="ignore")

    port: int = 8002
    matching_url: str = "http://127.0.0.1:8001"
    gateway_url: str = "http://127.0.0.1:8000"
    time_acceleration: float = 1.0
    # The factor for the periods in which a person must act on the platform (the 公示 objection window and
    # a fix-up window): unset, the same as time_acceleration. A sandbox demo sets it lower (1440: a day is a
    # minute) so that someone can still file an objection while the machine's own periods fly by.
    human_time_acceleration: float | None = None
    scheduler_enabled: bool = True
    scheduler_interval_seconds: float = 1.0
    relay_enabled: bool = True
    relay_interval_seconds: float = 1.0
    # After this many failed deliveries an outbox event is dead-lettered (state "failed").
    outbox_max_attempts: int = 12
    # After this many failed attempts an e-mail or SMS is given up (state "failed"); with the relay's
    # backoff (doubling up to five minutes) twenty attempts span about an hour.
    delivery_max_attempts: int = 20
    sealing_kek: str | None = None
    # During a rotation of the KEK: the previous KEK(s), comma-separated, which only unwrap the data keys
    # they wrapped until `python -m workflow.rekey` has re-wrapped them (docs/operations.md).
    sealing_kek_previous: str = ""
    max_document_bytes: int = 10 * 1024 * 1024
    allowed_document_types: tuple[str, ...] = (
        "application/pdf",
        "image/png",
        "image/jpeg",
        "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    )
    min_days_after_amendment: int = 3
    # Open (undecided) objections one applicant organisation may hold on one challenge during 公示: each one
    # holds the award, so a flood of them would hold it for ever.
    max_open_objections: int = 3
    # Rectifications (整改) an acceptance review may ask for before it must pass or fail (decision 0106).
    max_rectifications: int = 2
    min_open_days: int = 1
    # The custodians' window to open a custodian-sealed challenge after its deadline (decision 0108), in
    # working days of the kit's calendar; when it passes short of k custodians it is extended, once a pass.
    opening_window_working_days: int = 2

    @property
    def human_acceleration(self) -> float:
        """The factor for periods in which a person must act: its own setting, else the general one."""
        return self.human_time_acceleration or self.time_acceleration

    @model_validator(mode="after")
    def _guard_environment(self) -> Settings:
        if self.time_acceleration <= 0:
            raise ValueError("WORKFLOW_TIME_ACCELERATION must be positive")
        if self.time_acceleration != 1.0 and self.app_env not in ("sandbox", "test"):
            raise ValueError(f"WORKFLOW_TIME_ACCELERATION is only accepted with APP_ENV=sandbox (not {self.app_env})")
        if self.human_time_acceleration is not None:
            if self.human_time_acceleration <= 0:
                raise ValueError("WORKFLOW_HUMAN_TIME_ACCELERATION must be positive")
            if self.human_time_acceleration != 1.0 and self.app_env not in ("sandbox", "test"):
                raise ValueError(
                    f"WORKFLOW_HUMAN_TIME_ACCELERATION is only accepted with APP_ENV=sandbox (not {self.app_env})"
                )
        if self.sealing_kek is None and not self.relaxed:
            raise ValueError(f"APP_ENV={self.app_env} needs WORKFLOW_SEALING_KEK (base64, 32 bytes)")
        if self.sealing_kek is not None and len(base64.b64decode(self.sealing_kek)) != 32:
            raise ValueError("WORKFLOW_SEALING_KEK must be 32 bytes, base64-encoded")
        if any(len(key) != 32 for key in self.previous_keks()):
            raise ValueError("WORKFLOW_SEALING_KEK_PREVIOUS must be 32-byte keys, base64-encoded, comma-separated")
        return self

    def previous_keks(self) -> list[bytes]:
        return [base64.b64decode(item) for item in self.sealing_kek_previous.split(",") if item.strip()]

    def kek(self) -> bytes:
        if self.sealing_kek is not None:
            return base64.b64decode(self.sealing_kek)
        return _DEV_KEK
