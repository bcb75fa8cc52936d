"""The citizen's own goals, wishes and interests: they keep them themselves, and see only theirs."""

from datetime import UTC, date, datetime, timedelta

import pytest

import placement.models
from placement.citizens import goals as goal_service
from placement.citizens import self_service
from placement.extensions import db
from placement.models import (
    CandidateKind,
    CandidatePlace,
    Goal,
    GoalStep,
    Kind,
    OpeningInterest,
    OpeningStatus,
    Role,
)
from tests.conftest import post_form
from tests.factories import create_candidate, create_opening, create_user

PAGES = ["/mig/maal", "/mig/oensker", "/mig/interesse"]


def goal_with_step(candidate, goal="Komme ud af huset", step="Gå en tur hver dag"):
    goal = Goal(candidate=candidate, title=goal)
    goal.steps.append(GoalStep(title=step))
    db.session.add(goal)
    db.session.commit()
    return goal


@pytest.fixture
def me(login):
    return login(Role.CITIZEN, candidate=create_candidate(name="Ida Iversen")).candidate


# --- goals and steps -------------------------------------------------------------------------


def test_a_citizen_adds_a_goal_with_a_date_and_sees_it(client, me):
    response = post_form(
        client,
        "/mig/maal",
        {"goal-title": "Arbejde i en butik", "goal-target_date": "2027-03-01"},
        form_page="/mig/maal",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Dit mål er gemt" in page and "Arbejde i en butik" in page
    goal = db.session.scalar(db.select(Goal).where(Goal.candidate_id == me.id))
    assert goal.title == "Arbejde i en butik" and goal.target_date == date(2027, 3, 1)


def test_an_empty_goal_is_refused_and_the_date_typed_is_kept(client, me):
    response = post_form(
        client,
        "/mig/maal",
        {"goal-title": "  ", "goal-target_date": "2027-03-01"},
        form_page="/mig/maal",
    )
    page = response.get_data(as_text=True)
    assert "Der er noget, der skal rettes" in page and 'value="2027-03-01"' in page
    assert db.session.scalar(db.select(db.func.count(Goal.id))) == 0


def test_a_citizen_adds_a_step_and_ticks_and_unticks_it(client, me):
    goal = goal_with_step(me)
    post_form(
        client, f"/mig/maal/{goal.id}/trin", {"title": "Ringe til Netto"}, form_page="/mig/maal"
    )
    db.session.expire_all()
    step = goal.steps[-1]
    assert step.title == "Ringe til Netto" and step.done_at is None

    page = post_form(
        client,
        f"/mig/maal/{goal.id}/trin/{step.id}/udfoert",
        {},
        form_page="/mig/maal",
        follow_redirects=True,
    ).get_data(as_text=True)
    db.session.expire_all()
    assert step.done_at is not None
    assert "Udført" in page and "1 af 2 trin er udført" in page and "Fjern flueben" in page

    post_form(client, f"/mig/maal/{goal.id}/trin/{step.id}/ikke-udfoert", {}, form_page="/mig/maal")
    db.session.expire_all()
    assert step.done_at is None


def test_an_empty_step_is_refused_next_to_its_goal(client, me):
    goal = goal_with_step(me)
    page = post_form(
        client, f"/mig/maal/{goal.id}/trin", {"title": ""}, form_page="/mig/maal"
    ).get_data(as_text=True)
    assert f'href="#trin-{goal.id}"' in page and 'aria-invalid="true"' in page
    db.session.expire_all()
    assert len(goal.steps) == 1


def test_ticking_twice_keeps_the_first_day():
    candidate = create_candidate()
    step = goal_with_step(candidate).steps[0]
    first = datetime(2026, 1, 5, 9, tzinfo=UTC)
    goal_service.tick_step(step, first)
    goal_service.tick_step(step, first + timedelta(days=3))
    assert step.done_at == first


@pytest.mark.parametrize("action", ["trin", "trin/{step}/udfoert", "trin/{step}/ikke-udfoert"])
def test_another_citizens_goal_and_step_are_out_of_reach(client, me, action):
    other = goal_with_step(create_candidate(name="Ole Olsen"))
    step = other.steps[0]
    done = datetime(2026, 1, 5, tzinfo=UTC) if "ikke" in action else None
    step.done_at = done
    db.session.commit()
    response = post_form(
        client,
        f"/mig/maal/{other.id}/" + action.format(step=step.id),
        {"title": "Indbrud"},
        form_page="/mig/maal",
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert [s.title for s in other.steps] == ["Gå en tur hver dag"]
    assert step.done_at == done


def test_a_step_must_belong_to_the_goal_in_the_address(client, me):
    mine = goal_with_step(me)
    other = goal_with_step(create_candidate())
    response = post_form(
        client, f"/mig/maal/{mine.id}/trin/{other.steps[0].id}/udfoert", {}, form_page="/mig/maal"
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert other.steps[0].done_at is None


def test_the_goals_page_shows_only_my_goals(client, me):
    goal_with_step(me, goal="Mit eget mål")
    goal_with_step(create_candidate(), goal="Andres hemmelige mål")
    page = client.get("/mig/maal").get_data(as_text=True)
    assert "Mit eget mål" in page and "Andres hemmelige mål" not in page


# --- preferences -----------------------------------------------------------------------------


def test_preferences_round_trip(client, me):
    db.session.add(CandidateKind(candidate_id=me.id, kind=Kind.FLEXJOB))
    db.session.add(CandidatePlace(candidate_id=me.id, postcode="8600"))
    db.session.commit()
    page = client.get("/mig/oensker").get_data(as_text=True)
    assert 'value="20"' in page and "8600" in page and "aktivitetstilbud" not in page

    response = post_form(
        client,
        "/mig/oensker",
        {
            "max_hours": "15",
            "kinds": ["internship", "supported_job"],
            "postcodes": "8800, 8850 8600,8800",
        },
        follow_redirects=True,
    )
    assert "Dine ønsker er gemt." in response.get_data(as_text=True)
    db.session.expire_all()
    assert me.max_hours == 15
    assert set(me.kinds_wanted) == {Kind.INTERNSHIP, Kind.SUPPORTED_JOB}
    assert [p.postcode for p in me.places] == ["8600", "8800", "8850"]

    page = client.get("/mig/oensker").get_data(as_text=True)
    assert "8600, 8800, 8850" in page and 'value="15"' in page


def test_an_empty_preferences_form_clears_the_wishes(client, me):
    db.session.add(CandidateKind(candidate_id=me.id, kind=Kind.FLEXJOB))
    db.session.commit()
    post_form(client, "/mig/oensker", {"max_hours": "", "postcodes": ""})
    db.session.expire_all()
    assert me.max_hours is None and me.kinds == [] and me.places == []


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"max_hours": "40"}, "max_hours", "Skriv et tal fra 1 til 37 timer om ugen."),
        ({"max_hours": "0"}, "max_hours", "Skriv et tal fra 1 til 37 timer om ugen."),
        ({"max_hours": "mange"}, "max_hours", "Skriv et helt tal"),
        ({"postcodes": "8800, 88"}, "postcodes", "»88« er ikke et postnummer"),
        ({"kinds": ["rocket_science"]}, "kinds", "Vælg blandt de slags arbejde"),
    ],
)
def test_bad_wishes_are_refused_next_to_the_field_and_nothing_is_saved(
    client, me, data, field, message
):
    sent = {"max_hours": "12", "kinds": ["flexjob"], "postcodes": "8800", **data}
    page = post_form(client, "/mig/oensker", sent).get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert 'href="#' + field + '"' in page
    if field == "postcodes":
        assert 'value="8800, 88"' in page
    if field == "max_hours":
        assert 'value="12"' not in page  # the typed value is shown, not the one saved
    db.session.expire_all()
    assert me.max_hours == 20 and me.kinds == [] and me.places == []


def test_the_core_refuses_all_problems_at_once_and_changes_nothing():
    candidate = create_candidate(max_hours=10)
    with pytest.raises(self_service.SelfServiceRefused) as refused:
        self_service.set_preferences(candidate, 40, [Kind.FLEXJOB], ["8800", "abcd"])
    assert {field for field, _message in refused.value.problems} == {"max_hours", "postcodes"}
    assert candidate.max_hours == 10 and candidate.kinds == [] and candidate.places == []


def test_saving_the_same_wishes_again_keeps_them():
    candidate = create_candidate()
    for _ in range(2):
        self_service.set_preferences(candidate, 12, [Kind.FLEXJOB, Kind.EDUCATION], ["8800"])
        db.session.commit()
    db.session.expire_all()
    assert set(candidate.kinds_wanted) == {Kind.FLEXJOB, Kind.EDUCATION}
    assert [p.postcode for p in candidate.places] == ["8800"]


# --- interests -------------------------------------------------------------------------------


def test_interests_show_my_own_newest_first_and_mark_closed_ones(client, me):
    now = datetime.now(UTC)
    old = create_opening(title="Gartnerhjælper", city="Viborg")
    new = create_opening(title="Kantinemedhjælper", city="Skive", postcode="7800")
    closed = create_opening(title="Lagerarbejde")
    others = create_opening(title="Andres plads")
    for opening, days in ((old, 10), (new, 1), (closed, 5)):
        db.session.add(
            OpeningInterest(
                candidate_id=me.id, opening_id=opening.id, created_at=now - timedelta(days=days)
            )
        )
    db.session.add(OpeningInterest(candidate_id=create_candidate().id, opening_id=others.id))
    closed.status = OpeningStatus.FILLED
    db.session.commit()

    page = client.get("/mig/interesse").get_data(as_text=True)
    order = [page.index(title) for title in ("Kantinemedhjælper", "Lagerarbejde", "Gartnerhjælper")]
    assert order == sorted(order)
    assert f'href="/ledige-pladser/{new.id}"' in page and f'href="/ledige-pladser/{old.id}"' in page
    assert f'href="/ledige-pladser/{closed.id}"' not in page
    assert "Lagerarbejde (ikke længere ledig)" in " ".join(page.split())
    assert new.employer.name in page and "7800 Skive" in page
    assert "Andres plads" not in page


def test_no_interests_yet(client, me):
    assert "Du har ikke vist interesse" in client.get("/mig/interesse").get_data(as_text=True)


# --- who may open the pages ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.EMPLOYER, Role.MANAGER, Role.ADMIN])
def test_other_roles_get_403(client, login, role):
    login(role)
    assert [client.get(path).status_code for path in PAGES] == [403, 403, 403]


def test_anonymous_people_are_sent_to_login(client):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_citizen_login_without_a_profile_gets_404(client, login):
    user = login(Role.CITIZEN)
    user.candidate_id = None
    db.session.commit()
    assert [client.get(path).status_code for path in PAGES] == [404, 404, 404]


def _visit_all(client):
    return " ".join(client.get(path).get_data(as_text=True) for path in PAGES)


def test_no_cpr_on_the_citizens_pages(client, me):
    me.cpr = "010190-1234"
    goal_with_step(me)
    db.session.add(OpeningInterest(candidate_id=me.id, opening_id=create_opening().id))
    db.session.commit()
    pages = _visit_all(client)
    assert "Komme ud af huset" in pages and "1234" not in pages


def test_no_journal_note_on_the_citizens_pages(client, me):
    journal = getattr(placement.models, "JournalEntry", None)
    if journal is None:
        pytest.skip("placement.models.JournalEntry does not exist yet (issue 4, consultant side)")
    secret = "Fortroligt: samtale om medicin"
    db.session.add(_journal_entry(journal, me, create_user(Role.CONSULTANT), secret))
    goal_with_step(me)
    assert secret not in _visit_all(client)


def _journal_entry(model, candidate, author, text):
    """A journal note, whatever the other helper named its text and author columns."""
    columns = model.__table__.columns.keys()
    fields = {"candidate_id": candidate.id, "text" if "text" in columns else "body": text}
    for name in ("author_id", "consultant_id", "user_id", "by_id"):
        if name in columns:
            fields[name] = author.id
    return model(**fields)
