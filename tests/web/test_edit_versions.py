"""Two people editing the same record: the later save never quietly puts back what the earlier
one changed. Each form is loaded in two sessions, as a browser shows it (html_forms), a
different field is changed in each and both are saved: the second is refused with the first's
change (field, value, who), keeps its own input, and one more press puts it on top."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from werkzeug.datastructures import MultiDict

from placement.extensions import db
from placement.models import (
    Candidate,
    InternshipPurpose,
    Kind,
    Opening,
    OpeningStatus,
    Placement,
    PlacementStatus,
    Role,
)
from placement.placements import lifecycle
from tests.conftest import log_in
from tests.factories import (
    adaptations,
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form, typed
from tests.suite_day import SUITE_DAY

TODAY = SUITE_DAY
REFUSED = "Der er gemt ændringer, mens du skrev"


# --- helpers: two browsers, a form as shown, the conflict as the page tells it ----------------


def signed_in(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302, "login failed"
    return client


def form_on(client, page: str, action: str | None = None) -> list[tuple[str, str]]:
    response = client.get(page)
    assert response.status_code == 200, page
    return shown_form(response.get_data(as_text=True), action)


def value_of(fields, name: str) -> str:
    return [value for field, value in fields if field == name][0]


class _Conflict(HTMLParser):
    """The rows of the table of changes: (field, stored now, you wrote)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self._in, self._row, self._cell = [], False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "conflict" in (dict(attrs).get("class") or ""):
            self._in = True
        elif self._in and tag == "tr":
            self._row = []
        elif self._in and tag in ("th", "td") and self._row is not None:
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = False
        elif self._in and tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif self._in and tag == "tr" and self._row is not None:
            self.rows.append(tuple(self._row))
            self._row = None


def refused(response) -> str:
    """The page of a refused save; fails unless it is one."""
    assert response.status_code == 200, response.status_code
    page = response.get_data(as_text=True)
    assert REFUSED in page
    return page


def changes(page: str) -> list[tuple[str, str, str]]:
    parser = _Conflict()
    parser.feed(page)
    return parser.rows[1:]  # after the header row


@pytest.fixture
def people():
    viborg = create_municipality()
    mette = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    karl = create_user(Role.CONSULTANT, municipality=viborg, name="Karl Konsulent")
    company = create_employer(name="Hald Lager ApS", employees=40)
    erik = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    asta = create_candidate(
        viborg, name="Asta Andersen", consultant=mette, max_hours=20, skills="Truckkort"
    )
    citizen = create_user(Role.CITIZEN, candidate=asta, name="Asta Andersen")
    return {
        "viborg": viborg,
        "mette": mette,
        "karl": karl,
        "company": company,
        "erik": erik,
        "asta": asta,
        "citizen": citizen,
    }


@pytest.fixture
def agreed(people):
    """Asta's internship, agreed: version 1 of its agreement is written."""
    opening = create_opening(people["company"], title="Lagerpraktik", seats=2)
    start = TODAY + timedelta(days=7)
    placement = create_placement(
        candidate=people["asta"],
        opening=opening,
        consultant=people["mette"],
        status=PlacementStatus.ACCEPTED,
        start_date=start,
        end_date=start + timedelta(weeks=8),
        hours_per_week=10,
        tasks="Pakke varer",
        working_times="Man–tors kl. 9–13",
    )
    lifecycle.agree(placement, people["mette"], today=TODAY)
    db.session.commit()
    return placement


def reread(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


# --- the placement: terms, period, plan ---------------------------------------------------------


def test_terms_the_second_save_shows_the_first_and_one_more_press_keeps_both(app, people, agreed):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, action), form_on(karl, page, action)

    assert (
        mette.post(action, data=typed(mettes, working_times="Tirsdag kl. 8–12")).status_code == 302
    )
    assert reread(Placement, agreed.id).agreement.version == 2

    shown = refused(karl.post(action, data=typed(karls, tasks="Sortere returvarer")))
    assert changes(shown) == [("Arbejdstider", "Tirsdag kl. 8–12", "(ikke ændret af dig)")]
    assert "Senest gemt af Mette Konsulent:" in shown
    again = shown_form(shown, action)
    assert value_of(again, "tasks") == "Sortere returvarer"  # Karl's input, kept
    assert value_of(again, "working_times") == "Tirsdag kl. 8–12"  # Mette's, shown now
    assert reread(Placement, agreed.id).agreement.version == 2  # nothing written

    assert karl.post(action, data=MultiDict(again)).status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.tasks, placement.working_times) == ("Sortere returvarer", "Tirsdag kl. 8–12")
    assert placement.agreement.version == 3
    content = json.loads(placement.agreement.content_json)
    assert content["tasks"] == ["Sortere returvarer"]
    assert content["working_times"] == "Tirsdag kl. 8–12"
    assert placement.edit_version == 3 and placement.edited_by_id == people["karl"].id


def test_terms_both_changed_the_same_field_the_form_keeps_yours(app, people, agreed):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, action), form_on(karl, page, action)
    assert mette.post(action, data=typed(mettes, mentor_name="Jens")).status_code == 302

    shown = refused(karl.post(action, data=typed(karls, mentor_name="Ole")))
    assert changes(shown) == [("Mentorens navn", "Jens", "Ole")]
    assert "Ændret, mens du skrev. Feltet viser det, du skrev." in shown
    assert value_of(shown_form(shown, action), "mentor_name") == "Ole"


def test_the_same_person_in_two_windows_is_told_so(app, people, agreed):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    first, second = signed_in(app, people["mette"]), signed_in(app, people["mette"])
    firsts, seconds = form_on(first, page, action), form_on(second, page, action)
    assert first.post(action, data=typed(firsts, working_times="Fredag")).status_code == 302
    shown = refused(second.post(action, data=typed(seconds, tasks="Tælle lager")))
    assert "Senest gemt af dig selv i et andet vindue:" in shown


def test_period_the_second_save_shows_the_first_and_one_more_press_keeps_both(app, people, agreed):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, action), form_on(karl, page, action)
    new_end = (agreed.end_date + timedelta(weeks=2)).isoformat()

    assert mette.post(action, data=typed(mettes, end_date=new_end)).status_code == 302
    shown = refused(karl.post(action, data=typed(karls, hours_per_week="12")))
    [(label, theirs, yours)] = changes(shown)
    assert (label, yours) == ("Slutdato", "(ikke ændret af dig)")
    assert theirs != "(tomt)"
    again = shown_form(shown, action)
    assert (value_of(again, "end_date"), value_of(again, "hours_per_week")) == (new_end, "12")

    assert karl.post(action, data=MultiDict(again)).status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.end_date.isoformat(), placement.hours_per_week) == (new_end, 12)
    content = json.loads(placement.agreement.content_json)
    assert (content["end_date"], content["hours_per_week"]) == (new_end, 12)
    assert placement.agreement.version == 3


def test_plan_the_second_save_shows_the_first_plan_and_keeps_its_own(app, people, agreed):
    """The plan is one field: the second person sees the first one's plan beside their own,
    and pressing again stores theirs, now made with the other in view."""
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, action), form_on(karl, page, action)

    assert mette.post(action, data=typed(mettes, hours_plan="1: 10\n5: 15")).status_code == 302
    shown = refused(karl.post(action, data=typed(karls, hours_plan="1: 10\n3: 12")))
    assert changes(shown) == [("Optrapning af timer", "1: 10, 5: 15", "1: 10, 3: 12")]
    again = shown_form(shown, action)
    assert value_of(again, "hours_plan") == "1: 10\r\n3: 12"

    assert karl.post(action, data=MultiDict(again)).status_code == 302
    placement = reread(Placement, agreed.id)
    assert [(s.from_week, s.hours_per_week) for s in placement.hours_plan] == [(1, 10), (3, 12)]


def test_plan_a_change_of_the_starting_hours_meanwhile_is_named(app, people, agreed):
    """The plan's first step sets the starting hours: another person's change of them, made in
    the period form, is a change the plan's save would undo."""
    page = f"/forloeb/{agreed.id}"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    period = form_on(mette, page, f"{page}/aftale")
    plan = form_on(karl, page, f"{page}/aftale")
    assert mette.post(f"{page}/aftale", data=typed(period, hours_per_week="14")).status_code == 302
    shown = refused(karl.post(f"{page}/aftale", data=typed(plan, hours_plan="1: 10\n4: 15")))
    assert changes(shown) == [("Timer om ugen ved start", "14", "(ikke ændret af dig)")]


# --- what is no conflict -------------------------------------------------------------------


def test_the_same_save_posted_twice_is_saved_once_and_not_refused(app, people, agreed):
    """A double click: the second post finds its own change stored, and has nothing to do."""
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette = signed_in(app, people["mette"])
    save = typed(form_on(mette, page, action), working_times="Fredag")
    assert mette.post(action, data=save).status_code == 302
    assert mette.post(action, data=save).status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.edit_version, placement.agreement.version) == (2, 2)


def test_another_forms_fields_changed_meanwhile_are_no_conflict(app, people, agreed):
    """A newer version whose changes lie outside this form: nothing it shows was touched, so
    the save goes through (edit_versions.py says why)."""
    page = f"/forloeb/{agreed.id}"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    terms = form_on(mette, page, f"{page}/aftale")
    period = form_on(karl, page, f"{page}/aftale")
    assert (
        mette.post(f"{page}/aftale", data=typed(terms, working_times="Fredag")).status_code == 302
    )
    assert karl.post(f"{page}/aftale", data=typed(period, hours_per_week="12")).status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.working_times, placement.hours_per_week) == ("Fredag", 12)


def test_a_status_move_meanwhile_is_no_conflict(app, people):
    placement = create_placement(
        candidate=people["asta"],
        opening=create_opening(people["company"]),
        consultant=people["mette"],
        hours_per_week=10,
        start_date=TODAY + timedelta(days=7),
    )
    page, action = f"/forloeb/{placement.id}", f"/forloeb/{placement.id}/aftale"
    mette = signed_in(app, people["mette"])
    shown = form_on(mette, page, action)
    lifecycle.answer_as_employer(placement, True, people["erik"])
    db.session.commit()
    assert mette.post(action, data=typed(shown, hours_per_week="15")).status_code == 302
    assert reread(Placement, placement.id).hours_per_week == 15


def test_a_form_saved_unchanged_writes_nothing_and_counts_no_version(app, people, agreed):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    mette = signed_in(app, people["mette"])
    assert mette.post(action, data=MultiDict(form_on(mette, page, action))).status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.edit_version, placement.edited_at) == (1, None)
    assert placement.agreement.version == 1


# --- the citizen's profile, and the citizen's own wishes ------------------------------------


def test_profile_the_second_save_shows_the_first_and_one_more_press_keeps_both(app, people):
    asta = people["asta"]
    page = f"/borgere/{asta.id}/ret"
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, page), form_on(karl, page, page)

    assert mette.post(page, data=typed(mettes, phone="20 30 40 50")).status_code == 302
    shown = refused(karl.post(page, data=typed(karls, skills="Truckkort, kasse")))
    assert changes(shown) == [("Telefon", "20 30 40 50", "(ikke ændret af dig)")]
    assert "Senest gemt af Mette Konsulent:" in shown
    again = shown_form(shown, page)
    assert (value_of(again, "phone"), value_of(again, "skills")) == (
        "20 30 40 50",
        "Truckkort, kasse",
    )

    assert karl.post(page, data=MultiDict(again)).status_code == 302
    candidate = reread(Candidate, asta.id)
    assert (candidate.phone, candidate.skills) == ("20 30 40 50", "Truckkort, kasse")


def test_profile_needs_changed_meanwhile_are_named_and_shown_as_stored(app, people):
    asta = people["asta"]
    page = f"/borgere/{asta.id}/ret"
    breaks = adaptations("extra_breaks")[0]
    mette, karl = signed_in(app, people["mette"]), signed_in(app, people["karl"])
    mettes, karls = form_on(mette, page, page), form_on(karl, page, page)

    assert (
        mette.post(page, data=typed(mettes, **{f"need_{breaks.id}": "noedvendigt"})).status_code
        == 302
    )
    shown = refused(karl.post(page, data=typed(karls, name="Asta B. Andersen")))
    assert changes(shown) == [
        ("Behov for tilpasninger", "Ekstra pauser (nødvendig)", "(ikke ændret af dig)"),
    ]
    again = shown_form(shown, page)
    assert value_of(again, f"need_{breaks.id}") == "noedvendigt"
    assert value_of(again, "name") == "Asta B. Andersen"

    assert karl.post(page, data=MultiDict(again)).status_code == 302
    candidate = reread(Candidate, asta.id)
    assert candidate.name == "Asta B. Andersen"
    assert [(n.adaptation_id, n.must_have) for n in candidate.needs] == [(breaks.id, True)]


def test_the_citizens_wishes_meanwhile_refuse_the_consultants_old_profile_form(app, people):
    asta = people["asta"]
    page = f"/borgere/{asta.id}/ret"
    mette, citizen = signed_in(app, people["mette"]), signed_in(app, people["citizen"])
    profile = form_on(mette, page, page)
    wishes = form_on(citizen, "/mig/oensker")

    assert citizen.post("/mig/oensker", data=typed(wishes, max_hours="15")).status_code == 302
    shown = refused(mette.post(page, data=typed(profile, interests="Have og park")))
    assert changes(shown) == [("Højst timer pr. uge", "15", "(ikke ændret af dig)")]
    assert "Senest gemt af Asta Andersen:" in shown

    assert mette.post(page, data=MultiDict(shown_form(shown, page))).status_code == 302
    candidate = reread(Candidate, asta.id)
    assert (candidate.max_hours, candidate.interests) == (15, "Have og park")


def test_wishes_the_consultants_change_meanwhile_refuses_the_citizens_old_form(app, people):
    asta = people["asta"]
    page = f"/borgere/{asta.id}/ret"
    mette, citizen = signed_in(app, people["mette"]), signed_in(app, people["citizen"])
    wishes = form_on(citizen, "/mig/oensker")
    profile = form_on(mette, page, page)

    assert mette.post(page, data=typed(profile, kinds=["internship", "flexjob"])).status_code == 302
    shown = refused(citizen.post("/mig/oensker", data=typed(wishes, max_hours="25")))
    assert changes(shown) == [
        (
            "Den slags arbejde, jeg gerne vil have",
            "Virksomhedspraktik, Fleksjob",
            "(ikke ændret af dig)",
        )
    ]
    assert "Senest gemt af Mette Konsulent:" in shown
    again = shown_form(shown)
    assert value_of(again, "max_hours") == "25"
    assert sorted(value for name, value in again if name == "kinds") == ["flexjob", "internship"]

    assert citizen.post("/mig/oensker", data=MultiDict(again)).status_code == 302
    candidate = reread(Candidate, asta.id)
    assert candidate.max_hours == 25
    assert set(candidate.kinds_wanted) == {Kind.INTERNSHIP, Kind.FLEXJOB}


def test_wishes_a_profile_change_outside_the_wishes_is_no_conflict(app, people):
    asta = people["asta"]
    page = f"/borgere/{asta.id}/ret"
    mette, citizen = signed_in(app, people["mette"]), signed_in(app, people["citizen"])
    wishes = form_on(citizen, "/mig/oensker")
    profile = form_on(mette, page, page)
    assert mette.post(page, data=typed(profile, phone="11 22 33 44")).status_code == 302
    assert citizen.post("/mig/oensker", data=typed(wishes, max_hours="25")).status_code == 302
    candidate = reread(Candidate, asta.id)
    assert (candidate.phone, candidate.max_hours) == ("11 22 33 44", 25)


# --- an opening ----------------------------------------------------------------------------------


def test_opening_the_second_save_shows_the_first_and_one_more_press_keeps_both(app, people):
    opening = create_opening(
        people["company"],
        title="Lagerpraktik",
        seats=2,
        purpose=InternshipPurpose.SKILLS,
        status=OpeningStatus.PUBLISHED,
    )
    page = f"/opslag/{opening.id}/ret"
    erik, mette = signed_in(app, people["erik"]), signed_in(app, people["mette"])
    eriks, mettes = form_on(erik, page), form_on(mette, page)

    assert erik.post(page, data=typed(eriks, title="Lager og pakkeri")).status_code == 302
    shown = refused(mette.post(page, data=typed(mettes, seats="3")))
    assert changes(shown) == [("Titel", "Lager og pakkeri", "(ikke ændret af dig)")]
    assert "Senest gemt af Erik Lagerchef:" in shown
    again = shown_form(shown)
    assert (value_of(again, "title"), value_of(again, "seats")) == ("Lager og pakkeri", "3")

    assert mette.post(page, data=MultiDict(again)).status_code == 302
    opening = reread(Opening, opening.id)
    assert (opening.title, opening.seats) == ("Lager og pakkeri", 3)


def test_an_opening_closed_meanwhile_keeps_what_was_typed(app, people):
    opening = create_opening(
        people["company"], title="Lagerpraktik", purpose=InternshipPurpose.SKILLS
    )
    page = f"/opslag/{opening.id}/ret"
    mette = signed_in(app, people["mette"])
    shown = form_on(mette, page)
    opening.status = OpeningStatus.CLOSED
    db.session.commit()
    response = mette.post(page, data=typed(shown, description="Et travlt lager med 12 ansatte"))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Et lukket opslag kan ikke rettes." in text
    assert value_of(shown_form(text), "description") == "Et travlt lager med 12 ansatte"
