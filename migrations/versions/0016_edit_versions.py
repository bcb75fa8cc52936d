"""Version counters on the shared records whose forms must not overwrite unseen changes.

Placements, citizens and openings count their saved edits (edit_version) and keep who saved
the last one and when; a form carries the number and the values it showed
(placement/web/edit_versions.py). Existing rows start at 1, as if loaded once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 01:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLES = ("placements", "candidates", "openings")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("edit_version", sa.Integer(), server_default="1", nullable=False)
            )
            batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column("edited_by_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_edited_by_id_users"), "users", ["edited_by_id"], ["id"]
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_edited_by_id_users"), type_="foreignkey"
            )
            batch_op.drop_column("edited_by_id")
            batch_op.drop_column("edited_at")
            batch_op.drop_column("edit_version")
