"""Extensions (forlængelser) of running placements, and the indexes of a board that leaves
out full openings.

- placement_extensions: the placement, the extension's number within it (1, 2, …; unique per
  placement, so the same extension posted twice at once is written once), the end date before
  and after, the reason, who and when. The placement's end date is the newest new_end.
- placements (opening_id) where status is agreed or active: the board asks of each published
  opening how many seats such placements hold; this index holds only those placements.
- openings (status, published_at, id) includes start_date, end_date and seats too on
  PostgreSQL, besides deadline and employer_id: the board's count checks them, and still reads
  the index alone.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SEAT_HOLDERS = sa.text("status IN ('agreed', 'active')")


def upgrade():
    op.create_table(
        "placement_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("previous_end", sa.Date(), nullable=False),
        sa.Column("new_end", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_placement_extensions_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_placement_extensions_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_extensions")),
        sa.UniqueConstraint(
            "placement_id", "number", name=op.f("uq_placement_extensions_placement_id_number")
        ),
        sa.CheckConstraint(
            "length(reason) <= 500", name=op.f("ck_placement_extensions_reason_length")
        ),
    )

    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placements_opening_id_seat_holders",
            ["opening_id"],
            unique=False,
            postgresql_where=SEAT_HOLDERS,
            sqlite_where=SEAT_HOLDERS,
        )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index("ix_openings_status_published_at")
        batch_op.create_index(
            "ix_openings_status_published_at",
            ["status", "published_at", "id"],
            unique=False,
            postgresql_include=["deadline", "employer_id", "start_date", "end_date", "seats"],
        )


def downgrade():
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index("ix_openings_status_published_at")
        batch_op.create_index(
            "ix_openings_status_published_at",
            ["status", "published_at", "id"],
            unique=False,
            postgresql_include=["deadline", "employer_id"],
        )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index("ix_placements_opening_id_seat_holders")
    op.drop_table("placement_extensions")
