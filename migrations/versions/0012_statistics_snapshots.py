"""Statistics snapshots: the default view of all municipalities, computed each morning.

Counting the whole country takes seconds; the scheduler's "statistics" sweep computes the
admin's first view once a day and the page reads it from here.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statistics_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tables_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_snapshots")),
        sa.UniqueConstraint("day", "language", name=op.f("uq_statistics_snapshots_day_language")),
    )


def downgrade():
    op.drop_table("statistics_snapshots")
