"""The consultant edits a citizen's profile; CPR stays hidden; goals, journal and invitations."""

import logging
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import (
    Adaptation,
    Candidate,
    CandidateStatus,
    Goal,
    GoalStep,
    Invitation,
    JournalEntry,
    Kind,
    Role,
    User,
)
from tests.conftest import csrf_token, post_form
from tests.factories import create_candidate, create_user

CPR = "010190-1234"  # a made-up number for 1 January 1990
BORN = date(1990, 1, 1)


@pytest.fixture
def consultant(login, viborg):
    return login(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")


def catalogue():
    return db.session.scalars(select(Adaptation).order_by(Adaptation.id)).all()


def profile_data(**changes):
    first, second = catalogue()[:2]
    data = {
        "name": "Bent Borg",
        "birth_date": "1990-01-01",
        "email": "bent@example.dk",
        "phone": "12 34 56 78",
        "postcode": "8800",
        "city": "Viborg",
        "status": "paused",
        "places": "8800, 8830 8850",
        "max_hours": "15",
        "job_ready": "y",
        "kinds": ["internship", "flexjob"],
        "skills": "Truckcertifikat",
        "interests": "Dyr",
        f"need_{first.id}": "behov",
        f"need_{second.id}": "noedvendigt",
        "adaptation_note": "Har brug for ro",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def fresh(candidate) -> Candidate:
    db.session.expire_all()
    return db.session.get(Candidate, candidate.id)


# --- creating and editing -----------------------------------------------------------------------


def test_consultant_creates_a_citizen_and_every_field_round_trips(client, consultant):
    response = post_form(client, "/borgere/ny", profile_data())
    candidate = db.session.scalar(select(Candidate).where(Candidate.name == "Bent Borg"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/borgere/{candidate.id}"
    first, second = catalogue()[:2]
    assert candidate.municipality_id == consultant.municipality_id
    assert candidate.consultant_id == consultant.id
    assert (candidate.birth_date, candidate.email, candidate.phone) == (
        BORN,
        "bent@example.dk",
        "12 34 56 78",
    )
    assert (candidate.postcode, candidate.city, candidate.max_hours) == ("8800", "Viborg", 15)
    assert candidate.status == CandidateStatus.PAUSED and candidate.job_ready
    assert [p.postcode for p in candidate.places] == ["8800", "8830", "8850"]
    assert set(candidate.kinds_wanted) == {Kind.INTERNSHIP, Kind.FLEXJOB}
    assert (candidate.skills, candidate.interests) == ("Truckcertifikat", "Dyr")
    needs = {n.adaptation_id: n.must_have for n in candidate.needs}
    assert needs == {first.id: False, second.id: True}
    assert candidate.adaptation_note == "Har brug for ro"
    # What companies see is the citizen's choice, made on its own page: nothing yet.
    assert (
        candidate.share_contact,
        candidate.share_age,
        candidate.share_skills,
        candidate.share_adaptations,
        candidate.share_goals,
    ) == (None,) * 5

    form = client.get(f"/borgere/{candidate.id}/ret").get_data(as_text=True)
    assert 'value="8800, 8830, 8850"' in form
    assert re.search(
        r'<option selected value="noedvendigt">|<option value="noedvendigt" selected', form
    )
    assert re.search(r'checked[^>]*value="flexjob"|value="flexjob"[^>]*checked', form)


def test_a_new_profile_shares_nothing_and_has_no_sharing_boxes(client, consultant):
    page = client.get("/borgere/ny").get_data(as_text=True)
    assert 'name="share_' not in page
    assert "Virksomheder ser kun borgerens navn, indtil borgeren har valgt mere." in page
    # A sharing box posted anyway (a form from before, or forged) is not read.
    post_form(client, "/borgere/ny", profile_data(share_skills="y", share_contact="y"))
    candidate = db.session.scalar(select(Candidate).where(Candidate.name == "Bent Borg"))
    assert (candidate.share_skills, candidate.share_contact) == (None, None)
    assert candidate.consent_changes == []


def test_editing_replaces_places_kinds_and_needs(client, consultant, viborg):
    first, second = catalogue()[:2]
    candidate = create_candidate(viborg, name="Ulla Uændret", birth_date=BORN)
    post_form(client, f"/borgere/{candidate.id}/ret", profile_data(name="Ulla Ændret"))
    response = post_form(
        client,
        f"/borgere/{candidate.id}/ret",
        profile_data(
            name="Ulla Ændret",
            places="8830",
            kinds=["education"],
            **{f"need_{first.id}": "", f"need_{second.id}": "behov"},
        ),
    )
    assert response.status_code == 302
    candidate = fresh(candidate)
    assert candidate.name == "Ulla Ændret"
    assert [p.postcode for p in candidate.places] == ["8830"]
    assert candidate.kinds_wanted == [Kind.EDUCATION]
    assert {n.adaptation_id: n.must_have for n in candidate.needs} == {second.id: False}
    page = client.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    assert "Ulla Ændret" in page and "Uddannelsesforløb" in page


def test_bad_input_is_explained_kept_and_nothing_saved(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Per Før", birth_date=BORN, max_hours=20)
    response = post_form(
        client,
        f"/borgere/{candidate.id}/ret",
        profile_data(
            name="Per Efter",
            places="8800, 88A0",
            max_hours="50",
            email="ikke-en-mail",
            postcode="880",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv et tal fra 0 til 37." in page
    assert "Skriv en gyldig e-mailadresse" in page
    assert "Skriv et postnummer med 4 cifre." in page
    assert 'value="Per Efter"' in page and 'value="8800, 88A0"' in page and 'value="50"' in page
    candidate = fresh(candidate)
    assert (candidate.name, candidate.max_hours, candidate.places) == ("Per Før", 20, [])


def test_a_bad_reachable_postcode_is_named_next_to_the_field(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Pia Post", birth_date=BORN)
    page = post_form(
        client, f"/borgere/{candidate.id}/ret", profile_data(places="8800, 12345")
    ).get_data(as_text=True)
    assert 'id="places-error"' in page and "Ret: 12345" in page
    assert fresh(candidate).places == []


# --- another municipality sees nothing ------------------------------------------------------------


@pytest.fixture
def viborg_citizen(viborg):
    candidate = create_candidate(viborg, name="Vera Viborg", birth_date=BORN)
    goal = Goal(candidate=candidate, title="Møde til tiden")
    goal.steps.append(GoalStep(title="Stille vækkeur"))
    db.session.add(goal)
    db.session.commit()
    return candidate


@pytest.mark.parametrize("path", ["ret", "journal", "maal"])
def test_another_municipality_gets_404_on_every_page(
    client, login, silkeborg, viborg_citizen, path
):
    login(Role.CONSULTANT, municipality=silkeborg)
    assert client.get(f"/borgere/{viborg_citizen.id}/{path}").status_code == 404


@pytest.mark.parametrize(
    "path, data",
    [
        ("ret", None),  # the whole profile form, built inside the test (needs the database)
        ("cpr", {"cpr": CPR}),
        ("maal", {"nytmaal-title": "Fremmed mål"}),
        ("maal/{goal}/trin", {"trin{goal}-title": "Fremmed trin"}),
        ("maal/{goal}/trin/{step}/udfoert", {}),
        ("journal", {"text": "Fremmed notat"}),
        ("inviter", {}),
    ],
)
def test_another_municipality_gets_404_on_every_post(
    client, login, silkeborg, viborg_citizen, path, data
):
    login(Role.CONSULTANT, municipality=silkeborg)
    goal = viborg_citizen.goals[0]
    ids = {"goal": goal.id, "step": goal.steps[0].id}
    data = profile_data(name="Hacket") if data is None else data
    data = {key.format(**ids): value for key, value in data.items()}
    token = csrf_token(client, "/borgere")
    prefixed = {f"trin{goal.id}-csrf_token": token, "nytmaal-csrf_token": token}
    response = client.post(
        f"/borgere/{viborg_citizen.id}/{path.format(**ids)}",
        data={"csrf_token": token, **prefixed, **data},
    )
    assert response.status_code == 404
    candidate = fresh(viborg_citizen)
    assert candidate.name == "Vera Viborg" and candidate.cpr is None
    assert [g.title for g in candidate.goals] == ["Møde til tiden"]
    assert [s.title for s in candidate.goals[0].steps] == ["Stille vækkeur"]
    assert candidate.goals[0].steps[0].done_at is None
    assert db.session.scalars(select(JournalEntry)).all() == []
    assert db.session.scalars(select(Invitation)).all() == []
    assert db.session.scalar(select(User).where(User.role == Role.CITIZEN)) is None


def test_a_goal_of_another_citizen_is_404_even_in_the_same_municipality(
    client, consultant, viborg, viborg_citizen
):
    other = create_candidate(viborg, name="Anden Borger")
    goal = viborg_citizen.goals[0]
    token = csrf_token(client, "/borgere")
    response = client.post(
        f"/borgere/{other.id}/maal/{goal.id}/trin/{goal.steps[0].id}/udfoert",
        data={"csrf_token": token},
    )
    assert response.status_code == 404
    assert fresh(viborg_citizen).goals[0].steps[0].done_at is None


def test_a_citizen_may_not_open_the_journal_or_the_edit_form(client, login, viborg_citizen):
    login(Role.CITIZEN, candidate=viborg_citizen)
    assert client.get(f"/borgere/{viborg_citizen.id}/journal").status_code == 403
    assert client.get(f"/borgere/{viborg_citizen.id}/ret").status_code == 403


# --- CPR: entered once, never shown -------------------------------------------------------------


def test_cpr_is_set_once_masked_and_never_shown(client, consultant, viborg, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("werkzeug", "placement", "flask.app"):
        caplog.set_level(logging.DEBUG, logger=name)
    candidate = create_candidate(viborg, name="Cecilie Cpr", birth_date=BORN)
    urls = []

    def get(path):
        urls.append(path)
        response = client.get(path, follow_redirects=True)
        urls.extend(r.request.path for r in response.history)
        return response.get_data(as_text=True)

    edit = get(f"/borgere/{candidate.id}/ret")
    assert "Indtast CPR-nummer (kun én gang)" in edit
    response = post_form(
        client,
        f"/borgere/{candidate.id}/cpr",
        {"cpr": "0101901234"},
        form_page=f"/borgere/{candidate.id}/ret",
    )
    urls.append(response.headers["Location"])
    assert fresh(candidate).cpr == CPR

    pages = [
        get(f"/borgere/{candidate.id}"),
        get("/borgere"),
        get(f"/borgere/{candidate.id}/ret"),
        get(f"/borgere/{candidate.id}/journal"),
        get(f"/borgere/{candidate.id}/maal"),
    ]
    assert "CPR-nummeret er gemt." in pages[0]
    assert "010190-XXXX" in pages[0] and "010190-XXXX" in pages[2]
    assert "Indtast CPR-nummer" not in pages[2]

    again = post_form(
        client, f"/borgere/{candidate.id}/cpr", {"cpr": "010190-5678"}, form_page="/borgere"
    )
    assert "CPR-nummeret er allerede gemt" in again.get_data(as_text=True)
    assert fresh(candidate).cpr == CPR
    pages.append(again.get_data(as_text=True))

    for text in pages + urls + [record.getMessage() for record in caplog.records]:
        assert "1234" not in text and "5678" not in text, text[:200]
    assert "Cecilie Cpr" in pages[1]
    assert "010190" not in pages[1]  # the caseload lists no part of it


@pytest.mark.parametrize(
    "typed, message",
    [
        ("020190-1234", "CPR-nummeret passer ikke med fødselsdatoen."),
        ("311390-1234", "Skriv CPR-nummeret som 10 cifre"),
        ("12345", "Skriv CPR-nummeret som 10 cifre"),
    ],
)
def test_a_wrong_cpr_is_refused_and_not_shown_back(client, consultant, viborg, typed, message):
    candidate = create_candidate(viborg, name="Carl Cpr", birth_date=BORN)
    response = post_form(
        client, f"/borgere/{candidate.id}/cpr", {"cpr": typed}, form_page="/borgere"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert typed not in page
    assert fresh(candidate).cpr is None


def test_birth_date_cannot_be_changed_away_from_the_stored_cpr(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Dorte Dato", birth_date=BORN, cpr=CPR)
    page = post_form(
        client, f"/borgere/{candidate.id}/ret", profile_data(birth_date="1991-01-01")
    ).get_data(as_text=True)
    assert "Fødselsdatoen passer ikke med det gemte CPR-nummer." in page
    assert fresh(candidate).birth_date == BORN


# --- goals and steps ------------------------------------------------------------------------------


def test_goal_step_and_tick_record_progress(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Gitte Mål", birth_date=BORN)
    base = f"/borgere/{candidate.id}/maal"
    response = post_form(
        client,
        base,
        {"nytmaal-title": "Arbejde 10 timer om ugen", "nytmaal-target_date": "2027-06-01"},
    )
    assert response.status_code == 302
    goal = fresh(candidate).goals[0]
    assert (goal.title, goal.target_date) == ("Arbejde 10 timer om ugen", date(2027, 6, 1))

    token = csrf_token(client, base)
    client.post(
        f"{base}/{goal.id}/trin",
        data={f"trin{goal.id}-csrf_token": token, f"trin{goal.id}-title": "Tage bussen alene"},
    )
    step = fresh(candidate).goals[0].steps[0]
    assert step.title == "Tage bussen alene" and step.done_at is None

    before = datetime.now(UTC)
    client.post(f"{base}/{goal.id}/trin/{step.id}/udfoert", data={"csrf_token": token})
    db.session.expire_all()
    step = db.session.get(GoalStep, step.id)
    assert step.done_at is not None and step.done_at >= before - timedelta(seconds=1)
    page = client.get(base).get_data(as_text=True)
    assert "Udført" in page and "Tage bussen alene" in page
    profile = client.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    assert "1 af 1 trin udført" in profile


def test_an_empty_goal_or_step_is_refused(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Tom Tom", birth_date=BORN)
    base = f"/borgere/{candidate.id}/maal"
    page = post_form(client, base, {"nytmaal-title": "  "}, form_page="/borgere")
    assert page.status_code == 200 and "Skal udfyldes." in page.get_data(as_text=True)
    assert fresh(candidate).goals == []


# --- the journal ----------------------------------------------------------------------------------


def test_journal_notes_are_listed_newest_first(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Jens Journal", birth_date=BORN)
    path = f"/borgere/{candidate.id}/journal"
    post_form(client, path, {"entry_date": "2026-01-05", "text": "Første samtale"})
    post_form(client, path, {"text": "Ringede om praktik"})
    page = client.get(path).get_data(as_text=True)
    assert page.index("Ringede om praktik") < page.index("Første samtale")
    assert "Karin Konsulent" in page
    entries = db.session.scalars(select(JournalEntry).order_by(JournalEntry.id)).all()
    assert [e.entry_date for e in entries] == [date(2026, 1, 5), date.today()]
    assert all(e.author_id == consultant.id for e in entries)

    empty = post_form(client, path, {"text": ""})
    assert empty.status_code == 200 and "Skal udfyldes." in empty.get_data(as_text=True)
    assert len(db.session.scalars(select(JournalEntry)).all()) == 2


def test_the_journal_is_not_on_the_citizen_portal(client, login, viborg):
    candidate = create_candidate(viborg, name="Hemmelig Hans", birth_date=BORN)
    author = create_user(Role.CONSULTANT, municipality=viborg)
    db.session.add(
        JournalEntry(
            candidate=candidate,
            author=author,
            entry_date=date.today(),
            text="Internt notat om Hans",
        )
    )
    db.session.commit()
    login(Role.CITIZEN, candidate=candidate)
    assert "Internt notat" not in client.get("/mine-tilbud").get_data(as_text=True)


# --- inviting the citizen -------------------------------------------------------------------------

CODE = re.compile(r'class="invite-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


def invite(client, candidate):
    response = post_form(
        client, f"/borgere/{candidate.id}/inviter", {}, form_page=f"/borgere/{candidate.id}"
    )
    # Redirected to the code's own page, the code in no address.
    assert response.status_code == 302
    assert response.headers["Location"] == f"/borgere/{candidate.id}/kode"
    shown = client.get(response.headers["Location"])
    assert shown.headers["Cache-Control"] == "no-store"
    page = shown.get_data(as_text=True)
    return CODE.search(page).group(1), page


def activate(client, code, email, password="en lang sætning"):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/borgere/aktiver")})
    step_one = post_form(client, "/borgere/aktiver", {"code": code.lower()})
    return step_one, post_form(
        client,
        "/borgere/aktiver",
        {
            "code": code,
            "email": email,
            "password": password,
            "confirm": password,
        },
        form_page="/borgere/aktiver",
    )


def test_invitation_mails_the_code_and_activation_works_once(client, consultant, viborg, outbox):
    candidate = create_candidate(
        viborg, name="Mette Mail", birth_date=BORN, email="mette@example.dk"
    )
    code, page = invite(client, candidate)
    assert "Vi har sendt koden til mette@example.dk" in page
    assert "http://localhost/borgere/aktiver" in page
    assert len(outbox) == 1 and outbox[0]["to"] == "mette@example.dk"
    assert code in outbox[0]["body"] and "/borgere/aktiver" in outbox[0]["body"]
    invitation = db.session.scalar(select(Invitation))
    assert code.replace("-", "") not in invitation.code_hash
    assert invitation.expires_at.date() == (datetime.now(UTC) + timedelta(days=14)).date()
    assert "Borgeren er inviteret" in client.get(f"/borgere/{candidate.id}").get_data(as_text=True)

    step_one, done = activate(client, code, "mette@example.dk")
    assert 'value="mette@example.dk"' in step_one.get_data(as_text=True)
    assert done.status_code == 302 and done.headers["Location"] == "/mine-tilbud"
    assert client.get("/mine-tilbud").status_code == 200
    user = db.session.scalar(select(User).where(User.email == "mette@example.dk"))
    assert user.role == Role.CITIZEN and user.candidate_id == candidate.id
    assert user.municipality_id == viborg.id

    _, again = activate(client, code, "mette@example.dk", "en anden sætning")
    assert "Koden er forkert eller udløbet" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("en lang sætning")


def test_without_email_the_code_is_shown_and_the_citizen_chooses_an_email(
    client, consultant, viborg, outbox
):
    candidate = create_candidate(viborg, name="Ole Uden", birth_date=BORN)
    code, page = invite(client, candidate)
    assert "Der er ikke sendt en mail" in page and outbox == []
    assert db.session.scalar(select(User).where(User.role == Role.CITIZEN)) is None
    _, done = activate(client, code, "ole@example.dk")
    assert done.headers["Location"] == "/mine-tilbud"
    user = db.session.scalar(select(User).where(User.email == "ole@example.dk"))
    assert user.candidate_id == candidate.id and user.role == Role.CITIZEN


def test_the_registered_email_is_not_revealed_before_the_code_is_right(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Rie Rigtig", birth_date=BORN, email="rie@example.dk")
    invite(client, candidate)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/borgere/aktiver")})
    wrong = post_form(client, "/borgere/aktiver", {"code": "AAAA-BBBB"}).get_data(as_text=True)
    assert "Koden er forkert eller udløbet. Bed din jobkonsulent om en ny." in wrong
    assert "rie@example.dk" not in wrong
    bypass = post_form(
        client,
        "/borgere/aktiver",
        {
            "code": "AAAA-BBBB",
            "email": "x@example.dk",
            "password": "12345678x",
            "confirm": "12345678x",
        },
    )
    assert "Koden er forkert" in bypass.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "x@example.dk")) is None


def test_an_expired_code_is_refused(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Egon Udløbet", birth_date=BORN)
    code, _ = invite(client, candidate)
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    step_one, done = activate(client, code, "egon@example.dk")
    assert "Koden er forkert eller udløbet" in step_one.get_data(as_text=True)
    assert "Koden er forkert eller udløbet" in done.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "egon@example.dk")) is None


def test_a_new_invitation_replaces_the_unused_one(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Nina Ny", birth_date=BORN)
    old, _ = invite(client, candidate)
    new, _ = invite(client, candidate)
    assert len(db.session.scalars(select(Invitation)).all()) == 1
    step_one, _ = activate(client, old, "nina@example.dk")
    assert "Koden er forkert" in step_one.get_data(as_text=True)
    _, done = activate(client, new, "nina@example.dk")
    assert done.headers["Location"] == "/mine-tilbud"


def test_mismatched_passwords_keep_the_code_and_email(client, consultant, viborg):
    candidate = create_candidate(viborg, name="Pelle Password", birth_date=BORN)
    code, _ = invite(client, candidate)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/borgere/aktiver")})
    page = post_form(
        client,
        "/borgere/aktiver",
        {
            "code": code,
            "email": "pelle@example.dk",
            "password": "en lang sætning",
            "confirm": "noget andet helt",
        },
    ).get_data(as_text=True)
    assert "De to adgangskoder er ikke ens." in page
    assert 'value="pelle@example.dk"' in page
    assert db.session.scalar(select(Invitation)).used_at is None


def test_a_reload_of_the_code_page_shows_the_same_code_and_the_mailed_one_works(
    client, consultant, viborg, outbox
):
    candidate = create_candidate(
        viborg, name="Mette Mail", birth_date=BORN, email="mette@example.dk"
    )
    code, _page = invite(client, candidate)
    hash_before = db.session.scalar(select(Invitation.code_hash))
    again = client.get(f"/borgere/{candidate.id}/kode").get_data(as_text=True)
    assert CODE.search(again).group(1) == code and code in outbox[0]["body"]
    assert "Vi har sendt koden til mette@example.dk" in again
    assert len(outbox) == 1 and db.session.scalar(select(Invitation.code_hash)) == hash_before
    assert code not in client.get(f"/borgere/{candidate.id}").get_data(as_text=True)

    _step_one, done = activate(client, code, "mette@example.dk")  # the mailed code still works
    assert done.headers["Location"] == "/mine-tilbud"


def test_a_used_code_is_not_shown_again(client, consultant, viborg, outbox):
    candidate = create_candidate(viborg, name="Ole Uden", birth_date=BORN)
    code, _page = invite(client, candidate)
    invitation = db.session.scalar(select(Invitation))
    invitation.used_at = datetime.now(UTC)
    db.session.commit()
    response = client.get(f"/borgere/{candidate.id}/kode", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert code not in page and "Koden kan ikke vises igen." in page


def test_the_code_page_of_another_citizen_shows_no_code(client, consultant, viborg, outbox):
    candidate = create_candidate(viborg, name="Ole Uden", birth_date=BORN)
    other = create_candidate(viborg, name="Anna Anden", birth_date=BORN)
    code, _page = invite(client, candidate)
    page = client.get(f"/borgere/{other.id}/kode", follow_redirects=True).get_data(as_text=True)
    assert code not in page and "Anna Anden" in page
