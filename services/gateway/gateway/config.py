from pathlib import Path

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
    login_max_failures: int = 5
    login_window_seconds: int = 900
    login_lockout_seconds: int = 300
    address_max_failures: int = 30
    # Request bodies: an application with its documents (20 documents of at most 10 MiB each are
    # refused by workflow well before this), a spreadsheet import, and everything else.
    max_body_bytes: int = 32 * 1024 * 1024
    max_upload_bytes: int = 6 * 1024 * 1024
    max_small_body_bytes: int = 1024 * 1024
