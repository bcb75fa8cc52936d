"""Agreement versions and confirmations: made when agreed, a new version on every change."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from placement.accounts.users import UserData, update_user
from placement.agreements import versions
from placement.agreements.versions import AgreementRefused, Terms
from placement.citizens.profiles import ProfileData, update_candidate
from placement.extensions import db
from placement.models import InternshipPurpose, Kind, Party, PlacementStatus, Role
from placement.openings.openings import OpeningData, update_opening
from placement.placements import hours_plan, lifecycle
from tests.factories import (
    adaptations,
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)

S = PlacementStatus
START = date(2030, 3, 4)
END = START + timedelta(weeks=8, days=-1)


@pytest.fixture
def viborg():
    return create_municipality()


@pytest.fixture
def consultant(viborg):
    return create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")


def accepted(consultant, viborg, kind=Kind.INTERNSHIP, **opening_fields):
    company = create_employer(
        name="Hald Lager ApS", employees=40, contact_name="Lene Holm", contact_phone="86 12 34 56"
    )
    opening = create_opening(
        company,
        kind=kind,
        tasks="Plukke varer\nPakke kasser",
        mentor_name="Jens Mentor",
        mentor_role="Lagerformand",
        **opening_fields,
    )
    candidate = create_candidate(
        viborg, name="Łukasz Østergård-Şahin", birth_date=date(1990, 1, 1), cpr="010190-1234"
    )
    return create_placement(
        candidate=candidate,
        opening=opening,
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=START,
        end_date=END,
        hours_per_week=10,
        tasks=opening.tasks,
        mentor_name=opening.mentor_name,
        mentor_role=opening.mentor_role,
    )


def agreed(consultant, viborg, **kwargs):
    placement = accepted(consultant, viborg, **kwargs)
    if placement.opening.kind == Kind.WAGE_SUBSIDY:
        declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=START)
    db.session.commit()
    return placement


def confirm_all(placement, consultant):
    employer = create_user(Role.EMPLOYER, employer=placement.opening.employer, name="Lene Holm")
    citizen = create_user(
        Role.CITIZEN, candidate=placement.candidate, municipality=placement.candidate.municipality
    )
    version = placement.agreement.version
    for person in (consultant, employer, citizen):
        versions.confirm(placement, person, version)
    db.session.commit()


# --- version 1 ----------------------------------------------------------------------------------


def test_agreeing_makes_version_1_with_what_the_placement_says(consultant, viborg):
    placement = agreed(consultant, viborg, purpose=InternshipPurpose.JOB_GOAL)
    [agreement] = placement.agreements
    assert agreement.version == 1 and agreement.created_by == consultant
    content = versions.content_for(placement)
    assert agreement.content_sha256 == content.sha256
    assert content.kind == "internship" and content.purpose == "Afklare et jobmål"
    assert content.citizen_name == "Łukasz Østergård-Şahin"
    assert content.citizen_birth_date == date(1990, 1, 1)
    assert content.tasks == ("Plukke varer", "Pakke kasser")
    assert (content.mentor_name, content.mentor_role) == ("Jens Mentor", "Lagerformand")
    assert content.jobcenter == "Jobcenter Viborg"
    assert content.consultant.startswith("Mette Konsulent")
    assert content.company_contact.startswith("Lene Holm, tlf. 86 12 34 56")
    assert (content.start_date, content.end_date, content.hours_per_week) == (START, END, 10)
    # Wage-subsidy fields belong to wage subsidy only.
    assert content.full_time_employees is None and content.monthly_wage_cost is None
    # The citizen's CPR number is never part of the agreement.
    assert "1234" not in agreement.content_json and "010190" not in agreement.content_json


def test_nothing_is_confirmed_in_a_new_agreement(consultant, viborg):
    placement = agreed(consultant, viborg)
    assert versions.missing_parties(placement) == list(Party)


def test_terms_are_in_plain_danish_for_paid_and_unpaid_kinds(consultant, viborg):
    internship = versions.content_for(accepted(consultant, viborg))
    flexjob = versions.content_for(accepted(consultant, viborg, kind=Kind.FLEXJOB))
    assert "ikke ansat" in dict(internship.terms)["Forsikring"]
    assert "arbejdsskadeforsikring" in dict(flexjob.terms)["Forsikring"]
    # "Who to call" names the mentor and the company's phone, and the consultant.
    absence = dict(internship.terms)["Sygdom og fravær"]
    assert "Jens Mentor på tlf. 86 12 34 56" in absence and "Mette Konsulent" in absence


def test_wage_subsidy_records_staff_and_wage_cost(consultant, viborg):
    placement = agreed(consultant, viborg, kind=Kind.WAGE_SUBSIDY)
    versions.set_terms(
        placement,
        Terms(
            tasks="Lager",
            full_time_employees=42,
            staff_representative="Kim Tillid",
            monthly_wage_cost=32500,
        ),
        consultant,
    )
    content = versions.content_for(placement)
    assert (
        content.full_time_employees,
        content.staff_representative,
        content.monthly_wage_cost,
    ) == (42, "Kim Tillid", 32500)


def test_the_content_does_not_depend_on_the_readers_language(app, consultant, viborg):
    placement = agreed(consultant, viborg, purpose=InternshipPurpose.SKILLS)
    placement.adaptations = adaptations("flexible_start")
    db.session.flush()
    with app.test_request_context(), force_locale("en"):
        assert versions.refresh(placement, consultant) is not None  # the adaptation
        assert versions.refresh(placement, consultant) is None
        assert "Optræne bestemte færdigheder" in placement.agreement.content_json


# --- proposals prepare the terms ----------------------------------------------------------------


@pytest.mark.parametrize("shares, expected", [(True, ["flexible_start"]), (False, [])])
def test_a_proposal_drafts_the_adaptations_the_citizen_shares(consultant, viborg, shares, expected):
    from placement.models import CandidateAdaptation, OpeningStatus
    from tests.factories import adaptations as catalogue

    company = create_employer(employees=40)
    opening = create_opening(
        company,
        status=OpeningStatus.PUBLISHED,
        tasks="Sortere post",
        adaptation_codes=["flexible_start", "quiet_workspace"],
    )
    candidate = create_candidate(viborg, share_adaptations=shares)
    flexible, mentor = catalogue("flexible_start", "mentor")
    candidate.needs = [
        CandidateAdaptation(adaptation=flexible, must_have=True),
        CandidateAdaptation(adaptation=mentor, must_have=False),
    ]
    db.session.commit()
    placement = lifecycle.propose(candidate, opening, consultant)
    assert [a.code for a in placement.adaptations] == expected
    assert placement.tasks == "Sortere post"


# --- new versions -------------------------------------------------------------------------------


def test_a_change_makes_version_2_and_resets_confirmations(consultant, viborg):
    placement = agreed(consultant, viborg)
    confirm_all(placement, consultant)
    assert versions.missing_parties(placement) == []

    new = versions.set_terms(
        placement,
        Terms(
            tasks="Plukke varer\nPakke kasser\nTælle lager",
            working_times="Man–tors 9–13",
            mentor_name="Jens Mentor",
            mentor_role="Lagerformand",
        ),
        consultant,
    ).new_version
    db.session.commit()
    assert new is not None and new.version == 2
    assert [a.version for a in placement.agreements] == [1, 2]
    assert versions.missing_parties(placement) == list(Party)
    # Version 1 keeps its content and its three confirmations.
    first = versions.version_of(placement, 1)
    assert len(first.confirmations) == 3 and "Tælle lager" not in first.content_json
    assert "Tælle lager" in new.content_json


def test_saving_the_same_terms_makes_no_new_version(consultant, viborg):
    placement = agreed(consultant, viborg)
    same = Terms(tasks=placement.tasks, mentor_name="Jens Mentor", mentor_role="Lagerformand")
    assert versions.set_terms(placement, same, consultant).new_version is None
    assert len(placement.agreements) == 1


CHANGES = ["period", "hours plan", "citizen's name", "internship's purpose", "consultant's name"]


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_the_agreement_shows_makes_a_version(consultant, viborg, change):
    placement = agreed(consultant, viborg, purpose=InternshipPurpose.SKILLS)
    if change == "period":
        lifecycle.set_period(placement, START, END + timedelta(weeks=4), 10, by=consultant)
    elif change == "hours plan":
        hours_plan.set_hours_plan(placement, [(1, 10), (3, 15)], consultant)
    elif change == "citizen's name":
        candidate = placement.candidate
        update_candidate(
            candidate,
            ProfileData(
                name="Łukasz Østergård-Şahin Nielsen",
                birth_date=candidate.birth_date,
                postcode="8800",
                city="Viborg",
            ),
            by=consultant,
        )
    elif change == "internship's purpose":
        opening = placement.opening
        update_opening(
            opening,
            OpeningData(
                kind=opening.kind,
                title=opening.title,
                postcode=opening.postcode,
                city=opening.city,
                hours_min=opening.hours_min,
                hours_max=opening.hours_max,
                tasks=opening.tasks,
                purpose=InternshipPurpose.JOB_GOAL,
            ),
            by=consultant,
        )
    else:
        update_user(
            consultant,
            UserData(
                email=consultant.email,
                name="Mette Jensen",
                role=Role.CONSULTANT,
                municipality_id=viborg.id,
            ),
            by=consultant,
        )
    db.session.commit()
    assert [a.version for a in placement.agreements] == [1, 2]
    assert placement.agreement.created_by == consultant


def test_a_finished_placement_keeps_its_last_version(consultant, viborg):
    placement = agreed(consultant, viborg)
    confirm_all(placement, consultant)
    lifecycle.start(placement, consultant, today=START)
    lifecycle.complete(placement, consultant, None)
    with pytest.raises(AgreementRefused):
        versions.set_terms(placement, Terms(tasks="Noget andet"), consultant)
    assert len(placement.agreements) == 1


def test_impossible_wage_figures_are_refused(consultant, viborg):
    placement = agreed(consultant, viborg, kind=Kind.WAGE_SUBSIDY)
    with pytest.raises(AgreementRefused, match="Lønudgiften"):
        versions.set_terms(placement, Terms(monthly_wage_cost=-1), consultant)
    with pytest.raises(AgreementRefused, match="fuldtidsansatte"):
        versions.set_terms(placement, Terms(full_time_employees=-3), consultant)


# --- confirmations ------------------------------------------------------------------------------


def test_each_party_confirms_once(consultant, viborg):
    placement = agreed(consultant, viborg)
    confirmation = versions.confirm(placement, consultant, 1)
    assert confirmation.party == Party.CONSULTANT and confirmation.user == consultant
    assert confirmation.confirmed_at is not None and not confirmation.on_paper
    # The same confirmation again (a second click) writes nothing and is no error.
    with pytest.raises(versions.AlreadyConfirmed, match="^Det er allerede sket.$"):
        versions.confirm(placement, consultant, 1)
    assert len(placement.agreement.confirmations) == 1


def test_a_stale_version_cannot_be_confirmed(consultant, viborg):
    placement = agreed(consultant, viborg)
    versions.set_terms(placement, Terms(tasks="Nye opgaver"), consultant)
    with pytest.raises(AgreementRefused, match="version 2"):
        versions.confirm(placement, consultant, 1)
    assert versions.missing_parties(placement) == list(Party)


def test_managers_and_admins_do_not_confirm(consultant, viborg):
    placement = agreed(consultant, viborg)
    for role in (Role.MANAGER, Role.ADMIN):
        with pytest.raises(AgreementRefused):
            versions.confirm(placement, create_user(role, municipality=viborg), 1)


def test_a_paper_confirmation_needs_a_note_and_a_consultant(consultant, viborg):
    placement = agreed(consultant, viborg)
    with pytest.raises(AgreementRefused, match="papir"):
        versions.record_paper_confirmation(placement, Party.CITIZEN, consultant, 1, " ")
    employer = create_user(Role.EMPLOYER, employer=placement.opening.employer)
    with pytest.raises(AgreementRefused, match="Kun jobkonsulenten"):
        versions.record_paper_confirmation(placement, Party.CITIZEN, employer, 1, "Underskrevet")
    paper = versions.record_paper_confirmation(
        placement, Party.CITIZEN, consultant, 1, "Underskrevet ved mødet 4. marts"
    )
    assert paper.on_paper and paper.user == consultant and paper.party == Party.CITIZEN
    assert versions.missing_parties(placement) == [Party.CONSULTANT, Party.EMPLOYER]


def test_a_placement_starts_only_when_all_three_confirmed(consultant, viborg):
    placement = agreed(consultant, viborg)
    versions.confirm(placement, consultant, 1)
    assert "start" not in lifecycle.allowed_actions(placement, today=START)
    with pytest.raises(lifecycle.TransitionRefused, match="virksomhed, borger"):
        lifecycle.start(placement, consultant, today=START)
    versions.record_paper_confirmation(
        placement, Party.EMPLOYER, consultant, 1, "Underskrevet af direktøren"
    )
    versions.record_paper_confirmation(
        placement, Party.CITIZEN, consultant, 1, "Underskrevet ved mødet"
    )
    assert "start" in lifecycle.allowed_actions(placement, today=START)
    lifecycle.start(placement, consultant, today=START)
    assert placement.status == S.ACTIVE


def test_confirmations_are_printed_in_the_next_rendering(consultant, viborg):
    from io import BytesIO

    from pypdf import PdfReader

    placement = agreed(consultant, viborg)
    versions.confirm(placement, consultant, 1)
    versions.record_paper_confirmation(
        placement, Party.CITIZEN, consultant, 1, "Underskrevet ved mødet"
    )
    pdf = versions.render_pdf(placement.agreement, placement)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Mette Konsulent" in text and "Underskrevet ved mødet" in text
    assert "Ikke bekræftet endnu" in text  # the company has not confirmed
    assert f"{viborg.code}-{placement.id:06d}" in text
