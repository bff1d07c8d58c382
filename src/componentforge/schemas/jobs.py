"""Request and response models of /api/v1/jobs: long generations run by workers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from componentforge.schemas.errors import ErrorBody
from componentforge.schemas.generation import (
    BatchRequest,
    BatchResult,
    GenerationOptions,
    GenerationRequest,
    GenerationResult,
    ScreenshotGeneration,
)
from componentforge.schemas.vocabulary import ComponentType

JobKind = Literal["generate", "from-screenshot", "batch"]
JobStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})
JOB_ID = r"^[0-9a-f]{32}$"
# Why a job failed, beyond its error: it ran out of time, or of deliveries.
FailureReason = Literal["error", "timeout", "dead-lettered"]


class GenerateJob(GenerationRequest):
    """`POST /generation/generate`'s body, run as a job."""

    kind: Literal["generate"]


class BatchJob(BatchRequest):
    """`POST /generation/batch`'s body, run as a job."""

    kind: Literal["batch"]


JobRequest = Annotated[GenerateJob | BatchJob, Field(discriminator="kind")]


class ScreenshotJob(BaseModel):
    """A from-screenshot job as queued: the upload is an artifact, the form's fields are here."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["from-screenshot"] = "from-screenshot"
    image_key: str
    component_type: ComponentType | None = None
    component_name: str | None = None
    project: str | None = None
    scale: float | None = None
    options: GenerationOptions = GenerationOptions()


class JobProgress(BaseModel):
    stage: str | None = Field(default=None, description="The stage running or last ended")
    percent: float = Field(default=0.0, ge=0, le=100)


class JobError(ErrorBody):
    """The error envelope's body, as the synchronous route would have answered it."""

    status: int = Field(description="The HTTP status the synchronous route would have had")


class JobSummary(BaseModel):
    """A job as `GET /jobs` lists it."""

    job_id: str
    kind: JobKind
    status: JobStatus
    progress: JobProgress
    attempts: int = Field(description="Deliveries to a worker so far")
    reason: FailureReason | None = Field(default=None, description="Why a failed job failed")
    created_at: datetime
    finished_at: datetime | None = None


class Job(JobSummary):
    """A job whole: its summary, who it belongs to, and its result or error."""

    cancel_requested: bool = False
    started_at: datetime | None = None
    tenant: str
    project: str | None = None
    request_id: str | None = None
    published: bool = Field(
        default=True,
        description="False while the broker is unreachable: the job is kept in the database "
        "and published as soon as the broker is back",
    )
    result: GenerationResult | ScreenshotGeneration | BatchResult | None = Field(
        default=None,
        description="What the synchronous route returns: GenerationResult (generate), "
        "ScreenshotGeneration (from-screenshot) or BatchResult (batch)",
    )
    error: JobError | None = None


class JobPage(BaseModel):
    items: list[JobSummary]
    total: int
    limit: int
    offset: int
