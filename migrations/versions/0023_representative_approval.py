"""The employee representative's approval of a wage-subsidy agreement.

- placements.staff_representative_email / no_staff_representative: the company's word on
  whom to ask, or that it has no representative.
- representative_approvals: one row per agreement version sent to the representative (the
  link's token as a keyed hash) and the answer (approve/object, reason, when, from where).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 11:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "staff_representative_email",
                sa.String(length=254),
                server_default="",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column(
                "no_staff_representative", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    op.create_table(
        "representative_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "approve", "object", name="representativedecision", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_from", sa.String(length=45), nullable=False),
        sa.CheckConstraint(
            "length(reason) <= 2000", name=op.f("ck_representative_approvals_reason_length")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_representative_approvals_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_representative_approvals_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representative_approvals")),
        sa.UniqueConstraint("agreement_id", name=op.f("uq_representative_approvals_agreement_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_representative_approvals_token_hash")),
    )
    with op.batch_alter_table("representative_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_representative_approvals_placement_id"), ["placement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("representative_approvals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_representative_approvals_placement_id"))
    op.drop_table("representative_approvals")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_column("no_staff_representative")
        batch_op.drop_column("staff_representative_email")
