"""Workplaces: a company has one or more workplaces (production units, P-numbers).

- workplaces: each company's workplaces, with a P-number (unique when set: P-numbers are
  national), a name, an address and the workplace's ordinary employees (the ratio rule's base).
- Each existing company gets one workplace from its own P-number, name, address and employees.
- openings.workplace_id: where the work is; every existing opening is at its company's workplace.
- employers.p_number goes: the P-number lives on the workplace. employers.employees stays as the
  company's ordinary employees (net growth for wage subsidy is counted per company).

Two companies with the same P-number cannot both keep it: the upgrade stops before changing
anything and names them, so a person corrects the wrong one (nothing is dropped without a word).
The downgrade gives each company its first workplace's P-number back; its other workplaces go.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 14:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def shared_p_numbers() -> list[str]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT p_number, id FROM employers WHERE p_number IN ("
            " SELECT p_number FROM employers WHERE p_number IS NOT NULL AND p_number <> ''"
            " GROUP BY p_number HAVING count(*) > 1) ORDER BY p_number, id"
        )
    )
    found: dict[str, list[str]] = {}
    for p_number, employer_id in rows:
        found.setdefault(p_number, []).append(str(employer_id))
    return [f"P-number {p}: employers id {', '.join(ids)}" for p, ids in found.items()]


def upgrade():
    if found := shared_p_numbers():
        # SystemExit: one clear message, not a traceback; PostgreSQL rolls the transaction back.
        raise SystemExit(
            "Migration 0025 changed nothing: some companies share a P-number, and a P-number "
            "belongs to one workplace. Correct the wrong company's P-number, then run "
            "`flask db upgrade` again.\n  " + "\n  ".join(found)
        )
    op.create_table(
        "workplaces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("p_number", sa.String(length=10), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("employees >= 0", name=op.f("ck_workplaces_employees_not_negative")),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_workplaces_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workplaces")),
        sa.UniqueConstraint("p_number", name=op.f("uq_workplaces_p_number")),
    )
    with op.batch_alter_table("workplaces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workplaces_employer_id"), ["employer_id"])
    op.execute(
        "INSERT INTO workplaces (employer_id, p_number, name, address, postcode, city, "
        "employees, created_at) SELECT id, NULLIF(p_number, ''), name, address, postcode, city, "
        "employees, created_at FROM employers ORDER BY id"
    )

    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("workplace_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE openings SET workplace_id = (SELECT min(workplaces.id) FROM workplaces "
        "WHERE workplaces.employer_id = openings.employer_id)"
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.alter_column("workplace_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_openings_workplace_id_workplaces"),
            "workplaces",
            ["workplace_id"],
            ["id"],
        )
        batch_op.create_index("ix_openings_workplace_id_kind", ["workplace_id", "kind"])

    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_column("p_number")


def downgrade():
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("p_number", sa.String(length=10), nullable=True))
    op.execute(
        "UPDATE employers SET p_number = (SELECT workplaces.p_number FROM workplaces "
        "WHERE workplaces.id = (SELECT min(first.id) FROM workplaces AS first "
        "WHERE first.employer_id = employers.id))"
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index("ix_openings_workplace_id_kind")
        batch_op.drop_constraint(
            batch_op.f("fk_openings_workplace_id_workplaces"), type_="foreignkey"
        )
        batch_op.drop_column("workplace_id")
    with op.batch_alter_table("workplaces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workplaces_employer_id"))
    op.drop_table("workplaces")
