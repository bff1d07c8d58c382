"""The one place errors become HTTP responses, always in the error envelope."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from componentforge import errors as e
from componentforge.infra.logging import request_id_var

log = logging.getLogger(__name__)

STATUS_BY_ERROR: list[tuple[type[e.ComponentForgeError], int]] = [
    (e.InvalidInputError, 422),
    (e.BadRequestError, 400),
    (e.NotFoundError, 404),
    (e.AuthenticationError, 401),
    (e.ForbiddenError, 403),
    (e.RateLimitedError, 429),
    (e.PayloadTooLargeError, 413),
    (e.UnsupportedMediaTypeError, 415),
    (e.UpstreamError, 502),
    (e.DependencyError, 503),
]
UNEXPECTED = "an unexpected error occurred; quote the request id"
HTTP_ERROR_TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def error_body(error_type: str, message: str, details: Any = None) -> dict[str, Any]:
    """The error envelope every failure is answered with."""
    return {
        "error": {
            "type": error_type,
            "message": message,
            "details": details if details is not None else {},
            "request_id": request_id_var.get(),
        }
    }


def error_response(
    status: int,
    error_type: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(error_type, message, details), status_code=status, headers=headers
    )


def describe(exc: Exception) -> tuple[int, dict[str, Any]]:
    """Status and envelope for an error met where no handler runs (a stream, a batch item)."""
    if isinstance(exc, e.ComponentForgeError):
        return status_for(exc), error_body(exc.error_type, exc.message, exc.details)
    log.exception("request failed", exc_info=exc)
    return 500, error_body("internal_error", UNEXPECTED)


def status_for(exc: e.ComponentForgeError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            return status
    return 500


async def handle_our_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, e.ComponentForgeError)
    status = status_for(exc)
    headers = None
    if isinstance(exc, e.RateLimitedError):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    if status >= 500:
        log.warning("request failed: %s", exc.message, extra={"error_type": exc.error_type})
    return error_response(status, exc.error_type, exc.message, exc.details, headers)


async def handle_validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]
    if any(p["type"] == "json_invalid" for p in problems):
        return error_response(400, "bad_request", "the request body is not valid JSON", problems)
    fields = ", ".join(".".join(str(part) for part in p["loc"]) for p in problems[:5])
    return error_response(422, "validation_error", f"invalid request: {fields}", problems)


async def handle_http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    error_type = HTTP_ERROR_TYPES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else error_type.replace("_", " ")
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = "no route matches this path"
    headers = dict(exc.headers) if exc.headers else None
    return error_response(exc.status_code, error_type, message, headers=headers)


def unexpected_error_response() -> JSONResponse:
    return error_response(500, "internal_error", UNEXPECTED)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(e.ComponentForgeError, handle_our_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_error)
