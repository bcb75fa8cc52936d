"""Seed the adaptation catalogue (tilpasninger) with plain-language labels.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (code, Danish label, English label, category). Codes never change; labels may be reworded.
CATALOGUE = [
    ("reduced_hours", "Færre timer", "Reduced hours", "time"),
    ("flexible_start", "Fleksibelt mødetidspunkt", "Flexible start time", "time"),
    ("extra_breaks", "Ekstra pauser", "Extra breaks", "time"),
    ("gradual_step_up", "Gradvis optrapning af timer", "Gradual step-up of hours", "time"),
    ("quiet_workspace", "Stille arbejdsplads", "Quiet workspace", "physical"),
    ("step_free_access", "Adgang uden trin", "Step-free access", "physical"),
    ("accessible_toilet", "Handicaptoilet", "Accessible toilet", "physical"),
    ("adjusted_tasks", "Tilpassede opgaver", "Adjusted tasks", "tasks"),
    (
        "written_instructions",
        "Skriftlige eller visuelle instruktioner",
        "Written or visual instructions",
        "tasks",
    ),
    ("fixed_routines", "Faste rutiner", "Fixed routines", "tasks"),
    ("mentor", "Mentor eller makker", "Mentor or buddy", "support"),
    ("consultant_visits", "Besøg fra jobkonsulenten", "Visits from the job consultant", "support"),
    ("assistive_technology", "Hjælpemidler og teknologi", "Assistive technology", "tools"),
    ("transport_support", "Hjælp til transport", "Transport support", "tools"),
    ("remote_work", "Mulighed for hjemmearbejde", "Remote work possible", "tools"),
]

adaptations = sa.table(
    "adaptations",
    sa.column("code", sa.String),
    sa.column("label_da", sa.String),
    sa.column("label_en", sa.String),
    sa.column("category", sa.String),
)


def upgrade():
    op.bulk_insert(
        adaptations,
        [
            {"code": code, "label_da": da, "label_en": en, "category": category}
            for code, da, en, category in CATALOGUE
        ],
    )


def downgrade():
    op.execute(adaptations.delete().where(adaptations.c.code.in_([row[0] for row in CATALOGUE])))
