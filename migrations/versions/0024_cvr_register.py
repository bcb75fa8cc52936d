"""The CVR register: what the jobcenter must check, and when the register was last read.

- employers.cvr_unchecked: the company registered while the CVR register could not be reached,
  so its CVR number was not checked; the jobcenter's company page says so. Existing companies
  registered before the register was asked are not marked (they were never meant to be).
- employers.register_read_at: when the monthly sweep (or the sign-up) last read the company's
  facts from the register, so a sweep run twice in a month reads each company once.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 11:55:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("cvr_unchecked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("register_read_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_column("register_read_at")
        batch_op.drop_column("cvr_unchecked")
