"""The placement history's guard in the database: a status is left at most once.

- placement_events (placement_id, from_status) unique. The lifecycle has no cycles
  (placement/placements/lifecycle.py ALLOWED), so a second event from the same status can only
  be the same move written twice: two requests at the same moment (a double click, the scheduler
  and a consultant) before every transition took the placement's row lock. The proposal's event has
  no from_status; NULLs never collide in a unique constraint.
- First, the duplicates such races may already have written are removed: of each
  (placement_id, from_status) the earliest event is kept (by time, then id) and the later ones
  are deleted, so the statistics, which count moves from the history, count each move once.
  The placements' status is left as it is (it is what every page has shown since). When any
  event was deleted, the statistics snapshots are deleted too: the admin's first view is then
  counted on the spot until the next morning's sweep, from the corrected history.

The downgrade drops the constraint; deleted duplicates are not brought back.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 01:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Every event from a status that an earlier event of the same placement already left.
DELETE_LATER_DUPLICATES = sa.text("""
    DELETE FROM placement_events
    WHERE from_status IS NOT NULL AND EXISTS (
        SELECT 1 FROM placement_events AS earlier
        WHERE earlier.placement_id = placement_events.placement_id
          AND earlier.from_status = placement_events.from_status
          AND (earlier.at < placement_events.at
               OR (earlier.at = placement_events.at AND earlier.id < placement_events.id)))
""")


def upgrade():
    bind = op.get_bind()
    if bind.execute(DELETE_LATER_DUPLICATES).rowcount:
        bind.execute(sa.text("DELETE FROM statistics_snapshots"))
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            op.f("uq_placement_events_placement_id_from_status"), ["placement_id", "from_status"]
        )


def downgrade():
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("uq_placement_events_placement_id_from_status"), type_="unique"
        )
