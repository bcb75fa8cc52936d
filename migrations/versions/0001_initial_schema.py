"""Initial schema: municipalities, users, employers, openings, candidates, placements.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:29:37.306481

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adaptations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_da", sa.String(length=120), nullable=False),
        sa.Column("label_en", sa.String(length=120), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "time",
                "physical",
                "tasks",
                "support",
                "tools",
                name="adaptationcategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptations")),
        sa.UniqueConstraint("code", name=op.f("uq_adaptations_code")),
    )
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("cvr", sa.String(length=8), nullable=False),
        sa.Column("p_number", sa.String(length=10), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("industry", sa.String(length=100), nullable=False),
        sa.Column("employees", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "suspended",
                name="employerstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("employees >= 0", name=op.f("ck_employers_employees_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("cvr", name=op.f("uq_employers_cvr")),
    )
    op.create_table(
        "municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipalities")),
        sa.UniqueConstraint("code", name=op.f("uq_municipalities_code")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("cpr", sa.String(length=11), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("max_hours", sa.Integer(), nullable=True),
        sa.Column("job_ready", sa.Boolean(), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("interests", sa.Text(), nullable=False),
        sa.Column("adaptation_note", sa.Text(), nullable=False),
        sa.Column("share_contact", sa.Boolean(), nullable=False),
        sa.Column("share_age", sa.Boolean(), nullable=False),
        sa.Column("share_skills", sa.Boolean(), nullable=False),
        sa.Column("share_adaptations", sa.Boolean(), nullable=False),
        sa.Column("share_goals", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "looking",
                "in_placement",
                "paused",
                "closed",
                name="candidatestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_candidates_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
    )
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidates_consultant_id"), ["consultant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidates_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "openings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "internship",
                "wage_subsidy",
                "flexjob",
                "sheltered_job",
                "supported_job",
                "apprenticeship",
                "education",
                name="kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tasks", sa.Text(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "ordinary_hours",
                "skills",
                "job_goal",
                name="internshippurpose",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("hours_min", sa.Integer(), nullable=False),
        sa.Column("hours_max", sa.Integer(), nullable=False),
        sa.Column("flexible_schedule", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_weeks", sa.Integer(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("adaptation_note", sa.Text(), nullable=False),
        sa.Column("mentor_available", sa.Boolean(), nullable=False),
        sa.Column("mentor_name", sa.String(length=200), nullable=False),
        sa.Column("mentor_role", sa.String(length=200), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "published",
                "filled",
                "closed",
                "expired",
                name="openingstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hours_max <= 37", name=op.f("ck_openings_hours_max_le_full_time")),
        sa.CheckConstraint("hours_min <= hours_max", name=op.f("ck_openings_hours_min_le_max")),
        sa.CheckConstraint("hours_min >= 0", name=op.f("ck_openings_hours_min_not_negative")),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_openings_seats_positive")),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_openings_employer_id_employers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_openings")),
    )
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_openings_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_openings_status"), ["status"], unique=False)

    op.create_table(
        "candidate_adaptations",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("adaptation_id", sa.Integer(), nullable=False),
        sa.Column("must_have", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adaptation_id"],
            ["adaptations.id"],
            name=op.f("fk_candidate_adaptations_adaptation_id_adaptations"),
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_adaptations_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "candidate_id", "adaptation_id", name=op.f("pk_candidate_adaptations")
        ),
    )
    op.create_table(
        "candidate_kinds",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "internship",
                "wage_subsidy",
                "flexjob",
                "sheltered_job",
                "supported_job",
                "apprenticeship",
                "education",
                name="kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_kinds_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "kind", name=op.f("pk_candidate_kinds")),
    )
    op.create_table(
        "candidate_places",
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("postcode", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_places_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("candidate_id", "postcode", name=op.f("pk_candidate_places")),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_goals_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_candidate_id"), ["candidate_id"], unique=False)

    op.create_table(
        "opening_adaptations",
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("adaptation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adaptation_id"],
            ["adaptations.id"],
            name=op.f("fk_opening_adaptations_adaptation_id_adaptations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["openings.id"],
            name=op.f("fk_opening_adaptations_opening_id_openings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("opening_id", "adaptation_id", name=op.f("pk_opening_adaptations")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "manager",
                "consultant",
                "employer",
                "citizen",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_users_candidate_id_candidates")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_users_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_users_municipality_id_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("candidate_id", name=op.f("uq_users_candidate_id")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("session_token", name=op.f("uq_users_session_token")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_employer_id"), ["employer_id"], unique=False)

    # candidates and users point at each other; the second link is added once both exist.
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_candidates_consultant_id_users"), "users", ["consultant_id"], ["id"]
        )

    op.create_table(
        "goal_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_goal_steps_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_steps")),
    )
    with op.batch_alter_table("goal_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_steps_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("opening_id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "accepted",
                "agreed",
                "active",
                "awaiting_evaluation",
                "completed",
                "ended_early",
                "declined",
                "cancelled",
                name="placementstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "citizen_answer",
            sa.Enum("yes", "no", name="answer", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("citizen_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "employer_answer",
            sa.Enum("yes", "no", name="answer", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("employer_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "ordinary_job", "education", "other", name="outcome", native_enum=False, length=32
            ),
            nullable=True,
        ),
        sa.Column("end_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"], ["candidates.id"], name=op.f("fk_placements_candidate_id_candidates")
        ),
        sa.ForeignKeyConstraint(
            ["consultant_id"], ["users.id"], name=op.f("fk_placements_consultant_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["opening_id"], ["openings.id"], name=op.f("fk_placements_opening_id_openings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_placements_candidate_id"), ["candidate_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_placements_consultant_id"), ["consultant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_placements_opening_id"), ["opening_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_placements_status"), ["status"], unique=False)

    op.create_table(
        "hours_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("from_week", sa.Integer(), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_hours_steps_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hours_steps")),
        sa.UniqueConstraint(
            "placement_id", "from_week", name=op.f("uq_hours_steps_placement_id_from_week")
        ),
    )
    op.create_table(
        "placement_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "from_status",
            sa.Enum(
                "proposed",
                "accepted",
                "agreed",
                "active",
                "awaiting_evaluation",
                "completed",
                "ended_early",
                "declined",
                "cancelled",
                name="placementstatus",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "proposed",
                "accepted",
                "agreed",
                "active",
                "awaiting_evaluation",
                "completed",
                "ended_early",
                "declined",
                "cancelled",
                name="placementstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_placement_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placements.id"],
            name=op.f("fk_placement_events_placement_id_placements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_events")),
    )
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_placement_events_placement_id"), ["placement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("placement_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_events_placement_id"))

    op.drop_table("placement_events")
    op.drop_table("hours_steps")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_status"))
        batch_op.drop_index(batch_op.f("ix_placements_opening_id"))
        batch_op.drop_index(batch_op.f("ix_placements_consultant_id"))
        batch_op.drop_index(batch_op.f("ix_placements_candidate_id"))

    op.drop_table("placements")
    with op.batch_alter_table("goal_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_steps_goal_id"))

    op.drop_table("goal_steps")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_candidates_consultant_id_users"), type_="foreignkey"
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_employer_id"))

    op.drop_table("users")
    op.drop_table("opening_adaptations")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_candidate_id"))

    op.drop_table("goals")
    op.drop_table("candidate_places")
    op.drop_table("candidate_kinds")
    op.drop_table("candidate_adaptations")
    with op.batch_alter_table("openings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_openings_status"))
        batch_op.drop_index(batch_op.f("ix_openings_employer_id"))

    op.drop_table("openings")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidates_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_candidates_consultant_id"))

    op.drop_table("candidates")
    op.drop_table("municipalities")
    op.drop_table("employers")
    op.drop_table("adaptations")
