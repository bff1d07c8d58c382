"""The application: `create_app()`, and `app` for `uvicorn componentforge.main:app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CONTENT_TYPE_LATEST

from componentforge import __version__
from componentforge.api import v1
from componentforge.api.deps import ResourcesDep
from componentforge.api.docs import DOCS_ASSETS, install_offline_docs
from componentforge.api.errors import describe, install_error_handlers
from componentforge.api.middleware import (
    APIKeyMiddleware,
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
)
from componentforge.api.openapi import install as install_openapi
from componentforge.api.v1.health import liveness_router
from componentforge.config import Settings, load_settings
from componentforge.errors import ConfigError
from componentforge.infra.heap import freeze_startup_heap
from componentforge.infra.logging import configure_logging
from componentforge.infra.metrics import Metrics, exposition, forget_process
from componentforge.infra.resources import open_resources
from componentforge.infra.validator import ValidatorPool
from componentforge.services.container import Services

DESCRIPTION = """
Turns a screenshot or a Figma node into a React + TypeScript component in the shadcn/ui style:
typed, accessible, validated by TypeScript, ESLint and axe-core, with Storybook stories and
provenance.

Every external service is optional. With no configuration the service runs on embedded
defaults (SQLite, an in-process cache, Qdrant local mode, a local artifact directory and offline
engines); `GET /api/v1/health` says which part runs where.

**Errors** always come as `{"error": {"type", "message", "details", "request_id"}}`.
**Authentication**: when API keys are configured, send one in `X-API-Key`.
**Rate limits** per route group; a `429` carries `Retry-After`.
"""

TAGS = [
    {"name": "health", "description": "Liveness and readiness with each dependency's state."},
    {
        "name": "extraction",
        "description": "Design tokens, component type and requirements from a screenshot or a "
        "Figma node; token exports for a frontend project.",
    },
    {
        "name": "retrieval",
        "description": "Find the best patterns of the library for a need: BM25 and embeddings, "
        "fused and explained. Browse the library.",
    },
    {
        "name": "validation",
        "description": "Check a component with TypeScript, ESLint, axe-core (rendered in a "
        "sandbox), requirement coverage, a security scan and token contrast; score and report.",
    },
    {"name": "artifacts", "description": "Files produced by generations and validations."},
    {
        "name": "jobs",
        "description": "Long generations as jobs: answered at once with an id, run by workers, "
        "polled or followed (Server-Sent Events), cancelled.",
    },
]


def create_app(
    settings: Settings | None = None,
    *,
    freeze_heap: bool = False,
    validator: ValidatorPool | None = None,
) -> FastAPI:
    """The app; `freeze_heap` for the process that serves it alone (infra/heap.py);
    `validator` for apps of one process that share their Node workers (the caller starts and
    closes them)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level, settings.log_json)
    # Metrics exist before the lifespan so the middleware can count from the first request.
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = await open_resources(settings, metrics)
        app.state.resources = resources
        services: Services | None = None
        try:
            services = app.state.services = await Services.start(
                resources, describe, validator=validator
            )
            if freeze_heap:
                freeze_startup_heap()
            yield
        finally:
            if services is not None:
                await services.close()
            await resources.close()
            forget_process()

    app = FastAPI(
        title="ComponentForge",
        # Our own /docs and /redoc (install_offline_docs): their files are served, not a CDN's.
        docs_url=None,
        redoc_url=None,
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_offline_docs(app)
    app.include_router(liveness_router)
    app.include_router(v1.router)
    install_openapi(app, public=settings.public_paths)

    if settings.metrics_enabled:

        @app.get("/metrics", include_in_schema=False)
        async def prometheus_metrics(resources: ResourcesDep) -> Response:
            await resources.refresh_gauges()
            return Response(exposition(resources.metrics), media_type=CONTENT_TYPE_LATEST)

    # Added innermost first: the request context wraps everything, then CORS, keys, body size.
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        read_timeout=settings.body_read_timeout_seconds,
    )
    app.add_middleware(
        APIKeyMiddleware,
        public_paths=settings.public_paths,
        # The docs' scripts are as public as the docs.
        public_prefixes=[DOCS_ASSETS + "/"] if "/docs" in settings.public_paths else [],
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID", "Retry-After", "X-RateLimit-Remaining"],
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    return app


def _module_app() -> FastAPI:
    try:
        return create_app(freeze_heap=True)
    except ConfigError as exc:
        raise SystemExit(f"componentforge: {exc.message}") from None


app = _module_app()
