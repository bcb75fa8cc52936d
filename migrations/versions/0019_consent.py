"""The citizen's consent to what companies see: "not chosen yet", a history, and snapshots.

- candidates.share_* become nullable: NULL is "not chosen yet", which shares nothing.
- consent_changes: every change of an item (candidate, item, on/off, whose choice, by which
  user, when); placement/privacy/consent.py writes them, erasure deletes them, the export lists
  them.
- placements.consent_snapshot: the items shared when the proposal stopped waiting for the
  company; NULL while it waits.

Existing choices are reset to "not chosen yet". They were set in the consultant's profile form,
whose boxes for skills and adaptation needs were ticked in advance for every new citizen, and
nothing recorded whether the citizen had agreed: a ticked box may be a choice or a default, and
neither is a consent anyone can show (GDPR art. 7(1), recital 32). So nothing beyond the name is
shared until the citizen, or the consultant with the citizen, chooses again. For each item that
was on, a history row (source "before_recording", no user) keeps that it was, so the citizen and
the consultant can see what changed and why.

The downgrade puts false where nothing was chosen (the old columns had no "not chosen").

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ITEMS = ("contact", "age", "skills", "adaptations", "goals")


def upgrade():
    op.create_table(
        "consent_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column(
            "item",
            sa.Enum(*ITEMS, name="consentitem", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "citizen",
                "consultant_with_citizen",
                "before_recording",
                name="consentsource",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_consent_changes_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"], name=op.f("fk_consent_changes_changed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_changes")),
    )
    with op.batch_alter_table("consent_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consent_changes_candidate_id_at", ["candidate_id", "at"], unique=False
        )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        for item in ITEMS:
            batch_op.alter_column(f"share_{item}", existing_type=sa.Boolean(), nullable=True)
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_snapshot", sa.String(length=100), nullable=True))

    bind = op.get_bind()
    now = datetime.now(UTC)
    for item in ITEMS:
        # Erased citizens shared nothing already (erasure set every item off).
        bind.execute(
            sa.text(
                "INSERT INTO consent_changes (candidate_id, item, shared, source, at)"
                f" SELECT id, :item, :yes, 'before_recording', :at FROM candidates"
                f" WHERE share_{item} = :yes AND anonymised_at IS NULL"
            ).bindparams(
                sa.bindparam("yes", type_=sa.Boolean()),
                sa.bindparam("at", type_=sa.DateTime(timezone=True)),
            ),
            {"item": item, "yes": True, "at": now},
        )
    bind.execute(
        sa.text("UPDATE candidates SET " + ", ".join(f"share_{item} = NULL" for item in ITEMS))
    )


def downgrade():
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE candidates SET "
            + ", ".join(f"share_{item} = COALESCE(share_{item}, :no)" for item in ITEMS)
        ).bindparams(sa.bindparam("no", type_=sa.Boolean())),
        {"no": False},
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_column("consent_snapshot")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        for item in ITEMS:
            batch_op.alter_column(f"share_{item}", existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table("consent_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_consent_changes_candidate_id_at")
    op.drop_table("consent_changes")
