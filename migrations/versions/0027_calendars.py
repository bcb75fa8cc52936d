"""Calendars: a follow-up's meeting time and place, and each person's calendar feed.

- followups.meeting_time (time of day in Copenhagen, optional) and followups.place (at most
  200 characters, "" when not given).
- calendar_feeds: one row per user with the keyed hash of their secret feed link.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meeting_time", sa.Time(), nullable=True))
        batch_op.add_column(
            sa.Column("place", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_followups_place_length"), "length(place) <= 200"
        )
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )


def downgrade():
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_followups_place_length"), type_="check")
        batch_op.drop_column("place")
        batch_op.drop_column("meeting_time")
