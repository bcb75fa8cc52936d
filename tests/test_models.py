"""The data model keeps what it promises on every database."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from placement.extensions import db
from placement.models import Adaptation, Role, User
from tests.factories import create_opening, create_user


def test_email_is_unique_whatever_its_case():
    create_user(Role.ADMIN, email="Anne@Example.dk")
    db.session.add(User(email="anne@EXAMPLE.dk", name="Anden Anne", role=Role.ADMIN))
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_email_is_stored_lower_case():
    user = create_user(Role.ADMIN, email="  Ole@Example.DK ")
    assert user.email == "ole@example.dk"


def test_timestamps_come_back_aware_in_utc():
    user = create_user(Role.ADMIN)
    db.session.expire_all()
    created = db.session.get(User, user.id).created_at
    assert created.tzinfo is not None
    assert created.utcoffset().total_seconds() == 0


def test_a_naive_timestamp_is_refused():
    user = create_user(Role.ADMIN)
    user.last_login_at = datetime(2026, 1, 1, 12, 0)
    with pytest.raises(Exception, match="naive"):
        db.session.commit()
    db.session.rollback()
    user.last_login_at = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    db.session.commit()


def test_enums_are_stored_as_readable_values():
    create_user(Role.CONSULTANT, email="k@example.dk")
    stored = db.session.execute(text("SELECT role FROM users WHERE email = 'k@example.dk'"))
    assert stored.scalar() == "consultant"


def test_opening_hours_above_full_time_are_refused_by_the_database():
    with pytest.raises(IntegrityError):
        create_opening(hours_min=10, hours_max=40)
    db.session.rollback()


def test_the_adaptation_catalogue_is_seeded_by_migration():
    codes = set(db.session.scalars(select(Adaptation.code)))
    assert {
        "reduced_hours",
        "flexible_start",
        "extra_breaks",
        "gradual_step_up",
        "quiet_workspace",
        "step_free_access",
        "accessible_toilet",
        "adjusted_tasks",
        "written_instructions",
        "mentor",
        "consultant_visits",
        "assistive_technology",
        "transport_support",
        "remote_work",
        "fixed_routines",
    } <= codes


def test_searches_fold_danish_letters_on_every_database():
    from sqlalchemy import func

    create_user(Role.ADMIN, name="Øster Ærø Åsen")
    found = db.session.scalar(select(User.name).where(func.lower(User.name).like("%øster ærø å%")))
    assert found == "Øster Ærø Åsen"
