"""Version 1 of the API, mounted at /api/v1."""

from fastapi import APIRouter, Depends

from componentforge.api.deps import rate_limit
from componentforge.api.v1 import (
    artifacts,
    extraction,
    generation,
    health,
    jobs,
    registry,
    retrieval,
    validation,
)

router = APIRouter(prefix="/api/v1")
router.include_router(health.router)
router.include_router(extraction.router, dependencies=[Depends(rate_limit("extraction"))])
router.include_router(retrieval.router, dependencies=[Depends(rate_limit("retrieval"))])
router.include_router(generation.router, dependencies=[Depends(rate_limit("generation"))])
router.include_router(jobs.submit_router, dependencies=[Depends(rate_limit("generation"))])
router.include_router(jobs.router, dependencies=[Depends(rate_limit("default"))])
router.include_router(validation.router, dependencies=[Depends(rate_limit("default"))])
router.include_router(artifacts.router, dependencies=[Depends(rate_limit("default"))])
router.include_router(registry.router, dependencies=[Depends(rate_limit("default"))])
