"""Indexes for matching and the consultant's caseload at national scale.

- candidates (municipality_id, status), in place of (municipality_id): the citizens of one
  municipality who are looking for work (an opening's candidates), without reading the
  others' rows; also the caseload's status filter.
- candidates (municipality_id, name, id): the caseload a page at a time in name order, read
  from the index instead of sorting the whole municipality for every page.
- openings (status, postcode), in place of (status): the published openings at the postcodes
  a citizen can reach.
- openings (employer_id, kind), in place of (employer_id): a company's internship and
  wage-subsidy openings (the ratio rule's count, asked for each opening matched).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 12:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_municipality_id_status", ["municipality_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_candidates_municipality_id_name", ["municipality_id", "name", "id"], unique=False
        )
        batch_op.drop_index("ix_candidates_municipality_id")
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index("ix_openings_status_postcode", ["status", "postcode"], unique=False)
        batch_op.create_index("ix_openings_employer_id_kind", ["employer_id", "kind"], unique=False)
        batch_op.drop_index("ix_openings_status")
        batch_op.drop_index("ix_openings_employer_id")


def downgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index("ix_openings_employer_id", ["employer_id"], unique=False)
        batch_op.create_index("ix_openings_status", ["status"], unique=False)
        batch_op.drop_index("ix_openings_employer_id_kind")
        batch_op.drop_index("ix_openings_status_postcode")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index("ix_candidates_municipality_id", ["municipality_id"], unique=False)
        batch_op.drop_index("ix_candidates_municipality_id_name")
        batch_op.drop_index("ix_candidates_municipality_id_status")
