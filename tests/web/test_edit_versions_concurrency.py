"""Two saves of the same form, shown at the same version, arriving at the same moment: exactly
one is written, the other is told what the first changed. No error page."""

import time

import pytest
from werkzeug.datastructures import MultiDict

from placement.agreements import versions
from placement.extensions import db
from placement.models import Placement
from tests.conftest import postgresql_only
from tests.html_forms import shown_form
from tests.posted_at_once import posted_at_once
from tests.web.test_edit_versions import (  # noqa: F401 (fixtures)
    REFUSED,
    agreed,
    changes,
    form_on,
    people,
    reread,
    signed_in,
    typed,
)

pytestmark = postgresql_only("concurrent transactions with row locks")


@pytest.mark.parametrize("round_", range(3))
def test_two_saves_of_one_version_at_once_one_wins_the_other_is_told(
    app, people, agreed, monkeypatch, round_
):
    page, action = f"/forloeb/{agreed.id}", f"/forloeb/{agreed.id}/aftale"
    clients = {"mette": signed_in(app, people["mette"]), "karl": signed_in(app, people["karl"])}
    typed_in = {
        "mette": typed(form_on(clients["mette"], page, action), working_times="Tirsdag kl. 8–12"),
        "karl": typed(form_on(clients["karl"], page, action), tasks="Sortere returvarer"),
    }
    # Each save holds its transaction open a moment after writing, as a slow request would:
    # the other arrives while it is still open, and must wait for it rather than overwrite it.
    write_version = versions.refresh

    def slowly(placement, by):
        written = write_version(placement, by)
        time.sleep(0.3)
        return written

    monkeypatch.setattr(versions, "refresh", slowly)
    answers = posted_at_once({name: (clients[name], action, typed_in[name]) for name in clients})

    codes = sorted(status for status, _page in answers.values())
    assert codes == [200, 302], codes
    [winner] = [name for name, (status, _page) in answers.items() if status == 302]
    [(loser, (_status, told))] = [(n, a) for n, a in answers.items() if n != winner]
    assert REFUSED in told
    field = {"mette": "Arbejdstider", "karl": "Arbejdsopgaver"}[winner]
    assert [label for label, _now, _yours in changes(told)] == [field]

    placement = reread(Placement, agreed.id)
    assert placement.edit_version == 2 and placement.agreement.version == 2
    assert (placement.working_times == "Tirsdag kl. 8–12") == (winner == "mette")
    assert (placement.tasks == "Sortere returvarer") == (winner == "karl")
    db.session.rollback()
    # And the one who was told saves on top with one more press.
    again = clients[loser].post(action, data=MultiDict(shown_form(told, action)))
    assert again.status_code == 302
    placement = reread(Placement, agreed.id)
    assert (placement.working_times, placement.tasks) == ("Tirsdag kl. 8–12", "Sortere returvarer")
