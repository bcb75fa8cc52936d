"""A company's sign-up with the CVR register configured: its facts fetched, an unknown number
refused, and a register that does not answer leaving the number for the jobcenter to check."""

from __future__ import annotations

from sqlalchemy import func, select

from placement.extensions import db
from placement.models import Employer, Role
from tests.conftest import log_in
from tests.cvr_server import KNOWN_CVR, UNKNOWN_CVR
from tests.factories import create_municipality, create_user
from tests.html_forms import shown_form, typed

PAGE = "/virksomhed/tilmeld"
FETCH = "Hent oplysninger fra CVR"


def contact(**changes):
    return {
        "contact_name": "Hanne Holm",
        "contact_email": "hanne@kornblomsten.dk",
        "password": "Rugbroed og kanelsnegle 7",
        **changes,
    }


def press(client, page: str, button: str | None = None, **fields):
    """Type into the form as the page shows it and press a button (None: Enter, which a
    browser sends without any button's name only when the form has no submit input)."""
    form = typed(shown_form(page), **fields)
    if button is not None:
        form.add(button, FETCH)
    return client.post(PAGE, data=form)


def companies() -> int:
    return db.session.scalar(select(func.count(Employer.id)))


def test_without_the_register_the_page_has_no_fetch_button(client):
    page = client.get(PAGE).get_data(as_text=True)
    assert FETCH not in page and 'name="fetch"' not in page


def test_the_fetch_button_fills_in_the_facts_and_keeps_what_was_typed(client, cvr_register):
    page = client.get(PAGE).get_data(as_text=True)
    assert FETCH in page
    answer = press(
        client,
        page,
        "fetch",
        cvr=f" {KNOWN_CVR[:4]} {KNOWN_CVR[4:]} ",
        name="Kornblomsten",
        p_number="1003388394",
        contact_name="Hanne Holm",
    ).get_data(as_text=True)
    assert "Oplysningerne er hentet fra CVR-registret" in answer
    assert 'value="Bageriet Kornblomsten ApS"' in answer  # the register's name wins
    assert 'value="Søndergade 12"' in answer and 'value="8800"' in answer
    assert 'value="Viborg"' in answer and 'value="23"' in answer
    assert "Fremstilling af friske bageriprodukter" in answer
    assert 'value="1003388394"' in answer and 'value="Hanne Holm"' in answer  # kept
    assert "Skal udfyldes." not in answer  # no complaints about what is still empty
    assert companies() == 0

    # The company fills in the rest and creates itself: the register's answer stands.
    sent = press(client, answer, **contact())
    assert sent.status_code == 302
    employer = db.session.scalar(select(Employer))
    assert (employer.name, employer.employees, employer.cvr_unchecked) == (
        "Bageriet Kornblomsten ApS",
        23,
        False,
    )
    assert employer.register_read_at is not None


def test_fetching_an_unknown_number_says_so_by_the_field(client, cvr_register):
    page = client.get(PAGE).get_data(as_text=True)
    answer = press(client, page, "fetch", cvr=UNKNOWN_CVR, name="Mit Firma").get_data(as_text=True)
    assert "CVR-registret kender ikke dette CVR-nummer" in answer
    assert 'value="Mit Firma"' in answer


def test_an_unknown_number_is_refused_at_submit(client, cvr_register):
    page = client.get(PAGE).get_data(as_text=True)
    answer = press(
        client,
        page,
        cvr=UNKNOWN_CVR,
        name="Mit Firma ApS",
        address="Torvet 1",
        postcode="8800",
        city="Viborg",
        employees="4",
        **contact(),
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "CVR-registret kender ikke dette CVR-nummer" in text
    assert 'value="Mit Firma ApS"' in text
    assert companies() == 0


def test_when_the_register_does_not_answer_the_company_registers_and_the_jobcenter_checks(
    app, client, cvr_register
):
    cvr_register.mode, cvr_register.delay = "slow", 2.0
    app.config["CVR_REGISTER_TIMEOUT"] = 0.3
    page = client.get(PAGE).get_data(as_text=True)
    fetched = press(client, page, "fetch", cvr=KNOWN_CVR).get_data(as_text=True)
    assert "CVR-registret svarer ikke lige nu" in fetched
    sent = press(
        client,
        fetched,
        name="Kornblomsten",
        address="Søndergade 12",
        postcode="8800",
        city="Viborg",
        employees="20",
        **contact(),
    )
    assert sent.status_code == 302
    home = client.get(sent.location).get_data(as_text=True)
    assert "vi ved ikke, om CVR-nummeret findes i registret" in home
    employer = db.session.scalar(select(Employer))
    assert employer.cvr_unchecked and employer.register_read_at is None

    # The jobcenter's company page says the number was not checked.
    jobcenter = app.test_client()
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())
    assert log_in(jobcenter, consultant.email).status_code == 302
    company_page = jobcenter.get(f"/virksomheder/{employer.id}").get_data(as_text=True)
    assert "ikke tjekket i CVR-registret" in company_page


def test_a_company_registered_with_the_register_off_is_not_marked(client):
    page = client.get(PAGE).get_data(as_text=True)
    sent = press(
        client,
        page,
        cvr=UNKNOWN_CVR,  # nobody asks: as before the register
        name="Mit Firma ApS",
        address="Torvet 1",
        postcode="8800",
        city="Viborg",
        employees="4",
        **contact(),
    )
    assert sent.status_code == 302
    employer = db.session.scalar(select(Employer))
    assert not employer.cvr_unchecked and employer.register_read_at is None
