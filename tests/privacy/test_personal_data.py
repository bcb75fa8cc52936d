"""Personal data is declared on its column: every text column is classified, and an erasure
gives every personal column of every row of the citizen its declared erased value."""

from __future__ import annotations

import enum
import json
from datetime import date, timedelta

from sqlalchemy import Column, Enum, Integer, MetaData, String, Table, Text, func, select

from placement.extensions import db
from placement.models import (
    AbsenceDay,
    Agreement,
    Candidate,
    CheckIn,
    FollowUp,
    Goal,
    Invitation,
    JournalEntry,
    MentorGrant,
    MentorKind,
    MentorPayer,
    Notification,
    PeriodExtension,
    Placement,
    RepresentativeApproval,
    RepresentativeDecision,
    User,
    placement_adaptations,
    utcnow,
)
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.privacy import erasure
from placement.privacy.data_export import export_citizen
from placement.privacy.personal_data import (
    deletes_row,
    mark,
    personal_columns,
    unclassified_text_columns,
)
from tests.privacy.test_data_export import EMPLOYER_VIEW, NAME, full_citizen


def test_every_text_column_of_every_model_is_classified(app):
    assert unclassified_text_columns(db.metadata.sorted_tables) == []


def test_a_new_text_column_without_a_mark_fails_the_classification():
    class Colour(enum.Enum):
        RED = "red"

    scratch = Table(
        "scratch",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("note", Text),  # forgotten
        Column("nickname", String(50)),  # forgotten
        Column("code", String(5), info=NOT_PERSONAL),
        Column("name", String(50), info=personal(Erase.BLANK, export="navn")),
        Column("colour", Enum(Colour)),  # a closed vocabulary: nothing typed
    )
    assert unclassified_text_columns([scratch]) == ["scratch.note", "scratch.nickname"]


def _rows_of_the_citizen(model, candidate_id: int, placement_ids: list[int]):
    """The rows of a model that belong to the citizen, found by the columns that point at
    them (not by erasure's own walk)."""
    table = model.__table__
    if model is Candidate:
        return select(model).where(table.c.id == candidate_id)
    if model is User:
        return select(model).where(table.c.candidate_id == candidate_id)
    if "candidate_id" in table.c:
        return select(model).where(table.c.candidate_id == candidate_id)
    if "placement_id" in table.c:
        return select(model).where(table.c.placement_id.in_(placement_ids))
    return None


def _models():
    return [mapper.class_ for mapper in db.Model.registry.mappers]


def test_after_erasure_every_personal_column_holds_its_erased_value(app):
    zenobia = full_citizen()
    # What the export's citizen lacks: an invitation, an extension with its reason,
    # adaptations agreed for a placement, and mentor support.
    zenobia.done.adaptations = [need.adaptation for need in zenobia.candidate.needs]
    db.session.add(
        Invitation(
            candidate=zenobia.candidate,
            created_by=zenobia.consultant,
            code_hash="a" * 64,
            expires_at=utcnow() + timedelta(days=7),
        )
    )
    db.session.add(
        PeriodExtension(
            placement=zenobia.done,
            number=1,
            previous_end=date(2027, 2, 26),
            new_end=date(2027, 3, 5),
            reason="Zenobia trives og vil gerne fortsætte",
        )
    )
    db.session.add(
        MentorGrant(
            placement=zenobia.done,
            mentor_name="Lene Holm",
            mentor_role="Værkfører",
            mentor_kind=MentorKind.INTERNAL,
            hours_tenths=25,
            start_date=zenobia.done.start_date,
            end_date=zenobia.done.start_date,
            paid_by=MentorPayer.JOBCENTER,
        )
    )
    # The employee representative's answer to the agreement (a wage subsidy's).
    db.session.add(
        RepresentativeApproval(
            placement=zenobia.done,
            agreement=zenobia.done.agreements[0],
            token_hash="b" * 64,
            name="Kim Tillid",
            email="kim@example.dk",
            decision=RepresentativeDecision.OBJECT,
            reason="Lønnen er for lav",
            answered_at=utcnow(),
            answered_from="127.0.0.1",
        )
    )
    db.session.commit()
    candidate_id = zenobia.candidate.id
    placement_ids = list(
        db.session.scalars(select(Placement.id).where(Placement.candidate_id == candidate_id))
    )
    erased_models = [model for model in _models() if deletes_row(model)]
    before = {
        model: db.session.scalar(select(func.count()).select_from(model)) for model in erased_models
    }
    links = (
        select(func.count())
        .select_from(placement_adaptations)
        .where(placement_adaptations.c.placement_id.in_(placement_ids))
    )
    assert db.session.scalar(links) > 0
    tokens = {user.id: user.session_token for user in db.session.scalars(select(User))}
    request = erasure.request_erasure(zenobia.candidate, zenobia.consultant, "Bad om det")
    erasure.decide(request, zenobia.manager, approve=True)
    db.session.commit()
    db.session.expire_all()

    # A many-to-many's links are a table of their own, no model: the agreed adaptations.
    assert any(mark(column) for column in placement_adaptations.columns)
    assert db.session.scalar(links) == 0
    checked = set()
    for model in _models():
        query = _rows_of_the_citizen(model, candidate_id, placement_ids)
        if deletes_row(model):
            # The row goes: none of the citizen's is left (nor, for rows reached only
            # through such a row, any at all: this world has one citizen's).
            assert before[model] > 0, f"the world has no {model.__name__} to erase"
            left = (
                db.session.scalars(query).all()
                if query is not None
                else db.session.scalars(select(model)).all()
            )
            assert left == [], model
            continue
        if query is None:
            continue
        for row in db.session.scalars(query):
            for key, found in personal_columns(model):
                if found.erase in (Erase.KEEP, Erase.DELETE_ROW):
                    continue
                value = getattr(row, key)
                expected = [found.erased_value(row) for _ in range(2)]
                if expected[0] == expected[1]:
                    assert value == expected[0], (model.__name__, key, value)
                else:  # a fresh value each time (a new session token): it changed
                    assert value != tokens[row.id], (model.__name__, key)
                checked.add(f"{model.__name__}.{key}")
    # Every personal column of every model that keeps the citizen's rows was looked at.
    expected_columns = {
        f"{model.__name__}.{key}"
        for model in _models()
        if not deletes_row(model)
        and _rows_of_the_citizen(model, candidate_id, placement_ids) is not None
        for key, found in personal_columns(model)
        if found.erase not in (Erase.KEEP, Erase.DELETE_ROW)
    }
    assert checked == expected_columns
    assert {
        "Candidate.name",
        "User.email",
        "Placement.tasks",
        "FollowUp.works",
        "PlacementEvent.note",
        "PeriodExtension.reason",
        "ErasureRequest.reason",
        "MentorGrant.mentor_name",
    } <= checked


def test_the_export_shows_every_column_marked_for_it_under_its_key(app):
    """The export's keys come from the marks: a column marked with a key is in the copy."""
    zenobia = full_citizen()
    data = export_citizen(zenobia.candidate)
    done = next(p for p in data["forløb"] if p["nummer"] == zenobia.done.id)
    sections = {
        Candidate: data["profil"],
        Placement: done,
        Goal: data["mål"][0],
        JournalEntry: data["journal"][0],
        Notification: data["beskeder"][0],
        Agreement: data["aftaler"][0],
        FollowUp: data["opfølgninger_delt_med_dig"][0],
        AbsenceDay: done["fravær"][0],
        CheckIn: done["hvordan_går_det"][0],
    }
    for model, section in sections.items():
        keys = {
            found.export for _, found in personal_columns(model) if isinstance(found.export, str)
        }
        assert keys and keys <= set(section), model
    assert data["profil"]["navn"] == NAME and done["arbejdsopgaver"] == zenobia.done.tasks
    # Marked as left out of the copy: the consultant's and the company's own notes.
    assert mark(FollowUp.__table__.c.employer_view).export is False
    assert "employer_view" not in json.dumps(data) and EMPLOYER_VIEW not in json.dumps(
        data, ensure_ascii=False
    )
