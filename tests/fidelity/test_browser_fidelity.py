"""In Chromium, with the demo data: the Viborg manager opens the IPS fidelity page, chooses a
period, reads the rows behind a score, and gives a reviewer's score that the total counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from placement.common import clock
from placement.demo import loader
from placement.extensions import db
from tests.conftest import assert_accessible

pytestmark = pytest.mark.browser


def _scale(page) -> list[list[str]]:
    return [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in page.locator("#scale-caption").locator("xpath=..").locator("tbody tr").all()
    ]


def _total(page) -> str:
    table = page.locator("#scale-caption").locator("xpath=..")
    return table.locator("tfoot td").first.inner_text().strip()


def test_the_manager_chooses_a_period_reads_the_rows_and_scores_an_item(as_user):
    loader.load()
    db.session.commit()
    page = as_user("leder@demo.dk", loader.DEMO_PASSWORD)
    page.get_by_role("link", name="IPS-fidelitet").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "IPS-fidelitet for Viborg"
    assert "udgave 2008" in page.locator("main").inner_text()
    rows = _scale(page)
    assert len(rows) == 25 and rows[0][1].startswith("Sagsstammens størrelse")
    assert_accessible(page)

    today = clock.today()
    first = today - timedelta(days=30)
    page.get_by_label("Fra", exact=True).fill(first.isoformat())
    page.get_by_label("Til", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Vis skalaen").click()
    page.wait_for_load_state()
    assert f"fra={first.isoformat()}" in page.url
    shown = page.locator("main").inner_text()
    assert first.strftime("%Y") in shown

    # The rows behind the contact frequency: the demo's contacts, names and no CPR.
    section = page.locator("section", has=page.locator("#punkt-contact_frequency"))
    section.locator("summary").click()
    assert "Talt med Lone" not in section.inner_text()  # the note is not a row
    assert "Mikkel Holm Sørensen" in section.inner_text()

    before = _total(page)
    page.get_by_label("Point for punkt 13").select_option("4")
    page.get_by_label("Note til punkt 13").fill("Alle borgere vælger selv.")
    page.get_by_role("button", name="Gem point").click()
    page.wait_for_load_state()
    assert "1 punkt er gemt." in page.locator("main").inner_text()
    assert int(_total(page)) == int(before) + 4
    row13 = _scale(page)[12]
    assert row13[3] == "4" and "Alle borgere vælger selv." in row13[-1]
    assert page.get_by_label("Point for punkt 13").input_value() == "4"
    assert_accessible(page)
