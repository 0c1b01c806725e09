"""docker-compose.yml validates against the Compose specification's schema and its service graph
starts the first time: dependencies healthy or completed first, health checks, only the edge published,
log rotation and limits everywhere, no secret with a default, pools within max_connections."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pytest

from tests.deploy.compose import (
    COMPOSE_FILE,
    COMPOSE_SCHEMA,
    interpolate,
    load,
    references,
    required_variables,
)

ONE_SHOT = {"migrate", "meili-keys"}
EDGE = "edge"
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|_KEY|KEK|TOKEN|PEM)")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    """The file with every required variable set (to a placeholder) and the defaults of the others."""
    return load({name: f"set-{name.lower()}" for name in required_variables()})


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def test_the_file_validates_against_the_compose_specification(compose: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(json.loads(COMPOSE_SCHEMA.read_text())).validate(compose)


def test_the_validation_would_catch_a_wrong_file(compose: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(json.loads(COMPOSE_SCHEMA.read_text()))
    broken = json.loads(json.dumps(compose))
    broken["services"]["gateway"]["depends_on"]["postgres"]["condition"] = "service_ready"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_a_missing_secret_stops_compose_before_anything_starts() -> None:
    env = dict.fromkeys(required_variables() - {"POSTGRES_PASSWORD"}, "x")
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD"):
        interpolate(COMPOSE_FILE.read_text(), env)


def test_every_dependency_is_healthy_or_completed_before_a_service_starts(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        depends = service.get("depends_on", {})
        assert isinstance(depends, dict), f"{name}: depends_on needs conditions"
        for target, condition in depends.items():
            expected = "service_completed_successfully" if target in ONE_SHOT else "service_healthy"
            assert condition["condition"] == expected, (name, target)
            if expected == "service_healthy":
                assert "healthcheck" in services(compose)[target], f"{name} waits on {target}, which has no check"


def test_the_services_wait_for_migrate_and_migrate_waits_for_the_database(compose: dict[str, Any]) -> None:
    for name in ("gateway", "gateway-internal", "matching", "workflow"):
        assert services(compose)[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    migrate = services(compose)["migrate"]
    assert "--wait" in migrate["command"]
    assert migrate["restart"] == "no"


def test_every_long_running_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        if name not in ONE_SHOT:
            assert service.get("healthcheck", {}).get("test"), name


def test_the_postgres_check_goes_over_tcp(compose: dict[str, Any]) -> None:
    check = " ".join(services(compose)["postgres"]["healthcheck"]["test"])
    assert "pg_isready -h 127.0.0.1" in check


def test_only_the_edge_publishes_ports(compose: dict[str, Any]) -> None:
    published = {name for name, service in services(compose).items() if service.get("ports")}
    assert published == {EDGE}


def test_the_edge_renders_the_template_the_e2e_test_runs_and_has_the_certificates(compose: dict[str, Any]) -> None:
    edge = services(compose)[EDGE]
    assert "./deploy/nginx/shigu.conf.template:/etc/nginx/templates/shigu.conf.template:ro" in edge["volumes"]
    assert set(edge["secrets"]) == {"tls_cert", "tls_key"}
    assert edge["environment"]["EDGE_TLS_CERT"] == "/run/secrets/tls_cert"
    gateway_env = services(compose)["gateway"]["environment"]
    subnet = compose["networks"]["public"]["ipam"]["config"][0]["subnet"]
    assert gateway_env["GATEWAY_TRUSTED_PROXIES"] == subnet
    assert set(edge["networks"]) == {"public"}


def test_every_service_rotates_its_log_and_has_resource_limits(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "json-file", name
        assert {"max-size", "max-file"} <= set(logging.get("options", {})), name
        limits = service.get("deploy", {}).get("resources", {}).get("limits", {})
        assert limits.get("memory"), name
        assert limits.get("cpus"), name


def test_no_secret_has_a_default_value() -> None:
    for name, operator, argument in references(COMPOSE_FILE.read_text()):
        if SECRET_NAME.search(name):
            assert operator == ":?", f"${{{name}{operator}{argument}}}: a secret must be required, never defaulted"


def test_platform_settings_reach_the_service_containers(compose: dict[str, Any]) -> None:
    for name in ("gateway", "gateway-internal", "matching", "workflow", "migrate"):
        assert services(compose)[name]["env_file"] == [{"path": "./platform.env", "required": False}], name
    example = (COMPOSE_FILE.parent / "deploy" / "platform.env.example").read_text()
    for variable in ("DEMO_PASSWORD", "AUTH_ACCESS_TTL_SECONDS", "AUTH_REFRESH_TTL_SECONDS"):
        assert re.search(rf"^{variable}=", example, re.M), variable
    assert not SECRET_NAME.search(" ".join(re.findall(r"^([A-Z_]+)=", example, re.M)).replace("DEMO_PASSWORD", ""))


def test_the_pools_fit_within_max_connections(compose: dict[str, Any]) -> None:
    postgres = services(compose)["postgres"]["command"]
    max_connections = int(next(arg.split("=", 1)[1] for arg in postgres if arg.startswith("max_connections=")))
    total = 20  # migrate, backups, psql, monitoring (the formula in docker-compose.yml)
    for name, service in services(compose).items():
        env = service.get("environment", {})
        if "DB_POOL_SIZE" not in env or name in ONE_SHOT:
            continue
        replicas = int(service.get("deploy", {}).get("replicas", 1))
        total += replicas * (int(env["DB_POOL_SIZE"]) + int(env["DB_MAX_OVERFLOW"]))
    assert total <= max_connections, (total, max_connections)
    assert total > 20, "the services' pools are configured"


def test_meilisearch_is_pinned_to_the_version_the_contract_suite_ran_against(compose: dict[str, Any]) -> None:
    assert services(compose)["meilisearch"]["image"] == "getmeili/meilisearch:v1.50"


def test_the_build_context_leaves_out_what_the_images_do_not_need() -> None:
    ignored = set((COMPOSE_FILE.parent / ".dockerignore").read_text().split())
    assert {"**/node_modules", "var", "**/.venv", ".git", "frontend/dist", "test-results", ".env"} <= ignored


def test_the_edge_image_carries_the_template_and_the_built_frontend() -> None:
    dockerfile = (COMPOSE_FILE.parent / "Dockerfile").read_text()
    edge = dockerfile.split(" AS edge\n", 1)[1].split("\nFROM ", 1)[0]
    assert "COPY deploy/nginx/shigu.conf.template /etc/nginx/templates/shigu.conf.template" in edge
    assert "COPY --from=frontend /src/frontend/dist /usr/share/nginx/html" in edge
    assert "rm -f /etc/nginx/conf.d/default.conf" in edge
    assert " AS app\n" in dockerfile


OWN_SECRETS = {
    "migrate": {"postgres_password"},
    "gateway": {"service_secret", "postgres_password", "metrics_token", "token_private_key"},
    "gateway-internal": {"service_secret", "postgres_password", "metrics_token"},
    # The master key only to the one-shot step that makes matching's scoped keys (and to the engine itself).
    "meili-keys": {"meili_master_key"},
    "matching": {"service_secret", "postgres_password", "metrics_token"},
    "workflow": {"service_secret", "postgres_password", "metrics_token", "sealing_kek"},
    "postgres": {"postgres_password"},
    "edge": {"tls_cert", "tls_key"},
}


def test_each_container_receives_only_its_own_secrets(compose: dict[str, Any]) -> None:
    got = {name: set(service.get("secrets", [])) for name, service in services(compose).items()}
    assert {name: got.get(name, set()) for name in OWN_SECRETS} == OWN_SECRETS
    assert got.get("meilisearch", set()) == set()
    assert set(compose["secrets"]) == set().union(*OWN_SECRETS.values())


def test_no_secret_value_sits_in_a_service_environment(compose: dict[str, Any]) -> None:
    raw = COMPOSE_FILE.read_text()
    for name, service in services(compose).items():
        if name == "meilisearch":  # the engine reads its master key from its own environment only
            continue
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and key != "AUTH_PUBLIC_KEY_PEM" and value != "":
                if str(value).startswith(SCOPED_KEYS_DIR) and key in SCOPED_KEY_FILES:
                    continue  # matching's scoped keys, from the meili_keys volume (next test)
                assert str(value).startswith("/run/secrets/"), f"{name}: {key} carries a secret, not its file"
                secret = str(value).removeprefix("/run/secrets/")
                assert secret in service.get("secrets", []), f"{name}: {key} names a secret it does not mount"
    assert "${WORKFLOW_SEALING_KEK" not in raw.split("x-required-secrets:")[0]


SCOPED_KEYS_DIR = "/run/meili-keys/"
SCOPED_KEY_FILES = {"MATCHING_MEILI_SEARCH_KEY_FILE", "MATCHING_MEILI_WRITE_KEY_FILE"}
MASTER_KEY_NAMES = ("MEILI_MASTER_KEY", "MATCHING_MEILI_MASTER_KEY")


def test_the_meilisearch_master_key_never_reaches_matching(compose: dict[str, Any]) -> None:
    everything = services(compose)
    holders = {
        name
        for name, service in everything.items()
        if "meili_master_key" in service.get("secrets", [])
        or any(key.removesuffix("_FILE") in MASTER_KEY_NAMES for key in service.get("environment") or {})
    }
    assert holders == {"meili-keys", "meilisearch"}
    maker, matching = everything["meili-keys"], everything["matching"]
    assert maker["command"][-5:] == ["-m", "matching.search", "keys", "--out", SCOPED_KEYS_DIR.rstrip("/")]
    assert maker["environment"]["MATCHING_MEILI_MASTER_KEY_FILE"] == "/run/secrets/meili_master_key"
    assert maker["restart"] == "no"
    assert "meili_keys:/run/meili-keys" in maker["volumes"]
    # matching reads the two scoped keys from what meili-keys wrote, read-only, once it has finished.
    assert "meili_keys:/run/meili-keys:ro" in matching["volumes"]
    assert {k: v for k, v in matching["environment"].items() if k in SCOPED_KEY_FILES} == {
        "MATCHING_MEILI_SEARCH_KEY_FILE": SCOPED_KEYS_DIR + "search_key",
        "MATCHING_MEILI_WRITE_KEY_FILE": SCOPED_KEYS_DIR + "write_key",
    }
    assert matching["depends_on"]["meili-keys"]["condition"] == "service_completed_successfully"
    # Nobody else mounts the scoped keys either.
    assert {n for n, s in everything.items() if any("meili_keys:" in str(v) for v in s.get("volumes", []))} == {
        "meili-keys",
        "matching",
    }
