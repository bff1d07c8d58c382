"""Dependencies that routes declare; the aliases make signatures read like prose."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response, Security
from fastapi.security import APIKeyHeader

from componentforge.errors import RateLimitedError
from componentforge.generation.registry import Primitives
from componentforge.infra.resources import Resources
from componentforge.services.artifacts import ArtifactService
from componentforge.services.container import Services
from componentforge.services.extraction import ExtractionService
from componentforge.services.generation import GenerationService
from componentforge.services.generation_history import GenerationHistory
from componentforge.services.health import HealthService
from componentforge.services.jobs import JobService
from componentforge.services.retrieval import RetrievalService
from componentforge.services.validation import ValidationService
from componentforge.tenancy import current_principal

# Declared so /docs offers "Authorize"; APIKeyMiddleware enforces it before routing.
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Required when API keys are configured."
)


# Dependencies are `async def` though they do no I/O: FastAPI runs plain `def` ones in its
# thread pool, two thread hops per request for nothing.
async def get_resources(request: Request) -> Resources:
    resources: Resources = request.app.state.resources
    return resources


ResourcesDep = Annotated[Resources, Depends(get_resources)]


async def get_retrieval_service(request: Request) -> RetrievalService:
    services: Services = request.app.state.services
    return services.retrieval


RetrievalServiceDep = Annotated[RetrievalService, Depends(get_retrieval_service)]


async def get_extraction_service(request: Request) -> ExtractionService:
    services: Services = request.app.state.services
    return services.extraction


ExtractionServiceDep = Annotated[ExtractionService, Depends(get_extraction_service)]


async def get_validation_service(request: Request) -> ValidationService:
    services: Services = request.app.state.services
    return services.validation


ValidationServiceDep = Annotated[ValidationService, Depends(get_validation_service)]


async def get_generation_service(request: Request) -> GenerationService:
    services: Services = request.app.state.services
    return services.generation


GenerationServiceDep = Annotated[GenerationService, Depends(get_generation_service)]


async def get_generation_history(request: Request) -> GenerationHistory:
    services: Services = request.app.state.services
    return services.history


GenerationHistoryDep = Annotated[GenerationHistory, Depends(get_generation_history)]


async def get_primitives(request: Request) -> Primitives:
    services: Services = request.app.state.services
    return services.primitives


PrimitivesDep = Annotated[Primitives, Depends(get_primitives)]
APIKey = Annotated[str | None, Security(api_key_header)]


async def get_health_service(request: Request, resources: ResourcesDep) -> HealthService:
    services: Services | None = getattr(request.app.state, "services", None)
    if services is None:
        return HealthService(resources)
    return HealthService(resources, services.validation.pool, services.retrieval)


async def get_artifact_service(resources: ResourcesDep) -> ArtifactService:
    return ArtifactService(resources.artifacts)


HealthServiceDep = Annotated[HealthService, Depends(get_health_service)]
ArtifactServiceDep = Annotated[ArtifactService, Depends(get_artifact_service)]


def rate_limit(group: str) -> Callable[..., Coroutine[Any, Any, None]]:
    """A dependency that counts the request against `group`'s limit: per tenant when keys are
    on, per client address when they are off (an X-API-Key then means nothing, and the address
    is the proxy's unless the proxy is trusted: TRUSTED_PROXIES)."""

    async def check(
        request: Request,
        response: Response,
        resources: ResourcesDep,
        api_key: APIKey,  # unread: it puts "Authorize" in /docs; the middleware checks keys
    ) -> None:
        settings = resources.settings
        if not settings.rate_limit_enabled:
            return
        principal = current_principal()
        if principal.key_name is not None:
            key = "tenant:" + principal.tenant
        else:
            key = "ip:" + (request.client.host if request.client else "unknown")
        decision = await resources.rate_limiter.hit(settings.rate_limit_for(group), group, key)
        if not decision.allowed:
            resources.metrics.rate_limited.labels(group).inc()
            raise RateLimitedError(
                f"rate limit of {decision.limit} exceeded for {group}; retry later",
                decision.retry_after_seconds,
                decision.limit,
            )
        response.headers["X-RateLimit-Limit"] = decision.limit
        response.headers["X-RateLimit-Remaining"] = str(decision.remaining)

    return check


async def get_job_service(request: Request) -> JobService:
    services: Services = request.app.state.services
    return services.jobs


JobServiceDep = Annotated[JobService, Depends(get_job_service)]
