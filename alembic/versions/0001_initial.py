"""initial tables

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "cache_stats",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("layer", sa.String(length=8), nullable=False),
        sa.Column("backend", sa.String(length=16), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("misses", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("bytes_saved", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cache_stats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cache_stats_recorded_at"), ["recorded_at"], unique=False
        )

    op.create_table(
        "costs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("generation_id", sa.String(length=32), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("task", sa.String(length=32), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("costs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_costs_generation_id"), ["generation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_costs_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "generations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("component_type", sa.String(length=64), nullable=False),
        sa.Column("component_name", sa.String(length=128), nullable=True),
        sa.Column("pattern_id", sa.String(length=128), nullable=True),
        sa.Column("pattern_version", sa.String(length=32), nullable=True),
        sa.Column("user_id", sa.String(length=128), nullable=True),
        sa.Column("session_id", sa.String(length=128), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.Column("cache_layer", sa.String(length=8), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=True),
        sa.Column("model", sa.String(length=128), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("total_tokens", sa.Integer(), nullable=False),
        sa.Column("cost_usd", sa.Float(), nullable=False),
        sa.Column("cost_breakdown", sa.JSON(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("error_type", sa.String(length=64), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("trace_id", sa.String(length=64), nullable=True),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.create_index("ix_generations_cache_layer", ["cache_layer"], unique=False)
        batch_op.create_index("ix_generations_component_type", ["component_type"], unique=False)
        batch_op.create_index("ix_generations_started_at", ["started_at"], unique=False)
        batch_op.create_index("ix_generations_success", ["success"], unique=False)
        batch_op.create_index(
            "ix_generations_type_started", ["component_type", "started_at"], unique=False
        )

    op.create_table(
        "validation_reports",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("generation_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("component_name", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("html_key", sa.String(length=256), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("validation_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_validation_reports_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_validation_reports_generation_id"), ["generation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_validation_reports_status"), ["status"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("validation_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_validation_reports_status"))
        batch_op.drop_index(batch_op.f("ix_validation_reports_generation_id"))
        batch_op.drop_index(batch_op.f("ix_validation_reports_created_at"))

    op.drop_table("validation_reports")
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.drop_index("ix_generations_type_started")
        batch_op.drop_index("ix_generations_success")
        batch_op.drop_index("ix_generations_started_at")
        batch_op.drop_index("ix_generations_component_type")
        batch_op.drop_index("ix_generations_cache_layer")

    op.drop_table("generations")
    with op.batch_alter_table("costs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_costs_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_costs_generation_id"))

    op.drop_table("costs")
    with op.batch_alter_table("cache_stats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cache_stats_recorded_at"))

    op.drop_table("cache_stats")
