"""What the Node worker (`validator/worker.mjs`) answers for one component, typed: each check's
part as the report shows it, and the preview as the browser host (`preview-host.mjs`) took it.
An answer that does not fit is refused whole (the service reports it as UNVERIFIED)."""

from __future__ import annotations

from pydantic import BaseModel

from componentforge.schemas.report_parts import (
    A11yPart,
    EslintPart,
    FormattedPart,
    LintMessage,
    RenderPart,
    RequirementsPart,
    SecurityPart,
    TypeScriptPart,
)


class CaptureBox(BaseModel):
    """Where a story's component is in the one capture of the page, in CSS px."""

    x: float
    y: float
    width: float
    height: float

    def cut_origin(self, margin: float, scale: float) -> tuple[int, int]:
        """The top-left corner, in image px, of this box's cut with `margin` around it (less
        margin at the page's edge)."""
        return max(0, round((self.x - margin) * scale)), max(0, round((self.y - margin) * scale))


class StoryCapture(BaseModel):
    story: str
    box: CaptureBox | None = None  # None: the story failed or rendered nothing visible
    text: str | None = None
    error: str | None = None


class AuditedText(BaseModel):
    """One text axe-core's colour-contrast rule found below AA, as painted."""

    target: str
    html: str
    ratio: float | None = None
    expected: str | None = None
    foreground: str | None = None
    background: str | None = None


class StoryAudit(BaseModel):
    story: str
    passes: int = 0
    violations: list[AuditedText] = []


class ContrastAudit(BaseModel):
    stories: list[StoryAudit] = []
    ms: int | None = None

    @property
    def checked(self) -> int:
        return sum(s.passes + len(s.violations) for s in self.stories)


class PreviewAnswer(BaseModel):
    ok: bool
    unavailable: bool = False  # no browser could start: the preview is skipped, not failed
    error: str | None = None
    ms: float | None = None
    render_ms: float | None = None
    scale: float = 1.0
    margin: float = 0.0
    png: str | None = None  # base64: one capture around every story
    images: list[StoryCapture] = []
    refused: list[str] = []
    contrast: ContrastAudit | None = None
    network_isolated: bool | None = None


class WorkerAnswer(BaseModel):
    typescript: TypeScriptPart
    eslint: EslintPart
    a11y: A11yPart
    security: SecurityPart
    requirements: RequirementsPart | None = None
    render: RenderPart
    auto_fixes: list[LintMessage] | None = None
    fixed_code: str | None = None
    formatted: FormattedPart | None = None
    preview: PreviewAnswer | None = None
