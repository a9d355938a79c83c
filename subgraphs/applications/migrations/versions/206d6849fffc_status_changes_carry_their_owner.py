"""status changes carry their owner

Each step of a status history names its owner, so the store scopes it like every owned table
(`kit.scoping`) instead of joining to its application. Existing rows take their application's.

Revision ID: 206d6849fffc
Revises: cd9da8153a2f
Create Date: 2026-11-24 04:42:12.924210
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "206d6849fffc"
down_revision: str | None = "cd9da8153a2f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Uuid(), nullable=True))
    op.execute(
        "UPDATE status_changes SET owner_id = (SELECT applications.owner_id FROM applications"
        " WHERE applications.id = status_changes.application_id)"
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_index(batch_op.f("ix_status_changes_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_owner_id"))
        batch_op.drop_column("owner_id")
