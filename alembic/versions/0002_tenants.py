"""tenants: api_keys, and the tenant (and project) of generations and reports

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("tenant", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("digest"),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_tenant"), ["tenant"], unique=False)
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tenant", sa.String(length=64), nullable=False, server_default="local")
        )
        batch_op.add_column(sa.Column("project", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_generations_tenant_started", ["tenant", "started_at"])
    with op.batch_alter_table("validation_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tenant", sa.String(length=64), nullable=False, server_default="local")
        )
        batch_op.create_index(batch_op.f("ix_validation_reports_tenant"), ["tenant"])


def downgrade() -> None:
    with op.batch_alter_table("validation_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_validation_reports_tenant"))
        batch_op.drop_column("tenant")
    with op.batch_alter_table("generations", schema=None) as batch_op:
        batch_op.drop_index("ix_generations_tenant_started")
        batch_op.drop_column("project")
        batch_op.drop_column("tenant")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_tenant"))
    op.drop_table("api_keys")
