"""In a real Chromium: the bell's count, the list, and marking read, with and without JavaScript."""

import pytest

from placement.extensions import db
from placement.models import Notification, Role
from tests.conftest import assert_accessible, browser_log_in
from tests.factories import create_user

pytestmark = pytest.mark.browser


@pytest.fixture
def consultant():
    user = create_user(Role.CONSULTANT)
    db.session.add_all(
        [
            Notification(
                user=user,
                key="test:1",
                title="Opfølgning om 3 dage",
                body="Borger 1 hos Testfirma.\nRing inden fredag.",
            ),
            Notification(user=user, key="test:2", title="Opfølgning overskredet"),
        ]
    )
    db.session.commit()
    return user


def test_consultant_reads_a_notification_and_the_count_drops(page, consultant):
    browser_log_in(page, consultant.email)
    header = page.get_by_role("navigation", name="Hovedmenu")
    bell = header.get_by_role("link", name="Beskeder (2 ulæste)")
    assert bell.is_visible()

    bell.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Beskeder"
    assert page.get_by_text("Du har 2 ulæste beskeder.").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Marker som læst – Opfølgning overskredet").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="Beskeden er markeret som læst.").is_visible()
    assert header.get_by_role("link", name="Beskeder (1 ulæst)").is_visible()
    assert page.get_by_role("button", name="Marker som læst – Opfølgning overskredet").count() == 0
    assert page.get_by_role("button", name="Marker som læst – Opfølgning om 3 dage").is_visible()
    assert_accessible(page)


def test_mark_all_read_works_without_javascript(chromium, live_server, consultant):
    context = chromium.new_context(base_url=live_server, locale="da-DK", java_script_enabled=False)
    page = context.new_page()
    browser_log_in(page, consultant.email)
    page.get_by_role("link", name="Beskeder (2 ulæste)").click()
    page.get_by_role("button", name="Marker alle som læst").click()

    assert page.get_by_text("2 beskeder er markeret som læst.").is_visible()
    assert page.get_by_role("link", name="Beskeder", exact=True).is_visible()
    assert page.get_by_text("Ulæst", exact=True).count() == 0
    context.close()
