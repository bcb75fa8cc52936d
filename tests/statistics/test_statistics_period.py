"""The statistics page's period: at most ten years at a time, explained on the field."""

from placement.models import Role
from tests.statistics.test_statistics_pages import page_of, world  # noqa: F401 (a fixture)


def test_a_period_longer_than_ten_years_is_explained_and_no_figures_are_shown(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, "fra=2010-01-01&til=2026-03-31")
    assert 'id="fra-error"' in page.html and "Perioden kan højst være 10 år." in page.html
    assert 'value="2010-01-01"' in page.html
    assert page.tables == {}


def test_ten_years_exactly_is_allowed(client, login, world):
    login(Role.MANAGER, municipality=world.viborg)
    page = page_of(client, "fra=2016-03-31&til=2026-03-31")
    assert "Perioden kan højst være" not in page.html
    assert page.tables != {}
