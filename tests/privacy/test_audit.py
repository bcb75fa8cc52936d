"""The audit log: every look at or change to a citizen's data leaves one row (who, what, whose,
from where); the admin searches it; the citizen sees who looked; nobody can change a row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from placement.extensions import db
from placement.models import (
    Adaptation,
    AuditAction,
    AuditEvent,
    AuditSubject,
    Candidate,
    FollowUp,
    Goal,
    GoalStep,
    JournalEntry,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from placement.placements import lifecycle
from placement.privacy import audit, audit_log
from placement.privacy.audit import AuditImmutable
from tests.conftest import csrf_token, log_in
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.suite_day import SUITE_DAY

ADDRESS = "10.1.2.3"
TODAY = SUITE_DAY
UTC = UTC
START = TODAY - timedelta(weeks=3)  # the first-week follow-up has come
A, S = AuditAction, AuditSubject


@dataclass
class World:
    candidate: Candidate
    placement: Placement
    consultant: User
    manager: User
    admin: User
    employer: User
    citizen: User
    other: Candidate  # Silkeborg's citizen, outside Viborg's scope
    other_placement: Placement

    @property
    def followup(self) -> FollowUp:
        return next(f for f in self.placement.followups if f.key == "first_week")

    @property
    def agreement_id(self) -> int:
        return self.placement.agreement.id


@pytest.fixture
def world() -> World:
    viborg, silkeborg = create_municipality(), create_municipality("Silkeborg", "740")
    consultant = create_user(
        Role.CONSULTANT, municipality=viborg, name="Jens Hansen", email="jens.hansen@viborg.dk"
    )
    company = create_employer(name="Hald Lager ApS", employees=40)
    candidate = create_candidate(viborg, name="Asta Andersen", consultant=consultant)
    placement = create_placement(
        candidate=candidate,
        opening=create_opening(company, title="Lagerpraktik"),
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=8),
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant, today=START)  # the follow-up plan and version 1
    db.session.commit()
    other = create_candidate(silkeborg, name="Ole Andet")
    other_placement = create_placement(candidate=other, status=PlacementStatus.PROPOSED)
    return World(
        candidate=candidate,
        placement=placement,
        consultant=consultant,
        manager=create_user(Role.MANAGER, municipality=viborg, name="Lene Leder"),
        admin=create_user(Role.ADMIN, name="Anne Admin"),
        employer=create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef"),
        citizen=create_user(Role.CITIZEN, candidate=candidate, name="Asta Andersen"),
        other=other,
        other_placement=other_placement,
    )


def signed_in(app, user: User):
    client = app.test_client()
    # Every request of this client comes from ADDRESS (also the login: Flask-Login's strong
    # session protection ends a session that moves to another address).
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    assert log_in(client, user.email).status_code == 302
    return client


def last_id() -> int:
    db.session.rollback()  # see what the requests committed
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def rows_since(before: int) -> list[tuple]:
    db.session.rollback()
    return [
        (r.actor_id, r.actor_role, r.action, r.subject, r.candidate_id, r.object_id, r.address)
        for r in db.session.scalars(
            select(AuditEvent).where(AuditEvent.id > before).order_by(AuditEvent.id)
        )
    ]


def row(user: User, action, subject, candidate_id, object_id=None) -> tuple:
    return (user.id, user.role.value, action, subject, candidate_id, object_id, ADDRESS)


def get(client, path: str, status: int = 200) -> list[tuple]:
    before = last_id()
    response = client.get(path)
    assert response.status_code == status, path
    return rows_since(before)


def post(
    client,
    path: str,
    data: dict,
    form_page: str,
    status: int = 302,
    token_field: str = "csrf_token",
) -> list[tuple]:
    """Only the post's own rows: the form page it takes the token from writes its own."""
    token = csrf_token(client, form_page)
    before = last_id()
    response = client.post(path, data={token_field: token, **data})
    assert response.status_code == status, (path, response.get_data(as_text=True)[:2000])
    return rows_since(before)


# --- each page writes exactly its row -----------------------------------------------------------

# (who, address, action, subject, object): c = candidate, p = placement, f = follow-up,
# a = agreement version.
PAGES = [
    ("consultant", "/borgere/{c}", A.VIEW, S.PROFILE, None),
    ("manager", "/borgere/{c}", A.VIEW, S.PROFILE, None),
    ("admin", "/borgere/{c}", A.VIEW, S.PROFILE, None),
    ("consultant", "/borgere/{c}/ret", A.VIEW, S.PROFILE, None),
    ("consultant", "/borgere/{c}/maal", A.VIEW, S.GOALS, None),
    ("consultant", "/borgere/{c}/journal", A.VIEW, S.JOURNAL, None),
    ("consultant", "/forloeb/{p}", A.VIEW, S.PLACEMENT, "p"),
    ("admin", "/forloeb/{p}", A.VIEW, S.PLACEMENT, "p"),
    ("consultant", "/forloeb/{p}/opfoelgning/{f}", A.VIEW, S.FOLLOWUP, "f"),
    ("admin", "/forloeb/{p}/opfoelgning/{f}", A.VIEW, S.FOLLOWUP, "f"),
    ("consultant", "/aftaler/{p}/version-1.pdf", A.DOWNLOAD, S.AGREEMENT, "a"),
    ("employer", "/aftaler/{p}/version-1.pdf", A.DOWNLOAD, S.AGREEMENT, "a"),
    ("citizen", "/aftaler/{p}/version-1.pdf", A.DOWNLOAD, S.AGREEMENT, "a"),
    ("employer", "/virksomhed/forslag/{p}", A.VIEW, S.PLACEMENT, "p"),
    ("citizen", "/mine-tilbud/{p}", A.VIEW, S.PLACEMENT, "p"),
    ("citizen", "/mig/maal", A.VIEW, S.GOALS, None),
    ("citizen", "/mig/oensker", A.VIEW, S.PROFILE, None),
]


def _ids(world: World) -> dict:
    return {
        "c": world.candidate.id,
        "p": world.placement.id,
        "f": world.followup.id,
        "a": world.agreement_id,
    }


@pytest.mark.parametrize(
    "who, path, action, subject, target",
    PAGES,
    ids=[f"{who} {path}" for who, path, *_rest in PAGES],
)
def test_each_page_with_a_citizens_data_writes_one_row(
    app, world, who, path, action, subject, target
):
    user = getattr(world, who)
    ids = _ids(world)
    client = signed_in(app, user)
    assert get(client, path.format(**ids)) == [
        row(user, action, subject, world.candidate.id, ids.get(target))
    ]


@pytest.mark.parametrize(
    "who, path",
    [("consultant", "/borgere"), ("citizen", "/mine-tilbud"), ("employer", "/virksomhed/")],
)
def test_lists_and_home_pages_are_not_logged(app, world, who, path):
    # A list names many citizens at once and opens none of them; the log holds the looks at one.
    assert get(signed_in(app, getattr(world, who)), path) == []


def test_a_refused_request_writes_no_row(app, world):
    consultant = signed_in(app, world.consultant)
    assert get(consultant, f"/borgere/{world.other.id}", status=404) == []
    assert get(consultant, f"/forloeb/{world.other_placement.id}", status=404) == []
    assert (
        post(
            consultant,
            f"/forloeb/{world.other_placement.id}/aftale",
            {"start_date": TODAY.isoformat(), "hours_per_week": "10"},
            form_page="/borgere",
            status=404,
        )
        == []
    )
    stranger = signed_in(app, create_user(Role.EMPLOYER))
    assert get(stranger, f"/virksomhed/forslag/{world.placement.id}", status=404) == []
    assert get(stranger, f"/aftaler/{world.placement.id}/version-1.pdf", status=404) == []
    # A page the role may not open at all.
    assert get(signed_in(app, world.manager), f"/forloeb/{world.placement.id}", status=403) == []


def test_a_refused_save_shows_the_page_again_and_logs_only_the_look(app, world):
    consultant = signed_in(app, world.consultant)
    path = f"/borgere/{world.candidate.id}/journal"
    assert post(consultant, path, {"text": "  "}, form_page=path, status=200) == [
        row(world.consultant, A.VIEW, S.JOURNAL, world.candidate.id)
    ]
    assert db.session.scalars(select(JournalEntry)).all() == []


# --- the consultant's changes -------------------------------------------------------------------


def _catalogue_need() -> dict:
    first = db.session.scalars(select(Adaptation).order_by(Adaptation.id)).first()
    return {f"need_{first.id}": "behov"}


def profile_data(**changes) -> dict:
    return {
        "name": "Bent Borg",
        "birth_date": "1990-01-01",
        "email": "bent@example.dk",
        "postcode": "8800",
        "city": "Viborg",
        "status": "looking",
        "places": "8800",
        "max_hours": "15",
        "kinds": ["internship"],
        **_catalogue_need(),
        **changes,
    }


def test_creating_and_changing_a_profile(app, world):
    consultant = signed_in(app, world.consultant)
    rows = post(consultant, "/borgere/ny", profile_data(), form_page="/borgere/ny")
    created = db.session.scalar(select(Candidate).where(Candidate.name == "Bent Borg"))
    assert rows == [row(world.consultant, A.CREATE, S.PROFILE, created.id)]

    path = f"/borgere/{world.candidate.id}/ret"
    assert post(consultant, path, profile_data(name="Asta A. Andersen"), form_page=path) == [
        row(world.consultant, A.CHANGE, S.PROFILE, world.candidate.id)
    ]


def test_saving_the_cpr_number(app, world):
    consultant = signed_in(app, world.consultant)
    born = create_candidate(world.candidate.municipality, birth_date=date(1990, 1, 1))
    path = f"/borgere/{born.id}"
    assert post(consultant, f"{path}/cpr", {"cpr": "0101901234"}, form_page=f"{path}/ret") == [
        row(world.consultant, A.CHANGE, S.CPR, born.id)
    ]


def test_goals_steps_and_ticks(app, world):
    consultant = signed_in(app, world.consultant)
    cid = world.candidate.id
    base = f"/borgere/{cid}/maal"
    rows = post(consultant, base, {"nytmaal-title": "Arbejde 10 timer"}, form_page=base)
    goal = db.session.scalar(select(Goal).where(Goal.candidate_id == cid))
    assert rows == [row(world.consultant, A.CREATE, S.GOALS, cid, goal.id)]

    assert post(
        consultant,
        f"{base}/{goal.id}/trin",
        {f"trin{goal.id}-title": "Tage bussen"},
        form_page=base,
        token_field=f"trin{goal.id}-csrf_token",
    ) == [row(world.consultant, A.CREATE, S.GOALS, cid, goal.id)]
    step = db.session.scalar(select(GoalStep).where(GoalStep.goal_id == goal.id))
    assert post(consultant, f"{base}/{goal.id}/trin/{step.id}/udfoert", {}, form_page=base) == [
        row(world.consultant, A.CHANGE, S.GOALS, cid, goal.id)
    ]


def test_a_journal_note(app, world):
    consultant = signed_in(app, world.consultant)
    path = f"/borgere/{world.candidate.id}/journal"
    rows = post(consultant, path, {"text": "Første samtale"}, form_page=path)
    entry = db.session.scalar(select(JournalEntry))
    assert rows == [row(world.consultant, A.CREATE, S.JOURNAL, world.candidate.id, entry.id)]


def test_an_invitation_to_the_portal(app, world):
    consultant = signed_in(app, world.consultant)
    fresh = create_candidate(
        world.candidate.municipality,
        name="Ny Borger",
        email="ny@example.dk",
        consultant=world.consultant,
    )
    assert post(
        consultant, f"/borgere/{fresh.id}/inviter", {}, form_page=f"/borgere/{fresh.id}", status=302
    ) == [row(world.consultant, A.CHANGE, S.PROFILE, fresh.id)]


def test_a_proposal(app, world):
    consultant = signed_in(app, world.consultant)
    opening = create_opening(create_employer(employees=40), title="Butik")
    cid = world.candidate.id
    rows = post(
        consultant,
        f"/borgere/{cid}/foreslaa",
        {"opening_id": str(opening.id)},
        form_page=f"/borgere/{cid}/job",
    )
    made = db.session.scalar(select(Placement).where(Placement.opening_id == opening.id))
    assert rows == [row(world.consultant, A.CREATE, S.PLACEMENT, cid, made.id)]


PLACEMENT_POSTS = [
    # The agreement's one form: period, plan and terms.
    (
        "aftale",
        {
            "start_date": START.isoformat(),
            "end_date": (START + timedelta(weeks=10, days=-1)).isoformat(),
            "hours_per_week": "10",
            "hours_plan": "1: 10\n5: 15",
            "tasks": "Sortere returvarer",
            "working_times": "9-13",
        },
    ),
    ("annuller", {"annuller-note": "Borgeren flytter"}),
]


@pytest.mark.parametrize("action, data", PLACEMENT_POSTS, ids=[p[0] for p in PLACEMENT_POSTS])
def test_changes_on_the_placement_page(app, world, action, data):
    path = f"/forloeb/{world.placement.id}"
    assert post(signed_in(app, world.consultant), f"{path}/{action}", data, form_page=path) == [
        row(world.consultant, A.CHANGE, S.PLACEMENT, world.candidate.id, world.placement.id)
    ]


def test_a_paper_confirmation_and_a_follow_up(app, world):
    consultant = signed_in(app, world.consultant)
    path = f"/forloeb/{world.placement.id}"
    agreement_id = world.agreement_id
    assert post(
        consultant,
        f"{path}/papir",
        {"version": "1", "party": "employer", "note": "Underskrevet på mødet"},
        form_page=path,
    ) == [row(world.consultant, A.CHANGE, S.AGREEMENT, world.candidate.id, agreement_id)]

    followup = world.followup
    assert post(
        consultant,
        f"{path}/opfoelgning/{followup.id}",
        {
            "wellbeing": "4",
            "hours_worked": "12",
            "wellbeing_note": "Trives",
            "works": "Faste opgaver",
            "does_not_work": "Larm",
            "adaptations_add": "",
            "adaptations_drop": "",
            "next_step": "15 timer",
            "shared_with_citizen": "y",
        },
        form_page=f"{path}/opfoelgning/{followup.id}",
    ) == [row(world.consultant, A.CHANGE, S.FOLLOWUP, world.candidate.id, followup.id)]


@pytest.mark.parametrize(
    "who, page",
    [
        ("consultant", "/forloeb/{p}"),
        ("employer", "/virksomhed/forslag/{p}"),
        ("citizen", "/mine-tilbud/{p}"),
    ],
)
def test_each_party_confirms_the_agreement(app, world, who, page):
    user, page = getattr(world, who), page.format(p=world.placement.id)
    assert post(
        signed_in(app, user),
        f"/aftaler/{world.placement.id}/bekraeft",
        {"version": "1", "next": page},
        form_page=page,
    ) == [row(user, A.CHANGE, S.AGREEMENT, world.candidate.id, world.agreement_id)]


# --- the company's and the citizen's changes ----------------------------------------------------


def test_the_company_answers_and_writes_on_a_follow_up(app, world):
    employer = signed_in(app, world.employer)
    proposal = create_placement(
        candidate=world.candidate,
        opening=create_opening(world.employer.employer, title="Kontor"),
        consultant=world.consultant,
    )
    path = f"/virksomhed/forslag/{proposal.id}"
    assert post(employer, path, {"reason": "", "accept": "Ja, vi vil gerne"}, form_page=path) == [
        row(world.employer, A.CHANGE, S.PLACEMENT, world.candidate.id, proposal.id)
    ]

    followup = world.followup
    path = f"/virksomhed/forslag/{world.placement.id}"
    assert post(
        employer,
        f"{path}/opfoelgning/{followup.id}",
        {f"followup-{followup.id}-view": "Det går fint"},
        form_page=path,
    ) == [row(world.employer, A.CHANGE, S.FOLLOWUP, world.candidate.id, followup.id)]


def test_the_citizen_answers_an_offer_and_keeps_goals_and_wishes(app, world):
    citizen = signed_in(app, world.citizen)
    cid = world.candidate.id
    offer = create_placement(candidate=world.candidate, consultant=world.consultant)
    assert post(
        citizen, f"/mine-tilbud/{offer.id}/svar", {"accept": "Ja tak"}, form_page="/mine-tilbud"
    ) == [row(world.citizen, A.CHANGE, S.PLACEMENT, cid, offer.id)]

    rows = post(citizen, "/mig/maal", {"goal-title": "Arbejde i en butik"}, form_page="/mig/maal")
    goal = db.session.scalar(select(Goal).where(Goal.candidate_id == cid))
    assert rows == [row(world.citizen, A.CREATE, S.GOALS, cid, goal.id)]
    assert post(
        citizen, f"/mig/maal/{goal.id}/trin", {"title": "Ringe til Netto"}, form_page="/mig/maal"
    ) == [row(world.citizen, A.CREATE, S.GOALS, cid, goal.id)]
    step = db.session.scalar(select(GoalStep).where(GoalStep.goal_id == goal.id))
    for action in ("udfoert", "ikke-udfoert"):
        assert post(
            citizen, f"/mig/maal/{goal.id}/trin/{step.id}/{action}", {}, form_page="/mig/maal"
        ) == [row(world.citizen, A.CHANGE, S.GOALS, cid, goal.id)]

    assert post(
        citizen,
        "/mig/oensker",
        {"max_hours": "15", "kinds": ["internship"], "postcodes": "8800"},
        form_page="/mig/oensker",
    ) == [row(world.citizen, A.CHANGE, S.PROFILE, cid)]


# --- nobody changes a row ------------------------------------------------------------------------


def _saved_row(world: World) -> AuditEvent:
    event = audit.record(A.VIEW, S.PROFILE, world.candidate, actor=world.consultant)
    db.session.commit()
    return event


def test_a_row_cannot_be_changed_or_deleted_through_the_session(world):
    event = _saved_row(world)
    event.address = "192.0.2.1"
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditImmutable):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).address == ""


def test_bulk_statements_on_the_log_are_refused(world):
    event = _saved_row(world)
    with pytest.raises(AuditImmutable):
        db.session.execute(update(AuditEvent).values(address="192.0.2.1"))
    db.session.rollback()
    with pytest.raises(AuditImmutable):
        db.session.execute(delete(AuditEvent).where(AuditEvent.id == event.id))
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id) is not None


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET address = '192.0.2.1'", "DELETE FROM audit_events"]
)
def test_the_database_refuses_raw_sql_on_postgresql(world, statement):
    if db.engine.dialect.name != "postgresql":
        pytest.skip(
            "the trigger of migration 0008 exists on PostgreSQL only; SQLite is for "
            "development and tests, and has only the session's guard"
        )
    event = _saved_row(world)
    with pytest.raises(DBAPIError, match="cannot be changed or deleted"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).address == ""


# --- the admin's search -------------------------------------------------------------------------


def _event(
    actor: User | None, candidate: Candidate, at: datetime, action=A.VIEW, subject=S.PROFILE
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_role=actor.role.value if actor else "system",
        candidate_id=candidate.id,
        action=action,
        subject=subject,
        at=at,
        address="10.0.0.9",
    )
    db.session.add(event)
    return event


@pytest.fixture
def logged(world):
    """Four rows: Jens on Asta and Ole, Lene on Asta, the scheduler on Ole."""
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    events = {
        "jens_asta": _event(world.consultant, world.candidate, at),
        "jens_ole": _event(
            world.consultant, world.other, at + timedelta(hours=1), A.CHANGE, S.JOURNAL
        ),
        "lene_asta": _event(world.manager, world.candidate, at + timedelta(hours=2)),
        "system_ole": _event(None, world.other, at + timedelta(hours=3), A.ERASE),
    }
    db.session.commit()
    return {key: event.id for key, event in events.items()}


def found(**fields) -> list[int]:
    return [event.id for event in db.session.scalars(audit_log.search(**fields))]


def test_search_by_citizen_and_by_user_finds_exactly_their_rows(world, logged):
    assert found(citizen="asta") == [logged["lene_asta"], logged["jens_asta"]]  # newest first
    assert found(citizen=str(world.other.id)) == [logged["system_ole"], logged["jens_ole"]]
    assert found(user="Jens") == [logged["jens_ole"], logged["jens_asta"]]
    assert found(user="hansen@viborg") == [logged["jens_ole"], logged["jens_asta"]]
    assert found(citizen="Ole", user="jens") == [logged["jens_ole"]]
    assert found(citizen="%") == [] and found(citizen="99999999999999999999") == []
    assert len(found()) == 4


def test_the_period_counts_whole_danish_days(world):
    # 23:30 UTC on 1 March is 00:30 on 2 March in Copenhagen; 22:30 UTC is still 1 March.
    late = _event(world.consultant, world.candidate, datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    early = _event(world.consultant, world.candidate, datetime(2026, 3, 1, 22, 30, tzinfo=UTC))
    db.session.commit()
    assert found(date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)) == [late.id]
    assert found(date_to=date(2026, 3, 1)) == [early.id]


TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)


def table_rows(html: str) -> list[str]:
    body = TBODY.search(html)
    return (
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
        ]
        if body
        else []
    )


def test_the_admin_page_shows_who_what_whom_and_where(app, world, logged):
    admin = signed_in(app, world.admin)
    html = admin.get("/admin/revision?borger=Asta").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 2
    assert "Lene Leder, leder" in rows[0] and "Jens Hansen, jobkonsulent" in rows[1]
    assert all("Så profil" in r and "Asta Andersen" in r and "10.0.0.9" in r for r in rows)
    # 09:00 UTC is 10:00 in Copenhagen in March.
    assert "2. mar. 2026 10.00.00" in rows[1]
    assert 'value="Asta"' in html  # the search stays in the field

    rows = table_rows(admin.get("/admin/revision?bruger=jens").get_data(as_text=True))
    assert len(rows) == 2 and "Ændrede journal" in rows[0] and "Ole Andet" in rows[0]
    everything = table_rows(admin.get("/admin/revision").get_data(as_text=True))
    # Newest first: the admin's own sign-in, then the scheduler's row.
    assert len(everything) == 5 and "Loggede ind med adgangskode" in everything[0]
    assert "Anne Admin" in everything[0] and "Systemet" in everything[1]


def _post_search(client, fields: dict):
    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/admin/revision").get_data(as_text=True)
    ).group(1)
    return client.post("/admin/revision", data={"csrf_token": token, **fields})


def test_a_search_is_posted_and_becomes_the_lists_address_without_a_cpr_number(app, world, logged):
    world.candidate.cpr = "0101901234"
    db.session.commit()
    admin = signed_in(app, world.admin)
    by_name = _post_search(admin, {"borger": "Asta", "bruger": "", "fra": "2026-03-01"})
    assert by_name.status_code == 302
    assert by_name.headers["Location"] == "/admin/revision?borger=Asta&fra=2026-03-01"

    by_cpr = _post_search(admin, {"borger": "010190-1234"})
    assert by_cpr.headers["Location"] == f"/admin/revision?borger={world.candidate.id}"
    assert len(table_rows(admin.get(by_cpr.headers["Location"]).get_data(as_text=True))) == 2

    unknown = _post_search(admin, {"borger": "020291-5678", "bruger": "jens"})
    page = unknown.get_data(as_text=True)
    assert unknown.status_code == 200 and unknown.headers["Cache-Control"] == "no-store"
    assert "Ingen borger har dette CPR-nummer." in page and 'value="jens"' in page
    not_a_date = _post_search(admin, {"borger": "991399-1234"}).get_data(as_text=True)
    assert "Skriv CPR-nummeret som 10 cifre" in not_a_date


def test_an_erased_citizen_is_not_named_and_no_cpr_is_shown(app, world, logged):
    world.candidate.cpr = "0101901234"
    world.candidate.anonymised_at = datetime.now(UTC)
    db.session.commit()
    html = (
        signed_in(app, world.admin)
        .get(f"/admin/revision?borger={world.candidate.id}")
        .get_data(as_text=True)
    )
    rows = table_rows(html)
    assert len(rows) == 2 and all("Anonymiseret borger" in r for r in rows)
    assert "Asta Andersen" not in "".join(rows)
    assert "0101901234" not in html and "010190" not in html


def test_results_come_fifty_to_a_page(app, world):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for minute in range(51):
        _event(world.consultant, world.candidate, start + timedelta(minutes=minute))
    db.session.commit()
    admin = signed_in(app, world.admin)
    first = admin.get("/admin/revision?bruger=Jens").get_data(as_text=True)
    assert len(table_rows(first)) == 50 and "Side 1 af 2" in first
    second = admin.get("/admin/revision?bruger=Jens&side=2").get_data(as_text=True)
    assert len(table_rows(second)) == 1 and "1. jan. 2026 01.00.00" in table_rows(second)[0]


@pytest.mark.parametrize(
    "args, field, message",
    [
        ("fra=2026-03-05&til=2026-03-01", "til", "Til-datoen ligger før Fra-datoen"),
        ("fra=31-02-2026", "fra", "Skriv en dato som år-måned-dag"),
        ("borger=" + "x" * 101, "borger", "Højst 100 tegn. Du har skrevet 101."),
    ],
)
def test_bad_input_is_explained_by_the_field_and_kept(app, world, logged, args, field, message):
    html = signed_in(app, world.admin).get(f"/admin/revision?{args}").get_data(as_text=True)
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    typed = dict(pair.split("=") for pair in args.split("&"))[field]
    assert f'value="{typed}"' in html
    assert table_rows(html) == []


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MANAGER, Role.EMPLOYER, Role.CITIZEN])
def test_only_admins_open_the_log(app, world, role):
    client = signed_in(app, create_user(role))
    assert client.get("/admin/revision").status_code == 403


def test_anonymous_people_are_sent_to_login(client):
    assert client.get("/admin/revision").status_code == 302
    assert client.get("/mine-oplysninger/adgang").status_code == 302


def test_the_admin_home_links_to_the_log(app, world):
    html = signed_in(app, world.admin).get("/admin/").get_data(as_text=True)
    assert 'href="/admin/revision"' in html


# --- the citizen's page ------------------------------------------------------------------------


def test_the_citizen_sees_who_looked_at_their_data(app, world):
    signed_in(app, world.consultant).get(f"/borgere/{world.candidate.id}")
    signed_in(app, world.employer).get(f"/virksomhed/forslag/{world.placement.id}")
    stranger = create_user(
        Role.CONSULTANT, municipality=world.other.municipality, name="Kaj Fremmed"
    )
    signed_in(app, stranger).get(f"/borgere/{world.other.id}")  # another citizen's row
    audit.record(A.ERASE, S.PROFILE, world.candidate, actor=None)  # as the scheduler would
    db.session.commit()
    citizen = signed_in(app, world.citizen)
    citizen.get("/mig/maal")

    portal = citizen.get("/mine-tilbud").get_data(as_text=True)
    assert 'href="/mine-oplysninger/adgang"' in portal
    html = citizen.get("/mine-oplysninger/adgang").get_data(as_text=True)
    rows = table_rows(html)
    assert len(rows) == 5
    assert "Dig selv" in rows[0] and "Så mål" in rows[0]
    # The citizen's own sign-in stands in their log too (a sign-in they did not make would).
    assert "Dig selv" in rows[1] and "Loggede ind med adgangskode" in rows[1]
    assert "Systemet" in rows[2] and "Slettede profil" in rows[2]
    assert "Erik Lagerchef, Hald Lager ApS" in rows[3] and "Så forløb" in rows[3]
    assert "Jens Hansen, jobkonsulent" in rows[4] and "Så profil" in rows[4]
    assert "Kaj Fremmed" not in html and "Ole Andet" not in html
    # Reading the log is not itself a look at the citizen's data.
    assert len(table_rows(citizen.get("/mine-oplysninger/adgang").get_data(as_text=True))) == 5


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MANAGER, Role.EMPLOYER, Role.ADMIN])
def test_only_citizens_open_their_access_page(app, world, role):
    assert signed_in(app, create_user(role)).get("/mine-oplysninger/adgang").status_code == 403


def test_a_citizen_login_without_a_profile_gets_404(app, world):
    lonely = create_user(Role.CITIZEN)
    lonely.candidate_id = None
    db.session.commit()
    assert signed_in(app, lonely).get("/mine-oplysninger/adgang").status_code == 404
