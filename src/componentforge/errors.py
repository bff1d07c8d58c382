"""Exceptions services and engines raise. Only `api/errors.py` turns them into HTTP responses."""

from __future__ import annotations

from typing import Any


class ComponentForgeError(Exception):
    """Base of every error we raise on purpose; `details` is safe to show to the caller."""

    error_type = "internal_error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class ConfigError(ComponentForgeError):
    """A setting has a value the service cannot start with."""

    error_type = "configuration_error"


class InvalidInputError(ComponentForgeError):
    """The input is well-formed but its values are not acceptable."""

    error_type = "validation_error"


class BadRequestError(ComponentForgeError):
    """The input cannot be read at all (corrupt file, malformed body)."""

    error_type = "bad_request"


class NotFoundError(ComponentForgeError):
    error_type = "not_found"


class AuthenticationError(ComponentForgeError):
    error_type = "unauthorized"


class ForbiddenError(ComponentForgeError):
    """A credential the caller gave (a Figma token) may not read what was asked for."""

    error_type = "forbidden"


class RateLimitedError(ComponentForgeError):
    error_type = "rate_limited"

    def __init__(self, message: str, retry_after_seconds: int, limit: str) -> None:
        super().__init__(message, {"retry_after_seconds": retry_after_seconds, "limit": limit})
        self.retry_after_seconds = retry_after_seconds


class PayloadTooLargeError(ComponentForgeError):
    error_type = "payload_too_large"


class UnsupportedMediaTypeError(ComponentForgeError):
    error_type = "unsupported_media_type"


class DependencyError(ComponentForgeError):
    """An external dependency failed and no fallback could answer."""

    error_type = "service_unavailable"

    def __init__(self, dependency: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message, {"dependency": dependency, **(details or {})})
        self.dependency = dependency


class UpstreamError(DependencyError):
    """An upstream API (Figma, a model endpoint) answered with an error we must pass on."""

    error_type = "upstream_error"


class PatternLibraryError(ConfigError):
    """A pattern file is missing, unreadable or invalid; the message names the file and field."""

    error_type = "pattern_library_error"
