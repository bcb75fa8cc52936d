"""The transactional outbox: notifications refer to their records and carry their e-mail's state.

- notifications.placement_id, candidate_id, opening_id (nullable, ON DELETE CASCADE, each
  indexed): what a notification is about. Its link is built from them when shown, and
  erasure finds a citizen's notifications by them.
- notifications.email_state, email_attempts, email_next_at, email_error (with emailed_at):
  the e-mail's state, which the sender (placement/notifications/outbox.py) moves along; the index
  (email_state, email_next_at, id) gives it the next due mail.
- Existing rows: the stored links (/forloeb/N, /mine-tilbud/N, /virksomhed/forslag/N,
  /aftaler/N, /borgere/N, /opslag/N, /ledige-pladser/N) and the sweeps' keys
  (placement-started:N, placement-ended:N, agreement-unconfirmed:N:V, followup-due:F:…,
  followup-overdue:F:…, opening-expired:N) are read into the references, when the record
  still exists; a placement brings its citizen. Mailed rows become "sent"; the others "none":
  they are old news, and mailing them now would only confuse.
- notifications.link is dropped.

The downgrade writes a link back from the references (the consultant's pages, as the old
code wrote them) and drops the new columns.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 01:00:00.000000

"""

import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

LINKS = [
    (re.compile(pattern), column)
    for pattern, column in (
        (r"^/forloeb/(\d+)(?:[/?#]|$)", "placement_id"),
        (r"^/mine-tilbud/(\d+)(?:[/?#]|$)", "placement_id"),
        (r"^/virksomhed/forslag/(\d+)(?:[/?#]|$)", "placement_id"),
        (r"^/aftaler/(\d+)(?:[/?#]|$)", "placement_id"),
        (r"^/borgere/(\d+)(?:[/?#]|$)", "candidate_id"),
        (r"^/opslag/(\d+)(?:[/?#]|$)", "opening_id"),
        (r"^/ledige-pladser/(\d+)(?:[/?#]|$)", "opening_id"),
    )
]
KEYS = [
    (re.compile(pattern), column)
    for pattern, column in (
        (
            r"^(?:placement-started|placement-ended|agreement-unconfirmed):(\d+)(?::|$)",
            "placement_id",
        ),
        (r"^(?:followup-overdue|followup-due):(\d+)(?::|$)", "followup_id"),
        (r"^opening-expired:(\d+)(?::|$)", "opening_id"),
    )
]
TABLES = {"placement_id": "placements", "candidate_id": "candidates", "opening_id": "openings"}
REFERENCES = ("placement_id", "candidate_id", "opening_id")
CHUNK = 2000
# Ids beyond PostgreSQL's integer cannot be a row's (a link typed by hand, say).
LARGEST_ID = 2**31 - 1


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        for column, table in TABLES.items():
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_notifications_{column}_{table}"),
                table,
                [column],
                ["id"],
                ondelete="CASCADE",
            )
        batch_op.add_column(
            sa.Column(
                "email_state",
                sa.Enum(
                    "none",
                    "pending",
                    "sent",
                    "undeliverable",
                    name="emailstate",
                    native_enum=False,
                    length=16,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("email_attempts", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("email_next_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("email_error", sa.String(length=100), nullable=True))

    bind = op.get_bind()
    _references_from_links_and_keys(bind)
    bind.execute(
        sa.text(
            "UPDATE notifications SET candidate_id = "
            "(SELECT placements.candidate_id FROM placements"
            " WHERE placements.id = notifications.placement_id)"
            " WHERE placement_id IS NOT NULL AND candidate_id IS NULL"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE notifications SET email_state = 'sent', email_attempts = 1"
            " WHERE emailed_at IS NOT NULL"
        )
    )
    bind.execute(
        sa.text(
            "UPDATE notifications SET email_state = 'none', email_attempts = 0"
            " WHERE emailed_at IS NULL"
        )
    )

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column(
            "email_state",
            existing_type=sa.Enum(
                "none",
                "pending",
                "sent",
                "undeliverable",
                name="emailstate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        )
        batch_op.alter_column("email_attempts", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("link")
        for column in REFERENCES:
            batch_op.create_index(batch_op.f(f"ix_notifications_{column}"), [column], unique=False)
        batch_op.create_index(
            "ix_notifications_email_due", ["email_state", "email_next_at", "id"], unique=False
        )


def _references_from_links_and_keys(bind) -> None:
    """Each old row's references, read from its link and key, in chunks by id."""
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, key, link FROM notifications WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": CHUNK},
        ).all()
        if not rows:
            return
        last = rows[-1].id
        found = {row.id: _parse(row.key or "", row.link or "") for row in rows}
        _followups_to_placements(bind, found)
        for column, table in TABLES.items():
            existing = _existing(
                bind, table, {refs[column] for refs in found.values() if refs.get(column)}
            )
            for refs in found.values():
                if refs.get(column) not in existing:
                    refs.pop(column, None)
        updates = [
            {"id": row_id, **{column: refs.get(column) for column in REFERENCES}}
            for row_id, refs in found.items()
            if refs
        ]
        if updates:
            bind.execute(
                sa.text(
                    "UPDATE notifications SET placement_id = :placement_id, candidate_id ="
                    " :candidate_id, opening_id = :opening_id WHERE id = :id"
                ),
                updates,
            )


def _parse(key: str, link: str) -> dict:
    refs = {}
    for patterns, text in ((LINKS, link), (KEYS, key)):
        for pattern, column in patterns:
            match = pattern.match(text)
            if match and int(match.group(1)) <= LARGEST_ID:
                refs.setdefault(column, int(match.group(1)))
    return refs


def _followups_to_placements(bind, found: dict) -> None:
    """A follow-up's key names the follow-up: the reference is its placement (unless the
    link named one)."""
    wanted = {refs["followup_id"] for refs in found.values() if "followup_id" in refs}
    placements = (
        dict(
            bind.execute(
                sa.select(sa.column("id"), sa.column("placement_id"))
                .select_from(sa.table("followups"))
                .where(sa.column("id").in_(sorted(wanted)))
            ).all()
        )
        if wanted
        else {}
    )
    for refs in found.values():
        followup = refs.pop("followup_id", None)
        if followup in placements:
            refs.setdefault("placement_id", placements[followup])


def _existing(bind, table: str, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        bind.execute(
            sa.select(sa.column("id"))
            .select_from(sa.table(table))
            .where(sa.column("id").in_(sorted(ids)))
        ).scalars()
    )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link", sa.String(length=300), nullable=True))
    op.get_bind().execute(
        sa.text(
            "UPDATE notifications SET link = CASE"
            " WHEN placement_id IS NOT NULL THEN '/forloeb/' || CAST(placement_id AS VARCHAR(12))"
            " WHEN candidate_id IS NOT NULL THEN '/borgere/' || CAST(candidate_id AS VARCHAR(12))"
            " WHEN opening_id IS NOT NULL THEN '/opslag/' || CAST(opening_id AS VARCHAR(12))"
            " ELSE '' END"
        )
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.alter_column("link", existing_type=sa.String(length=300), nullable=False)
        batch_op.drop_index("ix_notifications_email_due")
        for column, table in TABLES.items():
            batch_op.drop_index(batch_op.f(f"ix_notifications_{column}"))
            batch_op.drop_constraint(op.f(f"fk_notifications_{column}_{table}"), type_="foreignkey")
            batch_op.drop_column(column)
        for column in ("email_error", "email_next_at", "email_attempts", "email_state"):
            batch_op.drop_column(column)
