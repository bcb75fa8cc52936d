"""The citizen's weekly check-ins, and the citizen's choice to have none.

- check_ins: one row per placement and week (the Monday): asked when the weekly job mails the
  link, answered with a score 1-5 and at most 500 characters of words. Unique per placement
  and week.
- candidates.check_ins_off: the citizen has turned the weekly mail off.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("words", sa.String(length=500), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(words) <= 500", name=op.f("ck_check_ins_words_length")),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_check_ins_score_1_to_5")),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_check_ins_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
        sa.UniqueConstraint("placement_id", "week", name=op.f("uq_check_ins_placement_id_week")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("check_ins_off", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("check_ins_off")
    op.drop_table("check_ins")
