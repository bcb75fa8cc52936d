"""In Chromium, with the demo data: the Viborg manager narrows the dashboard to a period and a
kind, and the charts and tables follow; axe-core finds nothing serious before or after."""

from __future__ import annotations

import pytest
from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from placement.common import clock
from placement.demo import loader
from placement.extensions import db
from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _table(page, key: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator(f"#{key} table tr").all()
    ]


def _chart_text(page, key: str) -> list[str]:
    return page.locator(f"#{key} svg text").all_text_contents()


def test_a_manager_filters_by_period_and_kind(as_user):
    loader.load()
    db.session.commit()
    page = as_user("leder@demo.dk", loader.DEMO_PASSWORD)
    assert page.locator("h1").inner_text() == "Statistik for Viborg"
    assert_accessible(page)

    kinds_before = _table(page, "placements_by_kind")
    months_before = _table(page, "placements_by_month")
    assert "Løntilskud" in _chart_text(page, "placements_by_kind")
    assert len(months_before) == 1 + 12 + 1  # header, twelve months, total
    assert page.get_by_role("img", name="Forløb startet og gennemført pr. måned").is_visible()

    today = clock.today()
    first = today.replace(day=1) - relativedelta(months=2)
    page.get_by_label("Fra", exact=True).fill(first.isoformat())
    page.get_by_label("Til", exact=True).fill(today.isoformat())
    page.get_by_label("Type", exact=True).select_option(label="Virksomhedspraktik")
    page.get_by_role("button", name="Vis tal").click()
    page.wait_for_load_state()

    assert "type=internship" in page.url and f"fra={first.isoformat()}" in page.url
    # The per-kind chart and table now hold internships only.
    assert "Løntilskud" not in _chart_text(page, "placements_by_kind")
    assert "Virksomhedspraktik" in _chart_text(page, "placements_by_kind")
    kinds_after = _table(page, "placements_by_kind")
    assert [row[0] for row in kinds_after[1:]] == ["Virksomhedspraktik", "I alt"]
    assert kinds_after != kinds_before
    # The monthly chart and table cover three months.
    months_after = _table(page, "placements_by_month")
    assert [row[0] for row in months_after[1:]] == [
        (first + relativedelta(months=n)).strftime("%Y-%m") for n in range(3)
    ] + ["I alt"]
    names = {format_date(first + relativedelta(months=n), "MMM", locale="da") for n in range(12)}
    shown = [text for text in _chart_text(page, "placements_by_month") if text in names]
    assert shown == [
        format_date(first + relativedelta(months=n), "MMM", locale="da") for n in range(3)
    ]
    # The choices stay in the form, and the CSV link carries them.
    assert page.get_by_label("Type", exact=True).input_value() == "internship"
    csv_link = page.locator("#placements_by_kind").get_by_role("link", name="Hent som CSV")
    assert "type=internship" in csv_link.get_attribute("href")
    assert_accessible(page)
