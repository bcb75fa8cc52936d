"""In a real Chromium: a consultant imports the caseload from a CSV file: upload, the preview
with every row's problems and the CPR masked, the same file again, and the import."""

from __future__ import annotations

import pytest

from placement.models import Role
from tests.conftest import assert_accessible, browser_log_in, shows
from tests.factories import create_municipality, create_user
from tests.imports.files import citizens_file

pytestmark = pytest.mark.browser


def test_upload_preview_then_import(page, tmp_path):
    consultant = create_user(Role.CONSULTANT, municipality=create_municipality())
    path = tmp_path / "sagsstamme.csv"
    path.write_bytes(
        citizens_file(consultant.email, f"Uden CPR;12;;;8800;Viborg;{consultant.email};;;")
    )
    browser_log_in(page, consultant.email)
    page.goto("/borgere")
    page.get_by_role("link", name="Importér fra en CSV-fil").click()
    assert page.locator("h1").inner_text() == "Importér fra en CSV-fil"
    assert_accessible(page)

    page.get_by_label("Hvad vil du importere?").select_option(label="Borgere (sagsstamme)")
    page.get_by_label("CSV-fil").set_input_files(str(path))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    assert page.locator("h1").inner_text() == "Forhåndsvisning: Borgere (sagsstamme)"
    shows(page, "Intet er gemt endnu.")
    shows(page, "2 nye")
    shows(page, "1 afvist")
    rows = page.get_by_role("table", name="Rækkerne i filen")
    text = rows.inner_text()
    assert "Mette Jensen (010490-XXXX)" in text and "010490-1234" not in text
    assert "Skriv CPR-nummeret som 10 cifre, fx DDMMÅÅ-1234." in text
    assert_accessible(page)

    page.get_by_label("CSV-fil").set_input_files(str(path))
    page.get_by_role("button", name="Importér").click()
    assert page.locator("h1").inner_text() == "Importeret: Borgere (sagsstamme)"
    shows(page, "2 nye oprettet")
    shows(page, "De afviste rækker er ikke importeret.")
    assert_accessible(page)

    page.goto("/borgere")
    shows(page, "Mette Jensen")
    shows(page, "Ali Hassan")
