import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kit.errors import ServiceUnavailable
from kit.settings import AppEnv


def default_hash_slots() -> int:
    # argon2-cffi releases the GIL, so each concurrent hash takes a whole core: leave at least one
    # core to everything else the gateway does.
    return max(1, (os.cpu_count() or 2) // 2)


class BoundedHasher(PasswordHasher):
    """argon2id with at most `slots` hashes or verifications at a time in this process. A request
    that finds every slot taken waits up to `wait` seconds, then gets 503 + Retry-After, so a burst
    of registrations or sign-ins cannot take every core from the other requests."""

    def __init__(self, *args: Any, slots: int, wait: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wait = wait
        self._slots = threading.BoundedSemaphore(slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self.wait):
            raise ServiceUnavailable(
                "服务繁忙，请稍后再试。 The server is busy checking passwords; retry shortly.",
                code="password-hashing-busy",
                headers={"Retry-After": "2"},
            )
        try:
            yield
        finally:
            self._slots.release()

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        with self.slot():
            return super().hash(password, salt=salt)

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        with self.slot():
            return super().verify(hash, password)


def make_hasher(app_env: AppEnv, slots: int | None = None, wait: float = 5.0) -> BoundedHasher:
    slots = slots or default_hash_slots()
    # The test suite hashes hundreds of passwords; production keeps argon2's recommended cost.
    if app_env == "test":
        return BoundedHasher(time_cost=1, memory_cost=1024, parallelism=1, slots=slots, wait=wait)
    return BoundedHasher(slots=slots, wait=wait)


def verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
