"""Indexes for the statistics dashboard at national scale.

- placement_events (to_status, at, placement_id): the moves to some status in a period
  (started, completed, ended early, proposed) without reading the table: what the figures for
  all municipalities start from.
- placement_events (placement_id, to_status, at), in place of (placement_id): one
  municipality's figures walk its placements' moves; the status and time are then read from
  the index, not from the table.
- placements (opening_id, status), in place of (opening_id): the places a company has in use
  (agreed or active placements of its openings, the ratio rule) without reading every
  placement the company ever had.
- users (municipality_id): a municipality's consultants (caseload per consultant).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 10:00:00.000000

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_events_to_status_at", ["to_status", "at", "placement_id"], unique=False
        )
        batch_op.create_index(
            "ix_placement_events_placement_id_to_status_at",
            ["placement_id", "to_status", "at"],
            unique=False,
        )
        batch_op.drop_index("ix_placement_events_placement_id")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placements_opening_id_status", ["opening_id", "status"], unique=False
        )
        batch_op.drop_index("ix_placements_opening_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index("ix_users_municipality_id", ["municipality_id"], unique=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_municipality_id")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index("ix_placements_opening_id", ["opening_id"], unique=False)
        batch_op.drop_index("ix_placements_opening_id_status")
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.create_index("ix_placement_events_placement_id", ["placement_id"], unique=False)
        batch_op.drop_index("ix_placement_events_placement_id_to_status_at")
        batch_op.drop_index("ix_placement_events_to_status_at")
