"""Every request body of every service refuses fields its schema does not name (a 422 naming the field), so a
client's typo or a field from a newer client is never silently dropped. The event payloads matching receives from
workflow are the one deliberate exception: a newer workflow may add fields an older matching must tolerate."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

TOLERANT_EVENTS = {"ChallengeEvent", "ChallengeSnapshot", "Winner"}


def _apps() -> list[tuple[str, FastAPI]]:
    from gateway.app import create_app as gateway
    from matching.app import create_app as matching
    from workflow.app import create_app as workflow

    return [("gateway", gateway()), ("matching", matching()), ("workflow", workflow())]


def _referenced(schema: Any, components: dict[str, Any], found: set[str]) -> None:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name not in found:
                found.add(name)
                _referenced(components[name], components, found)
        for value in schema.values():
            _referenced(value, components, found)
    elif isinstance(schema, list):
        for value in schema:
            _referenced(value, components, found)


@pytest.mark.parametrize(("service", "app"), _apps(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_json_body_schema_forbids_additional_properties(service: str, app: FastAPI) -> None:
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    bodies: set[str] = set()
    for operations in spec["paths"].values():
        for operation in operations.values():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                if "json" in media:
                    _referenced(content["schema"], components, bodies)
    assert bodies, f"{service} has no JSON request bodies"
    open_schemas = sorted(
        name
        for name in bodies - TOLERANT_EVENTS
        if components[name].get("type") == "object" and components[name].get("additionalProperties") is not False
    )
    assert open_schemas == [], f"{service}: request schemas that would drop unknown fields: {open_schemas}"
