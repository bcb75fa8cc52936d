"""Plainer Danish labels for six adaptations in the catalogue (LIX of the board and forms).

Citizens and companies read these labels on every opening; shorter, common words say the same.
A label a municipality has already reworded itself is left as it is: only the seeded wording
from 0002 is replaced. Codes and English labels stay.

Revision ID: 0021
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0016'
branch_labels = None
depends_on = None

# (code, the seeded label, the plainer label)
LABELS = [
    ("flexible_start", "Fleksibelt mødetidspunkt", "Møde ind efter aftale"),
    ("gradual_step_up", "Gradvis optrapning af timer", "Flere timer lidt efter lidt"),
    ("adjusted_tasks", "Tilpassede opgaver", "Opgaver, der passer til den enkelte"),
    ("written_instructions", "Skriftlige eller visuelle instruktioner",
     "Vejledning på skrift eller i billeder"),
    ("consultant_visits", "Besøg fra jobkonsulenten", "Jobkonsulenten kommer på besøg"),
    ("remote_work", "Mulighed for hjemmearbejde", "Arbejde hjemme"),
]

adaptations = sa.table("adaptations", sa.column("code", sa.String),
                       sa.column("label_da", sa.String))


def _relabel(pairs):
    for code, old, new in pairs:
        op.execute(adaptations.update()
                   .where(adaptations.c.code == code, adaptations.c.label_da == old)
                   .values(label_da=new))


def upgrade():
    _relabel(LABELS)


def downgrade():
    _relabel([(code, new, old) for code, old, new in LABELS])
