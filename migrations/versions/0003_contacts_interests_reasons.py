"""Company contact log, citizens' interest in openings, reasons for answers, public sector.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:41:26.175556

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "opening_interests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_opening_interests_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_opening_interests_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_interests")),
        sa.UniqueConstraint(
            "candidate_id", "opening_id", name=op.f("uq_opening_interests_candidate_id_opening_id")
        ),
    )
    with op.batch_alter_table("opening_interests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_opening_interests_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_opening_interests_opening_id"), ["opening_id"], unique=False
        )

    op.create_table(
        "employer_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("contact_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultant_id"], ["users.id"], name=op.f("fk_employer_contacts_consultant_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_contacts_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contacts")),
    )
    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_contacts_consultant_id"), ["consultant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_employer_contacts_employer_id"), ["employer_id"], unique=False
        )

    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_sector", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("citizen_reason", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("employer_reason", sa.Text(), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_column("employer_reason")
        batch_op.drop_column("citizen_reason")

    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_column("public_sector")

    with op.batch_alter_table("employer_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_contacts_employer_id"))
        batch_op.drop_index(batch_op.f("ix_employer_contacts_consultant_id"))

    op.drop_table("employer_contacts")
    with op.batch_alter_table("opening_interests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_opening_interests_opening_id"))
        batch_op.drop_index(batch_op.f("ix_opening_interests_candidate_id"))

    op.drop_table("opening_interests")
