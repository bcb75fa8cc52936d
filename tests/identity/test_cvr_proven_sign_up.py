"""The registration after a MitID Erhverv sign-in, with the CVR register configured: the proven
number's facts fetched into the form; the number itself is proven, so it is not checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from placement.extensions import db
from placement.models import Employer
from tests.cvr_server import company
from tests.factories import valid_cvr
from tests.html_forms import shown_form, typed
from tests.identity.provider import CVR, EMAIL, FULL_NAME, LOA, ORG_NAME
from tests.identity.test_sign_in_flow import sign_in

pytestmark = pytest.mark.real_clock  # the ID token's times are checked against the real clock

PAGE = "/virksomhed/tilmeld/mitid"


def signed_in_with_a_new_cvr(client, signed_in_through, cvr: str):
    sub = signed_in_through.person(
        "erhverv-cvr",
        **{
            CVR: cvr,
            LOA: "Substantial",
            FULL_NAME: "Anders Holm",
            EMAIL: "anders@holm.dk",
            ORG_NAME: "Holm",
        },
    )
    assert sign_in(client, signed_in_through, "virksomhed", sub).location.endswith(PAGE)


def test_the_proven_registration_fetches_the_facts_of_the_proven_number(
    client, signed_in_through, cvr_register
):
    cvr = valid_cvr(43)
    cvr_register.companies[cvr] = company(cvr, name="Holm Tømrer ApS", street="Bredgade", number=4)
    signed_in_with_a_new_cvr(client, signed_in_through, cvr)
    page = client.get(PAGE).get_data(as_text=True)
    form = typed(shown_form(page), contact_phone="86 62 12 12")
    form.add("fetch", "Hent oplysninger fra CVR")
    fetched = client.post(PAGE, data=form).get_data(as_text=True)
    assert "Oplysningerne er hentet fra CVR-registret" in fetched
    assert 'value="Holm Tømrer ApS"' in fetched and 'value="Bredgade 4"' in fetched
    assert 'value="86 62 12 12"' in fetched and 'value="anders@holm.dk"' in fetched
    assert cvr_register.asked == [cvr]

    sent = client.post(PAGE, data=typed(shown_form(fetched)))
    assert sent.status_code == 302
    employer = db.session.scalar(select(Employer))
    assert (employer.cvr, employer.name, employer.employees) == (cvr, "Holm Tømrer ApS", 23)
    assert not employer.cvr_unchecked
    assert cvr_register.asked == [cvr]  # the proven number is not asked about again


def test_the_proven_registration_works_as_before_when_the_register_is_down(
    app, client, signed_in_through, cvr_register
):
    cvr_register.mode = "500"
    cvr = valid_cvr(44)
    signed_in_with_a_new_cvr(client, signed_in_through, cvr)
    form = typed(
        shown_form(client.get(PAGE).get_data(as_text=True)),
        address="Bredgade 4",
        postcode="8800",
        city="Viborg",
        employees="3",
    )
    sent = client.post(PAGE, data=form)
    assert sent.status_code == 302
    employer = db.session.scalar(select(Employer))
    assert employer.cvr == cvr and not employer.cvr_unchecked  # MitID Erhverv proved it
