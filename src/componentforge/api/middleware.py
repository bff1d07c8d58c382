"""Pure ASGI middleware: request context and access log, API keys, body size limit."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from componentforge.api.errors import error_response, unexpected_error_response
from componentforge.errors import DependencyError
from componentforge.infra.keys import KeyStore
from componentforge.infra.logging import request_id_var, session_id_var
from componentforge.infra.metrics import Metrics
from componentforge.tenancy import principal_var

access_log = logging.getLogger("componentforge.access")
error_log = logging.getLogger("componentforge.errors")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestContextMiddleware:
    """Request id in and out, one access line, HTTP metrics, and a 500 envelope as last resort."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        session = _header(scope, b"x-session-id")
        valid = session is not None and REQUEST_ID.match(session) is not None
        session_token = session_id_var.set(session if valid else None)
        status = 500
        started = False
        start = time.perf_counter()
        self.metrics.http_in_flight.inc()

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error", extra={"path": scope.get("path")})
            if not started:
                await unexpected_error_response()(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            template = route_template(scope)
            method = scope.get("method", "")
            self.metrics.http_in_flight.dec()
            self.metrics.http_requests.labels(method, template, str(status)).inc()
            self.metrics.http_latency.labels(method, template).observe(elapsed)
            access_log.info(
                "%s %s %s",
                method,
                scope.get("path"),
                status,
                extra={
                    "method": method,
                    "path": scope.get("path"),
                    "route": template,
                    "status": status,
                    "latency_ms": round(elapsed * 1000, 3),
                    "client": (scope.get("client") or ("", 0))[0],
                },
            )
            request_id_var.reset(token)
            session_id_var.reset(session_token)


class APIKeyMiddleware:
    """X-API-Key checked against the keys of settings (constant time) and of the database; the
    request then runs as the key's tenant. Public paths stay open. With no key anywhere, every
    request is the local tenant's."""

    def __init__(
        self, app: ASGIApp, public_paths: Iterable[str], public_prefixes: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.public = frozenset(public_paths)
        self.prefixes = tuple(public_prefixes)

    def _public(self, path: str) -> bool:
        return path in self.public or (bool(self.prefixes) and path.startswith(self.prefixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._public(scope["path"]) or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        keys: KeyStore = scope["app"].state.resources.keys
        key = _header(scope, b"x-api-key")
        try:
            enabled = await keys.enabled()
            principal = await keys.principal(key) if enabled and key else None
        except DependencyError as exc:
            response = error_response(503, exc.error_type, exc.message, exc.details)
        else:
            if not enabled:  # the app's own errors are never mistaken for the key store's
                await self.app(scope, receive, send)
                return
            if principal is not None:
                token = principal_var.set(principal)
                try:
                    await self.app(scope, receive, send)
                finally:
                    principal_var.reset(token)
                return
            message = "invalid API key" if key else "missing API key: send X-API-Key"
            response = error_response(401, "unauthorized", message)
        await response(scope, receive, send)


# Text PostgreSQL refuses (NUL) or that cannot be encoded (a lone UTF-16 surrogate): refused
# at the edge with 422, before any of it reaches a row, a cache entry or a log line.
NUL_IN_QUERY = re.compile(rb"%00|\x00")
REFUSED_IN_JSON = re.compile(
    rb"\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}",
    re.IGNORECASE,
)


class BodySizeLimitMiddleware:
    """413 for bodies over `max_bytes`, whether Content-Length says so or the stream shows it;
    408 for a body that does not arrive within `read_timeout` (slower, or shorter than its
    Content-Length); 422 for NUL or lone surrogates in a query string or a JSON body."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float = 15.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if NUL_IN_QUERY.search(scope.get("query_string", b"")):
            await self._refuse_text(scope, receive, send, "the query string")
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        # Read the body here (it is bounded) so an undeclared or false length cannot pass.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                response = error_response(
                    408,
                    "request_timeout",
                    f"the request body did not arrive within {self.read_timeout:g} s",
                    {"received_bytes": size, "declared_bytes": declared},
                )
                await response(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if "json" in (_header(scope, b"content-type") or "") and REFUSED_IN_JSON.search(body):
            await self._refuse_text(scope, receive, send, "the JSON body")
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse_text(self, scope: Scope, receive: Receive, send: Send, where: str) -> None:
        response = error_response(
            422,
            "validation_error",
            f"{where} holds a NUL character or a lone surrogate, which no field accepts",
        )
        await response(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            "payload_too_large",
            f"the request body is larger than {self.max_bytes} bytes",
            {"max_bytes": self.max_bytes},
        )
        await response(scope, receive, send)


def route_template(scope: Scope) -> str:
    """The matched route as a template ("/api/v1/artifacts/{key}"), never a raw path.

    Rebuilt from the path and its parameters, so it holds however the router nests routes;
    requests that matched no route share one label, keeping metric cardinality bounded.
    """
    if "endpoint" not in scope:
        return "<unmatched>"
    path: str = scope.get("path", "")
    params: dict[str, object] = scope.get("path_params") or {}
    for name, value in sorted(params.items(), key=lambda kv: -len(str(kv[1]))):
        text = str(value)
        if text:
            head, sep, tail = path.rpartition(text)
            if sep:
                path = head + "{" + name + "}" + tail
    return path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None
