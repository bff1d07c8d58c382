"""Request and response models of /api/v1/validation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from componentforge.schemas.report_parts import (
    A11yPart,
    ContrastPart,
    EslintPart,
    FormattedPart,
    LintMessage,
    Measured,
    Offset,
    PaintedContrast,
    RenderPart,
    RequirementsPart,
    SecurityPart,
    TypeScriptPart,
    VisualText,
)
from componentforge.schemas.requirements import Requirements

Status = Literal["PASS", "FAIL", "UNVERIFIED"]
CheckState = Literal["passed", "failed", "skipped"]

EXAMPLE_CODE = """import * as React from "react"

import { cn } from "@/lib/utils"

export function Notice({ className, ...props }: React.ComponentProps<"p">) {
  return <p role="status" className={cn("text-sm text-foreground", className)} {...props} />
}
"""


class ValidationRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": EXAMPLE_CODE,
                    "component_name": "Notice",
                    "tokens": {"colors": {"foreground": "#0a0a0a", "background": "#ffffff"}},
                    "requirements": {"props": ["className"], "accessibility": ["role=status"]},
                    "fix": True,
                }
            ]
        },
    )

    code: str = Field(min_length=1, description="The component's TSX source")
    stories: str | None = Field(default=None, description="Storybook CSF3 stories (TSX)")
    tokens: dict[str, Any] | None = Field(
        default=None,
        description='Design tokens; contrast reads tokens["colors"] (or the top level)',
    )
    requirements: Requirements | None = None
    component_name: str | None = Field(
        default=None, pattern=r"^[A-Z][A-Za-z0-9]{0,63}$", description="The exported component"
    )
    fix: bool = Field(default=True, description="Apply ESLint's automatic fixes (fixed_code)")
    format: bool = Field(
        default=False,
        description="Format code and stories with Prettier first (shadcn's style); the report's "
        "`formatted` holds them, and findings refer to their lines",
    )

    preview: bool = Field(
        default=False,
        description="Render the component and each story in headless Chromium (Tailwind v4, "
        "the shadcn theme) and store the screenshots; implied by reference_image",
    )
    reference_image: str | None = Field(
        default=None,
        max_length=14_000_000,
        description="What the component should look like: a PNG, JPEG or WebP, base64. The "
        "preview is compared with it (size, colours, text, SSIM) and the visual check counts "
        "in the status",
    )
    reference_scale: float = Field(
        default=1.0, ge=1, le=4, description="Image pixels per CSS pixel of reference_image"
    )

    @field_validator("code")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("code is empty")
        return value


class CheckSummary(BaseModel):
    name: str
    state: CheckState
    score: float | None
    weight: float
    reason: str | None = None


class PreviewImage(BaseModel):
    story: str = Field(description="Component (its defaults), then each story")
    url: str | None = Field(default=None, description="The PNG, at the reference's scale")
    width: float | None = Field(default=None, description="The component's box, CSS px")
    height: float | None = None
    text: str | None = Field(default=None, description="Its visible text, as rendered")
    error: str | None = None


class Preview(BaseModel):
    """The component rendered in a real browser."""

    status: Literal["rendered", "failed", "skipped"]
    reason: str | None = Field(default=None, description="Why it failed or was skipped")
    images: list[PreviewImage] = []
    scale: float = 1.0
    ms: float | None = Field(default=None, description="The whole preview, audit included")
    render_ms: float | None = Field(default=None, description="Rendering and capturing alone")
    contrast_checked: int | None = Field(
        default=None, description="Texts whose painted contrast axe-core checked"
    )
    contrast_violations: list[PaintedContrast] = []
    network_isolated: bool | None = Field(
        default=None, description="The browser ran in an empty network namespace"
    )


class VisualCheck(BaseModel):
    """The preview against the image it should look like (`reference_image`, or the screenshot
    a generation started from), both cut to the component's box."""

    score: float = Field(ge=0, le=1)
    passed: bool
    size: dict[str, float] = Field(description="The preview's width and height over the input's")
    colours: dict[str, float | None] = Field(
        description="CIEDE2000 between the two of surface, text and border (null: one has it, "
        "the other not)"
    )
    text: VisualText
    ssim: float = Field(description="Structural similarity, greyscale, at the input's size")
    histogram: float = Field(description="Colour histogram intersection, 0..1")
    reasons: list[str]
    measured: dict[Literal["reference", "preview"], Measured] = Field(
        default={},
        description="On each image (reference, preview): the box in CSS px and the surface, "
        "text and border colours measured",
    )
    text_offset: Offset | None = Field(
        default=None,
        description="Where the preview's text stands against the input's (CSS px; null when "
        "either shows none or no shift within 6 px lines them up)",
    )
    images: dict[str, str] = Field(
        default={}, description="URLs of the input, the preview and their difference"
    )


class ValidationReport(BaseModel):
    report_id: str
    tenant: str = Field(default="local", description="The tenant of the key that asked")
    status: Status
    score: float = Field(ge=0, le=1)
    component_name: str | None
    checks: list[CheckSummary]
    typescript: TypeScriptPart
    eslint: EslintPart
    a11y: A11yPart
    contrast: ContrastPart
    requirements: RequirementsPart | None
    security: SecurityPart
    auto_fixes: list[LintMessage] = Field(description="What `fix` changed")
    fixed_code: str | None
    formatted: FormattedPart | None = Field(
        default=None, description="With `format`: the code and stories as Prettier wrote them"
    )
    recommendations: list[str]
    render: RenderPart | None = None
    preview: Preview | None = None
    visual: VisualCheck | None = None
    report_url: str | None = Field(default=None, description="The HTML report")
    created_at: str
    latency_ms: float
