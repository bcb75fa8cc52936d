"""The JSON API: public openings, a manager's statistics behind a token, errors always JSON,
and the page where a manager makes and revokes tokens."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from placement.api import routes, tokens
from placement.extensions import db
from placement.models import ApiToken, EmployerStatus, Kind, OpeningStatus, PlacementStatus, Role
from placement.statistics import aggregates as stats
from tests.conftest import post_form
from tests.factories import (
    create_candidate,
    create_employer,
    create_municipality,
    create_opening,
    create_placement,
    create_user,
)

TOKENS_PAGE = "/profil/api-noegler/"


def json_error(response, status: int) -> dict:
    """The response is the API's JSON error with this status and a message, never HTML."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status and body["message"]
    assert "<html" not in response.get_data(as_text=True).lower()
    return body


def titles(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["title"] for item in response.get_json()["items"]]


def token_for(user) -> str:
    _token, plaintext = tokens.create_token(user, "Rapportsystem")
    db.session.commit()
    return plaintext


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def seen_filters(monkeypatch):
    """Replaces the dashboard with one table of hand-made numbers and records the filters
    the API asked for, so these tests see what the API decides, not how figures are counted."""
    seen: list[stats.Filters] = []

    def dashboard(filters, today):
        seen.append(filters)
        return [
            stats.Table(
                key="placements_by_kind",
                title="Forløb fordelt på type",
                explanation="Forløb, der startede i perioden.",
                columns=[stats.Column("kind", "Type", "text"), stats.Column("started", "Startet")],
                rows=[["Fleksjob", 12], ["Skånejob", 3], ["I alt", 15]],
                has_total=True,
            )
        ]

    monkeypatch.setattr(stats, "dashboard", dashboard)
    return seen


# --- openings: public -------------------------------------------------------------------------


def test_openings_lists_only_live_openings_of_approved_companies(client):
    create_opening(title="Synlig plads")
    create_opening(title="Kladde", status=OpeningStatus.DRAFT)
    create_opening(title="Besat", status=OpeningStatus.FILLED)
    create_opening(create_employer(status=EmployerStatus.PENDING), title="Afventer")
    create_opening(create_employer(status=EmployerStatus.SUSPENDED), title="Suspenderet")
    create_opening(title="For sent", deadline=date.today() - timedelta(days=1))
    response = client.get("/api/v1/openings")
    assert titles(response) == ["Synlig plads"]
    assert response.get_json()["total"] == 1


def test_an_opening_tells_what_where_when_and_which_adaptations(client):
    opening = create_opening(
        create_employer(name="Grøn Have ApS"),
        title="Gartnerhjælper",
        kind=Kind.FLEXJOB,
        postcode="8600",
        city="Silkeborg",
        hours_min=8,
        hours_max=12,
        start_date=date(2031, 2, 1),
        deadline=date(2031, 1, 5),
        duration_weeks=None,
        adaptation_codes=("extra_breaks",),
    )
    [item] = client.get("/api/v1/openings").get_json()["items"]
    assert item["id"] == opening.id
    assert item["company"] == {"name": "Grøn Have ApS"}
    assert (item["kind"], item["kind_label"]) == ("flexjob", "Fleksjob")
    assert (item["postcode"], item["city"], item["hours_min"], item["hours_max"]) == (
        "8600",
        "Silkeborg",
        8,
        12,
    )
    assert (item["start_date"], item["deadline"], item["end_date"]) == (
        "2031-02-01",
        "2031-01-05",
        None,
    )
    assert item["adaptations"] == [{"code": "extra_breaks", "label": "Ekstra pauser"}]
    assert item["url"].endswith(f"/ledige-pladser/{opening.id}")


def test_openings_filter_by_words_kind_and_postcode(client):
    create_opening(
        create_employer(name="Café Solsiden"),
        title="Køkkenhjælper",
        kind=Kind.INTERNSHIP,
        postcode="8800",
    )
    create_opening(title="Lagerarbejder", kind=Kind.FLEXJOB, postcode="8600")
    create_opening(title="Gartner", kind=Kind.FLEXJOB, postcode="8800")
    assert titles(client.get("/api/v1/openings?q=solsiden")) == ["Køkkenhjælper"]
    assert sorted(titles(client.get("/api/v1/openings?kind=flexjob"))) == [
        "Gartner",
        "Lagerarbejder",
    ]
    assert titles(client.get("/api/v1/openings?kind=flexjob&postcode=8800")) == ["Gartner"]
    assert titles(client.get("/api/v1/openings?q=ingen+s%C3%A5dan")) == []


def test_openings_come_in_pages_and_a_page_past_the_end_is_empty(client):
    for n in range(5):
        create_opening(title=f"Plads {n}")
    first = client.get("/api/v1/openings?per_page=2").get_json()
    assert (
        len(first["items"]),
        first["page"],
        first["per_page"],
        first["total"],
        first["pages"],
    ) == (2, 1, 2, 5, 3)
    last = client.get("/api/v1/openings?per_page=2&page=3").get_json()
    assert len(last["items"]) == 1
    seen = {
        item["id"]
        for page in (1, 2, 3)
        for item in client.get(f"/api/v1/openings?per_page=2&page={page}").get_json()["items"]
    }
    assert len(seen) == 5
    beyond = client.get("/api/v1/openings?per_page=2&page=4").get_json()
    assert beyond["items"] == [] and beyond["total"] == 5 and beyond["page"] == 4


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=-1", "page"),
        ("kind=praktik", "kind"),
        ("postcode=88", "postcode"),
        ("q=" + "x" * 201, "q"),
        ("page=1&page=2", "page"),
    ],
)
def test_a_parameter_that_cannot_be_used_is_a_400_with_a_danish_message(client, query, parameter):
    body = json_error(client.get(f"/api/v1/openings?{query}"), 400)
    assert body["parameter"] == parameter
    assert parameter in body["message"]


# --- errors are JSON under /api/, HTML elsewhere ----------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/nope", "/api/v2/openings"])
def test_an_unknown_api_address_is_a_json_404(client, path):
    assert "findes ikke" in json_error(client.get(path), 404)["message"]


def test_other_pages_keep_their_html_error_page(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Siden findes ikke" in response.get_data(as_text=True)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_method_other_than_get_is_a_json_405_naming_get(client, method):
    response = getattr(client, method)("/api/v1/openings")
    json_error(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_crash_in_the_api_is_a_json_500_without_a_trace(app, client, monkeypatch):
    def broken(criteria):
        raise ZeroDivisionError("hemmelig detalje")

    monkeypatch.setattr(routes, "board_query", broken)
    # As in production: the error is answered, not raised into the test.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/api/v1/openings")
    body = json_error(response, 500)
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "ZeroDivisionError" not in page
    assert "hemmelig" not in page
    assert body["message"] == "Der opstod en fejl på serveren. Prøv igen senere."


def test_the_openapi_document_describes_both_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.0")
    assert set(document["paths"]) == {"/openings", "/statistics"}
    assert document["paths"]["/statistics"]["get"]["security"] == [{"bearerAuth": []}]
    assert "401" in document["paths"]["/statistics"]["get"]["responses"]


# --- statistics: only with a manager's token --------------------------------------------------


@pytest.mark.parametrize(
    "header", [None, "Bearer forkert-noegle", "Basic bGVkZXI6aGVtbWVsaWc=", "Bearer "]
)
def test_statistics_without_a_valid_token_is_a_json_401(client, seen_filters, header):
    create_user(Role.MANAGER)
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/statistics", headers=headers)
    json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert seen_filters == []


def test_a_revoked_token_no_longer_opens_the_statistics(client, seen_filters):
    manager = create_user(Role.MANAGER)
    token = token_for(manager)
    assert client.get("/api/v1/statistics", headers=bearer(token)).status_code == 200
    tokens.revoke(manager, db.session.scalar(select(ApiToken.id)))
    db.session.commit()
    body = json_error(client.get("/api/v1/statistics", headers=bearer(token)), 401)
    assert "tilbagekaldt" in body["message"]


def test_a_deactivated_manager_s_token_stops_working(client, seen_filters):
    manager = create_user(Role.MANAGER)
    token = token_for(manager)
    manager.active = False
    db.session.commit()
    json_error(client.get("/api/v1/statistics", headers=bearer(token)), 401)


def test_a_token_of_someone_who_is_no_longer_a_manager_is_refused(client, seen_filters):
    manager = create_user(Role.MANAGER)
    token = token_for(manager)
    manager.role = Role.CONSULTANT
    db.session.commit()
    json_error(client.get("/api/v1/statistics", headers=bearer(token)), 403)
    assert seen_filters == []


def test_a_manager_s_token_gives_their_own_municipality_and_the_tables(client, seen_filters):
    viborg = create_municipality("Viborg", "791")
    manager = create_user(Role.MANAGER, municipality=viborg)
    response = client.get(
        "/api/v1/statistics?from=2025-01-01&to=2025-06-30&kind=flexjob",
        headers=bearer(token_for(manager)),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert seen_filters == [
        stats.Filters(
            date_from=date(2025, 1, 1),
            date_to=date(2025, 6, 30),
            municipality_id=viborg.id,
            kind=Kind.FLEXJOB,
        )
    ]
    body = response.get_json()
    assert body["filters"] == {
        "from": "2025-01-01",
        "to": "2025-06-30",
        "municipality": viborg.id,
        "kind": "flexjob",
        "consultant": None,
        "industry": None,
    }
    [table] = body["tables"]
    assert table["key"] == "placements_by_kind" and table["has_total"] is True
    assert table["columns"] == [
        {"key": "kind", "label": "Type", "kind": "text"},
        {"key": "started", "label": "Startet", "kind": "count"},
    ]
    # 3 is a small number: hidden, and so is a second cell, so that the total does not
    # give it away.
    assert ["Skånejob", 3] not in table["rows"]
    assert all(
        not (isinstance(cell, int) and 1 <= cell <= 4) for row in table["rows"] for cell in row
    )


def test_a_manager_asking_for_another_municipality_is_refused(client, seen_filters):
    """Documented choice: a 403, not silently their own figures under another's name."""
    viborg = create_municipality("Viborg", "791")
    silkeborg = create_municipality("Silkeborg", "740")
    manager = create_user(Role.MANAGER, municipality=viborg)
    token = token_for(manager)
    body = json_error(
        client.get(f"/api/v1/statistics?municipality={silkeborg.id}", headers=bearer(token)), 403
    )
    assert body["parameter"] == "municipality" and "egen kommune" in body["message"]
    assert seen_filters == []
    own = client.get(f"/api/v1/statistics?municipality={viborg.id}", headers=bearer(token))
    assert own.status_code == 200 and seen_filters[0].municipality_id == viborg.id


def test_an_admin_s_token_may_choose_a_municipality_or_all(client, seen_filters):
    silkeborg = create_municipality("Silkeborg", "740")
    token = token_for(create_user(Role.ADMIN))
    assert client.get("/api/v1/statistics", headers=bearer(token)).status_code == 200
    assert (
        client.get(
            f"/api/v1/statistics?municipality={silkeborg.id}", headers=bearer(token)
        ).status_code
        == 200
    )
    assert [f.municipality_id for f in seen_filters] == [None, silkeborg.id]
    body = json_error(
        client.get("/api/v1/statistics?municipality=999999", headers=bearer(token)), 400
    )
    assert body["parameter"] == "municipality"


def test_a_consultant_filter_must_name_a_consultant_of_the_municipality(client, seen_filters):
    viborg = create_municipality("Viborg", "791")
    silkeborg = create_municipality("Silkeborg", "740")
    mine = create_user(Role.CONSULTANT, municipality=viborg)
    theirs = create_user(Role.CONSULTANT, municipality=silkeborg)
    token = token_for(create_user(Role.MANAGER, municipality=viborg))
    assert (
        client.get(
            f"/api/v1/statistics?consultant={mine.id}&industry=Lager", headers=bearer(token)
        ).status_code
        == 200
    )
    assert (seen_filters[0].consultant_id, seen_filters[0].industry) == (mine.id, "Lager")
    json_error(client.get(f"/api/v1/statistics?consultant={theirs.id}", headers=bearer(token)), 400)


@pytest.mark.parametrize(
    "query, parameter, words",
    [
        ("from=2025-13-01", "from", "dato"),
        ("to=31-01-2025", "to", "dato"),
        ("from=20250101", "from", "dato"),
        ("from=2025-06-01&to=2025-01-01", "from", "før"),
        ("from=1999-12-31&to=2000-06-01", "from", "mellem"),
        ("from=2010-01-01&to=2025-01-01", "from", "10 år"),
        ("kind=praktik", "kind", "flexjob"),
        ("consultant=abc", "consultant", "helt tal"),
        ("industry=", "industry", "tom"),
    ],
)
def test_statistics_parameters_that_cannot_be_used_are_a_400_in_danish(
    client, seen_filters, query, parameter, words
):
    token = token_for(create_user(Role.MANAGER))
    body = json_error(client.get(f"/api/v1/statistics?{query}", headers=bearer(token)), 400)
    assert body["parameter"] == parameter
    assert words in body["message"]
    assert seen_filters == []


def test_the_default_period_is_the_last_twelve_months():
    assert routes.default_period(date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 15))
    assert routes.default_period(date(2026, 12, 31)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert routes.default_period(date(2026, 1, 2)) == (date(2025, 2, 1), date(2026, 1, 2))


def test_using_a_token_is_noted(client, seen_filters):
    manager = create_user(Role.MANAGER)
    token = token_for(manager)
    client.get("/api/v1/statistics", headers=bearer(token))
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken)).last_used_at is not None


def test_statistics_from_real_figures_show_no_small_number_and_no_cpr(client):
    """The real dashboard on a small data set: every count of people is 0, 5 or more or
    hidden, and no CPR number is anywhere in the answer."""
    viborg = create_municipality("Viborg", "791")
    consultant = create_user(Role.CONSULTANT, municipality=viborg)
    opening = create_opening(kind=Kind.FLEXJOB)
    today = date.today()
    cprs = [f"0101{90 + n}-123{n}" for n in range(3)]
    for cpr in cprs:
        candidate = create_candidate(viborg, cpr=cpr, consultant=consultant)
        create_placement(
            candidate,
            opening,
            status=PlacementStatus.ACTIVE,
            consultant=consultant,
            start_date=today - timedelta(days=30),
        )
    token = token_for(create_user(Role.MANAGER, municipality=viborg))
    response = client.get("/api/v1/statistics", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert not any(cpr in page or cpr.replace("-", "") in page for cpr in cprs)
    tables = response.get_json()["tables"]
    cells = [cell for table in tables for row in table["rows"] for cell in row]
    assert "<5" in cells  # three citizens, one consultant: their caseload is a small number
    for table in tables:
        counts = [i for i, column in enumerate(table["columns"]) if column["kind"] == "count"]
        for row in table["rows"]:
            for i in counts:
                assert not (isinstance(row[i], (int, float)) and 1 <= row[i] <= 4), (
                    table["key"],
                    row,
                )
    openings = client.get("/api/v1/openings").get_data(as_text=True)
    assert not any(cpr in openings for cpr in cprs)


# --- tokens: made, shown once, stored hashed, revoked -----------------------------------------


def test_a_token_is_stored_only_as_its_hash():
    manager = create_user(Role.MANAGER)
    token, plaintext = tokens.create_token(manager, "Rapportsystem")
    db.session.commit()
    assert len(plaintext) >= 40
    assert token.token_hash == tokens.hash_token(plaintext) != plaintext
    rows = db.session.execute(text("SELECT * FROM api_tokens")).all()
    assert rows and all(plaintext not in str(value) for row in rows for value in row)
    assert tokens.user_for_token(plaintext) == manager


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.EMPLOYER, Role.CITIZEN])
def test_only_managers_and_admins_may_have_tokens(role):
    with pytest.raises(tokens.TokenRefused):
        tokens.create_token(create_user(role), "Mit system")


def test_a_manager_makes_a_token_sees_it_once_and_revokes_it(client, login, seen_filters):
    login(Role.MANAGER)
    home = client.get("/leder").get_data(as_text=True)
    assert f'href="{TOKENS_PAGE}"' in home and "API-nøgler" in home

    response = post_form(client, TOKENS_PAGE, {"name": "Ledelsesinformation"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Kopiér nøglen nu" in page
    plaintext = re.search(r'id="new-token" type="text" value="([^"]+)"', page).group(1)
    assert client.get("/api/v1/statistics", headers=bearer(plaintext)).status_code == 200

    listing = client.get(TOKENS_PAGE).get_data(as_text=True)
    assert "Ledelsesinformation" in listing and "Aktiv" in listing
    assert plaintext not in listing  # shown once only

    token_id = db.session.scalar(select(ApiToken.id))
    revoked = post_form(
        client,
        f"/profil/api-noegler/{token_id}/tilbagekald",
        {},
        form_page=TOKENS_PAGE,
        follow_redirects=True,
    )
    assert "er tilbagekaldt" in revoked.get_data(as_text=True)
    assert "Tilbagekaldt" in revoked.get_data(as_text=True)
    json_error(client.get("/api/v1/statistics", headers=bearer(plaintext)), 401)


def test_a_token_needs_a_name(client, login):
    login(Role.MANAGER)
    page = post_form(client, TOKENS_PAGE, {"name": "  "}).get_data(as_text=True)
    assert "Der er noget, der skal rettes" in page
    assert 'id="new-token"' not in page
    assert db.session.scalar(select(ApiToken)) is None


def test_a_manager_cannot_revoke_another_manager_s_token(client, login):
    other = create_user(Role.MANAGER)
    token = token_for(other)
    login(Role.MANAGER)
    token_id = db.session.scalar(select(ApiToken.id))
    response = post_form(
        client, f"/profil/api-noegler/{token_id}/tilbagekald", {}, form_page=TOKENS_PAGE
    )
    assert response.status_code == 404
    assert tokens.user_for_token(token) is not None


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYER, Role.CONSULTANT])
def test_other_roles_cannot_open_the_token_page(client, login, role):
    login(role)
    assert client.get(TOKENS_PAGE).status_code == 403


def test_an_admin_may_make_a_token_too(client, login):
    login(Role.ADMIN)
    response = post_form(client, TOKENS_PAGE, {"name": "Tværkommunal rapport"})
    assert 'id="new-token"' in response.get_data(as_text=True)
