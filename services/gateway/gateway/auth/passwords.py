from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kit.settings import AppEnv


def make_hasher(app_env: AppEnv) -> PasswordHasher:
    # The test suite hashes hundreds of passwords; production keeps argon2's recommended cost.
    if app_env == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
