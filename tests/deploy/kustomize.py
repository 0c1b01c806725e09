"""A small kustomize for the subset deploy/k8s uses (kustomize itself is not installed here): a
Kustomization's `resources` (files and directories with their own kustomization.yaml), `namespace`,
`images`, `replicas` and `patches` that are JSON 6902 operations with a kind/name target. Any other
field is refused rather than silently ignored, so an overlay cannot use more than this renders."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Document = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"}
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume"}
SCALABLE = {"Deployment", "StatefulSet", "ReplicaSet"}


class KustomizeError(ValueError):
    pass


def load_documents(path: Path) -> list[Document]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def render(directory: Path) -> list[Document]:
    """The documents `kustomize build directory` would print, for the supported subset."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    unknown = set(kustomization) - SUPPORTED
    if unknown:
        raise KustomizeError(f"{directory}: fields this renderer does not apply: {sorted(unknown)}")
    documents: list[Document] = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        documents.extend(render(path) if path.is_dir() else load_documents(path))
    documents = copy.deepcopy(documents)
    for patch in kustomization.get("patches", []):
        apply_patch(documents, patch, directory)
    for image in kustomization.get("images", []):
        set_image(documents, image)
    for replicas in kustomization.get("replicas", []):
        set_replicas(documents, replicas["name"], int(replicas["count"]))
    if "namespace" in kustomization:
        for doc in documents:
            if doc["kind"] not in CLUSTER_SCOPED:
                doc.setdefault("metadata", {})["namespace"] = kustomization["namespace"]
    return documents


def targets(documents: list[Document], target: dict[str, str]) -> list[Document]:
    unknown = set(target) - {"kind", "name"}
    if unknown:
        raise KustomizeError(f"patch target fields this renderer does not match on: {sorted(unknown)}")
    chosen = [
        doc
        for doc in documents
        if doc.get("kind") == target.get("kind", doc.get("kind"))
        and doc.get("metadata", {}).get("name") == target.get("name", doc.get("metadata", {}).get("name"))
    ]
    if not chosen:
        raise KustomizeError(f"patch target {target} matches no resource")
    return chosen


def apply_patch(documents: list[Document], patch: dict[str, Any], directory: Path) -> None:
    if set(patch) - {"target", "patch", "path"}:
        raise KustomizeError(f"unsupported patch fields: {sorted(patch)}")
    text = patch["patch"] if "patch" in patch else (directory / patch["path"]).read_text()
    operations = yaml.safe_load(text)
    if not isinstance(operations, list):
        raise KustomizeError("only JSON 6902 patches (a list of operations) are supported")
    for doc in targets(documents, patch["target"]):
        for operation in operations:
            json_patch(doc, operation)


def pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise KustomizeError(f"not a JSON pointer: {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def json_patch(doc: Document, operation: dict[str, Any]) -> None:
    """One RFC 6902 operation: add, remove, replace or test."""
    op, parts = operation["op"], pointer(operation["path"])
    parent: Any = doc
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    if isinstance(parent, list):
        index = len(parent) if last == "-" else int(last)
        if op == "add":
            parent.insert(index, operation["value"])
        elif op == "remove":
            del parent[index]
        elif op == "replace":
            parent[index] = operation["value"]
        elif op == "test":
            if parent[index] != operation["value"]:
                raise KustomizeError(f"test failed at {operation['path']}")
        else:
            raise KustomizeError(f"unsupported operation {op!r}")
        return
    if op in {"replace", "remove", "test"} and last not in parent:
        raise KustomizeError(f"{op}: no value at {operation['path']}")
    if op in {"add", "replace"}:
        parent[last] = operation["value"]
    elif op == "remove":
        del parent[last]
    elif op == "test":
        if parent[last] != operation["value"]:
            raise KustomizeError(f"test failed at {operation['path']}")
    else:
        raise KustomizeError(f"unsupported operation {op!r}")


def pod_specs(doc: Document) -> list[dict[str, Any]]:
    spec = doc.get("spec", {})
    if doc.get("kind") == "CronJob":
        spec = spec.get("jobTemplate", {}).get("spec", {})
    template = spec.get("template", {}).get("spec")
    return [template] if template else []


def containers(doc: Document) -> list[dict[str, Any]]:
    return [c for pod in pod_specs(doc) for c in pod.get("containers", []) + pod.get("initContainers", [])]


def image_name(image: str) -> str:
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return name[: len(name) - len(last)] + last.split(":", 1)[0]


def set_image(documents: list[Document], image: dict[str, str]) -> None:
    for doc in documents:
        for container in containers(doc):
            if image_name(container["image"]) == image["name"]:
                name = image.get("newName", image["name"])
                container["image"] = f"{name}:{image['newTag']}" if "newTag" in image else name


def set_replicas(documents: list[Document], name: str, count: int) -> None:
    chosen = [d for d in documents if d["kind"] in SCALABLE and d["metadata"]["name"] == name]
    if not chosen:
        raise KustomizeError(f"replicas: no Deployment or StatefulSet named {name!r}")
    for doc in chosen:
        doc["spec"]["replicas"] = count
