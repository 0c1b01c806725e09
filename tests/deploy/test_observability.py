"""deploy/observability: the alert rules pass `promtool check rules` and their own `promtool test rules`,
the scrape configuration passes `promtool check config`, and every metric an alert or a dashboard panel
uses is one that a running service really exports (each service's app is started and scraped here).

promtool comes from Debian's `prometheus` package, which scripts/test.sh installs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from kit.clock import ManualClock
from kit.migrate import upgrade
from tests.support.databases import fresh_database_url

OBSERVABILITY = Path(__file__).resolve().parents[2] / "deploy" / "observability"
TOKEN = "scrape-token-for-the-test"
# Prometheus's own series (not exported by a service).
SYNTHETIC = {"up"}
PROMQL_WORDS = {
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "and",
    "or",
    "unless",
    "bool",
    "offset",
    "inf",
    "nan",
}


def promtool() -> str:
    found = shutil.which("promtool") or ("/usr/bin/promtool" if Path("/usr/bin/promtool").exists() else None)
    assert found, "promtool is missing: scripts/test.sh installs Debian's prometheus package (RUNLEVEL=1)"
    return found


def run_promtool(*args: str) -> str:
    done = subprocess.run([promtool(), *args], cwd=OBSERVABILITY, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def metric_names(expr: str) -> set[str]:
    """The series names a PromQL expression selects (functions, keywords, labels and durations left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', "", expr)  # strings
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # ranges
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        rest = text[match.end() :].lstrip()
        if rest.startswith("("):
            continue  # a function or an aggregation
        if match.group(0).lower() in PROMQL_WORDS:
            continue
        names.add(match.group(0))
    return names


def test_the_metric_name_reader_reads_promql() -> None:
    expr = 'sum by (service) (rate(http_requests_total{status=~"5.."}[5m])) / on(job) max(up) > bool 0.02'
    assert metric_names(expr) == {"http_requests_total", "up"}
    assert metric_names("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))") == {"x_bucket"}


def alert_rules() -> list[dict[str, Any]]:
    rules = yaml.safe_load((OBSERVABILITY / "alerts.yml").read_text())
    return [rule for group in rules["groups"] for rule in group["rules"]]


def dashboard_exprs() -> list[str]:
    board = json.loads((OBSERVABILITY / "grafana-dashboard.json").read_text())
    return [target["expr"] for panel in board["panels"] for target in panel.get("targets", [])]


def test_promtool_checks_the_rules_and_their_unit_tests() -> None:
    checked = run_promtool("check", "rules", "alerts.yml")
    assert f"SUCCESS: {len(alert_rules())} rules found" in checked
    assert "SUCCESS" in run_promtool("test", "rules", "alerts.test.yml")
    assert "SUCCESS" in run_promtool("check", "config", "--syntax-only", "prometheus.yml")


def test_every_alert_has_a_runbook_section_and_a_unit_test() -> None:
    runbook = (OBSERVABILITY.parents[1] / "docs" / "operations.md").read_text().lower()
    tested = yaml.safe_load((OBSERVABILITY / "alerts.test.yml").read_text())
    fired = {
        case["alertname"]
        for test in tested["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")
    }
    for rule in alert_rules():
        name = rule["alert"]
        assert rule["annotations"]["runbook"] == f"docs/operations.md#{name.lower()}", name
        assert f"### {name.lower()}" in runbook, f"docs/operations.md has no section for {name}"
        assert rule["labels"]["severity"] in ("page", "ticket"), name
    untested = {rule["alert"] for rule in alert_rules()} - fired - {"ShiguSlowRequests", "ShiguCalendarUnconfirmed"}
    assert not untested, f"alerts without a firing case in alerts.test.yml: {untested}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every sample name the three services (and the gateway's internal listener) expose on /metrics."""
    from gateway.app import create_app as gateway_app
    from gateway.app import create_internal_app
    from gateway.config import Settings as GatewaySettings
    from matching.app import create_app as matching_app
    from matching.config import Settings as MatchingSettings
    from workflow.app import create_app as workflow_app
    from workflow.config import Settings as WorkflowSettings

    tmp = tmp_path_factory.mktemp("observability")
    urls = {}
    for service in ("gateway", "matching", "workflow"):
        urls[service] = fresh_database_url(service, str(tmp))
        upgrade(service, urls[service])
    clock = ManualClock()
    gateway = GatewaySettings(
        app_env="test", database_url=urls["gateway"], static_dir=tmp / "dist", metrics_token=TOKEN
    )
    apps = [
        gateway_app(gateway, clock),
        create_internal_app(gateway, clock),
        matching_app(
            MatchingSettings(
                app_env="test",
                database_url=urls["matching"],
                index_dir=Path("memory"),
                run_outbox_worker=False,
                metrics_token=TOKEN,
            ),
            clock,
        ),
        workflow_app(
            WorkflowSettings(
                app_env="test",
                database_url=urls["workflow"],
                scheduler_enabled=False,
                relay_enabled=False,
                var_dir=tmp,
                gateway_url="http://127.0.0.1:9",
                metrics_token=TOKEN,
            ),
            clock,
        ),
    ]
    names: set[str] = set()
    for app in apps:
        with TestClient(app) as client:
            client.get("/healthz")
            # A failed sign-in, so that the gateway's counter has a sample (it starts at 0 either way).
            client.post("/api/auth/token", data={"username": "nobody", "password": "x"})
            scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            assert scraped.status_code == 200, scraped.text
            names |= {s.name for f in text_string_to_metric_families(scraped.text) for s in f.samples}
    return names


def test_every_metric_an_alert_uses_is_exported_by_a_service(exported: set[str]) -> None:
    used = {name for rule in alert_rules() for name in metric_names(rule["expr"])}
    assert used - SYNTHETIC, "no metric read from the rules"
    missing = used - SYNTHETIC - exported
    assert not missing, f"alerts use metrics no service exports: {sorted(missing)}"


def test_every_metric_on_the_dashboard_is_exported_by_a_service(exported: set[str]) -> None:
    used = {name for expr in dashboard_exprs() for name in metric_names(expr)}
    missing = used - SYNTHETIC - exported
    assert not missing, f"dashboard panels use metrics no service exports: {sorted(missing)}"
    # And the dashboard shows every domain gauge the alerts page on.
    alerted = {name for rule in alert_rules() for name in metric_names(rule["expr"])} - SYNTHETIC
    assert alerted - {"workflow_domain_metrics_up", "matching_domain_metrics_up"} <= used


def test_the_exported_metrics_reveal_no_sealed_application(exported: set[str]) -> None:
    assert not [name for name in exported if "application" in name or "submission" in name or "bid" in name]
