"""Request and response models of /api/v1/validation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class ValidationReport(BaseModel):
    report_id: str
    tenant: str = Field(default="local", description="The tenant of the key that asked")
    status: Status
    score: float = Field(ge=0, le=1)
    component_name: str | None
    checks: list[CheckSummary]
    typescript: dict[str, Any]
    eslint: dict[str, Any]
    a11y: dict[str, Any]
    contrast: dict[str, Any]
    requirements: dict[str, Any] | None
    security: dict[str, Any]
    auto_fixes: list[dict[str, Any]]
    fixed_code: str | None
    formatted: dict[str, Any] | None = Field(
        default=None, description="With `format`: the code and stories as Prettier wrote them"
    )
    recommendations: list[str]
    render: dict[str, Any] | None = None
    report_url: str | None = Field(default=None, description="The HTML report")
    created_at: str
    latency_ms: float
