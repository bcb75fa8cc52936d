"""Erasure: the statistics do not change, nothing personal is left anywhere in the database,
a consultant asks and a manager of the same municipality decides, and the retention job
anonymises exactly the citizens whose last placement ended more than N years ago."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import String, func, select

from placement.extensions import db
from placement.models import (
    Adaptation,
    Agreement,
    AgreementConfirmation,
    AuditAction,
    AuditEvent,
    AuditSubject,
    Candidate,
    CandidateKind,
    CandidateStatus,
    ConsentChange,
    ErasureRequest,
    ErasureState,
    FollowUp,
    Goal,
    HoursStep,
    Invitation,
    JournalEntry,
    Kind,
    Notification,
    OpeningInterest,
    Outcome,
    Placement,
    PlacementEvent,
    PlacementStatus,
    Role,
    User,
)
from placement.notifications.inbox import notify
from placement.notifications.outbox import send_due
from placement.privacy import cpr_vault, erasure
from placement.scheduler import SWEEPS
from placement.statistics.aggregates import Filters, dashboard
from tests.conftest import csrf_token, log_in, post_form, statements_sent
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.privacy.test_data_export import (
    CPR,
    EMAIL,
    LOGIN_EMAIL,
    NAME,
    PERSONAL,
    PHONE,
    at,
    full_citizen,
)
from tests.statistics.test_statistics import citizen, make_placement, started

S = PlacementStatus
TODAY = date(2027, 7, 1)
PERIOD = dict(date_from=date(2026, 10, 1), date_to=date(2027, 6, 30))


# --- the statistics stay the same --------------------------------------------------------------


def statistics_world(zenobia_status: CandidateStatus):
    """Zenobia (every kind of personal data, a completed internship in the period with an
    hours plan, follow-ups and its 3-month check, a declined flex job, wants IPS) among
    other citizens of two consultants, with placements of several kinds and states."""
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    bo = create_user(Role.CONSULTANT, name="Bo Berg", municipality=viborg)
    zenobia = full_citizen(viborg, anna, status=zenobia_status)
    zenobia.done.hours_plan = [
        HoursStep(from_week=1, hours_per_week=10),
        HoursStep(from_week=4, hours_per_week=15),
    ]
    db.session.commit()

    lager = create_employer(name="Lager Syd A/S", employees=40)
    kommune = create_employer(name="Kommunens Køkken", employees=60)
    internship = create_opening(
        lager, kind=Kind.INTERNSHIP, seats=9, adaptation_codes=["quiet_workspace"]
    )
    wage = create_opening(lager, kind=Kind.WAGE_SUBSIDY, seats=9)
    ips = create_opening(kommune, kind=Kind.SUPPORTED_JOB, seats=9, adaptation_codes=["mentor"])
    flex = create_opening(kommune, kind=Kind.FLEXJOB, seats=9)

    running = citizen(
        viborg, anna, "2026-11-20", CandidateStatus.IN_PLACEMENT, needs=["quiet_workspace"]
    )
    make_placement(
        running,
        wage,
        anna,
        started("2026-12-01", "2027-01-04"),
        start_date=date(2027, 1, 4),
        end_date=date(2027, 12, 31),
        hours_per_week=20,
        followups=[
            ("first_week", date(2027, 1, 8), at("2027-01-08"), None),
            ("midway", date(2027, 6, 20), None, None),
        ],
    )
    early = citizen(viborg, anna, "2026-10-15", needs=["mentor"])
    make_placement(
        early,
        internship,
        anna,
        started("2026-11-01", "2026-11-16") + [(S.ENDED_EARLY, "2027-01-10")],
        start_date=date(2026, 11, 16),
        end_date=date(2027, 2, 28),
        hours_per_week=12,
        followups=[("first_week", date(2026, 11, 20), at("2026-11-23"), None)],
    )
    supported = citizen(viborg, bo, "2026-10-20", kinds=[Kind.SUPPORTED_JOB], needs=["mentor"])
    make_placement(
        supported,
        ips,
        bo,
        started("2026-10-25", "2026-11-02") + [(S.COMPLETED, "2027-04-30")],
        steps=[(1, 8), (5, 16)],
        start_date=date(2026, 11, 2),
        hours_per_week=8,
        outcome=Outcome.EDUCATION,
        followups=[("outcome_3m", date(2027, 7, 30), None, None)],
    )
    declined = citizen(viborg, bo, "2027-02-01", kinds=[Kind.FLEXJOB])
    make_placement(declined, flex, bo, [(S.PROPOSED, "2027-02-10"), (S.DECLINED, "2027-02-12")])
    # Another municipality, so "every municipality" counts more than Viborg.
    silkeborg = create_municipality("Silkeborg", "740")
    carl = create_user(Role.CONSULTANT, name="Carl Christensen", municipality=silkeborg)
    other = citizen(silkeborg, carl, "2026-12-01", kinds=[Kind.SUPPORTED_JOB])
    make_placement(
        other,
        internship,
        carl,
        started("2027-01-02", "2027-01-11"),
        start_date=date(2027, 1, 11),
        end_date=date(2027, 8, 1),
        hours_per_week=10,
    )
    return zenobia, viborg, anna


FILTER_SETS = [
    dict(),
    dict(kind=Kind.INTERNSHIP),
    dict(kind=Kind.SUPPORTED_JOB),
    dict(date_from=date(2027, 1, 1), date_to=date(2027, 3, 31)),
]


def snapshot(municipality, consultant) -> dict:
    """Every table of the dashboard, for Viborg and for every municipality, with a few filters;
    as {(filters, table key): rows}."""
    found = {}
    for number, extra in enumerate(FILTER_SETS + [dict(consultant_id=consultant.id)]):
        for place in (municipality.id, None):
            filters = Filters(**{**PERIOD, **extra, "municipality_id": place})
            for table in dashboard(filters, TODAY):
                found[(number, place, table.key)] = table.rows
    return found


def erase_by_request(zenobia):
    request = erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Borgeren bad om det")
    erasure.decide(request, zenobia.manager, approve=True, note="Godkendt")
    db.session.commit()
    db.session.expire_all()


def test_erasing_a_closed_citizen_changes_no_figure(app):
    zenobia, viborg, anna = statistics_world(CandidateStatus.CLOSED)
    before = snapshot(viborg, anna)
    # The data set is not empty where Zenobia counts: her internship ended in the period
    # with a job, and she is an IPS citizen registered in it.
    outcomes = before[(0, viborg.id, "outcomes")]
    assert outcomes[-1][1] >= 2 and outcomes[-1][2] >= 2
    speed = before[(0, viborg.id, "speed")]
    assert speed[2][1] == 2  # IPS: Zenobia and the supported-job citizen
    # Her day of illness counts in attendance (Viborg's total row, the first quarter); kept on
    # her anonymous placement, it still does after the erasure.
    assert before[(3, None, "attendance_by_kind")][-1][3] == 1

    erase_by_request(zenobia)

    assert zenobia.candidate.anonymised_at is not None
    assert snapshot(viborg, anna) == before


def test_erasing_a_citizen_in_the_caseload_changes_only_the_right_now_figures(app):
    zenobia, viborg, anna = statistics_world(CandidateStatus.LOOKING)
    before = snapshot(viborg, anna)
    erase_by_request(zenobia)
    after = snapshot(viborg, anna)

    # What happened is the same; who is worked with now is one citizen less: an erased
    # citizen's case is closed.
    changed = {key for key in before if before[key] != after[key]}
    assert {key[2] for key in changed} == {"caseload", "adaptations"}
    caseload_before = {row[0]: row[1] for row in before[(0, viborg.id, "caseload")]}
    caseload_after = {row[0]: row[1] for row in after[(0, viborg.id, "caseload")]}
    assert caseload_after == {
        **caseload_before,
        "Anna Andersen": caseload_before["Anna Andersen"] - 1,
    }
    needed_before = {row[0]: row[1] for row in before[(0, viborg.id, "adaptations")]}
    needed_after = {row[0]: row[1] for row in after[(0, viborg.id, "adaptations")]}
    assert {
        label: needed_before[label] - needed_after[label]
        for label in needed_before
        if needed_before[label] != needed_after[label]
    } == dict.fromkeys(_labels("quiet_workspace", "mentor"), 1)
    assert zenobia.candidate.status == CandidateStatus.CLOSED


def _labels(*codes):
    return list(db.session.scalars(select(Adaptation.label_da).where(Adaptation.code.in_(codes))))


# --- nothing personal is left -----------------------------------------------------------------


def database_text() -> str:
    """Every text value in every table, one per line."""
    values = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String)]
        if columns:
            for row in db.session.execute(select(*columns)):
                values.extend(str(value) for value in row if value)
    return "\n".join(values).lower()


def test_after_erasure_nothing_personal_is_left_anywhere_in_the_database(app):
    zenobia = full_citizen()
    candidate_id, user_id, done_id = zenobia.candidate.id, zenobia.user.id, zenobia.done.id
    # An unrelated citizen's placement and notification, which must stay.
    other = create_candidate(zenobia.municipality, name="Olga Andenborger")
    others = create_placement(
        other, create_opening(title="Olgas plads"), status=S.COMPLETED, tasks="Olgas opgaver"
    )
    db.session.add(
        Notification(
            user=zenobia.consultant,
            key=f"placement-ended:{others.id}",
            title="Forløbet med Olga Andenborger er slut",
            placement_id=others.id,
            candidate_id=other.id,
        )
    )
    encrypted, cpr_hash = zenobia.candidate.cpr_encrypted, zenobia.candidate.cpr_hash
    assert cpr_hash == cpr_vault.lookup_hash(CPR)
    erasure.request_erasure(zenobia.candidate, zenobia.consultant, f"{NAME} har bedt om sletning")
    db.session.commit()
    text = database_text()
    # The search finds them before: it would find them after.
    for value in PERSONAL:
        if value not in (CPR, "1503901234"):
            assert value.lower() in text, value
    assert encrypted.lower() in text and cpr_hash in text
    audit_rows = db.session.scalar(select(func.count()).select_from(AuditEvent))
    counts = {
        model: db.session.scalar(select(func.count()).select_from(model))
        for model in (Placement, PlacementEvent, FollowUp, HoursStep, CandidateKind)
    }
    assert db.session.scalar(select(func.count()).select_from(ConsentChange)) == 3

    [request] = db.session.scalars(select(ErasureRequest)).all()
    erasure.decide(request, zenobia.manager, approve=True)
    db.session.commit()
    db.session.expire_all()

    text = database_text()
    for value in PERSONAL:
        assert value.lower() not in text, value
    assert encrypted.lower() not in text and cpr_hash not in text
    assert cpr_vault.lookup_hash(CPR) not in text

    candidate = db.session.get(Candidate, candidate_id)
    assert candidate.name == "Anonymiseret borger"
    assert candidate.cpr is None and candidate.cpr_hash is None
    assert (candidate.email, candidate.phone, candidate.postcode, candidate.city) == ("",) * 4
    assert candidate.birth_date == date(1990, 1, 1)
    assert candidate.municipality_id == zenobia.municipality.id
    assert candidate.consultant_id == zenobia.consultant.id
    assert candidate.created_at == at("2026-11-02", 9)
    assert [k.kind for k in candidate.kinds] == [Kind.INTERNSHIP, Kind.SUPPORTED_JOB]
    assert candidate.needs == [] and candidate.places == [] and candidate.goals == []
    for model in (
        Goal,
        JournalEntry,
        Invitation,
        OpeningInterest,
        Agreement,
        AgreementConfirmation,
        ConsentChange,
    ):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
    # Nothing is shared any more, and no choice is left to say it was.
    assert (
        candidate.share_contact,
        candidate.share_age,
        candidate.share_skills,
        candidate.share_adaptations,
        candidate.share_goals,
    ) == (None,) * 5

    # The placements, their events, follow-ups, hours plans and wanted kinds are all there.
    assert counts == {
        model: db.session.scalar(select(func.count()).select_from(model)) for model in counts
    }
    done = db.session.get(Placement, done_id)
    assert (done.status, done.outcome, done.start_date, done.end_date, done.hours_per_week) == (
        S.COMPLETED,
        Outcome.ORDINARY_JOB,
        date(2027, 1, 11),
        date(2027, 3, 5),
        15,
    )
    assert done.opening.employer.name == "Lager Nord A/S"
    assert [f.done_at for f in done.followups] == [
        at("2027-01-15"),
        at("2027-02-08"),
        at("2027-06-04"),
    ]
    # How the citizen was doing is about them, and no statistic counts it.
    assert [(f.wellbeing, f.hours_worked) for f in done.followups] == [(None, None)] * 3

    # The login is gone: no name, no address, no password, off.
    user = db.session.get(User, user_id)
    assert (user.name, user.email, user.password_hash, user.active) == (
        "Slettet bruger",
        f"slettet-{user_id}@slettet.invalid",
        "",
        False,
    )

    # Only the unrelated notification is left.
    assert [n.title for n in db.session.scalars(select(Notification))] == [
        "Forløbet med Olga Andenborger er slut"
    ]
    assert db.session.get(Placement, others.id).tasks == "Olgas opgaver"

    # Audit rows are kept, and the erasure is one more, by the manager.
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == audit_rows + 1
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == AuditAction.ERASE))
    assert (erased.candidate_id, erased.actor_id, erased.subject) == (
        candidate_id,
        zenobia.manager.id,
        AuditSubject.PROFILE,
    )
    request = db.session.get(ErasureRequest, request.id)
    assert request.state == ErasureState.APPROVED and request.reason == ""


def test_erasure_finds_notifications_by_what_they_refer_to_and_none_is_mailed_after(app, outbox):
    """Whatever their key or words, notifications about the citizen or their placements go,
    for every recipient, mailed or still waiting to be; those about others stay."""
    zenobia = full_citizen()
    company_user = create_user(Role.EMPLOYER, employer=zenobia.done.opening.employer)
    flex = zenobia.declined.opening
    waiting = [
        notify(
            zenobia.consultant,
            f"interest:{zenobia.candidate.id}:{flex.id}",
            f"{NAME} er interesseret i {flex.title}",
            candidate=zenobia.candidate,
            opening=flex,
        ),
        notify(
            company_user,
            "a-key-no-one-has-seen-before",
            "Et forslag om Zenobia",
            placement=zenobia.done,
        ),
    ]
    other = create_candidate(zenobia.municipality, name="Olga Andenborger")
    kept = notify(
        zenobia.consultant, "about-olga", "Olga er interesseret", candidate=other, opening=flex
    )
    db.session.commit()
    assert waiting[1].candidate_id == zenobia.candidate.id  # a placement brings its citizen

    erasure.anonymise(zenobia.candidate, by=None)
    db.session.commit()
    assert [n.id for n in db.session.scalars(select(Notification))] == [kept.id]
    send_due()
    assert [mail["subject"] for mail in outbox] == ["Olga er interesseret"]


def test_anonymising_twice_does_nothing_the_second_time(app):
    zenobia = full_citizen()
    assert erasure.anonymise(zenobia.candidate) is True
    db.session.commit()
    assert erasure.anonymise(zenobia.candidate) is False
    db.session.commit()
    assert (
        db.session.scalar(select(func.count()).where(AuditEvent.action == AuditAction.ERASE)) == 1
    )


# --- asking and deciding, through the pages ----------------------------------------------------


@pytest.fixture
def zenobia():
    return full_citizen()


def _client(app, email):
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def _ask(client, candidate_id, reason="Borgeren har bedt om det"):
    path = f"/borgere/{candidate_id}/sletning"
    return post_form(client, path, {"reason": reason})


def test_the_consultant_asks_and_a_manager_of_the_municipality_approves(app, zenobia):
    citizen_client = _client(app, LOGIN_EMAIL)
    assert citizen_client.get("/mine-tilbud").status_code == 200
    consultant = _client(app, zenobia.consultant.email)
    cid = zenobia.candidate.id
    form = consultant.get(f"/borgere/{cid}/sletning").get_data(as_text=True)
    assert "Bevares uden navn" in form and "Sletningen kan ikke fortrydes." in form
    response = _ask(consultant, cid)
    assert response.status_code == 302 and response.headers["Location"] == f"/borgere/{cid}"
    profile = consultant.get(f"/borgere/{cid}").get_data(as_text=True)
    assert "venter på en leder" in profile and "Anmod om sletning</a>" not in profile
    [request] = db.session.scalars(select(ErasureRequest)).all()
    assert (request.state, request.requested_by_id) == (ErasureState.PENDING, zenobia.consultant.id)

    # A manager elsewhere neither sees nor decides it.
    aarhus = create_municipality("Aarhus", "751")
    stranger = _client(app, create_user(Role.MANAGER, municipality=aarhus).email)
    assert NAME not in stranger.get("/leder/sletninger").get_data(as_text=True)
    assert stranger.get(f"/leder/sletninger/{request.id}").status_code == 404
    refused = post_form(
        stranger,
        f"/leder/sletninger/{request.id}",
        {"decision": "approve"},
        form_page="/leder/sletninger",
    )
    assert refused.status_code == 404
    db.session.expire_all()
    assert db.session.get(Candidate, cid).name == NAME

    manager = _client(app, zenobia.manager.email)
    assert "Anmodninger om sletning af borgere" in manager.get("/leder").get_data(as_text=True)
    listing = manager.get("/leder/sletninger").get_data(as_text=True)
    assert NAME in listing and "Borgeren har bedt om det" in listing
    page = manager.get(f"/leder/sletninger/{request.id}").get_data(as_text=True)
    assert "Godkend og slet borgerens data" in page and "Bevares uden navn" in page
    done = post_form(
        manager, f"/leder/sletninger/{request.id}", {"decision": "approve", "note": ""}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/leder/sletninger"

    db.session.expire_all()
    candidate = db.session.get(Candidate, cid)
    assert candidate.name == "Anonymiseret borger" and candidate.anonymised_at is not None
    request = db.session.get(ErasureRequest, request.id)
    assert (request.state, request.decided_by_id) == (ErasureState.APPROVED, zenobia.manager.id)
    profile = consultant.get(f"/borgere/{cid}").get_data(as_text=True)
    assert "<h1>Anonymiseret borger</h1>" in profile
    for value in (NAME, EMAIL, PHONE, "150390"):
        assert value not in profile
    assert "personlige oplysninger blev slettet" in profile
    # The citizen's session ended with the account.
    gone = citizen_client.get("/mine-tilbud")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]
    assert log_in(app.test_client(), LOGIN_EMAIL).status_code != 302


def test_nobody_adds_personal_data_to_an_erased_citizen(app, zenobia):
    cid = zenobia.candidate.id
    consultant = _client(app, zenobia.consultant.email)
    opening = create_opening(create_employer(name="Nyt Firma ApS"))
    csrf = csrf_token(consultant, f"/borgere/{cid}/ret")  # taken while the profile is there
    erasure.anonymise(zenobia.candidate, by=zenobia.manager)
    db.session.commit()

    profile = consultant.get(f"/borgere/{cid}").get_data(as_text=True)
    assert "Ret profil" not in profile and "Hent borgerens data" not in profile
    for path in ("ret", "maal", "journal", "job", "sletning", "data.json"):
        assert consultant.get(f"/borgere/{cid}/{path}").status_code == 404, path
    for path, data in (
        ("journal", {"text": "Ny note om Zenobia"}),
        ("foreslaa", {"opening_id": opening.id}),
        ("maal", {"nytmaal-title": "Nyt mål"}),
    ):
        response = consultant.post(f"/borgere/{cid}/{path}", data={"csrf_token": csrf, **data})
        assert response.status_code == 404, path
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 0
    assert (
        db.session.scalar(
            select(func.count()).select_from(Placement).where(Placement.opening_id == opening.id)
        )
        == 0
    )


def test_a_rejected_request_leaves_the_data(app, zenobia):
    _ask(_client(app, zenobia.consultant.email), zenobia.candidate.id)
    [request] = db.session.scalars(select(ErasureRequest)).all()
    manager = _client(app, zenobia.manager.email)
    response = post_form(
        manager,
        f"/leder/sletninger/{request.id}",
        {"decision": "reject", "note": "Sagen er ikke afsluttet"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(ErasureRequest, request.id)
    assert (request.state, request.decision_note) == (
        ErasureState.REJECTED,
        "Sagen er ikke afsluttet",
    )
    candidate = db.session.get(Candidate, zenobia.candidate.id)
    assert (candidate.name, candidate.cpr, candidate.anonymised_at) == (NAME, CPR, None)
    assert db.session.scalar(select(func.count()).select_from(JournalEntry)) == 1
    # Decided once: a second decision is refused.
    again = post_form(
        manager,
        f"/leder/sletninger/{request.id}",
        {"decision": "approve"},
        form_page="/leder/sletninger",
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidate, zenobia.candidate.id).anonymised_at is None


def test_a_reason_is_required_and_one_request_waits_at_a_time(app, zenobia):
    consultant = _client(app, zenobia.consultant.email)
    page = _ask(consultant, zenobia.candidate.id, reason="  ")
    assert page.status_code == 200 and "Skal udfyldes." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0
    _ask(consultant, zenobia.candidate.id)
    with pytest.raises(erasure.ErasureRefused, match="allerede en anmodning"):
        erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Igen")


@pytest.mark.parametrize("status", [S.PROPOSED, S.AGREED, S.ACTIVE, S.AWAITING_EVALUATION])
def test_a_placement_not_over_blocks_the_request(app, zenobia, status):
    create_placement(zenobia.candidate, create_opening(title="Ny plads"), status=status)
    page = _ask(_client(app, zenobia.consultant.email), zenobia.candidate.id)
    assert page.status_code == 200
    assert "ikke er afsluttet (Ny plads" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


def test_approval_is_refused_if_a_placement_was_proposed_after_the_request(app, zenobia):
    request = erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Bedt om det")
    create_placement(zenobia.candidate, create_opening(title="Ny plads"), status=S.PROPOSED)
    with pytest.raises(erasure.ErasureRefused, match="ikke er afsluttet"):
        erasure.decide(request, zenobia.manager, approve=True)
    assert zenobia.candidate.anonymised_at is None and request.state == ErasureState.PENDING


def test_only_a_consultant_asks_and_only_a_manager_of_the_municipality_decides(app, zenobia):
    with pytest.raises(erasure.ErasureRefused):
        erasure.request_erasure(zenobia.candidate, zenobia.manager, "Bedt om det")
    request = erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Bedt om det")
    elsewhere = create_user(Role.MANAGER, municipality=create_municipality("Aarhus", "751"))
    for person in (zenobia.consultant, elsewhere):
        with pytest.raises(erasure.ErasureRefused):
            erasure.decide(request, person, approve=True)
    assert request.state == ErasureState.PENDING


def test_deciding_needs_a_fresh_password(app, zenobia):
    _ask(_client(app, zenobia.consultant.email), zenobia.candidate.id)
    [request] = db.session.scalars(select(ErasureRequest)).all()
    manager = _client(app, zenobia.manager.email)
    token_page = f"/leder/sletninger/{request.id}"
    with manager.session_transaction() as session:
        session["_password_confirmed"] = time.time() - 3600
    response = post_form(
        manager,
        token_page,
        {"decision": "approve"},
        headers={"Referer": f"http://localhost{token_page}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/bekraeft-adgangskode")
    db.session.expire_all()
    assert db.session.get(Candidate, zenobia.candidate.id).anonymised_at is None


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.CITIZEN, Role.EMPLOYER, Role.ADMIN])
def test_only_managers_open_the_list(client, login, role):
    login(role)
    assert client.get("/leder/sletninger").status_code == 403


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CITIZEN, Role.EMPLOYER, Role.ADMIN])
def test_only_consultants_ask(app, zenobia, role):
    fields = {"municipality": zenobia.municipality} if role == Role.MANAGER else {}
    client = _client(app, create_user(role, **fields).email)
    assert client.get(f"/borgere/{zenobia.candidate.id}/sletning").status_code == 403


def test_a_consultant_elsewhere_gets_404(app, zenobia):
    stranger = create_user(Role.CONSULTANT, municipality=create_municipality("Aarhus", "751"))
    client = _client(app, stranger.email)
    assert client.get(f"/borgere/{zenobia.candidate.id}/sletning").status_code == 404
    refused = post_form(
        client,
        f"/borgere/{zenobia.candidate.id}/sletning",
        {"reason": "x"},
        form_page="/borgere/ny",
    )
    assert refused.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


# --- retention ---------------------------------------------------------------------------------

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2027, 6, 15, 4, 0, tzinfo=CPH)  # five years before: 15 June 2022


def ended_on(municipality, consultant, end: date, name: str, status=S.COMPLETED):
    candidate = create_candidate(
        municipality,
        name=name,
        consultant=consultant,
        created_at=at("2020-01-01"),
        status=CandidateStatus.LOOKING,
    )
    placement = create_placement(
        candidate,
        create_opening(seats=9),
        consultant=consultant,
        status=status,
        start_date=end - timedelta(days=60),
        end_date=end,
        hours_per_week=10,
    )
    placement.events = [
        PlacementEvent(to_status=S.PROPOSED, at=at((end - timedelta(days=70)).isoformat())),
        PlacementEvent(
            from_status=S.PROPOSED,
            to_status=S.ACTIVE,
            at=at((end - timedelta(days=60)).isoformat()),
        ),
        PlacementEvent(from_status=S.ACTIVE, to_status=status, at=at(end.isoformat())),
    ]
    db.session.commit()
    return candidate


@pytest.fixture
def retention_world():
    viborg = create_municipality("Viborg", "791")
    anna = create_user(Role.CONSULTANT, municipality=viborg)
    people = {
        "old": ended_on(viborg, anna, date(2022, 6, 14), "Gammel Gurli"),  # 5 years + 1 day
        "recent": ended_on(viborg, anna, date(2022, 6, 16), "Nyere Niels"),  # 5 years - 1 day
        "early": ended_on(viborg, anna, date(2021, 3, 1), "Afbrudt Aase", S.ENDED_EARLY),
        "noted": ended_on(viborg, anna, date(2021, 3, 1), "Noteret Nina"),
    }
    # A note two years ago: someone still works with Nina.
    db.session.add(
        JournalEntry(
            candidate=people["noted"],
            author=anna,
            entry_date=date(2025, 5, 1),
            text="Ringede til Nina",
        )
    )
    running = create_candidate(viborg, name="Igang Ib", created_at=at("2020-01-01"))
    placement = create_placement(
        running,
        create_opening(seats=9),
        status=S.ACTIVE,
        start_date=date(2021, 1, 4),
        hours_per_week=10,
    )
    placement.events = [PlacementEvent(to_status=S.ACTIVE, at=at("2021-01-04"))]
    people["running"] = running
    # A proposal declined long ago: it ended on the day it was declined.
    declined = create_candidate(viborg, name="Nejtak Nora", created_at=at("2020-01-01"))
    no = create_placement(declined, create_opening(seats=9), status=S.DECLINED)
    no.events = [
        PlacementEvent(to_status=S.PROPOSED, at=at("2021-02-01")),
        PlacementEvent(from_status=S.PROPOSED, to_status=S.DECLINED, at=at("2021-02-03")),
    ]
    people["declined"] = declined
    # Without placements: a closed case registered long ago goes, an open one stays.
    people["closed"] = create_candidate(
        viborg, name="Lukket Lis", created_at=at("2021-01-01"), status=CandidateStatus.CLOSED
    )
    people["looking"] = create_candidate(viborg, name="Søgende Sif", created_at=at("2021-01-01"))
    people["new_closed"] = create_candidate(
        viborg, name="Ny Nanna", created_at=at("2024-01-01"), status=CandidateStatus.CLOSED
    )
    db.session.commit()
    return people


def anonymised(people) -> set[str]:
    db.session.expire_all()
    return {
        key
        for key, candidate in people.items()
        if db.session.get(Candidate, candidate.id).anonymised_at is not None
    }


def test_retention_anonymises_exactly_the_citizens_past_the_limit(retention_world):
    assert erasure.retention_sweep(NOW) == 4
    db.session.commit()
    assert anonymised(retention_world) == {"old", "early", "declined", "closed"}
    gurli = db.session.get(Candidate, retention_world["old"].id)
    assert gurli.name == "Anonymiseret borger"
    erased = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.candidate_id == gurli.id, AuditEvent.action == AuditAction.ERASE
        )
    )
    assert (erased.actor_id, erased.actor_role) == (None, "system")
    # The next night there is nothing left to do.
    assert erasure.retention_sweep(NOW + timedelta(days=1)) == 0


def test_the_number_of_years_is_a_setting(app, monkeypatch, retention_world):
    monkeypatch.setitem(app.config, "RETENTION_YEARS", 4)
    erasure.retention_sweep(NOW)
    db.session.commit()
    assert anonymised(retention_world) == {"old", "recent", "early", "declined", "closed"}


def test_a_night_with_nothing_to_do_costs_one_query(app):
    viborg = create_municipality()
    for _ in range(3):
        ended_on(viborg, None, date(2026, 1, 1), "Ny borger")
    with statements_sent() as statements:
        assert erasure.retention_sweep(NOW) == 0
    assert len(statements) == 1


def test_the_scheduler_tick_runs_retention_and_a_second_tick_changes_nothing(
    runner, retention_world
):
    result = runner.invoke(args=["scheduler", "tick", "--now", "2027-06-15T04:00"])
    assert result.exit_code == 0, result.output
    assert "retention: 4 changed, 0 notification(s)" in result.stdout.splitlines()
    assert anonymised(retention_world) == {"old", "early", "declined", "closed"}
    again = runner.invoke(args=["scheduler", "tick", "--now", "2027-06-15T04:00"])
    assert again.exit_code == 0
    assert again.stdout.strip().splitlines() == [
        f"{name}: 0 changed, 0 notification(s)" for name in SWEEPS
    ] + ["outbox: 0 sent, 0 to retry, 0 undeliverable"]
