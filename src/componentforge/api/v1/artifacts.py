"""Download of artifacts kept in the local store (S3 artifacts come with presigned URLs)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from componentforge.api.deps import ArtifactServiceDep

router = APIRouter(prefix="/artifacts", tags=["artifacts"])


@router.get(
    "/{key:path}",
    summary="Download a stored artifact",
    responses={404: {"description": "No artifact with that key."}},
)
async def download(key: str, artifacts: ArtifactServiceDep) -> Response:
    """`key` is `components/{id}/{file}` or `reports/{id}/{file}`; nothing else is read."""
    data, content_type = await artifacts.read(key)
    return Response(content=data, media_type=content_type)
