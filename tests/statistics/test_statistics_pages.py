"""The statistics page and its CSV exports, as a manager or an admin sees them."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from placement.models import Kind, Outcome, Role
from placement.models import PlacementStatus as S
from placement.statistics import charts
from placement.statistics.aggregates import Column, Filters, Table, dashboard
from placement.statistics.small_numbers import protect
from tests.factories import create_employer, create_municipality, create_opening, create_user
from tests.statistics.test_statistics import citizen, make_placement, started

Q1 = "fra=2026-01-01&til=2026-03-31"
INTERNSHIP, WAGE, FLEX, IPS = (
    "Virksomhedspraktik",
    "Løntilskud",
    "Fleksjob",
    "Job med støtte (IPS)",
)


@pytest.fixture
def world():
    """Viborg: 7 internships at a warehouse in January, 3 wage-subsidy and 2 flex jobs at a café
    in February (small numbers). Silkeborg: 6 IPS jobs at the warehouse in January, all
    completed in March, five of them followed by ordinary work."""
    viborg = create_municipality("Viborg", "791")
    silkeborg = create_municipality("Silkeborg", "740")
    anna = create_user(Role.CONSULTANT, name="Anna Andersen", municipality=viborg)
    carl = create_user(Role.CONSULTANT, name="Carl Christensen", municipality=silkeborg)
    lager = create_employer(name="Lager A/S", industry="Lager og logistik", employees=100)
    cafe = create_employer(name="Café Bønne", industry="Hotel og restauration", employees=100)
    openings = {
        Kind.INTERNSHIP: create_opening(lager, kind=Kind.INTERNSHIP, seats=20),
        Kind.WAGE_SUBSIDY: create_opening(cafe, kind=Kind.WAGE_SUBSIDY, seats=20),
        Kind.FLEXJOB: create_opening(cafe, kind=Kind.FLEXJOB, seats=20),
        Kind.SUPPORTED_JOB: create_opening(lager, kind=Kind.SUPPORTED_JOB, seats=20),
    }
    plan = [
        (viborg, anna, Kind.INTERNSHIP, 7, "2026-01-12"),
        (viborg, anna, Kind.WAGE_SUBSIDY, 3, "2026-02-10"),
        (viborg, anna, Kind.FLEXJOB, 2, "2026-02-16"),
        (silkeborg, carl, Kind.SUPPORTED_JOB, 6, "2026-01-20"),
    ]
    for municipality, consultant, kind, count, day in plan:
        for n in range(count):
            path, outcome = started("2025-12-20", day), None
            if kind == Kind.SUPPORTED_JOB:  # all completed on 20 March, five in ordinary work
                path += [(S.COMPLETED, "2026-03-20")]
                outcome = Outcome.ORDINARY_JOB if n < 5 else Outcome.OTHER
            make_placement(
                citizen(municipality, consultant, "2025-12-01"),
                openings[kind],
                consultant,
                path,
                start_date=date.fromisoformat(day),
                hours_per_week=15,
                outcome=outcome,
            )
    return SimpleNamespace(viborg=viborg, silkeborg=silkeborg, anna=anna, carl=carl)


class _Tables(HTMLParser):
    """Each dashboard section's table as rows of cell texts, and its CSV link."""

    def __init__(self):
        super().__init__()
        self.tables, self.csv_links = {}, {}
        self.section = self.row = self.cell = None
        self.in_caption = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "stats-table" in attrs.get("class", ""):
            self.section = attrs["id"]
            self.tables[self.section] = []
        elif tag == "caption":
            self.in_caption = True
        elif tag == "tr" and self.section:
            self.row = []
            self.tables[self.section].append(self.row)
        elif tag in ("th", "td") and self.row is not None:
            self.cell = ""
        elif tag == "a" and self.section and attrs.get("href", "").split("?")[0].endswith(".csv"):
            self.csv_links[self.section] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "caption":
            self.in_caption = False
        elif tag in ("th", "td") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.cell is not None and not self.in_caption:
            self.cell += data


def page_of(client, query: str = Q1, path: str = "/statistik"):
    response = client.get(f"{path}?{query}" if query else path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    parser = _Tables()
    parser.feed(html)
    return SimpleNamespace(html=html, tables=parser.tables, csv_links=parser.csv_links)


def column(table_rows: list[list[str]], label: str) -> dict:
    """First cell -> the cell under the header `label`."""
    header, *rows = table_rows
    i = header.index(label)
    return {row[0]: row[i] for row in rows}


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode("utf-8"))  # the BOM Excel needs for æøå
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


# --- who sees what -----------------------------------------------------------------------------


def test_a_manager_sees_only_their_own_municipality(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client)
    assert "Statistik for Viborg" in page.html
    started_ = column(page.tables["placements_by_kind"], "Startet")
    # 7 + 3 + 2 in Viborg; Silkeborg's 6 IPS jobs are not counted.
    assert started_[INTERNSHIP] == "7" and started_[IPS] == "0" and started_["I alt"] == "12"
    assert "Carl Christensen" not in page.html  # not in the consultant list, nor any table
    assert "municipalities" not in page.tables and 'name="kommune"' not in page.html


def test_a_manager_asking_for_another_municipality_still_sees_their_own(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, f"{Q1}&kommune={world.silkeborg.id}")
    assert "Statistik for Viborg" in page.html
    assert column(page.tables["placements_by_kind"], "Startet")["I alt"] == "12"
    exported = read_csv(
        client.get(f"/statistik/placements_by_kind.csv?{Q1}&kommune={world.silkeborg.id}")
    )
    assert exported[-1][:2] == ["I alt", "12"]


def test_the_managers_home_is_the_dashboard(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, "", path="/leder")
    assert "Statistik for Viborg" in page.html and "Hent som CSV" in page.html
    assert 'href="/statistik"' in page.html  # the menu's "Statistik"
    # The default period is twelve whole months up to today: twelve month rows and a total.
    assert len(page.tables["placements_by_month"]) == 1 + 12 + 1


def test_an_admin_compares_municipalities_and_can_choose_one(client, login, world):
    login(Role.ADMIN)
    page = page_of(client)
    assert "Statistik for alle kommuner" in page.html and "Kommuner sammenlignet" in page.html
    compared = page.tables["municipalities"]
    assert compared[0][:4] == ["Kommune", "Startet", "Gennemført", "Afbrudt før tid"]
    assert column(compared, "Startet") == {"Silkeborg": "6", "Viborg": "12", "I alt": "18"}
    # 5 of Silkeborg's 6 ended placements went to ordinary work; nothing ended in Viborg.
    assert column(compared, "Andel ved slut") == {
        "Silkeborg": "83\xa0%",
        "Viborg": "–",
        "I alt": "83\xa0%",
    }
    # 20 January to 20 March: 59 days, with a decimal comma.
    assert column(page.tables["length_and_hours"], "Median længde i dage")[IPS] == "59,0"
    assert column(page.tables["placements_by_kind"], "Startet")["I alt"] == "18"

    page = page_of(client, f"{Q1}&kommune={world.silkeborg.id}")
    assert "Statistik for Silkeborg" in page.html and "municipalities" not in page.tables
    assert column(page.tables["placements_by_kind"], "Startet")[IPS] == "6"
    assert column(page.tables["placements_by_kind"], "Startet")["I alt"] == "6"


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.EMPLOYER, Role.CONSULTANT])
def test_other_roles_are_refused(client, login, role):
    login(role)
    assert client.get("/statistik").status_code == 403
    assert client.get("/statistik/placements_by_kind.csv").status_code == 403


def test_anonymous_people_are_sent_to_log_in(client):
    for path in ("/statistik", "/statistik/placements_by_kind.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- the filter form ---------------------------------------------------------------------------


def test_a_date_that_is_not_a_date_is_explained_and_kept(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, "fra=hej&til=2026-03-31&type=internship")
    assert 'class="error-summary"' in page.html  # at the top
    assert 'id="fra-error"' in page.html and "Skriv en dato som år-måned-dag" in page.html
    assert 'value="hej"' in page.html and 'value="2026-03-31"' in page.html
    assert re.search(
        r'<option selected value="internship">|<option value="internship" selected', page.html
    )
    assert page.tables == {}  # no figures for a period no one asked for


def test_a_period_that_ends_before_it_starts_is_explained(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, "fra=2026-03-31&til=2026-01-01")
    assert 'id="til-error"' in page.html
    assert "Til-datoen ligger før Fra-datoen" in page.html and 'value="2026-01-01"' in page.html
    assert page.tables == {}
    # A CSV address with the same mistake leads to the page that explains it.
    response = client.get("/statistik/placements_by_kind.csv?fra=2026-03-31&til=2026-01-01")
    assert response.status_code == 302 and "/statistik?" in response.headers["Location"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("fra=0001-01-01", "fra"),
        ("til=9999-12-31", "til"),
        ("fra=1990-01-01&til=2026-01-01", "fra"),
        ("type=unicorn", "type"),
        ("konsulent=abc", "konsulent"),
        ("branche=Rumfart", "branche"),
    ],
)
def test_odd_addresses_get_an_explanation_not_an_error_page(client, login, world, query, field):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, query)
    assert f'id="{field}-error"' in page.html and page.tables == {}


def test_consultants_and_industries_to_choose_from(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client)
    assert f'value="{world.anna.id}">Anna Andersen' in page.html
    assert "Carl Christensen" not in page.html
    assert ">Hotel og restauration</option>" in page.html
    assert ">Lager og logistik</option>" in page.html
    # Another municipality's consultant is not one of the choices.
    assert 'id="konsulent-error"' in page_of(client, f"konsulent={world.carl.id}").html


def test_filters_change_the_figures(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)

    def total_started(query):
        return column(page_of(client, query).tables["placements_by_kind"], "Startet")["I alt"]

    assert total_started(Q1) == "12"
    assert total_started(f"{Q1}&type=internship") == "7"
    assert total_started("fra=2026-02-01&til=2026-03-31") == "5"  # the café's 3 + 2
    assert total_started(f"{Q1}&branche=Hotel+og+restauration") == "5"
    assert total_started(f"{Q1}&konsulent={world.anna.id}") == "12"
    months = page_of(client, "fra=2026-02-01&til=2026-03-31").tables["placements_by_month"]
    assert [row[0] for row in months[1:]] == ["2026-02", "2026-03", "I alt"]


# --- small numbers -----------------------------------------------------------------------------


def test_small_numbers_never_show_on_the_page_or_in_the_csv(client, login, world):
    # The raw figures do hold 3 and 2: the page must hide them.
    raw = {
        t.key: t
        for t in dashboard(
            Filters(date(2026, 1, 1), date(2026, 3, 31), world.viborg.id), date(2026, 6, 1)
        )
    }
    assert {row[0]: row[1] for row in raw["placements_by_kind"].rows}[WAGE] == 3

    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client)
    for key in ("placements_by_kind", "placements_by_month"):  # every figure here is a count
        cells = [cell for row in page.tables[key][1:] for cell in row[1:]]
        assert not {"1", "2", "3", "4"} & set(cells), key
        exported = read_csv(client.get(page.csv_links[key]))
        assert not {"1", "2", "3", "4"} & {cell for row in exported[1:] for cell in row[1:]}
    started_ = column(page.tables["placements_by_kind"], "Startet")
    assert started_[WAGE] == started_[FLEX] == "<5"
    assert column(page.tables["placements_by_month"], "Startet")["2026-02"] == "5"
    # The charts draw the hidden ones as the text "<5", not as bars.
    assert page.html.count("&lt;5</text>") >= 2


def test_a_hidden_count_is_drawn_as_text_without_a_bar():
    table = Table(
        key="placements_by_kind",
        title="t",
        explanation="e",
        columns=[Column("kind", "Type", "text"), Column("started", "Startet")],
        rows=[["Virksomhedspraktik", 7], ["Løntilskud", 3], ["Fleksjob", 0]],
    )
    svg = str(charts.kind_split(table, protect(table)))
    assert svg.count("<rect") == 1 + 1  # the hatch pattern's background, one bar (the 7)
    assert ">&lt;5</text>" in svg and ">7</text>" in svg and ">3<" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-placements_by_kind-title' in svg


def test_the_monthly_chart_has_labels_and_hides_small_numbers():
    table = Table(
        key="placements_by_month",
        title="t",
        explanation="e",
        columns=[
            Column("month", "Måned", "text"),
            Column("started", "Startet"),
            Column("completed", "Gennemført"),
        ],
        rows=[["2026-01", 12, 2], ["2026-02", 0, 6], ["2026-03", 7, 0], ["I alt", 19, 8]],
        has_total=True,
    )
    svg = str(charts.monthly_trend(table, protect(table)))
    assert "<title" in svg and "<desc" in svg and "jan." in svg and "2026" in svg
    assert ">12</text>" in svg and ">7</text>" in svg
    # The 2 is hidden, and the 6 with it (else 8 - 6 gives it away): both text, neither a bar.
    assert ">&lt;5</text>" in svg and ">skjult</text>" in svg and ">6</text>" not in svg
    assert svg.count("<rect x=") == 2 + 2  # the legend's two swatches, then the 12 and the 7
    assert "I alt" not in svg  # the total is not a month


def test_chart_text_is_escaped():
    table = Table(
        key="placements_by_kind",
        title="t",
        explanation="e",
        columns=[Column("kind", "Type", "text"), Column("started", "Startet")],
        rows=[["<script>alert(1)</script>", 7]],
    )
    assert "<script>" not in str(charts.kind_split(table, protect(table)))


# --- CSV -----------------------------------------------------------------------------------------


def test_every_csv_reads_back_as_the_pages_table(client, login, world):
    login(Role.ADMIN)
    page = page_of(client)
    assert set(page.csv_links) == set(page.tables) and "municipalities" in page.tables
    for key, href in page.csv_links.items():
        exported = read_csv(client.get(unescape(href)))
        shown = [
            [cell.replace("\xa0", " ").replace("–", "") for cell in row] for row in page.tables[key]
        ]
        assert exported == shown, key


def test_csv_file_name_carries_the_filters(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    response = client.get(
        f"/statistik/placements_by_kind.csv?{Q1}&type=internship"
        f"&konsulent={world.anna.id}&branche=Lager+og+logistik"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="placements_by_kind_2026-01-01_2026-03-31_viborg_internship'
        '_anna-andersen_lager-og-logistik.csv"'
    )
    assert read_csv(response)[0] == [
        "Type",
        "Startet",
        "I gang ved periodens slutning",
        "Gennemført",
        "Afbrudt før tid",
        "Sagt nej tak",
    ]


def test_csv_uses_danish_decimals(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    caseload = read_csv(client.get(f"/statistik/caseload.csv?{Q1}"))
    assert caseload[0][-1] == "Virksomhedskontakter pr. uge"
    assert caseload[1] == ["Anna Andersen", "12", "Nej", "0,0"]


def test_unknown_tables_are_not_found(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    assert client.get("/statistik/nothing.csv").status_code == 404
    # The comparison is the admin's, over all municipalities.
    assert client.get("/statistik/municipalities.csv").status_code == 404


def test_the_csv_stays_danish_for_an_english_reader(client, login, world):
    login(Role.MANAGER, municipality=world.viborg, language="en")
    assert '<html lang="en">' in page_of(client).html
    # The export reads the same whoever made it: Danish labels and decimal commas.
    exported = read_csv(client.get(f"/statistik/caseload.csv?{Q1}"))
    assert exported[0][0] == "Konsulent" and exported[1][-1] == "0,0"


def test_text_that_looks_like_a_formula_stays_text_in_excel(client, login, world):
    opening = create_opening(
        create_employer(name='=HYPERLINK("http://example.com")'), kind=Kind.INTERNSHIP
    )
    make_placement(
        citizen(world.viborg, world.anna, "2025-12-01"),
        opening,
        world.anna,
        started("2025-12-20", "2026-01-05"),
        start_date=date(2026, 1, 5),
        hours_per_week=10,
    )
    login(Role.MANAGER, municipality=world.viborg)
    companies = read_csv(client.get(f"/statistik/companies.csv?{Q1}"))
    names = [row[0] for row in companies[1:]]
    assert """'=HYPERLINK("http://example.com")""" in names
    assert not any(name.startswith("=") for name in names)
