"""Every text a person types has a limit: on the page (maxlength), in the form (a message in
the person's language saying how much was typed) and in the database (SQLite and PostgreSQL)."""

import re

import pytest
from flask import session
from flask_babel import refresh
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import DataError, IntegrityError
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length

from placement.extensions import db
from placement.models import Candidate, Employer, Role
from placement.web import i18n
from placement.web.form_messages import AppForm
from tests.citizens.test_profiles import profile_data
from tests.companies.test_employer_pages import registration
from tests.conftest import post_form
from tests.factories import create_candidate

HUGE = "x" * 260_000


@pytest.fixture
def consultant(login, viborg):
    return login(Role.CONSULTANT, municipality=viborg)


def field_error(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_260000_characters_past_maxlength_get_a_danish_message_and_nothing_is_saved(
    client, consultant
):
    response = post_form(client, "/borgere/ny", profile_data(skills=HUGE, name="Bent Borg"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "skills") == (
        "<strong>Fejl:</strong> Højst 2.000 tegn. Du har skrevet 260.000."
    )
    assert 'value="Bent Borg"' in page  # the rest of what was typed is kept
    assert HUGE in page  # and so is the long text, to shorten rather than type again
    assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_a_name_past_its_limit_in_the_company_sign_up_is_refused_in_danish(client):
    response = post_form(client, "/virksomhed/tilmeld", registration(name="N" * 201))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Højst 200 tegn. Du har skrevet 201." in field_error(page, "name")
    assert "Field cannot be longer" not in page
    assert db.session.scalar(select(func.count(Employer.id))) == 0


def test_the_message_is_english_in_the_english_locale(client, consultant):
    post_form(client, "/sprog", {"language": "en", "next": "/borgere/ny"}, form_page="/borgere/ny")
    page = post_form(client, "/borgere/ny", profile_data(skills=HUGE)).get_data(as_text=True)
    assert field_error(page, "skills") == (
        "<strong>Error:</strong> At most 2,000 characters. You have written 260,000."
    )


def test_the_page_tells_the_browser_each_limit(client, consultant):
    page = client.get("/borgere/ny").get_data(as_text=True)
    assert re.search(r'<input[^>]*id="name"[^>]*maxlength="200"', page)
    assert re.search(r'<textarea[^>]*id="skills"[^>]*maxlength="2000"', page)
    assert re.search(r'<input[^>]*id="postcode"[^>]*maxlength="4"', page)


def test_the_database_refuses_text_past_the_limit_too(viborg):
    candidate = create_candidate(viborg)
    candidate.skills = "x" * 2000  # at the limit: kept
    db.session.commit()
    candidate.skills = "x" * 2001
    # PostgreSQL's VARCHAR(2000) refuses it (a DataError); SQLite, which ignores the length,
    # by the CHECK on length() (an IntegrityError).
    with pytest.raises((DataError, IntegrityError)):
        db.session.commit()
    db.session.rollback()
    assert len(db.session.get(Candidate, candidate.id).skills) == 2000
    checks = {c["name"] for c in inspect(db.engine).get_check_constraints("candidates")}
    assert "ck_candidates_skills_length" in checks  # the same rule on both databases


class _Plain(AppForm):
    """WTForms' validators with their own messages, as a form that forgot to give ours."""

    class Meta:
        csrf = False

    name = StringField("Navn", validators=[DataRequired(), Length(max=3)])
    email = StringField("E-mail", validators=[Email()])


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "da",
            {
                "name": ["Skal udfyldes."],
                "email": ["Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."],
            },
        ),
        (
            "en",
            {
                "name": ["Must be filled in."],
                "email": ["Enter a valid e-mail address, e.g. name@example.com."],
            },
        ),
    ],
)
def test_wtforms_own_messages_come_in_the_persons_language(app, language, expected):
    with app.test_request_context("/", method="POST", data={"name": "", "email": "nej"}):
        session[i18n.SESSION_KEY] = language
        refresh()
        form = _Plain()
        form.validate()
        assert form.errors == expected


def test_wtforms_own_length_message_says_how_much_was_typed(app):
    with app.test_request_context("/", method="POST", data={"name": "abcd", "email": "a@b.dk"}):
        form = _Plain()
        form.validate()
        assert form.errors == {"name": ["Højst 3 tegn. Du har skrevet 4."]}


def test_a_citizens_too_long_reason_is_shown_again_with_its_message(client, login):
    from tests.factories import create_opening, create_placement

    offer = create_placement(
        create_candidate(name="Ida Iversen"), create_opening(title="Lagerpraktik")
    )
    login(Role.CITIZEN, candidate=offer.candidate)
    page = client.get("/mine-tilbud").get_data(as_text=True)
    assert re.search(rf'<textarea id="reason-{offer.id}"[^>]*maxlength="1000"', page)
    typed = "Jeg vil hellere noget andet. " * 50  # 1,450 characters
    response = post_form(
        client,
        f"/mine-tilbud/{offer.id}/svar",
        {"decline": "Nej tak", "reason": typed},
        form_page="/mine-tilbud",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, f"reason-{offer.id}") == (
        "<strong>Fejl:</strong> Højst 1.000 tegn. Du har skrevet 1.450."
    )
    assert f'href="#reason-{offer.id}"' in page and typed.strip() in page
    db.session.expire_all()
    assert offer.citizen_answer is None
