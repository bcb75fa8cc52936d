"""Migration 0019 on a database with citizens: earlier sharing is reset to "not chosen", and the
history keeps what it was; the downgrade gives the old columns values again."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from placement import create_app
from tests.test_migrations import empty_database  # noqa: F401 (a fixture)

CANDIDATE = (
    "INSERT INTO candidates (id, municipality_id, name, birth_date, email, phone, postcode, city,"
    " job_ready, skills, interests, adaptation_note, share_contact, share_age, share_skills,"
    " share_adaptations, share_goals, status, created_at, anonymised_at)"
    " VALUES (:id, 1, :name, '1990-01-01', '', '', '', '', :no, '', '', '', :contact, :no,"
    " :yes, :yes, :no, 'looking', '2026-11-01 10:00:00', :erased)"
)


def test_earlier_choices_are_reset_and_kept_in_the_history(empty_database, tmp_path):
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SQLALCHEMY_DATABASE_URI": empty_database,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with app.app_context():
        from placement.extensions import db

        upgrade(revision="0016")
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO municipalities (id, name, code) VALUES (1, 'Viborg', '791')")
            )
            for id_, name, contact, erased in (
                (1, "Asta", True, None),
                (2, "Bo", False, None),
                (3, "Anonymiseret borger", True, "2026-11-20 10:00:00"),
            ):
                connection.execute(
                    text(CANDIDATE),
                    {
                        "id": id_,
                        "name": name,
                        "yes": True,
                        "no": False,
                        "contact": contact,
                        "erased": erased,
                    },
                )
        upgrade(revision="0019")
        with db.engine.connect() as connection:
            shares = connection.execute(
                text(
                    "SELECT share_contact, share_age, share_skills, share_adaptations, share_goals"
                    " FROM candidates ORDER BY id"
                )
            ).all()
            rows = connection.execute(
                text(
                    "SELECT candidate_id, item, shared, source, changed_by_id FROM consent_changes"
                    " ORDER BY candidate_id, item"
                )
            ).all()
        assert [tuple(row) for row in shares] == [(None,) * 5] * 3
        # What was on, for the citizens not erased; an erased one keeps nothing about them.
        assert [(c, item, bool(shared), source, by) for c, item, shared, source, by in rows] == [
            (1, "adaptations", True, "before_recording", None),
            (1, "contact", True, "before_recording", None),
            (1, "skills", True, "before_recording", None),
            (2, "adaptations", True, "before_recording", None),
            (2, "skills", True, "before_recording", None),
        ]

        downgrade(revision="0016")
        with db.engine.connect() as connection:
            assert {
                bool(value)
                for value in connection.execute(
                    text("SELECT share_skills FROM candidates")
                ).scalars()
            } == {False}
        db.engine.dispose()
