"""Follow-ups over HTTP: the consultant records, the company adds its view, the citizen reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from placement.extensions import db
from placement.followups import plans
from placement.followups.plans import Record
from placement.models import (
    AuditAction,
    AuditEvent,
    FollowUp,
    Outcome,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.placements import lifecycle
from tests.conftest import log_in, post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY
# Three weeks in: the first-week check-in has come, the later ones have not.
START = TODAY - timedelta(weeks=3)
END = START + timedelta(weeks=8)
NOTES = {
    "wellbeing_note": "Trives med kollegerne",
    "works": "Faste opgaver om formiddagen",
    "does_not_work": "Larm ved pakkebordet",
    "adaptations_add": "Høreværn",
    "adaptations_drop": "Daglig opringning",
    "next_step": "Prøve 15 timer fra uge 5",
}


@dataclass
class Parties:
    placement: Placement
    consultant: User
    employer: User
    citizen: User

    def followup(self, key: str) -> FollowUp:
        return next(f for f in self.placement.followups if f.key == key)

    def page(self, followup: FollowUp) -> str:
        return f"/forloeb/{self.placement.id}/opfoelgning/{followup.id}"


def _agreed(municipality, name: str, company_name: str) -> Parties:
    consultant = create_user(Role.CONSULTANT, municipality=municipality, name=f"{name}s konsulent")
    company = create_employer(name=company_name, employees=40)
    candidate = create_candidate(municipality, name=name, consultant=consultant)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=END,
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant, today=START)  # makes the follow-up plan
    db.session.commit()
    employer = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    citizen = create_user(Role.CITIZEN, candidate=candidate, name=name)
    return Parties(placement, consultant, employer, citizen)


@pytest.fixture
def viborg():
    return create_municipality()


@pytest.fixture
def parties(viborg) -> Parties:
    return _agreed(viborg, "Asta Andersen", "Hald Lager ApS")


def _valid(**changes) -> dict:
    return {"wellbeing": "4", "hours_worked": "12", **NOTES, "shared_with_citizen": "y", **changes}


def _html(response) -> str:
    return response.get_data(as_text=True)


# --- the consultant -----------------------------------------------------------------------------


def test_the_placement_page_lists_the_follow_ups_with_their_state(client, parties):
    log_in(client, parties.consultant.email)
    page = _html(client.get(f"/forloeb/{parties.placement.id}"))
    first, midway = parties.followup("first_week"), parties.followup("midway")
    assert '<h2 id="followups-heading">Opfølgning</h2>' in page
    assert parties.page(first) in page and parties.page(midway) in page
    # Three weeks in: the first check-in was not recorded and is overdue.
    assert "Overskredet" in page and "Gennemført" not in page


def test_the_consultant_records_a_follow_up(client, parties):
    log_in(client, parties.consultant.email)
    first = parties.followup("first_week")
    page = _html(client.get(parties.page(first)))
    # The wellbeing scale is in words too, and the outcome belongs to the end only.
    assert "4 – Godt" in page and "1 – Meget dårligt" in page
    assert "Hvad skete der bagefter?" not in page

    response = post_form(client, parties.page(first), _valid())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/forloeb/{parties.placement.id}")
    db.session.expire_all()
    assert (first.wellbeing, first.hours_worked, first.works, first.next_step) == (
        4,
        12,
        "Faste opgaver om formiddagen",
        "Prøve 15 timer fra uge 5",
    )
    assert first.done and first.done_by == parties.consultant and first.shared_with_citizen
    assert first.outcome is None

    listing = _html(client.get(response.headers["Location"]))
    assert "Opfølgningen er gemt." in listing and "Gennemført" in listing
    assert parties.consultant.name in listing
    # Reopened, the form shows what was saved.
    again = _html(client.get(parties.page(first)))
    assert 'value="4" checked' in again and "Larm ved pakkebordet" in again


def test_the_end_evaluation_records_where_the_citizen_went(client, parties):
    log_in(client, parties.consultant.email)
    end = parties.followup("end_evaluation")
    assert "Hvad skete der bagefter?" in _html(client.get(parties.page(end)))
    post_form(client, parties.page(end), _valid(outcome="ordinary_job"))
    db.session.expire_all()
    assert end.outcome == Outcome.ORDINARY_JOB


def test_an_evaluation_saved_as_shown_by_someone_else_keeps_its_outcome_and_author(
    client, login, parties
):
    """The form shows the recorded outcome chosen, so an admin who only presses "Gem" changes
    nothing: not the outcome (it was cleared), not who wrote it, and no change is logged."""
    end = _recorded(
        parties, "end_evaluation", shared=False, works="Fast job", outcome=Outcome.EDUCATION
    )
    login(Role.ADMIN)
    shown = shown_form(_html(client.get(parties.page(end))), parties.page(end))
    assert ("outcome", "education") in shown

    response = client.post(parties.page(end), data=MultiDict(shown))

    assert response.status_code == 302
    db.session.expire_all()
    assert (end.outcome, end.works, end.done_by) == (
        Outcome.EDUCATION,
        "Fast job",
        parties.consultant,
    )
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == AuditAction.CHANGE)
        )
        == 0
    )


def test_an_outcome_posted_to_an_ordinary_check_in_is_not_saved(client, parties):
    log_in(client, parties.consultant.email)
    first = parties.followup("first_week")
    post_form(client, parties.page(first), _valid(outcome="ordinary_job"))
    db.session.expire_all()
    assert first.done and first.outcome is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"wellbeing": ""}, "wellbeing", "Vælg hvordan det går, fra 1 til 5."),
        ({"wellbeing": "9"}, "wellbeing", "Vælg hvordan det går, fra 1 til 5."),
        (
            {"hours_worked": "90"},
            "hours_worked",
            "Timer arbejdet skal være mellem 0 og 80 om ugen.",
        ),
        ({"hours_worked": "12,5"}, "hours_worked", "Skriv et helt tal."),
    ],
)
def test_a_wrong_answer_is_explained_and_nothing_is_saved(client, parties, changes, field, message):
    log_in(client, parties.consultant.email)
    first = parties.followup("first_week")
    response = post_form(client, parties.page(first), _valid(**changes))
    page = _html(response)
    assert response.status_code == 200
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'href="#{field}"' in summary and message in summary
    assert f'id="{field}-error"' in page and message in page.split(f'id="{field}-error"', 1)[1]
    # What was typed is still there.
    assert "Faste opgaver om formiddagen" in page and "Prøve 15 timer fra uge 5" in page
    db.session.expire_all()
    assert not first.done and first.works == ""


def test_a_closed_placement_cannot_be_recorded(client, parties):
    log_in(client, parties.consultant.email)
    first = parties.followup("first_week")
    parties.placement.status = PlacementStatus.CANCELLED
    db.session.commit()
    page = _html(
        post_form(
            client, parties.page(first), _valid(), form_page=f"/forloeb/{parties.placement.id}"
        )
    )
    assert "Forløbet er annulleret, og opfølgningen kan ikke skrives." in page
    db.session.expire_all()
    assert not first.done


def test_another_municipalitys_consultant_gets_404(client, parties):
    skive = create_municipality(name="Skive", code="779")
    stranger = create_user(Role.CONSULTANT, municipality=skive)
    log_in(client, stranger.email)
    first = parties.followup("first_week")
    assert client.get(parties.page(first)).status_code == 404
    response = post_form(client, parties.page(first), _valid(), form_page="/borgere")
    assert response.status_code == 404
    db.session.expire_all()
    assert not first.done


def test_a_follow_up_of_another_placement_is_404(client, parties, viborg):
    other = _agreed(viborg, "Bo Berg", "Skive Bageri ApS")
    log_in(client, parties.consultant.email)  # same municipality: sees both placements
    theirs = other.followup("first_week")
    path = f"/forloeb/{parties.placement.id}/opfoelgning/{theirs.id}"
    assert client.get(path).status_code == 404
    assert (
        post_form(client, path, _valid(), form_page=f"/forloeb/{parties.placement.id}").status_code
        == 404
    )
    db.session.expire_all()
    assert not theirs.done


def test_a_manager_may_not_open_the_consultant_page(client, parties, viborg):
    manager = create_user(Role.MANAGER, municipality=viborg)
    log_in(client, manager.email)
    assert client.get(parties.page(parties.followup("first_week"))).status_code == 403


# --- the company --------------------------------------------------------------------------------


def _recorded(parties: Parties, key: str, shared: bool, **notes) -> FollowUp:
    followup = parties.followup(key)
    plans.record(
        followup, Record(wellbeing=2, shared_with_citizen=shared, **notes), parties.consultant
    )
    db.session.commit()
    return followup


def test_the_company_adds_its_view_and_never_sees_the_consultants_notes(client, parties):
    first = _recorded(
        parties,
        "first_week",
        shared=True,
        works="Hemmelig note om styrker",
        does_not_work="Hemmelig note om svagheder",
        wellbeing_note="Hemmelig note om trivsel",
        next_step="Hemmeligt næste skridt",
    )
    log_in(client, parties.employer.email)
    path = f"/virksomhed/forslag/{parties.placement.id}"
    page = _html(client.get(path))
    assert "Opfølgning" in page and first.title in page
    # A form for the follow-up that has come, none for those ahead.
    action = f"{path}/opfoelgning/{first.id}"
    assert action in page
    assert f"{path}/opfoelgning/{parties.followup('midway').id}" not in page

    response = post_form(
        client, action, {f"followup-{first.id}-view": "Asta er god til at pakke."}, form_page=path
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert first.employer_view == "Asta er god til at pakke."
    assert first.employer_view_by == parties.employer

    page = _html(client.get(path))
    assert "Asta er god til at pakke." in page and "Tak. Jeres vurdering er gemt" in page
    for secret in ("Hemmelig", "Dårligt", "Gennemført"):
        assert secret not in page, f"the company sees {secret!r}"

    # The consultant reads the company's view on the follow-up page.
    post_form(client, "/logout", {}, form_page=path)
    log_in(client, parties.consultant.email)
    assert "Asta er god til at pakke." in _html(client.get(parties.page(first)))


def test_an_empty_view_is_refused_in_danish_by_the_field(client, parties):
    first = parties.followup("first_week")
    log_in(client, parties.employer.email)
    path = f"/virksomhed/forslag/{parties.placement.id}"
    page = _html(
        post_form(
            client,
            f"{path}/opfoelgning/{first.id}",
            {f"followup-{first.id}-view": "   "},
            form_page=path,
        )
    )
    assert "Skriv jeres vurdering, før I gemmer." in page
    assert f'id="followup-{first.id}-view-error"' in page
    db.session.expire_all()
    assert first.employer_view == ""


def test_another_company_gets_404(client, parties):
    other = create_user(Role.EMPLOYER, employer=create_employer(name="Anden ApS"))
    first = parties.followup("first_week")
    log_in(client, other.email)
    path = f"/virksomhed/forslag/{parties.placement.id}/opfoelgning/{first.id}"
    assert (
        post_form(
            client, path, {f"followup-{first.id}-view": "Hej"}, form_page="/virksomhed/"
        ).status_code
        == 404
    )
    db.session.expire_all()
    assert first.employer_view == ""


# --- the citizen --------------------------------------------------------------------------------


def test_the_citizen_sees_dates_and_only_the_shared_summary(client, parties):
    _recorded(
        parties,
        "first_week",
        shared=True,
        works="Faste opgaver om formiddagen",
        next_step="Prøve 15 timer fra uge 5",
        does_not_work="Larm ved pakkebordet",
    )
    midway = parties.followup("midway")
    plans.record(
        midway,
        Record(wellbeing=5, works="Ikke delt med borgeren", next_step="Heller ikke delt"),
        parties.consultant,
    )
    db.session.commit()
    log_in(client, parties.citizen.email)
    page = _html(client.get(f"/mine-tilbud/{parties.placement.id}"))
    assert "Opfølgning" in page and parties.followup("end_evaluation").title in page
    assert "Gennemført" in page and "Ikke endnu" in page
    summary = page.split("Resumé:", 1)[1]
    assert "Dårligt" in summary and "Faste opgaver om formiddagen" in summary
    assert "Prøve 15 timer fra uge 5" in summary
    # The consultant's other notes, and what was not shared, stay with the job centre.
    for hidden in (
        "Larm ved pakkebordet",
        "Ikke delt med borgeren",
        "Heller ikke delt",
        "Meget godt",
    ):
        assert hidden not in page, f"the citizen sees {hidden!r}"
    assert page.count("Resumé:") == 1
