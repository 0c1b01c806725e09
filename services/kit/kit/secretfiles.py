"""Secrets from files as well as from the environment.

Every setting a service reads from `NAME` can instead be given as `NAME_FILE=/run/secrets/name`: the file's
content (one trailing newline removed) is the value. This is how Compose and Kubernetes hand out secrets, and
it keeps keys out of `docker inspect`, `/proc/<pid>/environ` and crash reports. Setting both `NAME` and
`NAME_FILE` is refused at start-up rather than silently preferring one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic_settings.sources import EnvSettingsSource

SUFFIX = "_FILE"


class SecretFileError(ValueError):
    pass


def _read(name: str, path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SecretFileError(f"{name}{SUFFIX}={path}: cannot read the file ({exc.strerror})") from None
    return text[:-1] if text.endswith("\n") else text


def file_values(names: set[str], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`{NAME: content}` for every `NAME_FILE` in the environment whose NAME (any case) is in `names`; other
    `…_FILE` variables (TF_CLI_CONFIG_FILE, say) belong to other programs and are left alone."""
    env = os.environ if environ is None else environ
    wanted = {name.upper() for name in names}
    values: dict[str, str] = {}
    for key, path in env.items():
        name = key[: -len(SUFFIX)]
        if not key.endswith(SUFFIX) or name.upper() not in wanted or not path:
            continue
        if env.get(name):
            raise SecretFileError(f"set {name} or {key}, not both")
        values[name] = _read(name, path)
    return values


def env_value(name: str, default: str = "", environ: Mapping[str, str] | None = None) -> str:
    """One setting read outside pydantic-settings (the migration runner, the seed): `NAME` or `NAME_FILE`."""
    env = os.environ if environ is None else environ
    path = env.get(name + SUFFIX, "")
    if path:
        if env.get(name):
            raise SecretFileError(f"set {name} or {name}{SUFFIX}, not both")
        return _read(name, path)
    return env.get(name, default)


class SecretFilesSource(EnvSettingsSource):
    """A settings source that sees `NAME_FILE` as `NAME` (after the environment, before defaults)."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        names = {
            env_name
            for field_name, field in self.settings_cls.model_fields.items()
            for _key, env_name, _complex in self._extract_field_info(field, field_name)
        }
        values = file_values(names)
        if self.case_sensitive:
            return dict(values)
        return {key.lower(): value for key, value in values.items()}
