"""Limits on the text a person types: each free-text column gets a most number of characters.

The columns were TEXT without a limit, so 260,000 characters could be saved. Each becomes a
VARCHAR(n), which PostgreSQL enforces, and gets a CHECK on length(), which SQLite enforces too
(it ignores a VARCHAR's length). The numbers are the forms' (placement/models/types.py
typed_text): names and short notes 1,000–2,000, longer descriptions 4,000–10,000.

Text already longer than its new limit (only possible by going around the forms) is not cut:
the upgrade stops before changing anything and names the rows, so that a person shortens them
(or the limit is raised) and nothing anyone wrote is lost without a word.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LIMITS = {
    "agreement_confirmations": {"note": 1000},
    "candidates": {"skills": 2000, "interests": 2000, "adaptation_note": 2000},
    "employer_contacts": {"note": 2000},
    "erasure_requests": {"reason": 2000, "decision_note": 2000},
    "followups": dict.fromkeys(
        (
            "wellbeing_note",
            "works",
            "does_not_work",
            "adaptations_add",
            "adaptations_drop",
            "next_step",
            "employer_view",
        ),
        4000,
    ),
    "journal_entries": {"text": 5000},
    "openings": {"description": 5000, "tasks": 5000, "adaptation_note": 2000, "skills": 2000},
    "placements": {
        "citizen_reason": 1000,
        "employer_reason": 1000,
        "end_reason": 1000,
        "tasks": 10000,
        "adaptation_note": 4000,
    },
}


def too_long() -> list[str]:
    """Each column holding text past its new limit, with the ids of those rows."""
    found = []
    connection = op.get_bind()
    for table, columns in LIMITS.items():
        for column, limit in columns.items():
            ids = (
                connection.execute(
                    sa.text(f"SELECT id FROM {table} WHERE length({column}) > {limit} ORDER BY id")
                )
                .scalars()
                .all()
            )
            if ids:
                shown = ", ".join(str(i) for i in ids[:10]) + (" …" if len(ids) > 10 else "")
                found.append(f"{table}.{column} (over {limit} characters): id {shown}")
    return found


def upgrade():
    if found := too_long():
        # SystemExit: one clear message, not a traceback; PostgreSQL rolls the transaction back.
        raise SystemExit(
            "Migration 0017 changed nothing: some saved text is longer than its new limit. "
            "Shorten it in the app (or raise the limit in placement/models and in this "
            "migration), then run `flask db upgrade` again.\n  " + "\n  ".join(found)
        )
    for table, columns in LIMITS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, limit in columns.items():
                batch_op.alter_column(
                    column, existing_type=sa.Text(), type_=sa.String(limit), existing_nullable=False
                )
                batch_op.create_check_constraint(
                    batch_op.f(f"ck_{table}_{column}_length"), f"length({column}) <= {limit}"
                )


def downgrade():
    for table, columns in reversed(LIMITS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, limit in columns.items():
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_{column}_length"), type_="check")
                batch_op.alter_column(
                    column, existing_type=sa.String(limit), type_=sa.Text(), existing_nullable=False
                )
