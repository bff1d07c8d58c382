"""Validate a component: the Node checks and token contrast, a score, a stored report."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from typing import Any

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
from componentforge.schemas.validation import CheckSummary, ValidationReport, ValidationRequest
from componentforge.tenancy import current_principal
from componentforge.validation.contrast import check_contrast
from componentforge.validation.report import render_html
from componentforge.validation.score import WEIGHTS, check_score, recommendations
from componentforge.validation.stories import count_stories
from componentforge.validation.syntax import syntax_errors

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
    ) -> None:
        self.pool = pool
        self.records = records
        self.artifacts = artifacts
        self.metrics = metrics
        self.max_code_bytes = max_code_bytes
        self.render_limits = render_limits
        self.max_stories = max_stories

    async def check_generated(
        self,
        code: str,
        stories: str | None,
        name: str,
        tokens: DesignTokens,
        requirements: Requirements,
    ) -> ValidationReport:
        """A generated component's check: ESLint's fixes offered, Prettier's text checked."""
        return await self.validate(
            ValidationRequest(
                code=code,
                stories=stories,
                component_name=name,
                tokens=tokens.model_dump(mode="json"),
                requirements=requirements,
                fix=True,
                format=True,
            )
        )

    async def validate(self, request: ValidationRequest) -> ValidationReport:
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
        report_id = new_id()
        node, skipped_reason = await self._node_checks(request)
        report = self._assemble(report_id, request, node, skipped_reason)
        report["latency_ms"] = elapsed_ms(start)
        checked = (report.get("formatted") or {}).get("code") or request.code
        report["report_url"] = await self._store(report, checked)
        self.metrics.validations.labels(report["status"]).inc()
        self.metrics.validation_latency.observe(time.perf_counter() - start)
        return ValidationReport(**report)

    async def _node_checks(
        self, request: ValidationRequest
    ) -> tuple[dict[str, Any] | None, str | None]:
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
        }
        try:
            return await self.pool.validate(payload), None
        except DependencyError as exc:
            return None, exc.message

    def _assemble(
        self,
        report_id: str,
        request: ValidationRequest,
        node: dict[str, Any] | None,
        skipped_reason: str | None,
    ) -> dict[str, Any]:
        colours = (request.tokens or {}).get("colors", request.tokens or {})
        pairs, unreadable = check_contrast(colours if isinstance(colours, dict) else {})
        contrast = {"pairs": [p.__dict__ for p in pairs], "unreadable": unreadable}
        # A render starved of CPU by a busy machine says nothing about the component.
        starved = bool(node and node["render"].get("starved"))
        if node is not None:
            render = node["render"]
            results: dict[str, Any] = {
                "typescript": node["typescript"],
                "eslint": node["eslint"],
                "a11y": None if starved else {**node["a11y"], "render_failed": not render["ok"]},
                "security": node["security"],
                "requirements": node["requirements"],
            }
        else:
            syntax = syntax_errors(request.code)
            render = None
            results = {
                "typescript": {"errors": syntax, "syntax_only": True},
                "eslint": {"errors": [], "warnings": []},
                "a11y": {"violations": []},
                "security": {"findings": []},
                "requirements": None,
            }
        checks: list[CheckSummary] = []
        failed = False
        for name, weight in WEIGHTS.items():
            result = contrast if name == "contrast" else results.get(name)
            ran = result is not None and (node is not None or name == "contrast")
            reason: str | None = None if ran else f"skipped: {skipped_reason}"
            if name == "contrast" and not pairs:
                ran, reason = False, "no colour pairs in the tokens"
            if name == "typescript" and node is None and results["typescript"]["errors"]:
                ran, reason = True, "syntax only (tree-sitter): Node.js checks skipped"
            if name == "a11y" and starved:
                ran, reason = False, f"skipped: {render['error']}"
            if name == "requirements" and result is None and node is not None:
                ran, reason = False, "no requirements given"
            if not ran:
                checks.append(
                    CheckSummary(
                        name=name, state="skipped", score=None, weight=weight, reason=reason
                    )
                )
                continue
            assert result is not None
            score, fails = check_score(name, result)
            failed |= fails
            found = _count(name, result)
            if found:
                self.metrics.validation_findings.labels(name).inc(found)
            checks.append(
                CheckSummary(
                    name=name,
                    state="failed" if fails else "passed",
                    score=round(score, 3),
                    weight=weight,
                    reason=reason,
                )
            )
        measured = [c for c in checks if c.score is not None]
        total = sum(c.weight for c in measured)
        score = (
            round(sum(c.score * c.weight for c in measured if c.score is not None) / total, 3)
            if total
            else 0.0
        )
        status = (
            "FAIL" if failed else ("PASS" if node is not None and not starved else "UNVERIFIED")
        )
        report: dict[str, Any] = {
            "report_id": report_id,
            "tenant": current_principal().tenant,
            "status": status,
            "score": score,
            "component_name": request.component_name,
            "checks": [c.model_dump() for c in checks],
            "typescript": results["typescript"],
            "eslint": results["eslint"],
            "a11y": {
                k: v
                for k, v in (results["a11y"] or {"violations": []}).items()
                if k != "render_failed"
            },
            "contrast": contrast,
            "requirements": results["requirements"],
            "security": results["security"],
            "auto_fixes": (node or {}).get("auto_fixes") or [],
            "fixed_code": (node or {}).get("fixed_code"),
            "formatted": (node or {}).get("formatted"),
            "render": render,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        report["recommendations"] = recommendations(report)
        return report

    async def _store(self, report: dict[str, Any], code: str) -> str:
        base = f"reports/{report['report_id']}"
        stored = await self.artifacts.put_many(
            [
                (f"{base}/quality-report.html", render_html(report, code).encode()),
                (f"{base}/quality-report.json", json.dumps(report).encode()),
            ]
        )
        await self.records.add(
            "validation_reports",
            {
                "id": report["report_id"],
                "component_name": report["component_name"],
                "status": report["status"],
                "score": report["score"],
                "report": report,
                "html_key": f"{base}/quality-report.html",
                "tenant": report["tenant"],
            },
        )
        return stored[0].url

    async def get_report(self, report_id: str) -> dict[str, Any]:
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
                return row.report
        except (SQLAlchemyError, OSError) as exc:
            # The database is down; the JSON artifact holds the same report.
            log.info("report %s read from artifacts: %s", report_id, type(exc).__name__)
        data = await self.artifacts.get(f"reports/{report_id}/quality-report.json")
        stored: dict[str, Any] = json.loads(data) if data is not None else {}
        if data is None or not principal.owns(stored.get("tenant")):
            raise missing
        return stored

    async def get_report_html(self, report_id: str) -> str:
        await self.get_report(report_id)  # whose it is
        data = await self.artifacts.get(f"reports/{report_id}/quality-report.html")
        if data is None:
            raise NotFoundError(f"no validation report {report_id!r}", {"report_id": report_id})
        return data.decode()


def _count(name: str, result: dict[str, Any]) -> int:
    return {
        "typescript": lambda r: len(r["errors"]),
        "eslint": lambda r: len(r["errors"]) + len(r.get("warnings", [])),
        "a11y": lambda r: len(r["violations"]),
        "security": lambda r: len(r["findings"]),
        "contrast": lambda r: sum(not p["aa"] for p in r["pairs"]),
        "requirements": lambda r: len(r["missing"]),
    }[name](result)
