"""The citizen holds their consent: nothing shared by default, each change kept with who and
when, the company's page follows it (and keeps what it answered on), forms saved twice or
untouched change nothing, and the citizen and the consultant cannot undo each other unseen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from placement.extensions import db
from placement.models import (
    Candidate,
    ConsentChange,
    ConsentItem,
    ConsentSource,
    PlacementStatus,
    Role,
)
from placement.placements import lifecycle
from placement.privacy import consent, erasure
from tests.conftest import log_in, statements_sent
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)
from tests.html_forms import shown_form

SKILLS = "Truckcertifikat og kassesystemer"
MINE, THEIRS = "/mine-oplysninger/deling", "/borgere/{}/deling"


@pytest.fixture
def people():
    viborg = create_municipality("Viborg", "791")
    mette = create_user(Role.CONSULTANT, municipality=viborg, name="Mette Konsulent")
    asta = create_candidate(
        viborg,
        name="Asta Andersen",
        consultant=mette,
        skills=SKILLS,
        email="asta@example.dk",
        phone="11 22 33 44",
    )
    citizen = create_user(Role.CITIZEN, candidate=asta, name="Asta Andersen")
    company = create_employer(name="Hald Lager ApS")
    erik = create_user(Role.EMPLOYER, employer=company, name="Erik Lagerchef")
    proposal = create_placement(
        asta, create_opening(company, title="Lagerpraktik"), consultant=mette
    )
    return {
        "viborg": viborg,
        "mette": mette,
        "asta": asta,
        "citizen": citizen,
        "company": company,
        "erik": erik,
        "proposal": proposal,
    }


def signed_in(app, user):
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302, "login failed"
    return client


def form_on(client, page: str) -> MultiDict:
    response = client.get(page)
    assert response.status_code == 200, page
    return MultiDict(shown_form(response.get_data(as_text=True)))


def chosen(form: MultiDict, **choices) -> MultiDict:
    """The form as shown, with some answers marked ("ja"/"nej") or unmarked (None)."""
    for name, value in choices.items():
        form.poplist(name)
        if value is not None:
            form[name] = value
    return form


def marked(page: str, name: str) -> str | None:
    """The answer a page's form has marked for `name`, as a browser would send it."""
    return MultiDict(shown_form(page)).get(name)


def company_page(app, people) -> str:
    page = signed_in(app, people["erik"]).get(f"/virksomhed/forslag/{people['proposal'].id}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def history(candidate) -> list[tuple]:
    db.session.expire_all()
    return [
        (row.item, row.shared, row.source, row.changed_by_id)
        for row in db.session.scalars(
            select(ConsentChange)
            .where(ConsentChange.candidate_id == candidate.id)
            .order_by(ConsentChange.id)
        )
    ]


def fresh(candidate) -> Candidate:
    db.session.expire_all()
    return db.session.get(Candidate, candidate.id)


# --- nothing by default -------------------------------------------------------------------------


def test_a_new_citizen_shares_nothing_beyond_the_name(app, people):
    asta = people["asta"]
    assert consent.choices_of(asta) == dict.fromkeys(ConsentItem)  # all "not chosen yet"
    page = company_page(app, people)
    assert "Asta Andersen" in page
    for private in (SKILLS, "asta@example.dk", "11 22 33 44", " år<"):
        assert private not in page, private
    assert "Borgeren har ikke valgt at dele sit behov for hjælp." in page

    mine = signed_in(app, people["citizen"]).get(MINE).get_data(as_text=True)
    assert mine.count("Ikke valgt endnu: virksomheder ser det ikke.") == len(ConsentItem)
    assert all(marked(mine, item.column) is None for item in ConsentItem)


# --- the citizen chooses, and the company's page follows ------------------------------------


def test_the_citizen_turns_skills_on_then_off_and_the_company_page_follows(app, people):
    asta, citizen = people["asta"], people["citizen"]
    client = signed_in(app, citizen)
    response = client.post(MINE, data=chosen(form_on(client, MINE), share_skills="ja"))
    assert response.status_code == 302
    assert SKILLS in company_page(app, people)

    response = client.post(
        MINE, data=chosen(form_on(client, MINE), share_skills="nej"), follow_redirects=True
    )
    assert "Valgene er gemt." in response.get_data(as_text=True)
    assert SKILLS not in company_page(app, people)
    assert fresh(asta).share_skills is False
    assert history(asta) == [
        (ConsentItem.SKILLS, True, ConsentSource.CITIZEN, citizen.id),
        (ConsentItem.SKILLS, False, ConsentSource.CITIZEN, citizen.id),
    ]
    page = client.get(MINE).get_data(as_text=True)
    assert page.count("Kompetencer og interesser – <strong>nej</strong>, valgt af dig selv.") == 1
    assert page.count("Kompetencer og interesser – <strong>ja</strong>, valgt af dig selv.") == 1


def test_the_citizen_sees_per_company_what_that_company_sees(app, people):
    asta, citizen = people["asta"], people["citizen"]
    other = create_placement(
        asta, create_opening(create_employer(name="Café Syd"), title="Køkkenhjælp")
    )
    consent.set_choices(asta, {ConsentItem.SKILLS: True, ConsentItem.CONTACT: True}, citizen)
    db.session.commit()
    # Café Syd answers now, on skills and contact; Hald Lager has not answered and follows
    # every later choice.
    lifecycle.answer_as_employer(other, yes=True, by=create_user(Role.EMPLOYER))
    consent.set_choices(asta, {ConsentItem.CONTACT: False, ConsentItem.AGE: True}, citizen)
    db.session.commit()

    page = signed_in(app, citizen).get(MINE).get_data(as_text=True)
    cards = page.split('<section class="card"')[1:]
    cafe = next(card for card in cards if "Café Syd: Køkkenhjælp" in card)
    hald = next(card for card in cards if "Hald Lager ApS: Lagerpraktik" in card)
    assert SKILLS in cafe and "asta@example.dk" not in cafe and " år</dd>" not in cafe
    assert "Virksomheden har svaret." in cafe
    assert SKILLS in hald and "asta@example.dk" not in hald and " år</dd>" in hald
    assert "Virksomheden har ikke svaret endnu." in hald
    # The very page the company sees.
    assert SKILLS in company_page(app, people) and " år</dd>" in company_page(app, people)


def test_after_the_company_answered_a_withdrawal_hides_and_a_new_yes_adds_nothing(people):
    asta, citizen, proposal = people["asta"], people["citizen"], people["proposal"]
    consent.set_choices(asta, {ConsentItem.SKILLS: True, ConsentItem.CONTACT: True}, citizen)
    lifecycle.answer_as_employer(proposal, yes=True, by=people["erik"])
    db.session.commit()
    assert proposal.consent_snapshot == "contact,skills"

    consent.set_choices(asta, {ConsentItem.GOALS: True, ConsentItem.CONTACT: False}, citizen)
    db.session.commit()
    assert consent.items_shown(proposal) == {ConsentItem.SKILLS}
    consent.set_choices(asta, {ConsentItem.CONTACT: True}, citizen)  # yes again: it saw it
    assert consent.items_shown(proposal) == {ConsentItem.SKILLS, ConsentItem.CONTACT}


def test_a_proposal_closed_before_the_company_answered_keeps_what_was_shared_then(people):
    asta, citizen, proposal = people["asta"], people["citizen"], people["proposal"]
    consent.set_choices(asta, {ConsentItem.AGE: True}, citizen)
    lifecycle.answer_as_citizen(proposal, yes=False, by=citizen, reason="")
    consent.set_choices(asta, {ConsentItem.SKILLS: True}, citizen)
    db.session.commit()
    assert proposal.status == PlacementStatus.DECLINED
    assert consent.items_shown(proposal) == {ConsentItem.AGE}


# --- saving: untouched, twice, bad input ------------------------------------------------------


def test_a_form_saved_untouched_writes_nothing(app, people):
    asta = people["asta"]
    client = signed_in(app, people["citizen"])
    version = asta.edit_version
    response = client.post(MINE, data=form_on(client, MINE), follow_redirects=True)
    assert "Der var ingen ændringer at gemme." in response.get_data(as_text=True)
    assert consent.choices_of(fresh(asta)) == dict.fromkeys(ConsentItem)  # still not chosen
    assert history(asta) == [] and fresh(asta).edit_version == version

    client.post(MINE, data=chosen(form_on(client, MINE), share_age="nej"))
    version = fresh(asta).edit_version
    client.post(MINE, data=form_on(client, MINE))
    assert len(history(asta)) == 1 and fresh(asta).edit_version == version


def test_the_same_post_twice_changes_nothing_the_second_time(app, people):
    asta = people["asta"]
    client = signed_in(app, people["citizen"])
    form = chosen(form_on(client, MINE), share_skills="ja", share_goals="nej")
    assert client.post(MINE, data=form).status_code == 302
    assert client.post(MINE, data=form).status_code == 302  # a double click, a reload
    assert [(item, shared) for item, shared, *_ in history(asta)] == [
        (ConsentItem.SKILLS, True),
        (ConsentItem.GOALS, False),
    ]


def test_a_choice_that_is_not_offered_is_explained_and_nothing_is_saved(app, people):
    asta = people["asta"]
    client = signed_in(app, people["citizen"])
    response = client.post(
        MINE, data=chosen(form_on(client, MINE), share_skills="ja", share_age="kanske")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vælg en af mulighederne." in page and 'href="#share_age"' in page
    assert marked(page, "share_skills") == "ja"  # what was chosen is kept
    assert history(asta) == [] and fresh(asta).share_skills is None


# --- the consultant, with the citizen ----------------------------------------------------------


def test_the_consultant_sets_a_choice_only_with_the_citizen_and_it_is_recorded_so(app, people):
    asta, mette = people["asta"], people["mette"]
    client = signed_in(app, mette)
    page = THEIRS.format(asta.id)
    response = client.post(page, data=chosen(form_on(client, page), share_contact="ja"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valgene er borgerens. Sæt kryds, når du har talt med borgeren om dem." in text
    assert marked(text, "share_contact") == "ja"
    assert history(asta) == [] and fresh(asta).share_contact is None

    form = chosen(form_on(client, page), share_contact="ja")
    form["with_citizen"] = "y"
    assert client.post(page, data=form).status_code == 302
    assert history(asta) == [
        (ConsentItem.CONTACT, True, ConsentSource.CONSULTANT_WITH_CITIZEN, mette.id)
    ]

    profile = client.get(f"/borgere/{asta.id}").get_data(as_text=True)
    assert "Kontaktoplysninger (e-mail og telefon): <strong>Ja</strong>" in profile
    assert "sat af jobkonsulent Mette Konsulent sammen med borgeren" in profile
    assert "Kompetencer og interesser: <strong>Ikke valgt endnu</strong>" in profile
    assert (
        "Kontaktoplysninger (e-mail og telefon) – <strong>ja</strong>, sat af jobkonsulent "
        "Mette Konsulent sammen med borgeren."
    ) in client.get(page).get_data(as_text=True)
    mine = signed_in(app, people["citizen"]).get(MINE).get_data(as_text=True)
    assert "<strong>ja</strong>, sat af jobkonsulent Mette Konsulent sammen med dig." in mine


def test_the_consultant_sees_the_citizens_own_choices_and_history(app, people):
    asta, citizen = people["asta"], people["citizen"]
    consent.set_choices(asta, {ConsentItem.GOALS: True}, citizen)
    db.session.commit()
    client = signed_in(app, people["mette"])
    assert "Mål: <strong>Ja</strong>" in client.get(f"/borgere/{asta.id}").get_data(as_text=True)
    page = client.get(THEIRS.format(asta.id)).get_data(as_text=True)
    assert "Sådan har borgerens valg ændret sig" in page
    assert "Mål – <strong>ja</strong>, valgt af borgeren selv." in page
    assert marked(page, "share_goals") == "ja"


def test_a_change_by_the_other_party_meanwhile_is_not_undone_unseen(app, people):
    asta = people["asta"]
    citizen, consultant = signed_in(app, people["citizen"]), signed_in(app, people["mette"])
    theirs = THEIRS.format(asta.id)
    citizens_form = chosen(form_on(citizen, MINE), share_contact="ja")
    assert citizen.post(MINE, data=citizens_form).status_code == 302
    stale = form_on(citizen, MINE)  # shows contact: yes

    form = chosen(form_on(consultant, theirs), share_contact="nej")
    form["with_citizen"] = "y"
    assert consultant.post(theirs, data=form).status_code == 302

    # The citizen's older form still says yes to contact and now also says yes to age: the
    # save would put back the consultant's no without the citizen having seen it.
    response = citizen.post(MINE, data=chosen(stale, share_age="ja"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Der er gemt ændringer, mens du skrev" in page
    assert "Virksomheder må se: Kontaktoplysninger (e-mail og telefon)" in page
    assert fresh(asta).share_contact is False and fresh(asta).share_age is None
    # Given back: the consultant's no, the citizen's own yes to age; one more press saves it.
    again = MultiDict(shown_form(page))
    assert again.get("share_contact") == "nej" and again.get("share_age") == "ja"
    assert citizen.post(MINE, data=again).status_code == 302
    assert (fresh(asta).share_contact, fresh(asta).share_age) == (False, True)


def test_a_change_of_another_item_meanwhile_is_no_conflict(app, people):
    asta = people["asta"]
    citizen, consultant = signed_in(app, people["citizen"]), signed_in(app, people["mette"])
    theirs = THEIRS.format(asta.id)
    stale = form_on(citizen, MINE)
    form = chosen(form_on(consultant, theirs), share_goals="ja")
    form["with_citizen"] = "y"
    assert consultant.post(theirs, data=form).status_code == 302
    assert citizen.post(MINE, data=chosen(stale, share_skills="ja")).status_code == 302
    assert (fresh(asta).share_goals, fresh(asta).share_skills) == (True, True)


# --- who may ------------------------------------------------------------------------------------


def test_only_the_citizen_and_consultants_of_the_municipality_open_the_pages(app, people):
    asta = people["asta"]
    elsewhere = create_user(Role.CONSULTANT, municipality=create_municipality("Skive", "779"))
    assert signed_in(app, elsewhere).get(THEIRS.format(asta.id)).status_code == 404
    assert signed_in(app, people["erik"]).get(THEIRS.format(asta.id)).status_code == 403
    assert signed_in(app, people["erik"]).get(MINE).status_code == 403
    assert signed_in(app, people["mette"]).get(MINE).status_code == 403
    other_citizen = create_user(Role.CITIZEN, candidate=create_candidate(people["viborg"]))
    page = signed_in(app, other_citizen).get(MINE).get_data(as_text=True)
    assert "Hald Lager" not in page and "Asta" not in page


def test_without_a_csrf_token_nothing_is_saved(app, people):
    client = signed_in(app, people["citizen"])
    form = chosen(form_on(client, MINE), share_skills="ja")
    del form["csrf_token"]
    client.post(MINE, data=form)
    assert history(people["asta"]) == []


def test_the_portal_links_to_the_choices(app, people):
    page = signed_in(app, people["citizen"]).get("/mine-tilbud").get_data(as_text=True)
    assert 'href="/mine-oplysninger/deling"' in page


def test_the_count_of_rows_is_one_per_changed_item(people):
    asta, citizen = people["asta"], people["citizen"]
    assert consent.set_choices(asta, dict.fromkeys(ConsentItem, True), citizen) == 5
    assert consent.set_choices(asta, dict.fromkeys(ConsentItem, True), citizen) == 0
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ConsentChange)) == 5


# --- before consent was recorded, and after erasure ---------------------------------------------


def test_a_choice_reset_by_the_migration_is_told_as_such(app, people):
    asta = people["asta"]
    db.session.add(
        ConsentChange(
            candidate_id=asta.id,
            item=ConsentItem.SKILLS,
            shared=True,
            source=ConsentSource.BEFORE_RECORDING,
        )
    )
    db.session.commit()
    told = (
        "Kompetencer og interesser – nulstillet til »ikke valgt endnu«, da Placement begyndte "
        "at gemme samtykke."
    )
    assert told in signed_in(app, people["mette"]).get(THEIRS.format(asta.id)).get_data(
        as_text=True
    )
    assert told in signed_in(app, people["citizen"]).get(MINE).get_data(as_text=True)


def test_erasure_removes_the_choices_their_history_and_what_answered_proposals_kept(people):
    asta, proposal = people["asta"], people["proposal"]
    consent.set_choices(asta, {ConsentItem.SKILLS: True}, people["citizen"])
    lifecycle.answer_as_employer(proposal, yes=False, by=people["erik"])
    db.session.commit()
    assert proposal.consent_snapshot == "skills"
    erasure.anonymise(asta)
    db.session.commit()
    assert history(asta) == [] and consent.choices_of(fresh(asta)) == dict.fromkeys(ConsentItem)
    assert proposal.consent_snapshot == "" and consent.items_shown(proposal) == frozenset()


def test_the_citizens_page_costs_the_same_with_one_proposal_or_many(app, people):
    asta = people["asta"]
    consent.set_choices(asta, dict.fromkeys(ConsentItem, True), people["citizen"])
    db.session.commit()
    client = signed_in(app, people["citizen"])
    with statements_sent() as one:
        assert client.get(MINE).status_code == 200
    for _ in range(5):
        create_placement(asta, create_opening(create_employer()))
    with statements_sent() as six:
        assert client.get(MINE).status_code == 200
    assert len(six) == len(one)
