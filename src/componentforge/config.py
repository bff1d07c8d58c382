"""Settings: the one place configuration is read. Every external service is optional."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from limits import parse_many
from pydantic import AnyHttpUrl, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from componentforge.errors import ConfigError
from componentforge.tenancy import key_digest

CommaList = Annotated[list[str], NoDecode]
# patterns/ beside src/ in a checkout (and in the Docker image, which copies the checkout).
DEFAULT_PATTERNS_DIR = Path(__file__).resolve().parents[2] / "patterns"
DEFAULT_PUBLIC_PATHS = [
    "/health",
    "/api/v1/health",
    "/metrics",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/openapi.json",
]


class Settings(BaseSettings):
    """Environment variables (or `.env`) by the upper-case field name, e.g. `DATA_DIR`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    # Service
    app_env: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("./data")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True
    max_body_bytes: int = Field(default=12 * 1024 * 1024, gt=0)
    body_read_timeout_seconds: float = Field(default=15.0, gt=0)
    cors_origins: CommaList = []
    metrics_enabled: bool = True

    # Authentication: plain keys are hashed at startup; API_KEY_HASHES takes SHA-256 hex digests.
    api_keys: CommaList = []
    api_key_hashes: CommaList = []
    public_paths: CommaList = DEFAULT_PUBLIC_PATHS
    # Proxies whose X-Forwarded-For is believed (uvicorn's forwarded-allow-ips); none by default
    trusted_proxies: CommaList = []

    # Rate limits (limits' notation: "10/minute", "5 per second", "100/hour;1000/day")
    rate_limit_enabled: bool = True
    rate_limit_extraction: str = "10/minute"
    rate_limit_generation: str = "20/minute"
    rate_limit_retrieval: str = "50/minute"
    rate_limit_default: str = "100/minute"

    # Metadata database
    database_url: str | None = None
    database_pool_size: int = Field(default=10, gt=0)
    database_timeout_seconds: float = Field(default=5.0, gt=0)
    database_auto_migrate: bool | None = None  # default: on for SQLite, off for PostgreSQL
    outbox_replay_seconds: float = Field(default=15.0, gt=0)

    # L1 cache and rate-limit counters
    redis_url: str | None = None
    redis_timeout_seconds: float = Field(default=0.5, gt=0)
    # Every key we write starts with it: two deployments (or a test run) can share one Redis.
    redis_key_prefix: str = Field(default="componentforge", pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    cache_max_entries: int = Field(default=2048, gt=0)
    cache_max_bytes: int = Field(default=256 * 1024 * 1024, gt=0)

    # Pattern library and retrieval
    patterns_dir: Path = DEFAULT_PATTERNS_DIR
    retrieval_weight_bm25: float = Field(default=0.3, ge=0, le=1)
    retrieval_weight_semantic: float = Field(default=0.7, ge=0, le=1)
    embeddings_provider: Literal["auto", "local", "remote"] = "auto"

    # Validation (the Node worker in validator/)
    node_binary: str = "node"
    validator_dir: Path = DEFAULT_PATTERNS_DIR.parent / "validator"
    validator_pool_size: int = Field(default=2, ge=1, le=16)
    validator_requests_per_worker: int = Field(default=2, ge=1, le=16)
    validator_warm_up: bool = True
    validator_timeout_seconds: float = Field(default=30.0, gt=0)
    validator_render_timeout_seconds: float = Field(default=8.0, gt=0)
    validator_render_memory_mb: int = Field(default=192, ge=64, le=4096)
    preview_enabled: bool = True
    preview_timeout_seconds: float = Field(default=8.0, gt=0, le=60)
    preview_browser: str | None = None
    validation_max_code_bytes: int = Field(default=200_000, gt=0)
    validation_max_stories: int = Field(default=50, ge=1, le=500)
    validator_render_html_chars: int = Field(default=512 * 1024, ge=1024)

    # Extraction
    extraction_max_image_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    extraction_max_image_pixels: int = Field(default=16_000_000, gt=0)
    extraction_image_concurrency: int = Field(default=2, ge=1, le=32)
    # Where a screenshot's pixels are analysed and read: worker processes (the event loop's
    # process keeps its interpreter lock for requests) or threads of the serving process.
    extraction_analysis: Literal["processes", "threads"] = "processes"
    extraction_model_image_max_side: int = Field(default=1024, ge=256, le=4096)
    extraction_ocr: bool = True

    # Generation: "auto" writes with the model when one is configured, else offline
    generation_engine: Literal["auto", "offline"] = "auto"
    generation_batch_concurrency: int = Field(default=3, ge=1, le=20)

    # Jobs: NATS JetStream when JOBS_BROKER_URL is set, else a durable queue in the database
    jobs_broker_url: str | None = Field(default=None, pattern=r"^(nats|tls)://")
    # Names the streams, subjects and consumer: deployments sharing a NATS server stay apart.
    jobs_stream_prefix: str = Field(default="componentforge", pattern=r"^[A-Za-z0-9_-]{1,48}$")
    # Jobs the API process runs itself; default 2 with no broker, 0 with one (workers do).
    jobs_api_concurrency: int | None = Field(default=None, ge=0, le=32)
    job_timeout_seconds: float = Field(default=300.0, gt=0)
    # A worker that stops heartbeating for this long loses its job to another (JetStream's
    # ack wait); heartbeats go every third of it.
    jobs_lease_seconds: float = Field(default=30.0, ge=0.5, le=3600)
    jobs_max_attempts: int = Field(default=3, ge=1, le=20)
    jobs_max_queued_per_tenant: int = Field(default=100, ge=1)
    jobs_poll_seconds: float = Field(default=0.2, gt=0, le=10)
    jobs_broker_timeout_seconds: float = Field(default=2.0, gt=0)

    # Vector store
    qdrant_url: AnyHttpUrl | None = None
    qdrant_api_key: str | None = None
    qdrant_timeout_seconds: float = Field(default=5.0, gt=0)

    # Artifacts
    s3_bucket: str | None = None
    s3_endpoint_url: AnyHttpUrl | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_presign_seconds: int = Field(default=3600, gt=0, le=7 * 24 * 3600)
    s3_expire_days: int = Field(default=90, gt=0)
    s3_timeout_seconds: float = Field(default=10.0, gt=0)

    # Models: OpenAI, any OpenAI-compatible endpoint, or Azure OpenAI
    openai_api_key: str | None = None
    openai_base_url: AnyHttpUrl | None = None
    azure_openai_endpoint: AnyHttpUrl | None = None
    azure_openai_api_key: str | None = None
    azure_openai_api_version: str = "2024-10-21"
    llm_vision_model: str = "gpt-4o"
    llm_text_model: str = "gpt-4o-mini"
    llm_generation_model: str = "gpt-4o"
    llm_embedding_model: str = "text-embedding-3-small"
    llm_timeout_seconds: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=3, ge=0, le=10)
    llm_prices: dict[str, dict[str, float]] = {}

    # Figma
    figma_token: str | None = None
    figma_base_url: AnyHttpUrl = AnyHttpUrl("https://api.figma.com")
    figma_timeout_seconds: float = Field(default=10.0, gt=0)
    figma_max_retries: int = Field(default=2, ge=0, le=10)
    figma_cache_seconds: float = Field(default=300.0, ge=0)
    figma_stale_seconds: float = Field(default=86400.0, ge=0)
    figma_cache_max_entries: int = Field(default=512, gt=0)

    # Tracing
    langsmith_api_key: str | None = None
    langsmith_endpoint: AnyHttpUrl | None = None
    langsmith_project: str = "componentforge"

    # Circuit breakers
    breaker_failure_threshold: int = Field(default=5, gt=0)
    breaker_reset_seconds: float = Field(default=30.0, gt=0)

    @field_validator(
        "cors_origins",
        "api_keys",
        "api_key_hashes",
        "public_paths",
        "trusted_proxies",
        mode="before",
    )
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("api_key_hashes")
    @classmethod
    def _check_hashes(cls, value: list[str]) -> list[str]:
        for digest in value:
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest.lower()):
                raise ValueError("each entry must be a SHA-256 hex digest (64 hex characters)")
        return [digest.lower() for digest in value]

    @field_validator(
        "rate_limit_extraction",
        "rate_limit_generation",
        "rate_limit_retrieval",
        "rate_limit_default",
    )
    @classmethod
    def _check_rate(cls, value: str) -> str:
        try:
            items = parse_many(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate such as '10/minute'") from exc
        if any(item.amount <= 0 for item in items):
            raise ValueError("the amount must be positive")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        scheme = urlsplit(value).scheme
        if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if scheme in ("sqlite", "sqlite+aiosqlite"):
            return "sqlite+aiosqlite://" + value.split("://", 1)[1]
        raise ValueError("use postgresql://... or sqlite:///path")

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
            raise ValueError("use redis://host:port/db")
        return value

    @model_validator(mode="after")
    def _weights_sum_to_one(self) -> Settings:
        total = self.retrieval_weight_bm25 + self.retrieval_weight_semantic
        if abs(total - 1.0) > 0.01:
            raise ValueError(
                f"RETRIEVAL_WEIGHT_BM25 + RETRIEVAL_WEIGHT_SEMANTIC must be 1, not {total:g}"
            )
        if self.embeddings_provider == "remote" and not self.llm_configured:
            raise ValueError(
                "EMBEDDINGS_PROVIDER=remote needs OPENAI_API_KEY, OPENAI_BASE_URL or "
                "AZURE_OPENAI_ENDPOINT"
            )
        return self

    @field_validator("llm_prices", mode="before")
    @classmethod
    def _parse_prices(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    # Derived values -----------------------------------------------------------------------

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'componentforge.db').resolve()}"

    @property
    def database_is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    @property
    def migrate_on_start(self) -> bool:
        if self.database_auto_migrate is not None:
            return self.database_auto_migrate
        return self.database_is_sqlite

    @cached_property
    def api_key_digests(self) -> frozenset[str]:
        plain = {key_digest(key) for key in self.api_keys}
        return frozenset(plain | set(self.api_key_hashes))

    @property
    def jobs_in_api(self) -> int:
        """How many jobs the API process runs at once (0: only `componentforge worker`)."""
        if self.jobs_api_concurrency is not None:
            return self.jobs_api_concurrency
        return 0 if self.jobs_broker_url else 2

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url or self.azure_openai_endpoint)

    def rate_limit_for(self, group: str) -> str:
        return {
            "extraction": self.rate_limit_extraction,
            "generation": self.rate_limit_generation,
            "retrieval": self.rate_limit_retrieval,
        }.get(group, self.rate_limit_default)


def load_settings(**overrides: Any) -> Settings:
    """Read settings; a bad value raises ConfigError with a one-line message naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        where = (
            f"{str(first['loc'][0]).upper()}: " if first["loc"] else ""
        )  # cross-field checks name theirs
        extra = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"invalid configuration: {where}{message}{extra}") from None
