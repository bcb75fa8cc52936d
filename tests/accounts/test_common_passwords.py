"""Common passwords: the published list shipped with the package plus the Danish additions are
refused wherever a person chooses a password, with one message; a long sentence is accepted."""

import re

import pytest
from sqlalchemy import select

from placement.accounts.common_passwords import common_passwords, is_common
from placement.extensions import db
from placement.models import Employer, Role, User
from tests.companies.test_employer_pages import registration
from tests.conftest import log_in, post_form
from tests.factories import create_municipality, create_user

TOO_COMMON = "Den adgangskode er for almindelig og let at gætte. Vælg en anden, fx en kort sætning."
STRONG = "kaffe på trappen kl 7"


def test_the_published_list_is_read_from_the_package_without_its_header():
    listed = common_passwords()
    # The head of zxcvbn's list, its last entry, and entries only the published list has.
    assert {"123456", "password", "qwerty", "geekboy", "mercedes", "elephant"} <= listed
    assert len(listed) > 30_000
    assert not any(word.startswith("#") for word in listed)
    assert "permission is hereby granted" not in " ".join(listed)


@pytest.mark.parametrize(
    "password",
    ["kodeord", "velkommen1", "hejmeddig123", "sommer2024", "Januar2027!", "jennifer"],
)
def test_the_danish_additions_and_the_earlier_entries_stay_listed(password):
    assert is_common(password)


def test_the_check_ignores_case_and_surrounding_spaces():
    assert is_common("  MerCedes ")
    assert not is_common(STRONG)


def _reset_path(outbox) -> str:
    match = re.search(r"https?://[^/\s]+(/nulstil/\S+)", outbox[-1]["body"])
    assert match, outbox[-1]["body"]
    return match.group(1)


def test_a_company_signing_up_with_a_listed_password_is_refused(client):
    page = post_form(client, "/virksomhed/tilmeld", registration(password="Midnight1"))
    assert TOO_COMMON in page.get_data(as_text=True)
    assert db.session.scalar(select(Employer)) is None

    done = post_form(client, "/virksomhed/tilmeld", registration(password=STRONG))
    assert done.status_code == 302
    assert log_in(client.application.test_client(), "hanne@gronhave.dk", STRONG).status_code == 302


def test_a_reset_with_a_listed_password_is_refused(client, outbox):
    user = create_user(Role.EMPLOYER)
    post_form(client, "/glemt-adgangskode", {"email": user.email})
    path = _reset_path(outbox)

    refused = post_form(client, path, {"password": "elephant", "confirm": "elephant"})
    assert refused.status_code == 200
    assert TOO_COMMON in refused.get_data(as_text=True)
    assert log_in(client.application.test_client(), user.email, "elephant").status_code == 200

    done = post_form(client, path, {"password": STRONG, "confirm": STRONG})
    assert done.status_code == 302
    assert log_in(client.application.test_client(), user.email, STRONG).status_code == 302


def test_an_admin_cannot_give_a_new_user_a_listed_password(client, login):
    login(Role.ADMIN)
    viborg = create_municipality()
    form = {
        "name": "Kirsten Konsulent",
        "email": "kirsten@viborg.dk",
        "role": "consultant",
        "municipality_id": str(viborg.id),
        "employer_id": "",
        "candidate_id": "",
        "language": "da",
        "active": "y",
    }
    refused = post_form(client, "/admin/brugere/ny", {**form, "password": "StarTrek"})
    assert TOO_COMMON in refused.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "kirsten@viborg.dk")) is None

    done = post_form(client, "/admin/brugere/ny", {**form, "password": STRONG})
    assert done.status_code == 302
    assert log_in(client.application.test_client(), "kirsten@viborg.dk", STRONG).status_code == 302
