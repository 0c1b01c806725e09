"""tests/deploy/kustomize.py, the renderer the Kubernetes tests stand on: each field it applies does what
kustomize does with it, and what it does not apply is refused instead of silently dropped."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.deploy.kustomize import KustomizeError, image_name, json_patch, render

BASE = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - {name: web, image: "shigu-exchange", args: [a, b]}
        - {name: side, image: "other/thing:1.0"}
---
apiVersion: v1
kind: Namespace
metadata: {name: outside}
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return directory


def overlay(tmp_path: Path, body: str) -> Path:
    write(tmp_path, {"base/kustomization.yaml": "resources: [web.yaml]\n", "base/web.yaml": BASE})
    write(tmp_path, {"overlay/kustomization.yaml": "resources: [../base]\n" + textwrap.dedent(body)})
    return tmp_path / "overlay"


def test_namespace_images_and_replicas(tmp_path: Path) -> None:
    docs = render(
        overlay(
            tmp_path,
            """\
            namespace: prod
            images:
              - {name: shigu-exchange, newName: registry.example/shigu-exchange, newTag: "2.0"}
            replicas:
              - {name: web, count: 5}
            """,
        )
    )
    web, namespace = docs
    assert web["metadata"]["namespace"] == "prod"
    assert "namespace" not in namespace["metadata"]  # cluster-scoped
    web_c, side = web["spec"]["template"]["spec"]["containers"]
    assert web_c["image"] == "registry.example/shigu-exchange:2.0"
    assert side["image"] == "other/thing:1.0"
    assert web["spec"]["replicas"] == 5


def test_json6902_patches_on_a_target(tmp_path: Path) -> None:
    docs = render(
        overlay(
            tmp_path,
            """\
            patches:
              - target: {kind: Deployment, name: web}
                patch: |-
                  - {op: replace, path: /spec/replicas, value: 7}
                  - {op: add, path: /spec/template/spec/containers/0/args/-, value: c}
                  - {op: remove, path: /spec/template/spec/containers/1}
                  - {op: add, path: /metadata/labels, value: {tier: web}}
            """,
        )
    )
    spec = docs[0]["spec"]
    assert spec["replicas"] == 7
    assert [c["name"] for c in spec["template"]["spec"]["containers"]] == ["web"]
    assert spec["template"]["spec"]["containers"][0]["args"] == ["a", "b", "c"]
    assert docs[0]["metadata"]["labels"] == {"tier": "web"}


def test_the_base_is_not_changed_by_an_overlay(tmp_path: Path) -> None:
    render(overlay(tmp_path, "replicas:\n  - {name: web, count: 9}\n"))
    assert render(tmp_path / "base")[0]["spec"]["replicas"] == 2


@pytest.mark.parametrize(
    "body",
    [
        "commonLabels: {a: b}\n",  # a field this renderer does not apply
        "patches:\n  - target: {kind: Deployment, name: nothing}\n    patch: '[]'\n",  # matches nothing
        "patches:\n  - target: {kind: Deployment, name: web}\n    patch: 'spec: {replicas: 1}'\n",  # strategic merge
        "patches:\n  - target: {kind: Deployment, name: web, labelSelector: a=b}\n    patch: '[]'\n",
        "patches:\n  - target: {kind: Deployment, name: web}\n    patch: '[{op: remove, path: /spec/nope}]'\n",
        "replicas:\n  - {name: nothing, count: 1}\n",
    ],
)
def test_what_it_cannot_apply_is_refused(tmp_path: Path, body: str) -> None:
    with pytest.raises(KustomizeError):
        render(overlay(tmp_path, body))


def test_json_pointer_escapes_and_test_operation() -> None:
    doc = {"metadata": {"annotations": {"a/b": "1", "c~d": "2"}}}
    json_patch(doc, {"op": "replace", "path": "/metadata/annotations/a~1b", "value": "3"})
    json_patch(doc, {"op": "test", "path": "/metadata/annotations/c~0d", "value": "2"})
    assert doc["metadata"]["annotations"] == {"a/b": "3", "c~d": "2"}
    with pytest.raises(KustomizeError):
        json_patch(doc, {"op": "test", "path": "/metadata/annotations/c~0d", "value": "9"})


@pytest.mark.parametrize(
    ("image", "name"),
    [
        ("nginx", "nginx"),
        ("nginx:1.28-alpine", "nginx"),
        ("registry.example:5000/shigu/app:1.0", "registry.example:5000/shigu/app"),
        ("app@sha256:abc", "app"),
    ],
)
def test_image_names_without_tag_or_digest(image: str, name: str) -> None:
    assert image_name(image) == name
