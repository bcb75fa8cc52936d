"""A wage subsidy's net growth declaration (erklæring om merbeskæftigelse).

- net_growth_declarations: one row per placement: the month counted, the ordinary employees
  that month, the average of the 12 months before (in tenths, exact on both databases), what
  the CVR register said when the form was filled in from it, who declared and when.

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06 14:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "net_growth_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("employees_last_month", sa.Integer(), nullable=False),
        sa.Column("average_tenths", sa.Integer(), nullable=False),
        sa.Column("register_employees", sa.Integer(), nullable=True),
        sa.Column("register_average_tenths", sa.Integer(), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("declared_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "employees_last_month >= 0",
            name=op.f("ck_net_growth_declarations_employees_not_negative"),
        ),
        sa.CheckConstraint(
            "average_tenths >= 0", name=op.f("ck_net_growth_declarations_average_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["declared_by_id"],
            ["users.id"],
            name=op.f("fk_net_growth_declarations_declared_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_net_growth_declarations_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_net_growth_declarations")),
        sa.UniqueConstraint("placement_id", name=op.f("uq_net_growth_declarations_placement_id")),
    )


def downgrade():
    op.drop_table("net_growth_declarations")
