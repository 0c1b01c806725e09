"""Settings shared by every service; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import make_url

from kit.secretfiles import SecretFilesSource

AppEnv = Literal["dev", "sandbox", "test", "production"]
RELAXED_ENVS: frozenset[str] = frozenset({"dev", "sandbox", "test"})
REPO_ROOT = Path(__file__).resolve().parents[3]


def with_password(url: str, password: str) -> str:
    """`url` with `password` set in it (unchanged when the password is empty)."""
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


class SecretFileSettings(BaseSettings):
    """Base of every settings class: NAME_FILE stands for NAME (kit.secretfiles), so Compose and Kubernetes
    secrets mounted as files reach every field, after the environment and before the defaults."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, SecretFilesSource(settings_cls), dotenv_settings, file_secret_settings)


class AuthSettings(SecretFileSettings):
    """Token keys, shared by all services under the `AUTH_` prefix.

    Access tokens are Ed25519-signed by the gateway; the services only hold the public key.
    Service-to-service tokens are HMAC-signed with a secret the services share.
    """

    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore", populate_by_name=True)

    app_env: AppEnv = Field(default="dev", validation_alias="APP_ENV")
    private_key_pem: str | None = None
    public_key_pem: str | None = None
    service_secret: str | None = None
    access_ttl_seconds: int = 900
    refresh_ttl_seconds: int = 14 * 24 * 3600
    issuer: str = "shigu-gateway"
    audience: str = "shigu"
    # The gateway, which the services ask whether a signed-in user is still active (kit.auth);
    # unset: the services trust the token alone until it expires.
    user_status_url: str | None = None

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> AuthSettings:
        if self.app_env not in RELAXED_ENVS:
            missing = [
                name
                for name, value in (
                    ("AUTH_PUBLIC_KEY_PEM", self.public_key_pem),
                    ("AUTH_SERVICE_SECRET", self.service_secret),
                )
                if not value
            ]
            if missing:
                raise ValueError(f"APP_ENV={self.app_env} needs {', '.join(missing)} from the environment")
        return self


class ServiceSettings(SecretFileSettings):
    """Common knobs; a service subclass sets `model_config` with its own env prefix."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    app_env: AppEnv = Field(default="dev", validation_alias="APP_ENV")
    database_url: str = ""
    # The database password apart from the URL (<SERVICE>_DATABASE_PASSWORD, or …_FILE from a mounted
    # secret), so the URL itself can sit in plain configuration.
    database_password: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    var_dir: Path = Field(default=REPO_ROOT / "var", validation_alias="VAR_DIR")
    # The bearer token a Prometheus scraper sends to /metrics (unset: the services' /metrics is open
    # inside the network, the gateway's answers 404).
    metrics_token: str | None = Field(default=None, validation_alias="METRICS_TOKEN")
    # The platform's public origin (https://shigu.example), for absolute links in published data;
    # unset, the services use the origin the gateway forwards (X-Forwarded-Host/-Proto).
    public_base_url: str = Field(default="", validation_alias="PUBLIC_BASE_URL")
    # Reverse proxies whose X-Forwarded-For uvicorn may believe (comma-separated addresses or networks,
    # <SERVICE>_TRUSTED_PROXIES); empty, the default: none, the connecting peer is the client. See kit.serve.
    trusted_proxies: str = ""

    def trusted_proxy_list(self) -> list[str]:
        return [item.strip() for item in self.trusted_proxies.split(",") if item.strip()]

    def resolved_database_url(self, service: str) -> str:
        if self.database_url:
            return with_password(self.database_url, self.database_password)
        if self.app_env == "production":
            raise ValueError(f"{service}: DATABASE_URL must be set in production")
        self.var_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.var_dir / f'{service}.db'}"

    @property
    def relaxed(self) -> bool:
        return self.app_env in RELAXED_ENVS
