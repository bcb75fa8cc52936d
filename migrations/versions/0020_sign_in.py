"""Signing in through OpenID Connect.

- external_identities: a company user's or a staff member's identity at a provider (issuer
  and subject), tied to their user; one user per identity.
- audit_events.detail: why a sign-in was refused. Every sign-in, failed or not, is an audit
  row; the existing rows get "" (adding a column changes no row, so the append-only trigger
  of migration 0008 is not involved).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 11:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "external_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "citizens", "companies", "staff", name="audience", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_external_identities_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identities")),
        sa.UniqueConstraint(
            "issuer", "subject", name=op.f("uq_external_identities_issuer_subject")
        ),
    )
    with op.batch_alter_table("external_identities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_external_identities_user_id"), ["user_id"], unique=False
        )
    op.add_column(
        "audit_events",
        sa.Column("detail", sa.String(length=40), nullable=False, server_default=""),
    )


def downgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("detail")
    with op.batch_alter_table("external_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_identities_user_id"))
    op.drop_table("external_identities")
