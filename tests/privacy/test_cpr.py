"""CPR numbers at rest: encrypted, found by exact match, shown masked, unmasked on an audited
click by the citizen's own consultant only, and keys that can be rotated."""

import logging
import re
import time
from datetime import date

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from placement.extensions import db
from placement.models import AuditAction, AuditEvent, AuditSubject, Candidate, Role
from placement.privacy import cpr_vault
from tests.conftest import log_in, post_form
from tests.factories import PASSWORD, create_candidate, create_user
from tests.processes import Browser, process_env, serving

CPR = "010190-1234"  # made-up numbers; the birth dates match
DIGITS = "0101901234"
OTHER_CPR = "020291-5678"
NOT_FOUND = "Der er ingen borger med dette CPR-nummer i din kommune."


@pytest.fixture
def consultant(login, viborg):
    return login(Role.CONSULTANT, municipality=viborg, name="Karin Konsulent")


def own_citizen(consultant, **fields):
    fields.setdefault("birth_date", date(1990, 1, 1))
    fields.setdefault("cpr", CPR)
    return create_candidate(consultant.municipality, consultant=consultant, **fields)


def raw_rows():
    """Every column of every citizen, as the database holds it."""
    db.session.commit()
    return [
        tuple(str(value) for value in row)
        for row in db.session.execute(text("SELECT * FROM candidates")).all()
    ]


def raw_tokens() -> dict[int, str]:
    db.session.commit()
    return dict(db.session.execute(text("SELECT id, cpr_encrypted FROM candidates")).all())


def unmask_rows(candidate_id: int) -> list[AuditEvent]:
    db.session.expire_all()
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.candidate_id == candidate_id,
            AuditEvent.action == AuditAction.UNMASK,
            AuditEvent.subject == AuditSubject.CPR,
        )
    ).all()


def other_client(app, role, municipality):
    user = create_user(role, municipality=municipality)
    client = app.test_client()
    assert log_in(client, user.email).status_code == 302
    return client, user


# --- at rest ------------------------------------------------------------------------------------


def test_the_database_holds_neither_the_digits_nor_the_dashed_number(viborg):
    candidate = create_candidate(viborg, name="Rå Række", cpr=CPR)
    rows = raw_rows()
    assert len(rows) == 1
    for value in rows[0]:
        assert DIGITS not in value and CPR not in value, value
    hash_column = db.session.execute(text("SELECT cpr_hash FROM candidates")).scalar_one()
    assert hash_column and DIGITS not in hash_column and CPR not in hash_column
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).cpr == CPR  # and yet the app reads it


def test_the_same_number_encrypts_differently_but_hashes_alike(app, monkeypatch):
    first, second = cpr_vault.encrypt(CPR), cpr_vault.encrypt(DIGITS)
    assert first != second
    assert cpr_vault.decrypt(first) == cpr_vault.decrypt(second) == CPR
    assert cpr_vault.lookup_hash(CPR) == cpr_vault.lookup_hash(DIGITS)
    assert cpr_vault.lookup_hash(CPR) != cpr_vault.lookup_hash(OTHER_CPR)
    usual = cpr_vault.lookup_hash(CPR)
    monkeypatch.setitem(app.config, "CPR_HMAC_KEY", "en helt anden søgenøgle")
    assert cpr_vault.lookup_hash(CPR) != usual


# --- rotation -------------------------------------------------------------------------------------

NUMBERS = {"010190-1234": "1990-01-01", "020291-5678": "1991-02-02", "030392-9012": "1992-03-03"}


def test_rotation_moves_every_number_to_the_newest_key(app, runner, viborg, monkeypatch):
    key_a, key_b, key_c = (Fernet.generate_key().decode() for _ in range(3))
    monkeypatch.setitem(app.config, "CPR_KEYS", (key_a,))
    people = {
        create_candidate(viborg, birth_date=date.fromisoformat(born), cpr=number).id: number
        for number, born in NUMBERS.items()
    }
    under_a = raw_tokens()

    def readable() -> dict[int, str]:
        db.session.expire_all()
        return {i: db.session.get(Candidate, i).cpr for i in people}

    monkeypatch.setitem(app.config, "CPR_KEYS", (key_b, key_a))  # B put first, A still there
    assert readable() == people
    check = runner.invoke(args=["cpr", "check"])
    assert check.exit_code == 0, check.output
    assert "3 stored CPR number(s): 0 under the newest key, 3 under an older key" in check.output

    result = runner.invoke(args=["cpr", "rotate", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 3 CPR number(s)" in result.output
    for number in NUMBERS:
        assert number not in result.output and number.replace("-", "") not in result.output
    under_b = raw_tokens()
    assert all(under_b[i] != under_a[i] for i in people)

    monkeypatch.setitem(app.config, "CPR_KEYS", (key_b,))  # A removed: B alone reads them all
    assert readable() == people
    assert "3 under the newest key" in runner.invoke(args=["cpr", "check"]).output

    monkeypatch.setitem(app.config, "CPR_KEYS", (key_c,))  # B removed too early
    failed = runner.invoke(args=["cpr", "rotate"])
    assert failed.exit_code != 0
    assert "cannot be decrypted with any key in CPR_KEYS" in failed.output
    assert "Nothing was changed" in failed.output
    assert raw_tokens() == under_b
    assert runner.invoke(args=["cpr", "check"]).exit_code != 0


def test_rotate_also_renews_the_search_hash_after_a_new_search_key(
    app, runner, client, consultant, monkeypatch
):
    candidate = own_citizen(consultant)
    monkeypatch.setitem(app.config, "CPR_HMAC_KEY", "en ny søgenøgle")
    lookup = post_form(client, "/borgere/cpr-opslag", {"cpr": CPR}, form_page="/borgere")
    assert NOT_FOUND in lookup.get_data(as_text=True)  # the old hashes no longer match
    assert runner.invoke(args=["cpr", "rotate"]).exit_code == 0
    found = post_form(client, "/borgere/cpr-opslag", {"cpr": CPR}, form_page="/borgere")
    assert found.headers["Location"] == f"/borgere/{candidate.id}"


def test_new_key_prints_a_usable_fernet_key(runner):
    result = runner.invoke(args=["cpr", "new-key"])
    assert result.exit_code == 0
    key = result.output.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x"
    assert runner.invoke(args=["cpr", "new-key"]).output.strip() != key


# --- shown masked, never whole ----------------------------------------------------------------


def test_no_page_url_or_log_line_holds_the_number(client, consultant, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("werkzeug", "placement", "flask.app", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG, logger=name)
    candidate = create_candidate(
        consultant.municipality,
        consultant=consultant,
        name="Cecilie Cpr",
        birth_date=date(1990, 1, 1),
    )
    texts = []
    entered = post_form(
        client,
        f"/borgere/{candidate.id}/cpr",
        {"cpr": DIGITS},
        form_page=f"/borgere/{candidate.id}/ret",
    )
    texts += [entered.headers["Location"], entered.get_data(as_text=True)]
    found = post_form(
        client, "/borgere/cpr-opslag", {"cpr": CPR}, form_page="/borgere", follow_redirects=True
    )
    assert found.request.path == f"/borgere/{candidate.id}"
    texts += [r.headers.get("Location", "") for r in found.history]
    texts.append(found.get_data(as_text=True))
    profile = client.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    caseload = client.get("/borgere").get_data(as_text=True)
    texts += [profile, caseload, client.get(f"/borgere/{candidate.id}/ret").get_data(as_text=True)]

    assert "010190-XXXX" in profile and "Vis CPR-nummer" in profile
    assert "Cecilie Cpr" in caseload and "010190" not in caseload
    for page in texts + [record.getMessage() for record in caplog.records]:
        assert "1234" not in page, page[:300]


@pytest.mark.parametrize("typed", [CPR, DIGITS, "Cecilie 010190 1234"])
def test_a_number_typed_into_the_name_search_is_looked_up_and_never_put_in_an_address(
    client, consultant, typed
):
    candidate = own_citizen(consultant, name="Cecilie Cpr")
    found = post_form(client, "/borgere", {"q": typed}, form_page="/borgere")
    assert found.status_code == 302
    assert found.headers["Location"] == f"/borgere/{candidate.id}"

    unknown = post_form(client, "/borgere", {"q": OTHER_CPR}, form_page="/borgere")
    page = unknown.get_data(as_text=True)
    assert unknown.status_code == 200 and NOT_FOUND in page
    assert unknown.headers["Cache-Control"] == "no-store"


def test_a_name_search_becomes_the_lists_address(client, consultant):
    own_citizen(consultant, name="Cecilie Cpr")
    response = post_form(
        client, "/borgere", {"q": "cecilie", "status": "looking"}, form_page="/borgere"
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/borgere?q=cecilie&status=looking"
    assert "Cecilie Cpr" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_number_typed_into_the_address_leads_to_the_list_without_it(client, consultant):
    response = client.get(f"/borgere?q={DIGITS}&status=looking")
    assert response.status_code == 302 and response.headers["Location"] == "/borgere"


@pytest.mark.parametrize(
    "line",
    [
        f'127.0.0.1 - - "GET /borgere?q={DIGITS} HTTP/1.1" 200',
        '"GET /borgere?q=010190-1234 HTTP/1.1" 200 "http://x/borgere?q=010190%201234"',
        "GET /borgere?q=010190+1234",
        f"cpr {CPR} in a sentence",
    ],
)
def test_no_log_line_carries_a_cpr_like_number(caplog, line):
    caplog.set_level(logging.INFO, logger="werkzeug")
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        logging.getLogger("gunicorn.access").info("%s", line)
        logging.getLogger("werkzeug").info(line)
    assert len(caplog.records) == 2
    for record in caplog.records:
        assert "1234" not in record.getMessage() and "XXXXXX-XXXX" in record.getMessage()


def test_longer_and_shorter_numbers_stay_in_the_log(caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("placement").info("ids %s and %s", "123456789", "12345678901")
    assert caplog.records[0].getMessage() == "ids 123456789 and 12345678901"


# --- unmasking --------------------------------------------------------------------------------


def test_the_own_consultant_sees_the_number_after_a_click_and_it_is_audited(client, consultant):
    candidate = own_citizen(consultant)
    profile = client.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    assert "010190-XXXX" in profile and CPR not in profile
    assert unmask_rows(candidate.id) == []

    shown = post_form(
        client, f"/borgere/{candidate.id}/cpr/vis", {}, form_page=f"/borgere/{candidate.id}"
    )
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and CPR in page
    assert "Visningen er registreret i loggen." in page
    assert shown.headers["Cache-Control"] == "no-store"
    rows = unmask_rows(candidate.id)
    assert [(row.actor_id, row.actor_role) for row in rows] == [(consultant.id, "consultant")]

    again = client.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    assert CPR not in again and "010190-XXXX" in again  # one click, one showing


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MANAGER])
def test_someone_else_in_the_municipality_may_not_unmask(app, client, consultant, role):
    candidate = own_citizen(consultant)
    other, _user = other_client(app, role, consultant.municipality)
    profile = other.get(f"/borgere/{candidate.id}").get_data(as_text=True)
    assert "010190-XXXX" in profile and "Vis CPR-nummer" not in profile
    response = post_form(
        other, f"/borgere/{candidate.id}/cpr/vis", {}, form_page=f"/borgere/{candidate.id}"
    )
    assert response.status_code == 403
    assert CPR not in response.get_data(as_text=True)
    assert unmask_rows(candidate.id) == []


def test_another_municipality_gets_not_found(app, consultant, silkeborg):
    candidate = own_citizen(consultant)
    other, _user = other_client(app, Role.CONSULTANT, silkeborg)
    response = post_form(other, f"/borgere/{candidate.id}/cpr/vis", {}, form_page="/borgere")
    assert response.status_code == 404
    assert unmask_rows(candidate.id) == []


def test_unmasking_needs_a_recent_password(client, consultant):
    candidate = own_citizen(consultant)
    with client.session_transaction() as session:
        session["_password_confirmed"] = time.time() - 3600
    profile_path = f"/borgere/{candidate.id}"
    asked = post_form(
        client,
        f"{profile_path}/cpr/vis",
        {},
        form_page=profile_path,
        headers={"Referer": f"http://localhost{profile_path}"},
    )
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/bekraeft-adgangskode")
    assert CPR not in asked.get_data(as_text=True)
    assert unmask_rows(candidate.id) == []

    confirmed = post_form(client, asked.headers["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302 and confirmed.headers["Location"] == profile_path
    shown = post_form(client, f"{profile_path}/cpr/vis", {}, form_page=profile_path)
    assert shown.status_code == 200 and CPR in shown.get_data(as_text=True)
    assert len(unmask_rows(candidate.id)) == 1


def test_unmasking_without_a_csrf_token_is_refused(client, consultant):
    candidate = own_citizen(consultant)
    response = client.post(f"/borgere/{candidate.id}/cpr/vis")
    assert response.status_code == 400 and CPR not in response.get_data(as_text=True)
    assert unmask_rows(candidate.id) == []


# --- finding a citizen by the number ----------------------------------------------------------

CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+')


def test_lookup_finds_the_own_municipalitys_citizen_only(client, consultant, silkeborg):
    # The same person registered in Silkeborg first (a lower id) and in Viborg.
    elsewhere = create_candidate(silkeborg, birth_date=date(1990, 1, 1), cpr=CPR)
    only_elsewhere = create_candidate(silkeborg, birth_date=date(1991, 2, 2), cpr=OTHER_CPR)
    mine = own_citizen(consultant)
    assert elsewhere.id < mine.id

    for typed in (CPR, DIGITS, " 010190 1234 "):
        found = post_form(client, "/borgere/cpr-opslag", {"cpr": typed}, form_page="/borgere")
        assert found.status_code == 302 and found.headers["Location"] == f"/borgere/{mine.id}"

    pages = {}
    for typed in (OTHER_CPR, "030393-4321"):  # in another municipality; nowhere
        response = post_form(client, "/borgere/cpr-opslag", {"cpr": typed}, form_page="/borgere")
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and NOT_FOUND in page
        assert f'value="{typed}"' in page  # kept, to be corrected
        assert response.headers["Cache-Control"] == "no-store"
        # Less what was typed, and the CSRF tokens: they carry the second they were signed.
        pages[typed] = CSRF_VALUE.sub(r"\1", page.replace(typed, ""))
    assert pages[OTHER_CPR] == pages["030393-4321"]  # nothing tells the two apart
    assert f"/borgere/{only_elsewhere.id}" not in pages[OTHER_CPR]


@pytest.mark.parametrize(
    "typed, message",
    [
        ("12345", "Skriv CPR-nummeret som 10 cifre"),
        ("311390-1234", "Skriv CPR-nummeret som 10 cifre"),
        ("", "Skal udfyldes."),
    ],
)
def test_lookup_explains_a_wrong_number_and_keeps_it(client, consultant, typed, message):
    own_citizen(consultant)
    response = post_form(client, "/borgere/cpr-opslag", {"cpr": typed}, form_page="/borgere")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'id="cpr"' in page and f'value="{typed}"' in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_lookup_is_for_consultants(app, viborg, role):
    client, _user = other_client(app, role, viborg if role == Role.MANAGER else None)
    response = post_form(
        client, "/borgere/cpr-opslag", {"cpr": CPR}, form_page="/bekraeft-adgangskode"
    )
    assert response.status_code == 403


def test_gunicorns_access_log_never_carries_a_cpr_number(tmp_path):
    env = process_env(
        tmp_path / "instance", DATABASE_URL=f"sqlite:///{tmp_path / 'placement.sqlite'}"
    )
    log = tmp_path / "access.log"
    with serving(env, log) as base:
        browser = Browser(base)
        browser.opener.addheaders = [("Referer", f"{base}/borgere?q={CPR}")]
        for path in (
            f"/borgere?q={DIGITS}",
            "/ledige-pladser/?q=010190-1234&side=2",
            "/borgere?q=010190%201234",
        ):
            browser.request(path)
    text = log.read_text()
    assert text.count("GET /borgere?q=XXXXXX-XXXX") == 2, text
    assert "GET /ledige-pladser/?q=XXXXXX-XXXX&side=2" in text, text
    assert "1234" not in text, text
