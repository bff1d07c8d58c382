"""The parts of a validation report, as the Node worker (validator/worker.mjs) and the checks
here write them. Fields a report written by an older version may lack have defaults."""

from __future__ import annotations

from pydantic import BaseModel, Field


class TypeScriptError(BaseModel):
    file: str | None = Field(default=None, description="component, stories, or a primitive")
    line: int
    column: int
    code: str = Field(description="TS2322, or SYNTAX when only the syntax could be checked")
    message: str
    severity: str = "error"


class TypeScriptPart(BaseModel):
    errors: list[TypeScriptError] = []
    syntax_only: bool = Field(
        default=False, description="Node.js was not there: tree-sitter checked the syntax only"
    )


class LintMessage(BaseModel):
    line: int
    column: int
    rule: str = Field(description="The ESLint rule, e.g. react-hooks/rules-of-hooks")
    message: str
    fixable: bool = False


class EslintPart(BaseModel):
    errors: list[LintMessage] = []
    warnings: list[LintMessage] = []
    stories_errors: list[LintMessage] = []


class A11yNode(BaseModel):
    html: str
    target: str


class A11yViolation(BaseModel):
    story: str
    rule: str = Field(description="The axe-core rule id")
    impact: str | None = None
    help: str
    help_url: str | None = None
    nodes: list[A11yNode] = []


class A11yPart(BaseModel):
    violations: list[A11yViolation] = []


class ContrastPair(BaseModel):
    foreground: str
    background: str
    description: str
    ratio: float
    text: bool = Field(description="A text pair (4.5:1 for AA) rather than a non-text one (3:1)")
    aa: bool
    aaa: bool


class ContrastPart(BaseModel):
    pairs: list[ContrastPair] = Field(
        default=[], description="Token pairs (for information when painted)"
    )
    unreadable: list[str] = Field(default=[], description="Token values that are not colours")
    painted: PaintedPart | None = Field(
        default=None, description="What axe-core measured as painted in the preview"
    )


class PaintedContrast(BaseModel):
    """A text whose colour against what is painted behind it is below WCAG AA (axe-core's
    colour-contrast rule in the preview's browser)."""

    story: str
    target: str = Field(description="The element, as a CSS selector")
    html: str
    ratio: float | None
    expected: str | None = Field(description="The ratio it needs, e.g. 4.5:1")
    foreground: str | None
    background: str | None


class PaintedPart(BaseModel):
    checked: int | None = Field(default=None, description="Texts axe-core checked")
    violations: list[PaintedContrast] = []


class Requirement(BaseModel):
    category: str = Field(description="props, events, states or accessibility")
    name: str
    evidence: str | None = Field(default=None, description="Where the code provides it")


class RequirementsPart(BaseModel):
    component: str | None
    props: list[str] = Field(default=[], description="Props the component declares")
    implemented: list[Requirement] = []
    missing: list[Requirement] = []


class SecurityFinding(BaseModel):
    rule: str
    severity: str = Field(description="critical or high")
    line: int | None
    message: str
    code: str
    file: str | None = Field(default=None, description="component (default) or stories")


class SecurityPart(BaseModel):
    findings: list[SecurityFinding] = []


class FormattedPart(BaseModel):
    code: str
    stories: str | None = None
    error: str | None = Field(default=None, description="Why Prettier left the code as sent")


class RenderedStory(BaseModel):
    story: str
    ok: bool
    error: str | None = None
    html: str | None = Field(default=None, description="Its markup, up to 2,000 characters")


class Sandbox(BaseModel):
    network_isolated: bool
    cpu_limited: bool
    memory_mb: int | None = None
    ms: int | None = None


class RenderPart(BaseModel):
    ok: bool
    starved: bool = Field(
        default=False, description="The machine was too busy: says nothing about the component"
    )
    error: str | None = None
    stories: list[RenderedStory] = []
    sandbox: Sandbox | None = None


class VisualText(BaseModel):
    expected: str | None = Field(default=None, description="What the screenshot shows")
    rendered: str | None = Field(default=None, description="What the preview shows")
    exact: bool
    similarity: float


class Offset(BaseModel):
    """A shift in CSS px: x to the right, y down."""

    x: float
    y: float


class Measured(BaseModel):
    """What was measured on one image: its box in CSS px and its colours."""

    width: float
    height: float
    surface: str | None = None
    text: str | None = None
    border: str | None = None


ContrastPart.model_rebuild()
