"""Absence on a running placement.

- absence_days: one row per placement and working day away, with its reason (a category,
  never free text), who registered it and when. Unique per placement and day.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "absence_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "illness",
                "agreed",
                "unexplained",
                name="absencereason",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("registered_by_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_absence_days_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_id"], ["users.id"], name=op.f("fk_absence_days_registered_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_days")),
        sa.UniqueConstraint("placement_id", "day", name=op.f("uq_absence_days_placement_id_day")),
    )


def downgrade():
    op.drop_table("absence_days")
