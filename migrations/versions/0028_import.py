"""CSV import: an opening's own key from the file it came from.

- openings.external_ref: the key the jobcenter's own list gives the opening (e.g. "ref"),
  unique per company, so importing the same file twice finds the opening again (and two
  imports at once cannot both create it).

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_ref", sa.String(length=60), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_openings_employer_id_external_ref"), ["employer_id", "external_ref"]
        )


def downgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_openings_employer_id_external_ref"), type_="unique")
        batch_op.drop_column("external_ref")
