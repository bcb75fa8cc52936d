"""Which employer hired the citizen after a placement, and when (issue 21: employers who hire).

- placements.hired_by_employer_id: the registered company that hired (the placement's own
  company, or another one registered here); NULL when not known or hired elsewhere.
- placements.hired_elsewhere_name: an employer not registered here, by name.
- placements.hired_on: the day of the hire.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placements") as batch:
        batch.add_column(sa.Column("hired_by_employer_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("hired_elsewhere_name", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("hired_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_placements_hired_by_employer_id_employers"),
            "employers",
            ["hired_by_employer_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(batch.f("ix_placements_hired_by_employer_id"), ["hired_by_employer_id"])


def downgrade():
    with op.batch_alter_table("placements") as batch:
        batch.drop_index(batch.f("ix_placements_hired_by_employer_id"))
        batch.drop_constraint(
            batch.f("fk_placements_hired_by_employer_id_employers"), type_="foreignkey"
        )
        batch.drop_column("hired_on")
        batch.drop_column("hired_elsewhere_name")
        batch.drop_column("hired_by_employer_id")
