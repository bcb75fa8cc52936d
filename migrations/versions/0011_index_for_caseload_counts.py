"""The caseload's counts from the index alone.

- candidates (municipality_id, status, consultant_id), in place of (municipality_id, status):
  the caseload page counts the municipality's citizens and the consultant's own among them
  on every page; with the consultant in the index, PostgreSQL counts them from the index
  without reading the citizens' rows (0.2 ms instead of 1.6 ms for Viborg's 1 651 citizens
  at national scale). Matching's "looking citizens of a municipality" uses it as before.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-24 05:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_municipality_id_status_consultant_id",
            ["municipality_id", "status", "consultant_id"],
            unique=False,
        )
        batch_op.drop_index("ix_candidates_municipality_id_status")


def downgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_municipality_id_status", ["municipality_id", "status"], unique=False
        )
        batch_op.drop_index("ix_candidates_municipality_id_status_consultant_id")
