"""The employee representative's approval of a wage-subsidy agreement: the rule for the start,
the link by mail, the page as a browser submits it, and the company's word on who it is."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from placement.agreements import representative, representative_details, versions
from placement.extensions import db
from placement.models import (
    Kind,
    PlacementStatus,
    RepresentativeApproval,
    RepresentativeDecision,
)
from placement.placements import lifecycle
from tests.agreements.representative_helpers import (
    CPR,
    EMAIL,
    START,
    agreed,
    confirm_all,
    path,
    token_from,
    with_representative,
)
from tests.agreements.test_agreement_pdf import flat, page_texts
from tests.conftest import log_in
from tests.html_forms import shown_form, typed

D = RepresentativeDecision
S = PlacementStatus


@pytest.fixture(autouse=True)
def empty_outbox(outbox):
    outbox.clear()
    return outbox


def answers() -> int:
    return db.session.scalar(
        select(func.count(RepresentativeApproval.id)).where(
            RepresentativeApproval.decision.is_not(None)
        )
    )


def test_the_representative_gets_a_link_without_the_cpr_number(outbox):
    placement = with_representative()
    [mail] = [m for m in outbox if m["to"] == EMAIL]
    assert "/tillidsrepraesentant/" in mail["body"]
    assert CPR not in mail["body"] and CPR.replace("-", "") not in mail["body"]
    assert "Kim Tillid" in mail["body"]
    # Only the token's hash is kept.
    token = token_from(outbox)
    row = db.session.scalar(select(RepresentativeApproval))
    assert row.placement_id == placement.id and token not in row.token_hash


def test_it_cannot_start_before_the_representative_approves(outbox):
    placement = with_representative()
    with pytest.raises(lifecycle.TransitionRefused, match="ikke godkendt den nyeste version"):
        lifecycle.start(placement, None, today=START)
    db.session.rollback()
    representative.answer(token_from(outbox), D.APPROVE, "", "127.0.0.1")
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_an_objection_blocks_the_start_and_needs_a_reason(outbox):
    placement = with_representative()
    token = token_from(outbox)
    with pytest.raises(representative.RepresentativeRefused, match="Skriv hvorfor"):
        representative.answer(token, D.OBJECT, "  ", "127.0.0.1")
    representative.answer(token, D.OBJECT, "Lønnen er under overenskomst", "127.0.0.1")
    with pytest.raises(lifecycle.TransitionRefused, match="Lønnen er under overenskomst"):
        lifecycle.start(placement, None, today=START)


def test_an_approval_of_a_superseded_version_does_not_count(client, outbox):
    placement = with_representative()
    old = token_from(outbox)
    company_user = placement.opening.employer.users[0]
    representative_details.set_representative(
        placement, "Kim Tillid Hansen", EMAIL, False, company_user
    )
    db.session.commit()
    assert placement.agreement.version == 2
    new = token_from(outbox)
    assert new != old
    with pytest.raises(representative.RepresentativeRefused, match="Aftalen er ændret"):
        representative.answer(old, D.APPROVE, "", "127.0.0.1")
    db.session.rollback()
    page = client.get(path(old)).get_data(as_text=True)
    assert "denne version kan ikke længere godkendes" in page
    confirm_all(placement)
    db.session.commit()
    with pytest.raises(lifecycle.TransitionRefused, match="ikke godkendt"):
        lifecycle.start(placement, None, today=START)
    db.session.rollback()
    representative.answer(new, D.APPROVE, "", "127.0.0.1")
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_no_representative_lets_it_start_without_a_mail(outbox):
    placement = agreed(no_staff_representative=True)
    assert outbox == []
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_a_wage_subsidy_without_an_answer_from_the_company_waits_for_it():
    placement = agreed()
    with pytest.raises(lifecycle.TransitionRefused, match="Virksomheden skal oplyse"):
        lifecycle.start(placement, None, today=START)


def test_internships_are_unaffected(outbox):
    placement = agreed(kind=Kind.INTERNSHIP, staff_representative_email=EMAIL)
    assert outbox == []
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


@pytest.fixture
def internships_too(app):
    """The municipality asks the representative to approve internships as well."""
    app.config["REPRESENTATIVE_APPROVAL_INTERNSHIPS"] = True
    yield
    app.config["REPRESENTATIVE_APPROVAL_INTERNSHIPS"] = False


def test_where_the_municipality_wants_it_an_internship_waits_for_the_approval(
    client, outbox, internships_too
):
    placement = agreed(kind=Kind.INTERNSHIP)
    # The company is asked on its page, in the internship's words.
    page, action, fields = _company_form(client, placement)
    html = client.get(page).get_data(as_text=True)
    assert "En aftale om virksomhedspraktik skal godkendes af jeres tillidsrepræsentant" in html
    assert (
        client.post(action, data=typed(fields, name="Kim Tillid", email=EMAIL)).status_code == 302
    )
    [mail] = [m for m in outbox if m["to"] == EMAIL]
    assert mail["subject"] == "Godkend aftale om virksomhedspraktik"
    assert "En aftale om virksomhedspraktik venter på din godkendelse" in mail["body"]
    db.session.rollback()
    with pytest.raises(lifecycle.TransitionRefused, match="ikke godkendt den nyeste version"):
        lifecycle.start(placement, None, today=START)
    db.session.rollback()
    token = token_from(outbox)
    answer_page = client.get(path(token)).get_data(as_text=True)
    assert "<h1>Godkend aftale om virksomhedspraktik</h1>" in answer_page
    representative.answer(token, D.APPROVE, "", "127.0.0.1")
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_the_pdf_prints_the_approval_and_its_hash_stays(outbox):
    placement = with_representative()
    agreement = placement.agreement
    sha = agreement.content_sha256
    before = flat(" ".join(page_texts(versions.render_pdf(agreement, placement))))
    assert "Afventer tillidsrepræsentantens godkendelse" in before
    representative.answer(token_from(outbox), D.APPROVE, "", "127.0.0.1")
    db.session.commit()
    after = flat(" ".join(page_texts(versions.render_pdf(agreement, placement))))
    assert "Godkendt af tillidsrepræsentant Kim Tillid" in after
    assert agreement.content_sha256 == sha and sha in after.replace(" ", "")


def test_the_pdf_says_the_company_has_no_representative():
    placement = agreed(no_staff_representative=True)
    text = flat(" ".join(page_texts(versions.render_pdf(placement.agreement, placement))))
    assert "Ingen tillidsrepræsentant (oplyst af virksomheden)" in text


def test_the_page_as_a_browser_submits_it(client, outbox):
    placement = with_representative()
    token = token_from(outbox)
    html = client.get(path(token)).get_data(as_text=True)
    assert "Asta Holm" in html and CPR not in html and "Godkend" in html
    fields = shown_form(html)
    # An objection without a reason: told by the field, nothing written.
    response = client.post(path(token), data=typed(fields, object="Gør indsigelse"))
    assert response.status_code == 200
    assert "Skriv hvorfor du gør indsigelse." in response.get_data(as_text=True)
    assert answers() == 0
    response = client.post(path(token), data=typed(fields, approve="Godkend"))
    assert response.status_code == 302
    page = client.get(path(token)).get_data(as_text=True)
    assert "Du godkendte denne version af aftalen" in page
    assert 'name="approve"' not in page  # answered: no form any more
    db.session.rollback()
    assert placement.representative_approvals[0].answered_from == "127.0.0.1"


def test_the_same_answer_twice_is_recorded_once(client, outbox):
    with_representative()
    token = token_from(outbox)
    data = typed(shown_form(client.get(path(token)).get_data(as_text=True)), approve="Godkend")
    assert client.post(path(token), data=data).status_code == 302
    db.session.rollback()
    first = db.session.scalar(select(RepresentativeApproval)).answered_at
    assert client.post(path(token), data=data).status_code == 302
    db.session.rollback()
    assert answers() == 1
    assert db.session.scalar(select(RepresentativeApproval)).answered_at == first


def test_a_made_up_link_is_not_found(client):
    response = client.get(path("not-a-real-token"))
    assert response.status_code == 404
    assert "Linket findes ikke" in response.get_data(as_text=True)


def test_the_form_needs_its_csrf_token(client, outbox):
    with_representative()
    token = token_from(outbox)
    client.get(path(token))
    assert client.post(path(token), data={"approve": "Godkend"}).status_code in (200, 400)
    db.session.rollback()
    assert answers() == 0


def _company_form(client, placement):
    user = placement.opening.employer.users[0]
    log_in(client, user.email)
    page = f"/virksomhed/forslag/{placement.id}"
    html = client.get(page).get_data(as_text=True)
    action = f"/virksomhed/forslag/{placement.id}/tillidsrepraesentant"
    return page, action, shown_form(html, action)


def test_the_company_names_its_representative_and_a_bad_address_is_kept(client, outbox):
    placement = agreed()
    page, action, fields = _company_form(client, placement)
    response = client.post(action, data=typed(fields, name="Kim Tillid", email="kim@"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="kim@"' in html and 'value="Kim Tillid"' in html
    assert "e-mail" in html.lower() and outbox == []
    response = client.post(action, data=typed(fields, name="Kim Tillid", email=EMAIL))
    assert response.status_code == 302
    assert token_from(outbox)
    db.session.rollback()
    assert placement.agreement.version == 2  # the name is printed: a new version
    assert placement.staff_representative_email == EMAIL


def test_the_company_says_it_has_no_representative(client):
    placement = agreed()
    page, action, fields = _company_form(client, placement)
    response = client.post(action, data=typed(fields, none="y"))
    assert response.status_code == 302
    db.session.rollback()
    assert placement.no_staff_representative
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_the_consultant_sees_why_it_waits(client):
    placement = with_representative()
    log_in(client, placement.consultant.email)
    html = client.get(f"/forloeb/{placement.id}").get_data(as_text=True)
    assert "ikke godkendt den nyeste version" in html
