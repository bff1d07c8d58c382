"""Design tokens, component type and requirements from screenshots and Figma."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from componentforge.extraction.exports import FILENAMES, MEDIA_TYPES, ExportFormat, export_tokens
from componentforge.schemas.tokens import DesignTokens

router = APIRouter(prefix="/extraction", tags=["extraction"])


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
