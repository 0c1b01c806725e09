"""deploy/k8s: both overlays render (tests/deploy/kustomize.py), every rendered document validates
against Kubernetes 1.31's schemas (kubernetes-validate, strict: unknown fields are errors), and the
manifests keep the invariants the compose file keeps: probes, requests and limits, secrets only by
reference, network policies covering every workload, a database and search index that survive a node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from tests.deploy.kustomize import Document, containers, pod_specs, render

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
OVERLAYS = ("production", "staging")
KUBERNETES_VERSION = "1.31.0"
# Custom resources of the CloudNativePG operator: kubernetes-validate has no schema for them (it ships
# the built-in API's only), so they are checked field by field below instead.
CUSTOM_KINDS = {("postgresql.cnpg.io/v1", "Cluster"), ("postgresql.cnpg.io/v1", "ScheduledBackup")}
DEPLOYMENTS = {"gateway", "gateway-internal", "matching", "workflow", "edge"}
SECRET_WORDS = ("PASSWORD", "SECRET", "_KEY", "KEK", "TOKEN", "PEM", "DATABASE_URL")


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[Document]:
    return render(K8S / "overlays" / request.param)


def of_kind(documents: list[Document], kind: str) -> dict[str, Document]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def labels_of(doc: Document) -> dict[str, str]:
    found: dict[str, str] = doc["spec"]["template"]["metadata"]["labels"]
    return found


def test_every_document_validates_against_the_kubernetes_schemas(rendered: list[Document]) -> None:
    skipped = set()
    for doc in rendered:
        if (doc["apiVersion"], doc["kind"]) in CUSTOM_KINDS:
            with pytest.raises(kubernetes_validate.SchemaNotFoundError):
                kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
            skipped.add((doc["apiVersion"], doc["kind"]))
            continue
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    assert skipped == CUSTOM_KINDS


def test_the_validation_would_catch_a_wrong_document(rendered: list[Document]) -> None:
    deployment = dict(of_kind(rendered, "Deployment")["gateway"])
    broken = {**deployment, "spec": {**deployment["spec"], "replica": 2}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_deployments_probe_readyz_and_healthz(rendered: list[Document]) -> None:
    deployments = of_kind(rendered, "Deployment")
    assert set(deployments) == DEPLOYMENTS
    for name, doc in deployments.items():
        (container,) = [c for pod in pod_specs(doc) for c in pod["containers"]]  # init containers have no probes
        ready, live = container["readinessProbe"]["httpGet"], container["livenessProbe"]["httpGet"]
        if name == "edge":
            assert ready["path"] == live["path"] == "/edge-healthz"
        else:
            assert (ready["path"], live["path"]) == ("/readyz", "/healthz"), name
            assert ready["port"] == container["ports"][0]["containerPort"], name


def test_every_container_has_requests_and_limits(rendered: list[Document]) -> None:
    workloads = [d for d in rendered if pod_specs(d)]
    assert {d["kind"] for d in workloads} == {"Deployment", "StatefulSet", "Job"}
    for doc in workloads:
        for container in containers(doc):
            for bound in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(container["resources"][bound]), (doc["metadata"]["name"], bound)
    cluster = of_kind(rendered, "Cluster")["shigu-db"]
    assert {"requests", "limits"} <= set(cluster["spec"]["resources"])


def test_every_deployment_has_an_autoscaler_and_a_disruption_budget(rendered: list[Document]) -> None:
    deployments = of_kind(rendered, "Deployment")
    scalers = {d["spec"]["scaleTargetRef"]["name"]: d for d in of_kind(rendered, "HorizontalPodAutoscaler").values()}
    budgets = {d["metadata"]["name"]: d for d in of_kind(rendered, "PodDisruptionBudget").values()}
    assert set(scalers) == set(budgets) == set(deployments)
    for name, doc in deployments.items():
        assert scalers[name]["spec"]["minReplicas"] <= doc["spec"]["replicas"] <= scalers[name]["spec"]["maxReplicas"]
        assert budgets[name]["spec"]["selector"]["matchLabels"].items() <= labels_of(doc).items()
        # One pod at a time may be evicted, and a drain is never blocked (a one-replica staging service).
        assert budgets[name]["spec"]["maxUnavailable"] == 1
        assert "minAvailable" not in budgets[name]["spec"]


def secret_mounts(doc: Document, container: dict[str, Any]) -> tuple[str, ...]:
    secret_volumes = {v["name"] for pod in pod_specs(doc) for v in pod.get("volumes", []) if "secret" in v}
    return tuple(m["mountPath"] + "/" for m in container.get("volumeMounts", []) if m["name"] in secret_volumes)


def test_secrets_are_referenced_never_committed(rendered: list[Document]) -> None:
    assert not of_kind(rendered, "Secret"), "Secret values are not committed: the operator creates them"
    for doc in rendered:
        for container in containers(doc):
            for variable in container.get("env", []):
                if variable.get("value", "").startswith(secret_mounts(doc, container)):
                    continue  # the path of a file from a mounted Secret (the edge's TLS key)
                if variable["name"] in SCOPED_KEY_FILES and variable["value"].startswith(SCOPED_KEYS_DIR):
                    continue  # matching's scoped Meilisearch keys, written by its init container

                if any(word in variable["name"] for word in SECRET_WORDS):
                    assert "secretKeyRef" in variable.get("valueFrom", {}), (doc["metadata"]["name"], variable["name"])
                    assert "value" not in variable
    config = of_kind(rendered, "ConfigMap")["shigu-config"]["data"]
    assert not [key for key in config if any(word in key for word in SECRET_WORDS)]
    assert config["APP_ENV"] == "production"  # staging too: only dev/sandbox/test relax the checks


# The Secret keys each workload may read, as in docker-compose.yml (tests/deploy/test_compose.py): the
# signing key only to the gateway, the sealing KEK only to workflow, the Meilisearch master key only to
# matching's init container (which uses it once, for the scoped keys) and the engine itself.
OWN_SECRET_KEYS = {
    "gateway": {"auth-public-key-pem", "auth-service-secret", "metrics-token", "auth-private-key-pem"}
    | {"gateway-database-url"},
    "gateway-internal": {"auth-public-key-pem", "auth-service-secret", "metrics-token", "gateway-database-url"},
    "matching": {"auth-public-key-pem", "auth-service-secret", "metrics-token", "matching-database-url"}
    | {"meili-master-key"},
    "workflow": {"auth-public-key-pem", "auth-service-secret", "metrics-token", "workflow-database-url"}
    | {"workflow-sealing-kek"},
    "meilisearch": {"meili-master-key"},
    "migrate": {"gateway-database-url", "matching-database-url", "workflow-database-url"},
    "edge": set(),
}


def test_each_workload_receives_only_its_own_secrets(rendered: list[Document]) -> None:
    got: dict[str, set[str]] = {}
    for doc in rendered:
        if not pod_specs(doc):
            continue
        refs = got.setdefault(doc["metadata"]["name"], set())
        for container in containers(doc):
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref is not None:
                    assert ref["name"] == "shigu-secrets", (doc["metadata"]["name"], ref)
                    refs.add(ref["key"])
            # Whole sources only for the non-secret configuration, never a whole Secret.
            assert all("secretRef" not in source for source in container.get("envFrom", [])), doc["metadata"]["name"]
    assert got == OWN_SECRET_KEYS
    # The edge mounts only its certificate and key.
    (edge,) = [d for d in rendered if d["kind"] == "Deployment" and d["metadata"]["name"] == "edge"]
    secrets = {v["secret"]["secretName"] for pod in pod_specs(edge) for v in pod.get("volumes", []) if "secret" in v}
    assert secrets == {"shigu-edge-tls"}


def allowed_sources(policy: Document) -> set[str]:
    return {
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for rule in policy["spec"].get("ingress", [])
        for peer in rule.get("from", [])
        if "podSelector" in peer
    }


def test_network_policies_cover_every_workload_and_admit_only_the_named_callers(rendered: list[Document]) -> None:
    policies = list(of_kind(rendered, "NetworkPolicy").values())
    assert any(p["spec"]["podSelector"] == {} and not p["spec"].get("ingress") for p in policies), "default deny"
    by_target = {
        p["spec"]["podSelector"]["matchLabels"].get("app.kubernetes.io/name"): p
        for p in policies
        if p["spec"]["podSelector"]
    }
    workloads = {**of_kind(rendered, "Deployment"), **of_kind(rendered, "StatefulSet")}
    for name, doc in workloads.items():
        assert name in by_target, f"{name} has no policy of its own"
        assert by_target[name]["spec"]["podSelector"]["matchLabels"].items() <= labels_of(doc).items()
    assert allowed_sources(by_target["gateway"]) == {"edge"}
    assert allowed_sources(by_target["gateway-internal"]) == {"matching", "workflow"}
    assert allowed_sources(by_target["matching"]) == {"gateway", "workflow"}
    assert allowed_sources(by_target["workflow"]) == {"gateway", "matching"}
    assert allowed_sources(by_target["meilisearch"]) == {"matching"}
    # Only the edge is reachable from outside the namespace, and only the edge's Service is exposed.
    assert not [
        p
        for p in policies
        if p is not by_target["edge"] and any(not r.get("from") for r in p["spec"].get("ingress", []))
    ]
    exposed = {n for n, s in of_kind(rendered, "Service").items() if s["spec"].get("type") == "LoadBalancer"}
    assert exposed == {"edge"}


def test_postgres_is_highly_available_with_continuous_backup(rendered: list[Document]) -> None:
    cluster = of_kind(rendered, "Cluster")["shigu-db"]["spec"]
    assert cluster["instances"] >= 2  # a primary and at least one replica (3 in production)
    store = cluster["backup"]["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://")
    assert "secretAccessKey" in store["s3Credentials"]
    (scheduled,) = of_kind(rendered, "ScheduledBackup").values()
    assert scheduled["spec"]["cluster"]["name"] == "shigu-db"
    assert int(cluster["postgresql"]["parameters"]["max_connections"]) >= pool_connections(rendered)


def pool_connections(rendered: list[Document]) -> int:
    """The formula of docker-compose.yml at the autoscalers' maxima: Σ maxReplicas × (pool + overflow) + 20."""
    config = of_kind(rendered, "ConfigMap")["shigu-config"]["data"]
    per_pod = int(config["DB_POOL_SIZE"]) + int(config["DB_MAX_OVERFLOW"])
    scalers = of_kind(rendered, "HorizontalPodAutoscaler").values()
    return 20 + sum(int(s["spec"]["maxReplicas"]) * per_pod for s in scalers if s["metadata"]["name"] != "edge")


def test_production_runs_three_database_instances(rendered: list[Document]) -> None:
    cluster = of_kind(rendered, "Cluster")["shigu-db"]["spec"]
    namespace = of_kind(rendered, "Cluster")["shigu-db"]["metadata"]["namespace"]
    assert cluster["instances"] == (3 if namespace == "shigu" else 2)


def test_meilisearch_keeps_its_index_on_a_volume_with_snapshots(rendered: list[Document]) -> None:
    meili = of_kind(rendered, "StatefulSet")["meilisearch"]
    (container,) = containers(meili)
    assert container["image"] == "getmeili/meilisearch:v1.50"
    assert "--schedule-snapshot" in container["args"]
    claim = meili["spec"]["volumeClaimTemplates"][0]
    assert {"name": "data", "mountPath": "/meili_data"} in container["volumeMounts"]
    assert claim["metadata"]["name"] == "data"


def test_the_migration_job_waits_for_the_database(rendered: list[Document]) -> None:
    job = of_kind(rendered, "Job")["migrate"]
    (container,) = containers(job)
    assert container["command"][:6] == ["python", "-m", "kit.migrate", "all", "upgrade", "head"]
    assert "--wait" in container["command"]


def test_the_overlays_pin_released_images(rendered: list[Document]) -> None:
    images: set[Any] = {c["image"] for d in rendered for c in containers(d)}
    ours = {i for i in images if "shigu-exchange" in i}
    assert ours, images
    assert all(i.startswith("registry.example/shigu/") and ":" in i.rsplit("/", 1)[1] for i in ours), ours


SCOPED_KEYS_DIR = "/run/meili-keys/"
SCOPED_KEY_FILES = {"MATCHING_MEILI_SEARCH_KEY_FILE", "MATCHING_MEILI_WRITE_KEY_FILE"}


def secret_keys_of(container: dict[str, Any]) -> set[str]:
    return {
        v["valueFrom"]["secretKeyRef"]["key"]
        for v in container.get("env", [])
        if "secretKeyRef" in v.get("valueFrom", {})
    }


def test_the_meilisearch_master_key_never_reaches_the_matching_container(rendered: list[Document]) -> None:
    holders = {
        (doc["metadata"]["name"], container["name"])
        for doc in rendered
        for container in containers(doc)
        if "meili-master-key" in secret_keys_of(container)
        or any(
            v["name"].removesuffix("_FILE") in ("MEILI_MASTER_KEY", "MATCHING_MEILI_MASTER_KEY")
            for v in container.get("env", [])
        )
    }
    assert holders == {("matching", "meili-keys"), ("meilisearch", "meilisearch")}
    (matching,) = [d for d in rendered if d["kind"] == "Deployment" and d["metadata"]["name"] == "matching"]
    (pod,) = pod_specs(matching)
    (maker,) = pod["initContainers"]
    (server,) = pod["containers"]
    assert maker["command"][-5:] == ["-m", "matching.search", "keys", "--out", SCOPED_KEYS_DIR.rstrip("/")]
    volume = {v["name"]: v for v in pod["volumes"]}["meili-keys"]
    assert volume["emptyDir"]["medium"] == "Memory"  # the keys never reach the node's disk
    assert {m["name"]: m["mountPath"] for m in maker["volumeMounts"]} == {"meili-keys": SCOPED_KEYS_DIR.rstrip("/")}
    (mount,) = [m for m in server["volumeMounts"] if m["name"] == "meili-keys"]
    assert mount["readOnly"] is True
    files = {v["name"]: v.get("value") for v in server["env"] if v["name"] in SCOPED_KEY_FILES}
    assert files == {
        "MATCHING_MEILI_SEARCH_KEY_FILE": SCOPED_KEYS_DIR + "search_key",
        "MATCHING_MEILI_WRITE_KEY_FILE": SCOPED_KEYS_DIR + "write_key",
    }
