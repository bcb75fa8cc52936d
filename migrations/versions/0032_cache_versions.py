"""The public board's version number, bumped in the transaction of every change to it.

- cache_versions: one row per cached thing ("board"), its number and when it last moved. The
  board keeps its rendered pages under the number (placement/openings/board_version.py).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 17:00:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        "cache_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_versions")),
    )
    op.bulk_insert(versions, [{"name": "board", "number": 1, "changed_at": datetime.now(UTC)}])


def downgrade():
    op.drop_table("cache_versions")
