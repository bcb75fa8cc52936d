"""Limits on the text a person types: each free-text column gets a most number of characters.

The columns were TEXT without a limit, so 260,000 characters could be saved. Each becomes a
VARCHAR(n), which PostgreSQL enforces, and gets a CHECK on length(), which SQLite enforces too
(it ignores a VARCHAR's length). The numbers are the forms' (placement/models/types.py
typed_text): names and short notes 1,000–2,000, longer descriptions 4,000–10,000.

Text already longer than its new limit (only possible by going around the forms) is cut to
the limit first; otherwise the upgrade would stop on it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

LIMITS = {
    "agreement_confirmations": {"note": 1000},
    "candidates": {"skills": 2000, "interests": 2000, "adaptation_note": 2000},
    "employer_contacts": {"note": 2000},
    "erasure_requests": {"reason": 2000, "decision_note": 2000},
    "followups": {name: 4000 for name in (
        "wellbeing_note", "works", "does_not_work", "adaptations_add", "adaptations_drop",
        "next_step", "employer_view")},
    "journal_entries": {"text": 5000},
    "openings": {"description": 5000, "tasks": 5000, "adaptation_note": 2000, "skills": 2000},
    "placements": {"citizen_reason": 1000, "employer_reason": 1000, "end_reason": 1000,
                   "tasks": 10000, "adaptation_note": 4000},
}


def upgrade():
    for table, columns in LIMITS.items():
        for column, limit in columns.items():
            op.execute(sa.text(f"UPDATE {table} SET {column} = substr({column}, 1, {limit}) "
                               f"WHERE length({column}) > {limit}"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, limit in columns.items():
                batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.String(limit),
                                      existing_nullable=False)
                batch_op.create_check_constraint(batch_op.f(f"ck_{table}_{column}_length"),
                                                 f"length({column}) <= {limit}")


def downgrade():
    for table, columns in reversed(LIMITS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, limit in columns.items():
                batch_op.drop_constraint(batch_op.f(f"ck_{table}_{column}_length"), type_="check")
                batch_op.alter_column(column, existing_type=sa.String(limit), type_=sa.Text(),
                                      existing_nullable=False)
