"""Design tokens, component type and requirements from screenshots and Figma."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from componentforge.api.deps import ExtractionServiceDep
from componentforge.errors import BadRequestError
from componentforge.extraction.classify import ComponentType
from componentforge.extraction.exports import FILENAMES, MEDIA_TYPES, ExportFormat, export_tokens
from componentforge.schemas.extraction import ExtractionResult
from componentforge.schemas.tokens import DesignTokens

router = APIRouter(prefix="/extraction", tags=["extraction"])


IMAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "empty, truncated or corrupt image"},
    413: {"description": "over EXTRACTION_MAX_IMAGE_BYTES or EXTRACTION_MAX_IMAGE_PIXELS"},
    415: {"description": "not a PNG, JPEG or WebP (checked from the bytes)"},
}


@router.post(
    "/screenshot", summary="Tokens, type and requirements from a screenshot", responses=IMAGE_ERRORS
)
async def screenshot(
    extraction: ExtractionServiceDep,
    file: Annotated[UploadFile, File(description="PNG, JPEG or WebP of one component")],
    component_type: Annotated[
        ComponentType | None, Form(description="A hint: skip it to let the classifier decide")
    ] = None,
) -> ExtractionResult:
    """Measured from the pixels (always, model or not): page and surface colours, primary,
    text colour, border, radius, padding, font size and weight, shadow; each with a
    confidence. The type comes from a layout classifier (or a configured vision model when it
    is surer); requirements from four proposers run in parallel. `engines` says which engine
    produced each part; `degraded` is true when a configured model failed."""
    data = await file.read()
    return await extraction.from_screenshot(data, component_type)


class RequirementsRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"component_type": "checkbox", "tokens": {"colors": {"primary": "#2563eb"}}}
            ]
        },
    )

    component_type: ComponentType
    tokens: DesignTokens = DesignTokens()
    image_base64: str | None = Field(
        default=None,
        max_length=16 * 1024 * 1024,
        description="Optional screenshot, base64 or a data: URL; it sharpens the proposals",
    )


@router.post(
    "/requirements",
    summary="Requirements only: props, events, states, accessibility",
    responses=IMAGE_ERRORS,
)
async def requirements(
    request: RequirementsRequest, extraction: ExtractionServiceDep
) -> ExtractionResult:
    """For a named component type (and its tokens, and optionally a screenshot)."""
    data = _decode_image(request.image_base64) if request.image_base64 else None
    return await extraction.requirements(request.component_type, request.tokens, data)


def _decode_image(text: str) -> bytes:
    payload = text.split(",", 1)[1] if text.startswith("data:") else text
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequestError("image_base64 is not valid base64") from None


class ExportRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "tokens": {
                        "colors": {"primary": "#2563eb", "page_background": "#ffffff"},
                        "border": {"radius_px": 6},
                    },
                    "format": "css",
                }
            ]
        },
    )

    tokens: DesignTokens
    format: ExportFormat = "json"


@router.post(
    "/tokens/export",
    summary="Design tokens as a file: W3C JSON, shadcn CSS variables or a Tailwind theme",
    response_class=Response,
    responses={
        200: {
            "description": "The file's text",
            "content": {media: {} for media in MEDIA_TYPES.values()},
        }
    },
)
async def export(request: ExportRequest) -> Response:
    """`json`: W3C design tokens (DTCG 2025.10: `$type`/`$value`, colours as sRGB components
    and hex, dimensions as value and unit). `css`: shadcn/ui's `:root` variables as bare HSL
    (`--primary: 221.2 83.2% 53.3%`) and `--radius` in rem. `tailwind`: a `theme.extend`
    whose colours read those variables. Absent tokens are left out."""
    return Response(
        export_tokens(request.tokens, request.format),
        media_type=MEDIA_TYPES[request.format],
        headers={"Content-Disposition": f'attachment; filename="{FILENAMES[request.format]}"'},
    )
