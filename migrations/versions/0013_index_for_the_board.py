"""The public board's index: published openings newest first.

- openings (status, published_at, id), with deadline and employer_id included on PostgreSQL:
  the board's page is the first rows of this index read backwards (0.3 ms instead of sorting
  every published opening, 13 ms at national scale), and its count reads the index alone
  (7 ms instead of 12 ms).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 05:45:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_openings_status_published_at",
            ["status", "published_at", "id"],
            unique=False,
            postgresql_include=["deadline", "employer_id"],
        )


def downgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index("ix_openings_status_published_at")
