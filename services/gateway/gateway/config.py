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
    # Request bodies (gateway.proxy.limits): an application with its documents as base64 (workflow takes
    # each document up to 10 MiB; the whole request is bounded here), a spreadsheet import (matching
    # takes a file up to 5 MiB), and every other request.
    max_body_bytes: int = 32 * 1024 * 1024
    max_upload_bytes: int = 6 * 1024 * 1024
    max_small_body_bytes: int = 1024 * 1024
