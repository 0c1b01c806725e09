"""Make the OpenAPI spec say what the service does: every error is application/problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kit.errors import PROBLEM_MEDIA_TYPE, Problem

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    spec = get_openapi(title=app.title, version=app.version, routes=app.routes, description=app.description)
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema()
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.get("responses", {})
            has_input = bool(operation.get("parameters") or operation.get("requestBody"))
            if has_input and "422" not in responses:
                responses["422"] = {"description": "The request is not valid"}
            in_path = any(p.get("in") == "path" for p in operation.get("parameters", []))
            if in_path and "400" not in responses:
                # kit.middleware refuses a path with control characters before routing.
                responses["400"] = {"description": "The path is not valid"}
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = spec
    return spec
