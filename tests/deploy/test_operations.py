"""docs/operations.md: every command in its `sh` blocks is backed by something that exists and runs.

- `make T`: T is a target of the Makefile;
- `python -m M …` (also after `uv run --frozen`, or inside a compose/kubectl command): M answers `--help`,
  and a subcommand named after M appears in that help; `python scripts/X.py`: the script answers `--help`;
- `docker compose …`: the services it names are services of docker-compose.yml;
- `kubectl …`: the namespace is production's, the objects it names (deployment/NAME, job NAME,
  deploy/NAME) are in the rendered production overlay, the files and kustomize folders exist;
- `openssl rand …` and `promtool …` are run; `cp A B`: A exists; `curl` is for reading by hand.
Any other program fails the test, so a new procedure comes with its check.
"""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.kustomize import render

ROOT = Path(__file__).resolve().parents[2]
RUNBOOK = ROOT / "docs" / "operations.md"
NAMESPACE = "shigu"


def runbook_commands() -> list[str]:
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", RUNBOOK.read_text(), re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        commands.extend(line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#"))
    return commands


@functools.cache
def make_targets() -> frozenset[str]:
    text = (ROOT / "Makefile").read_text()
    return frozenset(re.findall(r"^([A-Za-z][\w-]*):", text, re.M))


@functools.cache
def compose_services() -> frozenset[str]:
    return frozenset(yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"])


@functools.cache
def k8s_objects() -> frozenset[tuple[str, str]]:
    return frozenset(
        (d["kind"].lower(), d["metadata"]["name"]) for d in render(ROOT / "deploy/k8s/overlays/production")
    )


@functools.cache
def module_help(module: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"python -m {module} --help: {done.stderr[-1000:]}"
    return done.stdout


def check_python(words: list[str], line: str) -> None:
    """`python -m M [sub] …` or `python scripts/x.py …`."""
    if words[:2] == ["python", "-m"]:
        module, rest = words[2], words[3:]
        shown = module_help(module)
        sub = next((w for w in rest if not w.startswith("-") and not w.startswith("<")), None)
        if sub is not None and re.fullmatch(r"[a-z][a-z-]*", sub) and module not in ("gateway.admin_create",):
            assert sub in shown, f"{line}: `{sub}` is not a command of {module}"
        return
    assert words[0] == "python", line
    assert words[1].endswith(".py"), line
    script = ROOT / words[1]
    assert script.exists(), line
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, line


def check_compose(words: list[str], line: str) -> None:
    assert words[:2] == ["docker", "compose"], line
    sub, rest = words[2], words[3:]
    assert sub in {"build", "up", "ps", "run", "exec", "logs", "restart", "stop"}, line
    for i, word in enumerate(rest):
        if word == "--scale":
            assert rest[i + 1].split("=")[0] in compose_services(), line
    if sub in {"run", "exec", "logs", "restart", "stop"}:
        args = [w for w in rest if not w.startswith("-") and not w.isdigit()]
        service = args[0]
        assert service in compose_services(), f"{line}: no compose service {service}"
        inner = rest[rest.index(service) + 1 :]
        if inner[:2] == ["python", "-m"]:
            check_python(inner, line)


def check_kubectl(words: list[str], line: str) -> None:
    rest = words[1:]
    if "-n" in rest:
        assert rest[rest.index("-n") + 1] == NAMESPACE, line
        del rest[rest.index("-n") : rest.index("-n") + 2]
    rest = [w for w in rest if w not in ("-it",)]
    verb = rest[0]
    if verb == "apply":
        flag, target = rest[1], ROOT / rest[2]
        assert flag in ("-k", "-f"), line
        assert (target / "kustomization.yaml").exists() if flag == "-k" else target.exists(), line
        return
    if verb == "get":
        return
    if verb in ("rollout", "scale", "exec", "logs", "delete"):
        args = [w for w in rest[1:] if not w.startswith("-")]
        if verb == "rollout":
            args = args[1:]
        if verb == "delete":
            kind, name = args[0], args[1]
        else:
            kind, name = args[0].split("/", 1)
        kind = {"deploy": "deployment"}.get(kind, kind)
        assert (kind, name) in k8s_objects(), f"{line}: no {kind} {name} in the production overlay"
        if "--" in rest:
            check_python(rest[rest.index("--") + 1 :], line)
        return
    raise AssertionError(f"{line}: kubectl {verb} is not checked")


def check(line: str) -> None:
    words = shlex.split(line)
    program = words[0]
    if program == "make":
        assert words[1] in make_targets(), f"{line}: no make target {words[1]}"
    elif program == "uv":
        assert words[:3] == ["uv", "run", "--frozen"], line
        check_python(words[3:], line)
    elif program == "python":
        check_python(words, line)
    elif program == "docker":
        check_compose(words, line)
    elif program == "kubectl":
        check_kubectl(words, line)
    elif program in ("openssl", "promtool"):
        binary = shutil.which(program) or f"/usr/bin/{program}"
        done = subprocess.run([binary, *words[1:]], cwd=ROOT, capture_output=True, timeout=120)
        assert done.returncode == 0, f"{line}: {done.stderr[-500:]!r}"
    elif program == "cp":
        assert (ROOT / words[1]).exists(), line
    elif program == "curl":
        assert any(w.startswith("http") for w in words), line
    else:
        raise AssertionError(f"{line}: the runbook uses {program}, which this test does not check")


COMMANDS = runbook_commands()


def test_the_runbook_has_commands_for_every_procedure() -> None:
    text = RUNBOOK.read_text()
    for heading in ("## Install", "## First administrator", "## Upgrade with migrations", "## Backup and restore"):
        assert heading in text
    for heading in ("## Key rotation", "## Scaling", "## Alerts", "## Package mirrors", "point-in-time restore"):
        assert heading.lower() in text.lower()
    joined = "\n".join(COMMANDS)
    for needed in ("kit.tokens new-key", "workflow.rekey", "matching.search keys", "make backup", "make restore"):
        assert needed in joined, needed
    assert "tests/e2e/test_backup_restore.py" in text
    assert (ROOT / "tests/e2e/test_backup_restore.py").exists()


@pytest.mark.parametrize("line", COMMANDS)
def test_each_runbook_command_exists_and_runs(line: str) -> None:
    check(line)


def test_the_checker_refuses_what_does_not_exist() -> None:
    for wrong in (
        "make no-such-target",
        "docker compose run --rm no-such-service python -m kit.migrate",
        "kubectl -n shigu rollout restart deployment/no-such",
        "kubectl -n other get pods",
        "uv run --frozen python -m kit.tokens no-such-command",
        "rm -rf var",
    ):
        with pytest.raises(AssertionError):
            check(wrong)


def _cluster(path: Path) -> dict[str, Any]:
    docs = [d for d in yaml.safe_load_all(path.read_text()) if d and d["kind"] == "Cluster"]
    (cluster,) = docs
    found: dict[str, Any] = cluster
    return found


def test_the_point_in_time_restore_reads_what_the_cluster_archives() -> None:
    source = _cluster(ROOT / "deploy/k8s/base/postgres.yaml")
    restore = _cluster(ROOT / "deploy/k8s/recovery/shigu-db-restore.yaml")
    assert restore["metadata"]["name"] != source["metadata"]["name"]  # beside the damaged one, never over it
    recovery = restore["spec"]["bootstrap"]["recovery"]
    assert recovery["recoveryTarget"]["targetTime"]
    (external,) = [c for c in restore["spec"]["externalClusters"] if c["name"] == recovery["source"]]
    archived, read = source["spec"]["backup"]["barmanObjectStore"], external["barmanObjectStore"]
    assert read["serverName"] == source["metadata"]["name"]
    for key in ("destinationPath", "endpointURL", "s3Credentials"):
        assert read[key] == archived[key], key
    for key in ("instances", "imageName", "storage", "resources", "postgresql"):
        assert restore["spec"][key] == source["spec"][key], key
