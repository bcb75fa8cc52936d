"""`attempt`: an action is committed and said, or rolled back and its refusal told."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select
from wtforms import StringField

from placement.common.refusals import Refusal
from placement.extensions import db
from placement.models import Municipality
from placement.web.actions import attempt
from placement.web.form_messages import AppForm


class Again(Refusal):
    repeated = True


class NameForm(AppForm):
    name = StringField("Navn")
    code = StringField("Kode")


@pytest.fixture
def page(app):
    """A request of its own, as a view has: flashes go to its session."""
    with app.test_request_context("/", method="POST"):
        yield


def municipalities() -> int:
    db.session.rollback()  # what the database holds, not what this session still has pending
    return db.session.scalar(select(func.count(Municipality.id)))


def test_done_is_committed_then_said(page):
    with attempt() as outcome:
        db.session.add(Municipality(name="Skive", code="779"))
        outcome.done("Kommunen er oprettet.")
    assert not outcome.refused and outcome.refusal is None
    assert municipalities() == 1
    assert get_flashed_messages(with_categories=True) == [("success", "Kommunen er oprettet.")]


def test_a_refusal_undoes_everything_the_block_did_and_is_flashed_as_an_error(page):
    with attempt() as outcome:
        db.session.add(Municipality(name="Skive", code="779"))
        db.session.flush()
        raise Refusal("Kommunen findes allerede.")
    assert outcome.refused and str(outcome.refusal) == "Kommunen findes allerede."
    assert municipalities() == 0
    assert get_flashed_messages(with_categories=True) == [("error", "Kommunen findes allerede.")]


def test_a_repeat_is_rolled_back_and_said_calmly(page):
    with attempt() as outcome:
        db.session.add(Municipality(name="Skive", code="779"))
        raise Again("Det er allerede sket.")
    assert not outcome.refused  # the view goes on as after a success: nothing went wrong
    assert isinstance(outcome.refusal, Again)
    assert municipalities() == 0
    assert get_flashed_messages(with_categories=True) == [("info", "Det er allerede sket.")]


def test_with_a_form_every_problem_goes_next_to_its_field_and_nothing_is_flashed(page):
    form = NameForm(meta={"csrf": False})
    with attempt(form) as outcome:
        raise Refusal.every(
            [("name", "Skriv et navn."), ("code", "Skriv tre cifre."), (None, "Prøv igen.")]
        )
    assert outcome.refused
    assert list(form.name.errors) == ["Skriv et navn."]
    assert list(form.code.errors) == ["Skriv tre cifre."]
    assert form.form_errors == ["Prøv igen."]
    assert get_flashed_messages() == []


def test_with_a_field_the_whole_message_goes_there(page):
    form = NameForm(meta={"csrf": False})
    with attempt(form, field="code") as outcome:
        raise Refusal.every([("name", "Skriv et navn."), (None, "Prøv igen.")])
    assert outcome.refused
    assert list(form.code.errors) == ["Skriv et navn. Prøv igen."]
    assert not form.name.errors and form.form_errors == []


def test_a_repeat_with_a_form_is_flashed_not_attached(page):
    form = NameForm(meta={"csrf": False})
    with attempt(form) as outcome:
        raise Again("Det er allerede sket.", "name")
    assert not outcome.refused and not form.name.errors
    assert get_flashed_messages(with_categories=True) == [("info", "Det er allerede sket.")]


def test_a_fault_is_not_a_refusal_it_passes_through_uncommitted(page):
    with pytest.raises(KeyError), attempt() as outcome:
        db.session.add(Municipality(name="Skive", code="779"))
        outcome.done("never said")
        raise KeyError("bug")
    assert municipalities() == 0
    assert get_flashed_messages() == []
