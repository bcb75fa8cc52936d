"""Who hired after a placement: recorded with the outcome on completion and on the follow-ups
that ask for it, shown on the placement's page, and a form sent as shown changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from placement.common import clock
from placement.extensions import db
from placement.models import AuditAction, AuditEvent, PlacementStatus, Role
from tests.conftest import log_in
from tests.factories import create_candidate, create_employer, create_opening, create_placement
from tests.followups.test_followup_pages import (  # noqa: F401 (fixtures)
    _html,
    _valid,
    parties,
    viborg,
)
from tests.html_forms import shown_form, typed

S = PlacementStatus


def _active(consultant, company):
    today = clock.today()
    return create_placement(
        candidate=create_candidate(consultant.municipality, name="Lise Lager"),
        opening=create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=S.ACTIVE,
        start_date=today - timedelta(weeks=8),
        end_date=today,
        hours_per_week=10,
    )


def _complete(client, placement, **fields):
    path = f"/forloeb/{placement.id}"
    # The actions' buttons sit in the agreement's form and send it along (formaction).
    shown = shown_form(_html(client.get(path)), f"{path}/aftale")
    return client.post(f"{path}/afslut", data=typed(shown, **fields))


def test_completing_with_ordinary_work_records_the_company_itself_after_the_end(client, login):
    consultant = login(Role.CONSULTANT)
    company = create_employer(name="Hald Lager ApS")
    placement = _active(consultant, company)
    response = _complete(client, placement, **{"afslut-outcome": "ordinary_job"})
    assert response.status_code == 302
    db.session.expire_all()
    assert placement.status == S.COMPLETED
    day_after = placement.end_date + timedelta(days=1)
    assert (placement.hired_by_employer_id, placement.hired_on) == (company.id, day_after)
    page = _html(client.get(f"/forloeb/{placement.id}"))
    assert "Ansat af" in page and f"Hald Lager ApS, fra {day_after.isoformat()}" in page


def test_completing_with_a_flex_job_at_another_registered_company(client, login):
    consultant = login(Role.CONSULTANT)
    company, other = create_employer(), create_employer(name="Nabofirmaet A/S")
    placement = _active(consultant, company)
    day = clock.today() + timedelta(days=14)
    _complete(
        client,
        placement,
        **{
            "afslut-outcome": "flexjob",
            "afslut-hired_where": "other",
            "afslut-hired_by_employer_id": str(other.id),
            "afslut-hired_on": day.isoformat(),
        },
    )
    db.session.expire_all()
    assert placement.outcome.value == "flexjob"
    assert (placement.hired_by_employer_id, placement.hired_on) == (other.id, day)


def test_a_hire_elsewhere_without_a_name_is_refused_and_keeps_what_was_typed(client, login):
    consultant = login(Role.CONSULTANT)
    placement = _active(consultant, create_employer())
    response = _complete(
        client,
        placement,
        **{
            "afslut-outcome": "ordinary_job",
            "afslut-hired_where": "elsewhere",
            "afslut-note": "Fik job i byen",
        },
    )
    assert response.status_code == 200
    page = _html(response)
    assert "Skriv navnet på arbejdsgiveren." in page and "Fik job i byen" in page
    db.session.expire_all()
    assert placement.status == S.ACTIVE and placement.hired_on is None


def test_education_as_outcome_records_no_hire(client, login):
    consultant = login(Role.CONSULTANT)
    placement = _active(consultant, create_employer())
    _complete(client, placement, **{"afslut-outcome": "education"})
    db.session.expire_all()
    assert placement.status == S.COMPLETED
    assert (placement.hired_by_employer_id, placement.hired_on) == (None, None)


def test_the_outcome_follow_up_records_a_hire_elsewhere_and_an_untouched_save_changes_nothing(
    client,
    parties,  # noqa: F811
):
    log_in(client, parties.consultant.email)
    end = parties.followup("end_evaluation")
    page = parties.page(end)
    day = parties.placement.end_date + timedelta(days=30)
    shown = shown_form(_html(client.get(page)), page)
    assert ("hired_where", "") in shown  # nothing recorded yet: "Ikke kendt"
    response = client.post(
        page,
        data=typed(
            shown,
            **_valid(
                outcome="ordinary_job",
                hired_where="elsewhere",
                hired_elsewhere_name="Bageriet på hjørnet",
                hired_on=day.isoformat(),
            ),
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    placement = parties.placement
    assert (placement.hired_elsewhere_name, placement.hired_on) == ("Bageriet på hjørnet", day)
    assert placement.hired_by_employer_id is None
    changes = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.CHANGE)
    )

    # Shown again: what was saved is chosen; sent as shown, nothing changes.
    again = shown_form(_html(client.get(page)), page)
    assert ("hired_where", "elsewhere") in again
    assert ("hired_elsewhere_name", "Bageriet på hjørnet") in again
    assert client.post(page, data=MultiDict(again)).status_code == 302
    db.session.expire_all()
    assert (placement.hired_elsewhere_name, placement.hired_on) == ("Bageriet på hjørnet", day)
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.CHANGE)
        )
        == changes
    )

    # "Ikke kendt" chosen clears the hire.
    client.post(page, data=typed(again, hired_where=""))
    db.session.expire_all()
    assert (placement.hired_elsewhere_name, placement.hired_on) == ("", None)


def test_the_follow_up_refuses_a_hire_before_the_placement_started(
    client,
    parties,  # noqa: F811
):
    log_in(client, parties.consultant.email)
    end = parties.followup("end_evaluation")
    page = parties.page(end)
    early = parties.placement.start_date - timedelta(days=1)
    shown = shown_form(_html(client.get(page)), page)
    response = client.post(
        page,
        data=typed(
            shown, **_valid(outcome="ordinary_job", hired_where="same", hired_on=early.isoformat())
        ),
    )
    assert response.status_code == 200
    assert "Ansættelsen kan ikke ligge før forløbets start" in _html(response)
    db.session.expire_all()
    assert parties.placement.hired_on is None and not end.done
