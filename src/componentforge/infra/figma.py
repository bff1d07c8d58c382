"""A client for the Figma REST API: files, nodes and local variables, behind a breaker and a
cache.

Each answer is cached for `fresh_seconds` (5 minutes by default) per file, token and request.
The copy is kept for `stale_seconds` so that it can still answer, marked stale, while Figma is
failing. With nothing cached, a failure is a 502.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlencode, urlparse

import httpx

from componentforge.errors import (
    BadRequestError,
    DependencyError,
    ForbiddenError,
    NotFoundError,
    UpstreamError,
)
from componentforge.infra.breaker import Breakers
from componentforge.infra.cache import ExactCache
from componentforge.tenancy import current_principal

BREAKER = "figma"
CacheState = Literal["miss", "hit", "stale"]
FILE_KEY = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
NODE_ID = re.compile(r"^(I?-?\d+[:-]-?\d+)(;-?\d+[:-]-?\d+)*$")


@dataclass
class FigmaNode:
    """One node with what is needed to read its tokens."""

    file_key: str
    node_id: str
    document: dict[str, Any]
    file_name: str | None
    last_modified: str | None
    styles: dict[str, dict[str, Any]]  # style id → {name, styleType, ...}
    components: dict[str, dict[str, Any]]
    component_sets: dict[str, dict[str, Any]]
    variables: dict[str, dict[str, Any]] | None  # None: not available to this token or plan
    cache: CacheState = "miss"
    age_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


class _Transient(Exception):
    """A 429 or 5xx from Figma: worth another try, and a failure for the breaker."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


def parse_url(url: str) -> tuple[str, str | None]:
    """(file key, node id) from a Figma link: /file/, /design/ or /proto/, branches included;
    `node-id=1-2` in the link is node `1:2`."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    parts = [p for p in parsed.path.split("/") if p]
    if not (host == "figma.com" or host.endswith(".figma.com")) or len(parts) < 2:
        raise BadRequestError("url is not a Figma file link (https://www.figma.com/design/KEY/…)")
    if parts[0] not in ("file", "design", "proto", "board"):
        raise BadRequestError(f"url is not a Figma file link: /{parts[0]}/ is not a file path")
    key = parts[3] if len(parts) >= 4 and parts[2] == "branch" else parts[1]
    node = parse_qs(parsed.query).get("node-id", [None])[0]
    return key, normalise_node_id(node) if node else None


def normalise_node_id(node_id: str) -> str:
    """`1-2` (as links write it) or `1%3A2` → `1:2`; anything else is refused."""
    text = unquote(node_id).strip()
    if not NODE_ID.match(text):
        raise BadRequestError(f"node_id {node_id!r} is not a Figma node id such as 1:2")
    return ";".join(re.sub(r"^(I?-?\d+)-(-?\d+)$", r"\1:\2", p) for p in text.split(";"))


def check_file_key(key: str) -> str:
    if not FILE_KEY.match(key):
        raise BadRequestError(f"file_key {key!r} is not a Figma file key")
    return key


class FigmaClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        token: str | None,
        breakers: Breakers,
        cache: ExactCache,
        timeout: float,
        attempts: int,
        fresh_seconds: float,
        stale_seconds: float,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._token = token
        self._breakers = breakers
        self._cache = cache
        self._timeout = timeout
        self._attempts = attempts
        self._fresh = fresh_seconds
        self._stale = max(stale_seconds, fresh_seconds)
        breakers.register(BREAKER)

    async def node(self, file_key: str, node_id: str | None, token: str | None) -> FigmaNode:
        """The node (or, with no id, the file's first component) and its file's variables."""
        token = token or self._token
        if not token:
            raise BadRequestError(
                "a Figma token is needed: set FIGMA_TOKEN or send the X-Figma-Token header"
            )
        check_file_key(file_key)
        states: list[tuple[CacheState, float]] = []  # the node's request first
        extra: list[tuple[CacheState, float]] = []
        if node_id is None:
            body = await self._get(file_key, f"/v1/files/{file_key}", {}, token, states)
            found = first_component(body.get("document") or {})
            if found is None:
                raise NotFoundError(f"Figma file {file_key} has no frame or component to read")
            node_id, document, container = str(found["id"]), found, body
            variables, warnings = await self._variables(file_key, token, extra)
        else:
            path = f"/v1/files/{file_key}/nodes"
            body, (variables, warnings) = await asyncio.gather(
                self._get(file_key, path, {"ids": node_id}, token, states),
                self._variables(file_key, token, extra),  # it raises nothing
            )
            container = (body.get("nodes") or {}).get(node_id) or {}
            if not container.get("document"):
                raise NotFoundError(f"Figma file {file_key} has no node {node_id}")
            document = container["document"]
        states += extra
        stale = [age for state, age in states if state == "stale"]
        cache: CacheState = "stale" if stale else states[0][0]
        age = max(stale) if stale else states[0][1]
        if stale:
            warnings.append(f"figma failed; this answer comes from a copy {age:.0f} s old")
        return FigmaNode(
            file_key=file_key,
            node_id=node_id,
            document=document,
            file_name=body.get("name"),
            last_modified=body.get("lastModified"),
            styles=container.get("styles") or {},
            components=container.get("components") or {},
            component_sets=container.get("componentSets") or {},
            variables=variables,
            cache=cache,
            age_seconds=round(age, 3),
            warnings=warnings,
        )

    async def invalidate(self, file_key: str) -> int:
        """Drop the caller's tenant's cached answers for the file, whatever the token; returns
        how many."""
        tenant = current_principal().tenant
        return await self._cache.delete_prefix(f"{check_file_key(file_key)}:{tenant}:")

    async def _variables(
        self, file_key: str, token: str, states: list[tuple[CacheState, float]]
    ) -> tuple[dict[str, dict[str, Any]] | None, list[str]]:
        """Local variables give colour roles their names; Figma serves them only on some plans
        (403 otherwise), so their absence is not an error."""
        path = f"/v1/files/{file_key}/variables/local"
        try:
            body = await self._get(file_key, path, {}, token, states)
        except ForbiddenError:
            return None, []
        except (UpstreamError, NotFoundError, BadRequestError) as exc:
            return None, [f"figma variables unavailable: {exc.message}"]
        variables = (body.get("meta") or {}).get("variables") or {}
        return variables, []

    async def _get(
        self,
        file_key: str,
        path: str,
        params: dict[str, str],
        token: str,
        states: list[tuple[CacheState, float]],
    ) -> dict[str, Any]:
        query = f"?{urlencode(sorted(params.items()))}" if params else ""
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        # Per tenant and token: no tenant is answered with a file fetched with another's token.
        key = f"{file_key}:{current_principal().tenant}:{digest}:{path}{query}"
        cached = await self._cache.get(key)
        entry = json.loads(cached) if cached else None
        age = time.time() - entry["at"] if entry else 0.0
        if entry and age < self._fresh:
            states.append(("hit", age))
            return _answer(entry, file_key)
        try:
            status, body = await self._fetch(path + query, token)
        except DependencyError as exc:
            if entry is None:
                raise UpstreamError(
                    BREAKER, f"Figma did not answer and nothing is cached: {exc.message}"
                ) from exc
            states.append(("stale", age))
            return _answer(entry, file_key)
        entry = {"at": time.time(), "status": status, "body": body}
        await self._cache.set(key, json.dumps(entry).encode(), ttl=self._stale)
        states.append(("miss", 0.0))
        return _answer(entry, file_key)

    async def _fetch(self, path: str, token: str) -> tuple[int, Any]:
        async def call() -> tuple[int, Any]:
            response = await self._http.get(
                self._base + path, headers={"X-Figma-Token": token}, timeout=self._timeout
            )
            if response.status_code == 429 or response.status_code >= 500:
                raise _Transient(response.status_code)
            try:
                return response.status_code, response.json()
            except ValueError:
                return response.status_code, {"err": response.text[:200]}

        return await self._breakers.call(
            BREAKER,
            call,
            timeout=self._timeout,
            attempts=self._attempts,
            retry_on=lambda exc: isinstance(exc, _Transient | httpx.TransportError),
        )


def _answer(entry: dict[str, Any], file_key: str) -> dict[str, Any]:
    """The body of a 2xx; Figma's 4xx as our errors (they are cached too: same question, same
    answer, until the entry expires or is invalidated)."""
    status, body = entry["status"], entry["body"]
    if status < 300 and isinstance(body, dict):
        return body
    reason = body.get("err") or body.get("message") if isinstance(body, dict) else None
    reason = reason or f"HTTP {status}"
    if status in (401, 403):
        raise ForbiddenError(
            f"Figma refused access to file {file_key} ({reason}); the token must be able to "
            "read the file",
            {"figma_status": status},
        )
    if status == 404:
        raise NotFoundError(f"Figma has no file {file_key}", {"figma_status": status})
    if status == 400:
        raise BadRequestError(f"Figma refused the request: {reason}", {"figma_status": status})
    raise UpstreamError(BREAKER, f"Figma answered {status}: {reason}", {"figma_status": status})


def first_component(document: dict[str, Any]) -> dict[str, Any] | None:
    """The first component on the first page that has one, else the first page's first frame."""
    pages = [p for p in document.get("children") or [] if p.get("type") == "CANVAS"]
    for page in pages:
        stack = list(reversed(page.get("children") or []))
        while stack:
            node = stack.pop()
            if node.get("type") == "COMPONENT":
                return dict(node)
            stack.extend(reversed(node.get("children") or []))
    for page in pages:
        for node in page.get("children") or []:
            if node.get("type") in ("FRAME", "COMPONENT_SET", "INSTANCE"):
                return dict(node)
    return None
