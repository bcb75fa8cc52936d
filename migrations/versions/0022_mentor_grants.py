"""Mentor support (mentorstøtte) as a grant of its own beside a placement.

- mentor_grants: who mentors (name, title, from the company or from outside), how many hours
  a week (in tenths, exact on both databases), for which period and who pays; several periods
  per placement that do not overlap (the rules check that, under the placement's lock). The
  placement's own mentor_name and mentor_role stay: they name the everyday contact person,
  whether or not support is granted.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 11:14:08.410291

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mentor_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("mentor_name", sa.String(length=200), nullable=False),
        sa.Column("mentor_role", sa.String(length=200), nullable=False),
        sa.Column(
            "mentor_kind",
            sa.Enum("internal", "external", name="mentorkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("hours_tenths", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column(
            "paid_by",
            sa.Enum(
                "jobcenter", "company", "other", name="mentorpayer", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("edit_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("hours_tenths > 0", name=op.f("ck_mentor_grants_hours_positive")),
        sa.CheckConstraint("start_date <= end_date", name=op.f("ck_mentor_grants_period_in_order")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_mentor_grants_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["edited_by_id"], ["users.id"], name=op.f("fk_mentor_grants_edited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_mentor_grants_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_grants")),
    )
    with op.batch_alter_table("mentor_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentor_grants_placement_id"), ["placement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mentor_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_grants_placement_id"))

    op.drop_table("mentor_grants")
