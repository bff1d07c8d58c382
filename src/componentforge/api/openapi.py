"""The OpenAPI document as typed clients need it (openapi-typescript at its default settings,
openapi-fetch): every error response in our one `ErrorEnvelope`, request fields with defaults
not required, uploads as `format: binary`.

FastAPI documents FastAPI's own 422 shape and nothing else of our errors; openapi-typescript
makes a property with a `default` required (right for responses, which always carry it, wrong
for requests). So the document FastAPI builds is finished here, once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI

from componentforge.api import examples
from componentforge.schemas.errors import ErrorEnvelope

ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}
METHODS = {"get", "post", "put", "patch", "delete"}
# Statuses any /api/v1 operation may answer, with what they mean.
COMMON = {
    "401": "Missing or invalid `X-API-Key` (when keys are on)",
    "403": "The key may not do this (another tenant's data needs an admin key)",
    "429": "Over the rate limit; `Retry-After` says when to come back",
    "500": "An unexpected error; quote `request_id`",
    "503": "A dependency the answer needs is down",
}
WITH_BODY = {
    "408": "The body did not arrive in time",
    "413": "The body is over the size limit",
    "422": "The request is not valid: `details` lists what was refused",
}

# One Server-Sent Event (what a client's EventSource hands over): its `data` is JSON.
EVENT = {
    "type": "object",
    "properties": {
        "event": {"type": "string", "description": "stage, result, error, status, item"},
        "data": {"type": "string", "description": "JSON"},
        "id": {"type": "string"},
    },
    "required": ["data"],
}


def install(app: FastAPI, public: list[str]) -> None:
    """`public`: the paths that need no key (no 401, no rate limit)."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finished(build(), set(public))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def finished(spec: dict[str, Any], public: set[str]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    envelope = ErrorEnvelope.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(envelope.pop("$defs", {}))
    schemas["ErrorEnvelope"] = envelope
    for path, method, operation in _operations(spec):
        _errors(operation, path, public)
        _plain_bodies(operation)
        examples.attach(path, method, operation)
    for name in ("HTTPValidationError", "ValidationError"):
        if name in schemas and f'"#/components/schemas/{name}"' not in json.dumps(spec):
            del schemas[name]
    for name in _request_schemas(spec):
        _optional_defaults(schemas[name])
        _binary_uploads(schemas[name])
    return spec


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _errors(operation: dict[str, Any], path: str, public: set[str]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    wanted: dict[str, str] = {}
    if path.startswith("/api/v1") and path not in public:
        wanted.update(COMMON)
    if "requestBody" in operation or operation.get("parameters"):
        wanted["422"] = WITH_BODY["422"]
    if "requestBody" in operation:
        wanted.update(WITH_BODY)
        if "multipart/form-data" in operation["requestBody"].get("content", {}):
            wanted["415"] = "Not a PNG, JPEG or WebP image"
    if "{" in path:
        wanted.setdefault("404", "Not found (or another tenant's)")
    for status, description in wanted.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status.startswith(("4", "5")) or status == "default":
            if response.get("description") in (None, "", "Validation Error"):
                response["description"] = wanted.get(status, "An error")
            response["content"] = {"application/json": {"schema": ENVELOPE}}


def _plain_bodies(operation: dict[str, Any]) -> None:
    """What FastAPI cannot see: a route that answers a stream or a file documents `{}` as
    JSON. A stream keeps its own media type only; a file is binary; text is a string."""
    for status, response in operation.get("responses", {}).items():
        content: dict[str, Any] = response.get("content", {})
        if not status.startswith("2") or content.get("application/json", {}).get("schema") != {}:
            continue
        del content["application/json"]
        if not content:
            content["application/octet-stream"] = {"schema": {"type": "string", "format": "binary"}}
    for response in operation.get("responses", {}).values():
        for media, body in response.get("content", {}).items():
            if media == "text/event-stream":
                body["schema"] = EVENT
            elif "schema" not in body:
                body["schema"] = {"type": "string"}
                if media.endswith("json"):
                    body["schema"] = {"type": "object", "additionalProperties": True}


def _request_schemas(spec: dict[str, Any]) -> set[str]:
    """Every component schema a request body reaches, directly or nested."""
    schemas = spec["components"]["schemas"]
    todo = [
        ref
        for _, _, op in _operations(spec)
        for ref in _refs(op.get("requestBody", {}))
        if ref in schemas
    ]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(r for r in _refs(schemas[name]) if r in schemas)
    return seen


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.removeprefix("#/components/schemas/")
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _optional_defaults(schema: dict[str, Any]) -> None:
    """A default moves into the description: the field stays optional in generated types."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop:
            default = prop.pop("default")
            if default is not None:
                said = f"Default: `{json.dumps(default)}`."
                prop["description"] = (
                    f"{prop['description']} {said}" if "description" in prop else said
                )


def _binary_uploads(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("contentMediaType") == "application/octet-stream":
            prop.pop("contentMediaType")
            prop["format"] = "binary"
