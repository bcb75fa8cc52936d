"""In Chromium: two consultants write the same agreement's terms. The later save is refused with
what the first changed and who; the typed text stays; one more press makes a version with both."""

import json

import pytest

from placement.models import Placement
from tests.conftest import assert_accessible, shows
from tests.web.test_edit_versions import agreed, people, reread  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def _terms(page, placement_id: int):
    return page.locator(f'form[action="/forloeb/{placement_id}/aftale"]')


def test_the_second_save_of_the_terms_is_shown_the_first_and_applied_on_top(
    as_user, people, agreed
):
    mette, karl = as_user(people["mette"].email), as_user(people["karl"].email)
    for page in (mette, karl):
        page.goto(f"/forloeb/{agreed.id}")

    first = _terms(mette, agreed.id)
    first.get_by_label("Arbejdstider").fill("Tirsdag kl. 8–12")
    first.get_by_role("button", name="Gem aftalen").click()
    shows(mette, "Der er lavet version 2")

    second = _terms(karl, agreed.id)
    second.get_by_label("Arbejdsopgaver").fill("Sortere returvarer\nTælle lager")
    second.get_by_role("button", name="Gem aftalen").click()
    shows(karl, "Der er gemt ændringer, mens du skrev")
    told = karl.locator("#conflict-summary")
    assert "Senest gemt af Mette Konsulent:" in told.inner_text()
    row = told.locator("tbody tr")
    assert row.locator("th").inner_text() == "Arbejdstider"
    assert row.locator("td").all_inner_texts() == ["Tirsdag kl. 8–12", "(ikke ændret af dig)"]
    second = _terms(karl, agreed.id)
    assert second.get_by_label("Arbejdsopgaver").input_value() == "Sortere returvarer\nTælle lager"
    assert second.get_by_label("Arbejdstider").input_value() == "Tirsdag kl. 8–12"
    assert reread(Placement, agreed.id).agreement.version == 2
    assert_accessible(karl)

    # The link in the table leads to the field.
    told.get_by_role("link", name="Arbejdstider").click()
    assert karl.url.endswith("#working_times")

    second.get_by_role("button", name="Gem aftalen").click()
    shows(karl, "Der er lavet version 3")
    placement = reread(Placement, agreed.id)
    content = json.loads(placement.agreement.content_json)
    assert content["working_times"] == "Tirsdag kl. 8–12"
    assert content["tasks"] == ["Sortere returvarer", "Tælle lager"]
