"""First sign-ins at the same moment make one user and one link, never two or an error page:
the same citizen back from MitID in two tabs, a staff member's first sign-in twice, and two
colleagues registering the same new company. Real concurrent transactions on PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from placement.common import clock
from placement.extensions import db
from placement.models import AuditAction, AuditEvent, Employer, ExternalIdentity, Role, User
from tests.conftest import csrf_token, postgresql_only
from tests.factories import create_candidate, create_user, valid_cvr
from tests.identity.provider import CPR, CVR, EMAIL, FULL_NAME, LOA
from tests.identity.test_sign_in_flow import CITIZEN_CPR, begin
from tests.posted_at_once import posted_at_once

pytestmark = [postgresql_only("concurrent transactions with row locks"), pytest.mark.real_clock]


def slow_clock(monkeypatch) -> None:
    """Each sign-in holds its transaction open a moment after taking its lock (it asks the
    clock for the sign-in's time there), so the other arrives while it is still open."""
    now = clock.now

    def slowly():
        time.sleep(0.3)
        return now()

    monkeypatch.setattr(clock, "now", slowly)


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def back_from_provider(app, provider, who: str, sub: str, tabs: int = 2):
    """Each tab (its own browser) has been to the provider; the addresses it comes back to."""
    clients = [app.test_client() for _ in range(tabs)]
    return [(client, provider.authorize(begin(client, who), sub)) for client in clients]


def test_the_same_citizen_signing_in_twice_at_once_gets_one_user(
    app, signed_in_through, monkeypatch
):
    profile = create_candidate(name="Mette Sørensen", cpr=CITIZEN_CPR)
    sub = signed_in_through.person("mitid-mette", **{CPR: CITIZEN_CPR, LOA: "Substantial"})
    tabs = back_from_provider(app, signed_in_through, "borger", sub)
    slow_clock(monkeypatch)

    answers = posted_at_once({i: (client, back, None) for i, (client, back) in enumerate(tabs)})

    assert [status for status, _page in answers.values()] == [302, 302]
    db.session.rollback()
    assert db.session.scalars(select(User.candidate_id)).all() == [profile.id]
    for client, _back in tabs:
        assert "Mette Sørensen" in client.get("/mine-tilbud").get_data(as_text=True)
    signed_in = select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.SIGN_IN)
    assert db.session.scalar(signed_in) == 2


def test_a_staff_members_first_sign_in_twice_at_once_links_them_once(
    app, signed_in_through, monkeypatch
):
    staff = create_user(Role.CONSULTANT, email="lene@viborg.dk")
    sub = signed_in_through.person("entra-lene", email="lene@viborg.dk", groups=["jc-konsulenter"])
    tabs = back_from_provider(app, signed_in_through, "medarbejder", sub)
    slow_clock(monkeypatch)

    answers = posted_at_once({i: (client, back, None) for i, (client, back) in enumerate(tabs)})

    assert [status for status, _page in answers.values()] == [302, 302]
    db.session.rollback()
    assert db.session.scalars(select(ExternalIdentity.user_id)).all() == [staff.id]


def test_two_colleagues_registering_the_same_new_company_at_once_make_one_company(
    app, signed_in_through, monkeypatch
):
    cvr = valid_cvr(77)
    colleagues = []
    for sub in ("erhverv-anna", "erhverv-bo"):
        signed_in_through.person(
            sub, **{CVR: cvr, LOA: "Substantial", FULL_NAME: sub, EMAIL: f"{sub}@holm.dk"}
        )
        client = app.test_client()
        assert client.get(
            signed_in_through.authorize(begin(client, "virksomhed"), sub)
        ).location.endswith("/virksomhed/tilmeld/mitid")
        form = {
            "csrf_token": csrf_token(client, "/virksomhed/tilmeld/mitid"),
            "name": "Holm Tømrer ApS",
            "address": "Søndergade 1",
            "postcode": "8800",
            "city": "Viborg",
            "employees": "12",
            "contact_name": sub,
            "contact_email": f"{sub}@holm.dk",
        }
        colleagues.append((client, "/virksomhed/tilmeld/mitid", form))
    slow_clock(monkeypatch)

    answers = posted_at_once(dict(enumerate(colleagues)))

    assert [status for status, _page in answers.values()] == [302, 302]
    db.session.rollback()
    assert count(Employer) == 1
    users = db.session.scalars(select(User).where(User.role == Role.EMPLOYER)).all()
    assert len(users) == 2 and len({user.employer_id for user in users}) == 1
    assert count(ExternalIdentity) == 2
