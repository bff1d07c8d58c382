"""Validate a component: the Node checks and token contrast, a score, a stored report."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from componentforge.errors import (
    DependencyError,
    InvalidInputError,
    NotFoundError,
    PayloadTooLargeError,
)
from componentforge.infra.breaker import elapsed_ms
from componentforge.infra.db.models import new_id
from componentforge.infra.db.outbox import MetadataStore
from componentforge.infra.db.repository import get_validation_report
from componentforge.infra.metrics import Metrics
from componentforge.infra.storage import ArtifactStore
from componentforge.infra.validator import ValidatorPool
from componentforge.schemas.requirements import Requirements
from componentforge.schemas.tokens import DesignTokens
from componentforge.schemas.validation import ValidationReport, ValidationRequest
from componentforge.services.previews import look, reference_from
from componentforge.tenancy import current_principal
from componentforge.validation.answer import WorkerAnswer
from componentforge.validation.assemble import assemble
from componentforge.validation.report import render_html
from componentforge.validation.stories import count_stories
from componentforge.validation.visual import Reference

log = logging.getLogger(__name__)


class ValidationService:
    def __init__(
        self,
        pool: ValidatorPool,
        records: MetadataStore,
        artifacts: ArtifactStore,
        metrics: Metrics,
        max_code_bytes: int,
        render_limits: dict[str, float],
        max_stories: int = 50,
        preview_generated: bool = True,
        preview_timeout_seconds: float = 8.0,
    ) -> None:
        self.pool = pool
        self.records = records
        self.artifacts = artifacts
        self.metrics = metrics
        self.max_code_bytes = max_code_bytes
        self.render_limits = render_limits
        self.max_stories = max_stories
        self.preview_generated = preview_generated
        self.preview_timeout_seconds = preview_timeout_seconds

    async def check_generated(
        self,
        code: str,
        stories: str | None,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
        reference: Reference | None = None,
    ) -> ValidationReport:
        """A generated component's check: ESLint's fixes offered, Prettier's text checked, a
        preview, and the visual check when it came from a screenshot."""
        return await self.validate(
            ValidationRequest(
                code=code,
                stories=stories,
                component_name=name,
                tokens=tokens.model_dump(mode="json"),
                requirements=requirements,
                fix=True,
                format=True,
                preview=self.preview_generated,
            ),
            reference if self.preview_generated else None,
        )

    async def validate(
        self, request: ValidationRequest, reference: Reference | None = None
    ) -> ValidationReport:
        start = time.perf_counter()
        for field, text in (("code", request.code), ("stories", request.stories or "")):
            size = len(text.encode())
            if size > self.max_code_bytes:
                raise PayloadTooLargeError(
                    f"{field} is {size} bytes; the limit is {self.max_code_bytes}",
                    {"field": field, "max_bytes": self.max_code_bytes},
                )
        stories = count_stories(request.stories or "")
        if stories > self.max_stories:
            raise InvalidInputError(
                f"the stories file exports {stories} stories; the limit is {self.max_stories}",
                {"field": "stories", "stories": stories, "max_stories": self.max_stories},
            )
        if reference is None and request.reference_image is not None:
            reference = reference_from(request.reference_image, request.reference_scale)
        report_id = new_id()
        answer, skipped_reason = await self._node_checks(request, reference)
        preview, visual = await look(
            self.artifacts, report_id, answer.preview if answer else None, reference
        )
        assembled = assemble(
            report_id,
            current_principal().tenant,
            request,
            answer,
            skipped_reason,
            elapsed_ms(start),
            visual,
            preview,
        )
        for check, found in assembled.findings.items():
            if found:
                self.metrics.validation_findings.labels(check).inc(found)
        report = assembled.report
        checked = (report.formatted.code if report.formatted is not None else None) or request.code
        report.report_url = await self._store(report, checked)
        self.metrics.validations.labels(report.status).inc()
        self.metrics.validation_latency.observe(time.perf_counter() - start)
        return report

    def _preview_options(
        self, request: ValidationRequest, reference: Reference | None
    ) -> dict[str, Any] | None:
        if not (request.preview or reference is not None):
            return None
        colours = (request.tokens or {}).get("colors") or {}
        page = colours.get("page_background") if isinstance(colours, dict) else None
        width = 800
        if reference is not None and reference.box is not None:
            width = int(reference.box[2]) + 64
        return {
            "scale": reference.scale if reference is not None else 1,
            "background": page if isinstance(page, str) else "#ffffff",
            "width": width,
            "timeout_ms": int(self.preview_timeout_seconds * 1000),
        }

    async def _node_checks(
        self, request: ValidationRequest, reference: Reference | None
    ) -> tuple[WorkerAnswer | None, str | None]:
        if not self.pool.available:
            return None, self.pool.reason
        payload = {
            "code": request.code,
            "stories": request.stories,
            "component_name": request.component_name,
            "file_stem": request.component_name or "component",
            "fix": request.fix,
            "format": request.format,
            "requirements": (
                {
                    cat: [p.name for p in items]
                    for cat, items in request.requirements.by_category().items()
                }
                if request.requirements is not None and not request.requirements.is_empty()
                else None
            ),
            "limits": self.render_limits,
            "max_stories": self.max_stories,
            "preview": self._preview_options(request, reference),
        }
        try:
            answer = await self.pool.validate(payload)
        except DependencyError as exc:
            return None, exc.message
        try:
            return WorkerAnswer.model_validate(answer), None
        except ValidationError as exc:  # a worker of another version: say so, do not crash
            return None, f"the validator answered in an unknown shape: {exc.error_count()} errors"

    async def _store(self, report: ValidationReport, code: str) -> str:
        base = f"reports/{report.report_id}"
        document = report.model_dump(mode="json", exclude={"report_url"})
        stored = await self.artifacts.put_many(
            [
                (f"{base}/quality-report.html", render_html(report, code).encode()),
                (f"{base}/quality-report.json", json.dumps(document).encode()),
            ]
        )
        await self.records.add(
            "validation_reports",
            {
                "id": report.report_id,
                "component_name": report.component_name,
                "status": report.status,
                "score": report.score,
                "report": document,
                "html_key": f"{base}/quality-report.html",
                "tenant": report.tenant,
            },
        )
        return stored[0].url

    async def get_report(self, report_id: str) -> ValidationReport:
        """From the database, or from the JSON artifact while its row waits in the outbox;
        another tenant's report is not found."""
        missing = NotFoundError(f"no validation report {report_id!r}", {"report_id": report_id})
        principal = current_principal()
        try:
            async with self.records.sessions() as session:
                row = await get_validation_report(session, report_id)
            if row is not None:
                if not principal.owns(row.tenant):
                    raise missing
                return ValidationReport.model_validate(row.report)
        except (SQLAlchemyError, OSError) as exc:
            # The database is down; the JSON artifact holds the same report.
            log.info("report %s read from artifacts: %s", report_id, type(exc).__name__)
        data = await self.artifacts.get(f"reports/{report_id}/quality-report.json")
        stored = ValidationReport.model_validate_json(data) if data is not None else None
        if stored is None or not principal.owns(stored.tenant):
            raise missing
        return stored

    async def get_report_html(self, report_id: str) -> str:
        await self.get_report(report_id)  # whose it is
        data = await self.artifacts.get(f"reports/{report_id}/quality-report.html")
        if data is None:
            raise NotFoundError(f"no validation report {report_id!r}", {"report_id": report_id})
        return data.decode()
