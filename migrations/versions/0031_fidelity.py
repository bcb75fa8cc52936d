"""IPS fidelity: employer contacts linked to the citizens they were for, and reviewer scores.

- employer_contact_candidates: which citizens an employer contact was for (rapid job search).
- employer_contacts.names_preferences: the contact named the citizens' own wishes (quality).
- fidelity_reviews: a manager's score (1-5) and note for an item of the IPS fidelity scale the
  system's data cannot answer, per team (municipality) and period.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "employer_contact_candidates",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_employer_contact_candidates_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["employer_contacts.id"],
            name=op.f("fk_employer_contact_candidates_contact_id_employer_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "contact_id", "candidate_id", name=op.f("pk_employer_contact_candidates")
        ),
    )
    op.create_index(
        op.f("ix_employer_contact_candidates_candidate_id"),
        "employer_contact_candidates",
        ["candidate_id"],
    )
    with op.batch_alter_table("employer_contacts") as batch:
        batch.add_column(
            sa.Column("names_preferences", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "fidelity_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("item_key", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("edit_version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_fidelity_reviews_score_1_to_5")),
        sa.CheckConstraint("length(note) <= 1000", name=op.f("ck_fidelity_reviews_note_length")),
        sa.ForeignKeyConstraint(
            ["edited_by_id"], ["users.id"], name=op.f("fk_fidelity_reviews_edited_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_fidelity_reviews_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fidelity_reviews")),
        sa.UniqueConstraint(
            "municipality_id",
            "date_from",
            "date_to",
            "item_key",
            name=op.f("uq_fidelity_reviews_municipality_id_date_from_date_to_item_key"),
        ),
    )
    op.create_index(
        op.f("ix_fidelity_reviews_municipality_id"), "fidelity_reviews", ["municipality_id"]
    )


def downgrade():
    op.drop_index(op.f("ix_fidelity_reviews_municipality_id"), table_name="fidelity_reviews")
    op.drop_table("fidelity_reviews")
    with op.batch_alter_table("employer_contacts") as batch:
        batch.drop_column("names_preferences")
    op.drop_index(
        op.f("ix_employer_contact_candidates_candidate_id"),
        table_name="employer_contact_candidates",
    )
    op.drop_table("employer_contact_candidates")
