"""Validate components and read the reports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from componentforge.api.deps import ValidationServiceDep
from componentforge.schemas.validation import ValidationReport, ValidationRequest

router = APIRouter(prefix="/validation", tags=["validation"])
ReportId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="From a validation response")]


@router.post(
    "/validate",
    summary="Check a component and score it",
    responses={413: {"description": "code or stories over VALIDATION_MAX_CODE_BYTES"}},
)
async def validate(
    request: ValidationRequest, validation: ValidationServiceDep
) -> ValidationReport:
    """TypeScript (strict) and ESLint in a shadcn/ui-shaped workspace; the component and each
    story rendered in a sandbox and checked with axe-core; requirement coverage from the
    props type; a security scan; WCAG contrast of the tokens. `status` is PASS, FAIL, or
    UNVERIFIED when Node.js is not available (then only the syntax is checked)."""
    return await validation.validate(request)


@router.get(
    "/reports/{report_id}.html", summary="The report as a web page", response_class=HTMLResponse
)
async def report_html(report_id: ReportId, validation: ValidationServiceDep) -> HTMLResponse:
    return HTMLResponse(await validation.get_report_html(report_id))


@router.get("/reports/{report_id}", summary="The report as JSON")
async def report_json(report_id: ReportId, validation: ValidationServiceDep) -> ValidationReport:
    """The report `POST /validate` answered with (`report_url` included)."""
    return await validation.get_report(report_id)
