"""What makes the scheduler's tick cheap when there is nothing to do.

- sweep_runs: the day each once-a-day sweep (retention, revolving door) last did its work,
  written in the sweep's own transaction (placement/scheduler.py).
- Partial indexes, each holding only the rows one sweep looks at, with the columns it reads,
  so a run with nothing to do reads a few index pages instead of the tables:
  ix_placements_plan_may_grow (plans), ix_placements_agreed_start and
  ix_placements_active_end (placements), ix_placements_active_candidate (check-ins),
  ix_placements_reminded and ix_followups_open_due (reminders).

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

# As in models/placements.py and models/followups.py at this revision.
PLAN_MAY_GROW = (
    "status IN ('agreed', 'active') AND start_date IS NOT NULL AND "
    "(followups_planned_until IS NULL OR end_date IS NULL "
    "OR followups_planned_until < end_date)"
)
AGREED, ACTIVE = "status = 'agreed'", "status = 'active'"
REMINDED = (
    "status IN ('agreed', 'active', 'awaiting_evaluation', 'completed', 'ended_early') "
    "AND consultant_id IS NOT NULL"
)
INDEXES = (
    ("ix_placements_plan_may_grow", "placements", ["followups_planned_until"], PLAN_MAY_GROW),
    ("ix_placements_agreed_start", "placements", ["start_date"], AGREED),
    ("ix_placements_active_end", "placements", ["end_date"], ACTIVE),
    ("ix_placements_active_candidate", "placements", ["candidate_id", "id", "start_date"], ACTIVE),
    ("ix_placements_reminded", "placements", ["id", "consultant_id"], REMINDED),
    ("ix_followups_open_due", "followups", ["due_date", "placement_id", "id"], "done_at IS NULL"),
)


def upgrade():
    op.create_table(
        "sweep_runs",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sweep_runs")),
    )
    for name, table, columns, where in INDEXES:
        op.create_index(
            name,
            table,
            columns,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade():
    for name, table, _columns, _where in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_table("sweep_runs")
