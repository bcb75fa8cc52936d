"""In a real Chromium: anyone searches the board and reads an opening; a citizen shows interest;
every board page passes axe-core."""

import pytest
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import Kind, OpeningInterest, Role
from placement.notifications.outbox import send_due
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_employer, create_opening, create_user

pytestmark = pytest.mark.browser


def board_titles(page) -> list[str]:
    return page.locator(".offer-list h3").all_inner_texts()


def test_an_anonymous_visitor_filters_the_board_and_reads_an_opening(page):
    garden = create_employer(name="Grøn Have ApS")
    create_opening(
        garden,
        title="Gartnerhjælper",
        kind=Kind.FLEXJOB,
        adaptation_codes=("quiet_workspace", "extra_breaks"),
        description="Vi passer haver i Viborg.",
        mentor_available=True,
        mentor_name="Lis Holm",
        mentor_role="Gartner",
    )
    create_opening(garden, title="Fleksjob uden pauser", kind=Kind.FLEXJOB)
    create_opening(
        title="Lagerpraktik", kind=Kind.INTERNSHIP, adaptation_codes=("quiet_workspace",)
    )

    page.goto("/ledige-pladser/")
    assert page.locator("h1").inner_text() == "Ledige pladser"
    assert page.get_by_role("heading", name="3 ledige pladser").is_visible()
    assert_accessible(page)

    page.get_by_label("Type", exact=True).select_option(label="Fleksjob")
    page.get_by_text("Vælg hjælp på jobbet").click()  # opens the group of checkboxes
    page.get_by_label("Stille arbejdsplads").check()
    page.get_by_role("button", name="Søg").click()
    assert board_titles(page) == ["Gartnerhjælper"]
    assert page.get_by_label("Stille arbejdsplads").is_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Gartnerhjælper").click()
    assert page.locator("h1").inner_text() == "Gartnerhjælper"
    assert page.get_by_text("Vi passer haver i Viborg.").is_visible()
    assert page.get_by_text("Lis Holm, Gartner").is_visible()
    assert page.get_by_role("link", name="Log ind for at vise interesse").is_visible()
    assert page.get_by_role("button", name="Jeg er interesseret").count() == 0
    assert_accessible(page)


def test_a_search_without_results_explains_and_is_accessible(page):
    create_opening(title="Lagerpraktik", kind=Kind.INTERNSHIP)
    page.goto("/ledige-pladser/?kind=education&hours=abc")
    assert page.get_by_text("Ingen ledige pladser passer til din søgning.").is_visible()
    assert page.get_by_role("alert").filter(has_text="Skriv et helt tal.").is_visible()
    assert_accessible(page)


def test_a_citizen_shows_interest_and_sees_it_confirmed(page, outbox):
    consultant = create_user(Role.CONSULTANT)
    citizen = create_user(Role.CITIZEN)
    citizen.candidate.consultant = consultant
    db.session.commit()
    opening = create_opening(create_employer(name="Café Solsiden"), title="Køkkenhjælper")

    browser_log_in(page, citizen.email)
    page.goto(f"/ledige-pladser/{opening.id}")
    assert page.get_by_role("link", name="Log ind for at vise interesse").count() == 0
    assert_accessible(page)

    page.get_by_role("button", name="Jeg er interesseret").click()
    assert (
        page.get_by_role("status").filter(has_text="Din jobkonsulent har fået besked.").is_visible()
    )
    assert page.get_by_text("Du har vist interesse.").is_visible()
    assert page.get_by_role("button", name="Jeg er interesseret").count() == 0
    assert_accessible(page)

    assert db.session.scalar(select(func.count(OpeningInterest.id))) == 1
    send_due()
    assert [mail["to"] for mail in outbox] == [consultant.email]
