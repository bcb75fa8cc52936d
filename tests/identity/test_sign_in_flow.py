"""Signing in through a real OpenID Connect provider (its own process): citizens by CPR,
company users by CVR, staff by their groups; the refusals; sign-out at both ends."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
import urllib.parse

import pytest
import time_machine
from sqlalchemy import func, select

from placement.extensions import db
from placement.models import (
    AuditAction,
    AuditEvent,
    Employer,
    EmployerStatus,
    ExternalIdentity,
    Role,
    User,
)
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD, create_candidate, create_employer, create_user, valid_cvr
from tests.identity.provider import CPR, CVR, EMAIL, FULL_NAME, LOA, ORG_NAME

# The provider is another process on the real clock; the app must read the same.
pytestmark = pytest.mark.real_clock

CITIZEN_CPR = "0101901234"


def begin(client, who: str, **args):
    response = client.get(f"/log-ind/{who}", query_string=args)
    assert response.status_code == 302
    return response.location


def sign_in(client, provider, who: str, sub: str, **args):
    """The round trip: the app sends the browser to the provider, the person signs in there,
    the provider sends them back. The app's last answer."""
    back = provider.authorize(begin(client, who, **args), sub)
    return client.get(back)


def audit_rows(action: AuditAction) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_registered_citizen_signs_in_with_mitid_and_sees_their_own_page(
    client, signed_in_through
):
    citizen = create_candidate(name="Mette Sørensen", email="mette@example.dk", cpr=CITIZEN_CPR)
    sub = signed_in_through.person(
        "mitid-mette", **{CPR: CITIZEN_CPR, LOA: "Substantial", FULL_NAME: "Mette Sørensen"}
    )

    response = sign_in(client, signed_in_through, "borger", sub)

    assert response.status_code == 302
    page = client.get(response.location, follow_redirects=True)
    assert "Mette Sørensen" in page.get_data(as_text=True)
    user = db.session.scalar(select(User).where(User.candidate_id == citizen.id))
    assert user.role is Role.CITIZEN and user.email == "mette@example.dk"
    assert not user.password_hash  # no invitation code, no password
    row = audit_rows(AuditAction.SIGN_IN)[-1]
    assert (row.actor_id, row.candidate_id, row.subject.value) == (user.id, citizen.id, "mitid")
    # The second sign-in finds the same user.
    client.post("/logout", data={"csrf_token": csrf_token(client, "/mine-tilbud")})
    sign_in(client, signed_in_through, "borger", sub)
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_an_unknown_cpr_gets_a_plain_page_and_an_audit_row_without_the_number(
    client, signed_in_through
):
    sub = signed_in_through.person("mitid-ukendt", **{CPR: "0202851234", LOA: "Substantial"})

    response = sign_in(client, signed_in_through, "borger", sub)

    text = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Kontakt dit jobcenter" in text and "0202851234" not in text
    assert db.session.scalar(select(func.count(User.id))) == 0
    row = audit_rows(AuditAction.SIGN_IN_REFUSED)[-1]
    assert row.detail == "unknown_cpr" and row.actor_id is None and row.candidate_id is None
    assert "0202851234" not in json.dumps(
        {column: str(getattr(row, column)) for column in row.__table__.columns.keys()}
    )
    assert client.get("/mine-tilbud").status_code == 302  # not signed in: to the login page


def test_a_low_level_of_assurance_shows_no_personal_data(client, signed_in_through):
    create_candidate(name="Mette Sørensen", cpr=CITIZEN_CPR)
    sub = signed_in_through.person("mitid-lav", **{CPR: CITIZEN_CPR, LOA: "Low"})

    response = sign_in(client, signed_in_through, "borger", sub)

    text = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "betydelig" in text and "Mette" not in text
    assert audit_rows(AuditAction.SIGN_IN_REFUSED)[-1].detail == "low_assurance"
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_company_user_with_a_new_cvr_registers_the_company_with_the_cvr_proven(
    app, client, signed_in_through
):
    app.config["OIDC_COMPANIES_APPROVE_PROVEN"] = True
    cvr = valid_cvr(41)
    sub = signed_in_through.person(
        "erhverv-ny",
        **{
            CVR: cvr,
            LOA: "Substantial",
            FULL_NAME: "Anders Holm",
            EMAIL: "anders@holm.dk",
            ORG_NAME: "Holm Tømrer ApS",
        },
    )

    response = sign_in(client, signed_in_through, "virksomhed", sub)
    assert response.location.endswith("/virksomhed/tilmeld/mitid")
    form = client.get(response.location).get_data(as_text=True)
    assert cvr in form and "Holm Tømrer ApS" in form and 'name="password"' not in form
    assert 'name="cvr"' not in form  # proven, not typed

    sent = post_form(
        client,
        "/virksomhed/tilmeld/mitid",
        {
            "name": "Holm Tømrer ApS",
            "address": "Søndergade 1",
            "postcode": "8800",
            "city": "Viborg",
            "employees": "12",
            "contact_name": "Anders Holm",
            "contact_email": "anders@holm.dk",
            "cvr": "12345674",  # a forged field changes nothing
        },
    )

    assert sent.status_code == 302 and sent.location.endswith("/virksomhed/")
    company = db.session.scalar(select(Employer))
    assert company.cvr == cvr and company.status is EmployerStatus.APPROVED
    identity = db.session.scalar(select(ExternalIdentity))
    assert identity.user.employer_id == company.id and identity.subject == sub
    assert client.get("/virksomhed/").status_code == 200


def test_users_of_a_registered_cvr_sign_in_to_the_same_company(client, signed_in_through):
    company = create_employer(name="Bager Madsen", cvr=valid_cvr(42))
    for sub in ("erhverv-a", "erhverv-b"):
        signed_in_through.person(
            sub, **{CVR: company.cvr, LOA: "High", FULL_NAME: sub, EMAIL: f"{sub}@madsen.dk"}
        )
        response = sign_in(client, signed_in_through, "virksomhed", sub)
        assert response.location.endswith("/virksomhed/")
        assert "Bager Madsen" in client.get("/virksomhed/").get_data(as_text=True)
        client.post("/logout", data={"csrf_token": csrf_token(client, "/virksomhed/")})

    users = db.session.scalars(select(User).where(User.role == Role.EMPLOYER)).all()
    assert {user.employer_id for user in users} == {company.id} and len(users) == 2


def test_a_staff_member_whose_group_maps_to_consultant_signs_in_as_consultant(
    client, signed_in_through
):
    staff = create_user(Role.CONSULTANT, email="lene@viborg.dk", name="Lene Kirk")
    sub = signed_in_through.person(
        "entra-lene", email="lene@viborg.dk", name="Lene Kirk", groups=["jc-konsulenter"]
    )

    response = sign_in(client, signed_in_through, "medarbejder", sub)

    assert response.status_code == 302 and "/log-ind" not in response.location
    assert "Lene Kirk" in client.get(response.location, follow_redirects=True).get_data(
        as_text=True
    )
    assert db.session.scalar(select(ExternalIdentity)).user_id == staff.id


def test_a_staff_member_whose_groups_map_to_nothing_is_refused_and_loses_open_sessions(
    app, client, signed_in_through
):
    staff = create_user(Role.MANAGER, email="ole@viborg.dk")
    sub = signed_in_through.person("entra-ole", email="ole@viborg.dk", groups=["jc-ledere"])
    sign_in(client, signed_in_through, "medarbejder", sub)
    elsewhere = app.test_client()
    sign_in(elsewhere, signed_in_through, "medarbejder", sub)
    assert elsewhere.get("/statistik").status_code == 200

    # Removed from the group at the identity provider.
    signed_in_through.person("entra-ole", email="ole@viborg.dk", groups=["kantine"])
    client.post("/logout", data={"csrf_token": csrf_token(client, "/statistik")})
    response = sign_in(client, signed_in_through, "medarbejder", sub)

    assert response.status_code == 403
    assert "ikke adgang" in response.get_data(as_text=True)
    assert elsewhere.get("/statistik").status_code == 302  # the other session ended too
    row = audit_rows(AuditAction.SIGN_IN_REFUSED)[-1]
    assert (row.detail, row.actor_id) == ("no_role", staff.id)


def test_an_unmapped_group_never_makes_an_admin(client, signed_in_through):
    create_user(Role.CONSULTANT, email="kim@viborg.dk")
    sub = signed_in_through.person("entra-kim", email="kim@viborg.dk", groups=["admin", "Admins"])

    assert sign_in(client, signed_in_through, "medarbejder", sub).status_code == 403
    assert db.session.scalar(select(User)).role is Role.CONSULTANT


def test_the_authorization_request_carries_state_nonce_and_an_s256_pkce_challenge(
    client, signed_in_through, monkeypatch
):
    create_candidate(cpr=CITIZEN_CPR)
    sub = signed_in_through.person("mitid-pkce", **{CPR: CITIZEN_CPR, LOA: "Substantial"})
    location = begin(client, "borger")
    asked = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert asked["code_challenge_method"] == "S256"
    assert asked["state"] and asked["nonce"] and asked["client_id"] == "placement-borger"

    # The provider used here does not check PKCE itself, so the exchange is watched.
    from authlib.integrations.requests_client import OAuth2Session

    sent = {}
    real_fetch = OAuth2Session.fetch_token

    def watch(self, url=None, **kwargs):
        sent.update(kwargs)
        return real_fetch(self, url, **kwargs)

    monkeypatch.setattr(OAuth2Session, "fetch_token", watch)
    client.get(signed_in_through.authorize(location, sub))
    digest = hashlib.sha256(sent["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == asked["code_challenge"]


def test_the_callback_used_twice_signs_in_once(client, signed_in_through):
    create_candidate(cpr=CITIZEN_CPR)
    sub = signed_in_through.person("mitid-to-gange", **{CPR: CITIZEN_CPR, LOA: "Substantial"})
    back = signed_in_through.authorize(begin(client, "borger"), sub)
    assert client.get(back).status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/mine-tilbud")})

    again = client.get(back)

    assert again.status_code == 403 and "Start forfra" in again.get_data(as_text=True)
    assert len(audit_rows(AuditAction.SIGN_IN)) == 1


def test_sign_out_ends_the_session_here_and_sends_the_browser_to_the_providers_logout(
    client, signed_in_through
):
    create_candidate(cpr=CITIZEN_CPR)
    sub = signed_in_through.person("mitid-ud", **{CPR: CITIZEN_CPR, LOA: "Substantial"})
    sign_in(client, signed_in_through, "borger", sub)
    assert client.get("/mine-tilbud").status_code == 200

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/mine-tilbud")})

    assert response.location.startswith(f"{signed_in_through.url}/oauth2/end_session?")
    # Browsers hold a form's redirect to form-action: the provider's site must be allowed.
    policy = response.headers["Content-Security-Policy"]
    assert f"form-action 'self' {signed_in_through.url};" in policy
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response.location).query))
    assert query["post_logout_redirect_uri"].endswith("/login")
    assert "id_token_hint" not in query  # NemLog-in's ID token holds the CPR number
    assert client.get("/mine-tilbud").status_code == 302


def test_cancelling_at_the_provider_signs_nobody_in(client, signed_in_through):
    back = signed_in_through.deny(begin(client, "borger"))
    response = client.get(back)
    assert response.status_code == 403 and "afbrød" in response.get_data(as_text=True)
    assert audit_rows(AuditAction.SIGN_IN_REFUSED)[-1].detail == "cancelled"


def test_password_login_is_refused_for_an_audience_that_signs_in_with_mitid(
    app, client, signed_in_through
):
    from placement.identity.settings import Audience

    app.config["PASSWORD_LOGIN"] = frozenset({Audience.STAFF})
    citizen = create_user(Role.CITIZEN, email="borger@example.dk")

    response = post_form(client, "/login", {"email": citizen.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "Log ind med MitID" in response.get_data(as_text=True)
    assert client.get("/mine-tilbud").status_code == 302
    assert audit_rows(AuditAction.SIGN_IN_REFUSED)[-1].detail == "password_off"
    assert client.get("/borgere/aktiver").location.endswith("/log-ind/borger")


def test_before_showing_a_cpr_number_a_staff_member_signs_in_again_at_the_provider(
    client, signed_in_through
):
    consultant = create_user(Role.CONSULTANT, email="lene@viborg.dk")
    citizen = create_candidate(municipality=consultant.municipality, cpr=CITIZEN_CPR)
    citizen.consultant_id = consultant.id
    db.session.commit()
    sub = signed_in_through.person("entra-lene", email="lene@viborg.dk", groups=["jc-konsulenter"])
    sign_in(client, signed_in_through, "medarbejder", sub)
    profile = f"/borgere/{citizen.id}"

    with time_machine.travel(time.time() + 600, tick=True):  # past REAUTH_MINUTES
        asked = post_form(
            client,
            f"{profile}/cpr/vis",
            {},
            form_page=profile,
            headers={"Referer": f"http://localhost{profile}"},  # as the browser sends it
        )
        assert "/bekraeft-adgangskode" in asked.location
        page = client.get(asked.location).get_data(as_text=True)
        assert "Log ind igen" in page and 'name="password"' not in page  # no password here
        again = re.search(r'href="(/log-ind/medarbejder\?[^"]+)"', page).group(1)
        location = client.get(again.replace("&amp;", "&")).location
        assert dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["prompt"] == (
            "login"
        )
        back = client.get(signed_in_through.authorize(location, sub))
        assert back.location == profile  # where the person was
        shown = post_form(client, f"{profile}/cpr/vis", {}, form_page=profile)
        assert shown.status_code == 200 and "010190-1234" in shown.get_data(as_text=True)


def test_confirming_as_someone_else_is_refused(client, signed_in_through):
    create_user(Role.CONSULTANT, email="lene@viborg.dk")
    create_user(Role.CONSULTANT, email="ole@viborg.dk")
    lene = signed_in_through.person("entra-lene", email="lene@viborg.dk", groups=["jc-konsulenter"])
    ole = signed_in_through.person("entra-ole", email="ole@viborg.dk", groups=["jc-konsulenter"])
    sign_in(client, signed_in_through, "medarbejder", lene)

    response = sign_in(client, signed_in_through, "medarbejder", ole, bekraeft="1")

    assert response.status_code == 403 and "en anden person" in response.get_data(as_text=True)
    assert audit_rows(AuditAction.SIGN_IN_REFUSED)[-1].detail == "wrong_person"


def test_a_company_identity_does_not_open_the_staff_door(client, signed_in_through):
    company = create_employer(cvr=valid_cvr(44))
    create_user(Role.CONSULTANT, email="pia@firma.dk")  # same address, another person here
    sub = signed_in_through.person(
        "erhverv-pia",
        **{CVR: company.cvr, LOA: "Substantial", EMAIL: "pia@firma.dk"},
        email="pia@firma.dk",
        groups=["jc-konsulenter"],
    )
    sign_in(client, signed_in_through, "virksomhed", sub)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/virksomhed/")})

    # The same provider (as in this test) serving staff too: the company identity is not staff.
    response = sign_in(client, signed_in_through, "medarbejder", sub)

    assert response.status_code == 403
    assert audit_rows(AuditAction.SIGN_IN_REFUSED)[-1].detail == "wrong_kind"
    assert client.get("/borgere").status_code == 302
