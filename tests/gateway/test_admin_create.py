from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateway.admin_create import main
from gateway.app import create_app
from gateway.config import Settings
from gateway.models import Base
from tests.gateway.conftest import login
from tests.support.databases import empty_tables

STRONG = "Vision-valley-2026!"


def password_file(tmp_path: Path, password: str) -> str:
    path = tmp_path / "admin-password"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


def test_an_administrator_created_by_the_command_signs_in_and_administers(
    client: TestClient, settings: Settings, tmp_path: Path
) -> None:
    argv = ["--username", "ops-admin", "--display-name", "运维管理员", "--password-file"]
    assert main([*argv, password_file(tmp_path, STRONG)], settings) == 0
    headers = {"Authorization": f"Bearer {login(client, 'ops-admin', STRONG)['access_token']}"}
    users = client.get("/api/admin/users", headers=headers)
    assert users.status_code == 200
    created = next(u for u in users.json() if u["username"] == "ops-admin")
    assert created["roles"] == ["admin"]
    assert created["organisation_name"] == "中国视谷机会平台运营中心"  # the operator organisation already there


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short-1", "At least 10"), ("onlyletterslong", "two of letters"), ("ops-admin-2026", "contain the username")],
)
def test_a_weak_password_is_refused_with_the_reason(
    client: TestClient,
    settings: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    password: str,
    reason: str,
) -> None:
    argv = ["--username", "ops-admin", "--display-name", "运维管理员", "--password-file"]
    assert main([*argv, password_file(tmp_path, password)], settings) == 2
    assert reason in capsys.readouterr().err
    signin = client.post("/api/auth/token", data={"username": "ops-admin", "password": password})
    assert signin.status_code == 401


def test_a_taken_username_is_refused(settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--username", "ADMIN", "--display-name", "重名", "--password-file", password_file(tmp_path, STRONG)]
    assert main(argv, settings) == 2
    assert "username is taken" in capsys.readouterr().err


def test_the_password_is_never_an_argument(settings: Settings) -> None:
    with pytest.raises(SystemExit):
        main(["--username", "ops-admin", "--display-name", "x", "--password", STRONG], settings)


def test_on_an_empty_database_the_operator_organisation_is_created_with_its_credit_code(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty_tables(str(settings.database_url), Base.metadata)  # no demo seed at all
    argv = [
        "--username",
        "ops-admin",
        "--display-name",
        "运维管理员",
        "--password-file",
        password_file(tmp_path, STRONG),
    ]
    assert main(argv, settings) == 2
    assert "--credit-code" in capsys.readouterr().err
    assert main([*argv, "--credit-code", "91330100212320292X"], settings) == 2
    assert "credit_code" in capsys.readouterr().err
    assert main([*argv, "--credit-code", "91330100212320292G"], settings) == 0
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {login(client, 'ops-admin', STRONG)['access_token']}"}
        users = client.get("/api/admin/users", headers=headers).json()
    assert [(u["username"], u["organisation_name"]) for u in users] == [("ops-admin", "视谷机会平台运营中心")]
