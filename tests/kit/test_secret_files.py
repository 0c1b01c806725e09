"""Every setting can come from a file named by NAME_FILE (Compose and Kubernetes secrets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.keys import keys_for_exposed_host
from kit.migrate import default_url
from kit.secretfiles import SecretFileError, env_value
from kit.settings import AuthSettings
from workflow.config import Settings as WorkflowSettings


def _secret(tmp_path: Path, name: str, value: str) -> str:
    path = tmp_path / name
    path.write_text(value + "\n", encoding="utf-8")
    return str(path)


def test_a_settings_field_reads_its_file_without_the_trailing_newline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTH_SERVICE_SECRET_FILE", _secret(tmp_path, "service", "s3cr3t-from-a-file"))
    monkeypatch.setenv("WORKFLOW_DATABASE_URL_FILE", _secret(tmp_path, "db", "postgresql+psycopg://wf:pw@db/wf"))
    monkeypatch.delenv("AUTH_SERVICE_SECRET", raising=False)
    monkeypatch.delenv("WORKFLOW_DATABASE_URL", raising=False)
    assert AuthSettings().service_secret == "s3cr3t-from-a-file"
    assert WorkflowSettings().database_url == "postgresql+psycopg://wf:pw@db/wf"
    assert default_url("workflow") == "postgresql+psycopg://wf:pw@db/wf"


def test_a_multi_line_key_keeps_its_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----"
    monkeypatch.setenv("AUTH_PUBLIC_KEY_PEM_FILE", _secret(tmp_path, "pub", pem))
    monkeypatch.delenv("AUTH_PUBLIC_KEY_PEM", raising=False)
    assert AuthSettings().public_key_pem == pem


def test_both_the_variable_and_its_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTH_SERVICE_SECRET", "inline")
    monkeypatch.setenv("AUTH_SERVICE_SECRET_FILE", _secret(tmp_path, "service", "from-file"))
    with pytest.raises(SecretFileError, match="AUTH_SERVICE_SECRET or AUTH_SERVICE_SECRET_FILE"):
        AuthSettings()
    with pytest.raises(SecretFileError):
        env_value("AUTH_SERVICE_SECRET")


def test_an_unreadable_file_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTH_SERVICE_SECRET", raising=False)
    monkeypatch.setenv("AUTH_SERVICE_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(SecretFileError, match="AUTH_SERVICE_SECRET_FILE="):
        AuthSettings()


def test_production_accepts_its_keys_as_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("AUTH_PUBLIC_KEY_PEM", raising=False)
    monkeypatch.delenv("AUTH_SERVICE_SECRET", raising=False)
    with pytest.raises(ValueError, match="AUTH_PUBLIC_KEY_PEM"):
        AuthSettings()
    monkeypatch.setenv("AUTH_PUBLIC_KEY_PEM_FILE", _secret(tmp_path, "pub", "pem"))
    monkeypatch.setenv("AUTH_SERVICE_SECRET_FILE", _secret(tmp_path, "svc", "secret"))
    assert AuthSettings().service_secret == "secret"


def test_keys_given_as_files_are_not_replaced_by_installation_keys(tmp_path: Path) -> None:
    env = {
        "APP_ENV": "sandbox",
        "VAR_DIR": str(tmp_path),
        "AUTH_PRIVATE_KEY_PEM_FILE": "/run/secrets/private",
        "AUTH_PUBLIC_KEY_PEM_FILE": "/run/secrets/public",
        "AUTH_SERVICE_SECRET_FILE": "/run/secrets/service",
    }
    filled = keys_for_exposed_host("0.0.0.0", env)
    assert set(filled) == {"WORKFLOW_SEALING_KEK"}


def test_the_database_password_can_live_apart_from_the_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKFLOW_DATABASE_URL", "postgresql+psycopg://shigu@postgres:5432/workflow")
    monkeypatch.setenv("WORKFLOW_DATABASE_PASSWORD_FILE", _secret(tmp_path, "pg", "p@ss:word/1"))
    monkeypatch.delenv("WORKFLOW_DATABASE_PASSWORD", raising=False)
    expected = "postgresql+psycopg://shigu:p%40ss%3Aword%2F1@postgres:5432/workflow"
    assert WorkflowSettings().resolved_database_url("workflow") == expected
    assert default_url("workflow") == expected
