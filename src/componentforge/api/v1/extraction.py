"""Design tokens, component type and requirements from screenshots and Figma."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from componentforge.api.deps import ExtractionServiceDep
from componentforge.errors import BadRequestError
from componentforge.extraction.exports import FILENAMES, MEDIA_TYPES, ExportFormat, export_tokens
from componentforge.infra.figma import check_file_key, normalise_node_id, parse_url
from componentforge.schemas.extraction import ExtractionResult
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.vocabulary import ComponentType

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
    scale: Annotated[
        float | None,
        Form(
            ge=1,
            le=4,
            description="Image pixels per CSS pixel (2 for a retina capture); skip it to let "
            "the file's dpi or the text's size decide",
        ),
    ] = None,
) -> ExtractionResult:
    """Measured from the pixels (always, model or not): page and surface colours, primary,
    text colour, border, radius, padding, font size and weight, shadow; each with a
    confidence. The type comes from a layout classifier (or a configured vision model when it
    is surer); requirements from four proposers run in parallel. `engines` says which engine
    produced each part; `degraded` is true when a configured model failed. `content` is the
    visible text (read offline), `anatomy` the parts with their boxes, and every size is in
    CSS px: `scale` says the device scale factor used and how it was found."""
    data = await file.read()
    return await extraction.from_screenshot(data, component_type, scale)


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


class FigmaRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"file_key": "FpY2bRKUXf1ZxF4sfWdHqC", "node_id": "12:34"},
                {"url": "https://www.figma.com/design/FpY2bRKUXf1ZxF4sfWdHqC/UI?node-id=12-34"},
            ]
        },
    )

    file_key: str | None = Field(default=None, max_length=128)
    url: str | None = Field(default=None, max_length=2048, description="A Figma file link")
    node_id: str | None = Field(
        default=None,
        max_length=256,
        description="`12:34` or `12-34`; taken from the link's node-id when absent; with "
        "neither, the file's first component",
    )
    component_type: ComponentType | None = Field(
        default=None, description="Skip it to read the type from the node's names"
    )

    @model_validator(mode="after")
    def _one_file(self) -> FigmaRequest:
        if (self.file_key is None) == (self.url is None):
            raise ValueError("give exactly one of file_key and url")
        return self

    def target(self) -> tuple[str, str | None]:
        key, node = parse_url(self.url) if self.url else (check_file_key(self.file_key or ""), None)
        return key, normalise_node_id(self.node_id) if self.node_id else node


FIGMA_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "no Figma token, or a malformed key, link or node id"},
    403: {"description": "Figma refused the token for this file"},
    404: {"description": "Figma has no such file or node"},
    502: {"description": "Figma failed and nothing is cached"},
}


@router.post(
    "/figma", summary="Tokens, type and requirements from a Figma node", responses=FIGMA_ERRORS
)
async def figma(
    request: FigmaRequest,
    extraction: ExtractionServiceDep,
    x_figma_token: Annotated[
        str | None, Header(description="A Figma personal access token; default FIGMA_TOKEN")
    ] = None,
) -> ExtractionResult:
    """Read from the node's own properties: fills and strokes, corner radius, auto-layout
    padding and gap, its text style and drop shadows. Colours bound to variables or styles
    named like shadcn theme colours (`primary`, `border`, ...) take those roles. Figma's answers
    are cached for FIGMA_CACHE_SECONDS; when Figma fails, an older copy answers (`figma.cache`
    is `stale`, `degraded` is true), and with none the answer is a 502."""
    key, node = request.target()
    return await extraction.from_figma(key, node, request.component_type, x_figma_token)


class InvalidatedFigma(BaseModel):
    file_key: str
    removed: int = Field(description="Cached Figma answers dropped")


@router.delete(
    "/figma/cache/{file_key}",
    summary="Drop the cached Figma answers for a file",
    responses={400: {"description": "not a Figma file key"}},
)
async def invalidate_figma(file_key: str, extraction: ExtractionServiceDep) -> InvalidatedFigma:
    """For every token that has read the file. The next request fetches it from Figma."""
    return InvalidatedFigma(file_key=file_key, removed=await extraction.figma.invalidate(file_key))


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
