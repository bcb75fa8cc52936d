"""The morning's count of all municipalities: made by the scheduler's sweep, shown as the
admin's first view with the time it was counted, and counted again when asked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from placement.common import clock
from placement.extensions import db
from placement.models import Kind, Role, StatisticsSnapshot
from placement.scheduler import run_sweep
from tests.conftest import post_form
from tests.factories import create_employer, create_opening
from tests.statistics.test_statistics import citizen, make_placement, started
from tests.statistics.test_statistics_pages import IPS, Q1, column, page_of, read_csv, world  # noqa: F401

MORNING = datetime(2026, 11, 24, 5, 30, tzinfo=UTC)  # 06:30 in Copenhagen
COUNTED = "Tallene for hele landet tælles hver morgen."


def snapshots() -> set[tuple[date, str]]:
    db.session.expire_all()
    return {(s.day, s.language) for s in db.session.scalars(select(StatisticsSnapshot))}


def count_this_morning() -> None:
    run_sweep("statistics", datetime.now(UTC))


def start_one_more_ips_job(world) -> None:
    """An IPS job in Silkeborg started today, after the morning's count."""
    opening = create_opening(create_employer(name="Bageriet"), kind=Kind.SUPPORTED_JOB)
    today = clock.today().isoformat()
    make_placement(
        citizen(world.silkeborg, world.carl, "2026-01-05"),
        opening,
        world.carl,
        started(today, today),
        start_date=clock.today(),
        hours_per_week=10,
    )


def test_the_sweep_counts_once_a_day_in_each_language_and_forgets_earlier_days(app, world):
    assert run_sweep("statistics", MORNING).done == 2
    assert snapshots() == {(date(2026, 11, 24), "da"), (date(2026, 11, 24), "en")}
    assert run_sweep("statistics", MORNING + timedelta(hours=3)).done == 0  # already counted
    assert run_sweep("statistics", MORNING + timedelta(days=1)).done == 2
    assert snapshots() == {(date(2026, 11, 25), "da"), (date(2026, 11, 25), "en")}


def test_a_kept_count_reads_back_as_the_tables_it_was(app, world):
    from placement.statistics.aggregates import Filters, default_period
    from placement.statistics.snapshots import _json, _tables, compute

    first, last = default_period(clock.today())
    tables = compute(Filters(date_from=first, date_to=last), clock.today(), compare=True)
    assert len(tables) == 13 and any(table.rows for table in tables)
    assert _tables(_json(tables)) == tables  # every title, column and cell, with its type


def test_the_admins_first_view_is_the_mornings_count_with_its_time(client, login, world):
    count_this_morning()
    start_one_more_ips_job(world)
    login(Role.ADMIN)

    page = page_of(client, "")
    assert COUNTED in page.html and "Tæl tallene igen nu" in page.html
    # Silkeborg's six IPS jobs of January, not today's seventh: the morning's figures.
    assert column(page.tables["municipalities"], "Startet")["Silkeborg"] == "6"
    assert column(page.tables["placements_by_kind"], "Startet")[IPS] == "6"
    exported = read_csv(client.get(page.csv_links["placements_by_kind"]))
    assert exported[-1][:2] == ["I alt", "18"]  # the CSV says what the page says

    fresh = page_of(client, "ny=1")
    assert COUNTED not in fresh.html
    assert column(fresh.tables["municipalities"], "Startet")["Silkeborg"] == "7"
    assert column(fresh.tables["placements_by_kind"], "Startet")[IPS] == "7"
    exported = read_csv(client.get(fresh.csv_links["placements_by_kind"]))
    assert exported[-1][:2] == ["I alt", "19"]


def test_other_filters_and_one_municipality_are_counted_on_the_spot(client, login, world):
    count_this_morning()
    start_one_more_ips_job(world)
    login(Role.ADMIN)
    chosen_kind = page_of(client, "type=supported_job")
    assert COUNTED not in chosen_kind.html
    assert column(chosen_kind.tables["placements_by_kind"], "Startet")[IPS] == "7"
    one = page_of(client, f"kommune={world.silkeborg.id}")
    assert COUNTED not in one.html
    assert column(one.tables["placements_by_kind"], "Startet")[IPS] == "7"
    assert COUNTED not in page_of(client, Q1).html


def test_an_admins_csv_of_chosen_filters_is_counted_now_with_or_without_the_comparison(
    client, login, world
):
    count_this_morning()
    start_one_more_ips_job(world)
    login(Role.ADMIN)
    compared = read_csv(client.get("/statistik/municipalities.csv?type=supported_job"))
    assert compared[0][:2] == ["Kommune", "Startet"]
    assert {row[0]: row[1] for row in compared[1:]}["Silkeborg"] == "7"
    by_kind = read_csv(client.get("/statistik/placements_by_kind.csv?type=supported_job"))
    assert by_kind[-1][:2] == ["I alt", "7"]


def test_a_manager_always_sees_figures_counted_now(client, login, world):
    count_this_morning()
    start_one_more_ips_job(world)
    login(Role.MANAGER, municipality=world.silkeborg)
    page = page_of(client, "", path="/leder")
    assert COUNTED not in page.html
    assert column(page.tables["placements_by_kind"], "Startet")[IPS] == "7"


def test_an_english_reader_gets_the_english_count(client, login, world):
    count_this_morning()
    login(Role.ADMIN)
    post_form(client, "/sprog", {"language": "en", "next": "/statistik"}, form_page="/statistik")
    page = page_of(client, "")
    assert "The figures for the whole country are counted every morning." in page.html
    assert "Municipalities compared" in page.html and "Kommuner sammenlignet" not in page.html


def test_without_a_count_this_morning_the_first_view_is_counted_now(client, login, world):
    login(Role.ADMIN)
    page = page_of(client, "")
    assert COUNTED not in page.html
    assert column(page.tables["municipalities"], "Startet")["I alt"] == "18"
