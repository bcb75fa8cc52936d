"""A consultant's placements in a few states, by an index on both: placements (consultant_id,
status) instead of (consultant_id) alone.

The consultant's caseload page asks on every load for their running placements (the list
"Forløb der kræver opmærksomhed") and those waiting on them ("Venter på dig"). With an index
on each column alone, PostgreSQL combined the consultant's 150 rows with every placement in
those states (37 000-50 000 at national scale): 3-7 ms a statement. The new index answers
both columns at once, and its first column still serves the questions about a consultant
alone, so the old index goes.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 17:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placements") as batch:
        batch.create_index("ix_placements_consultant_id_status", ["consultant_id", "status"])
        batch.drop_index(batch.f("ix_placements_consultant_id"))


def downgrade():
    with op.batch_alter_table("placements") as batch:
        batch.create_index(batch.f("ix_placements_consultant_id"), ["consultant_id"])
        batch.drop_index("ix_placements_consultant_id_status")
