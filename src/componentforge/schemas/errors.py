"""The error envelope every failure is answered with: `{"error": {...}}`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    type: str = Field(description="Stable and machine-readable: not_found, invalid_input, ...")
    message: str = Field(description="For a person")
    details: dict[str, Any] | list[dict[str, Any]] = Field(
        default={},
        description="What the error is about: the id not found, or (422) each field refused "
        "with its `loc`, `msg` and `type`",
    )
    request_id: str | None = Field(default=None, description="Quote it when asking for help")


class ErrorEnvelope(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "type": "not_found",
                        "message": "no generation '0123456789abcdef0123456789abcdef'",
                        "details": {},
                        "request_id": "5f81b078b00d483e91bac60aa712fa48",
                    }
                }
            ]
        }
    )

    error: ErrorBody
