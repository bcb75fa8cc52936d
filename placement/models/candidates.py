"""The citizen's profile (borger): needs, wishes, goals and what they share with employers."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.adaptations import Adaptation
from placement.models.base import Model
from placement.models.kinds import Kind
from placement.models.municipalities import Municipality
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow
from placement.privacy import cpr_vault

if TYPE_CHECKING:
    from placement.models.consent import ConsentChange
    from placement.models.invitations import Invitation
    from placement.models.journal import JournalEntry
    from placement.models.users import User

ANONYMOUS_NAME = "Anonymiseret borger"


def _birth_year_only(candidate: Candidate) -> date:
    # No statistic uses the birth date: 1 January of the year cannot be matched to a person by
    # date, while an age group can still be worked out.
    return date(candidate.birth_date.year, 1, 1)


class CandidateStatus(str, enum.Enum):
    LOOKING = "looking"
    IN_PLACEMENT = "in_placement"
    PAUSED = "paused"
    CLOSED = "closed"

    @property
    def label(self):
        return {
            CandidateStatus.LOOKING: _l("Søger"),
            CandidateStatus.IN_PLACEMENT: _l("I forløb"),
            CandidateStatus.PAUSED: _l("På pause"),
            CandidateStatus.CLOSED: _l("Afsluttet"),
        }[self]


class Candidate(Model):
    __tablename__ = "candidates"
    if TYPE_CHECKING:
        # Made by the backrefs of JournalEntry.candidate and Invitation.candidate.
        journal_entries: list[JournalEntry]
        invitations: list[Invitation]
    # A municipality's citizens who are looking (an opening's candidates), and its caseload a
    # page at a time in name order (migration 0010).
    __table_args__ = (
        Index(
            "ix_candidates_municipality_id_status_consultant_id",
            "municipality_id",
            "status",
            "consultant_id",
        ),
        Index("ix_candidates_municipality_id_name", "municipality_id", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    consultant_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("users.id", use_alter=True), index=True
    )
    name: Mapped[str] = mapped_column(
        String(200), info=personal(Erase.REPLACE, ANONYMOUS_NAME, export="navn")
    )
    birth_date: Mapped[date] = mapped_column(
        info=personal(Erase.REPLACE, _birth_year_only, export="fødselsdato")
    )
    # The CPR number never stands in the database as digits: it is encrypted (Fernet) and
    # found by an exact match on its keyed hash (placement/privacy/cpr_vault.py). Never in lists,
    # URLs, logs or e-mails; read it through `cpr`. The export shows it masked.
    cpr_encrypted: Mapped[Optional[str]] = mapped_column(
        Text, info=personal(Erase.NULL, export=True)
    )
    cpr_hash: Mapped[Optional[str]] = mapped_column(
        String(64), index=True, info=personal(Erase.NULL)
    )
    email: Mapped[str] = mapped_column(
        String(254), default="", info=personal(Erase.BLANK, export="e_mail")
    )
    phone: Mapped[str] = mapped_column(
        String(40), default="", info=personal(Erase.BLANK, export="telefon")
    )
    postcode: Mapped[str] = mapped_column(
        String(4), default="", info=personal(Erase.BLANK, export="postnummer")
    )
    city: Mapped[str] = mapped_column(
        String(100), default="", info=personal(Erase.BLANK, export="by")
    )
    max_hours: Mapped[Optional[int]] = mapped_column(
        info=personal(Erase.NULL, export="højst_timer_pr_uge")
    )
    # Job-ready citizens may have internships of at most 4 weeks (LAB § 61). Kept: the
    # group a citizen's placements were limited by (duration_limits.py).
    job_ready: Mapped[bool] = mapped_column(default=False, info=personal(Erase.KEEP, export=True))
    skills: Mapped[str] = typed_text(
        "skills", 2000, default="", info=personal(Erase.BLANK, export="kompetencer")
    )
    interests: Mapped[str] = typed_text(
        "interests", 2000, default="", info=personal(Erase.BLANK, export="interesser")
    )
    adaptation_note: Mapped[str] = typed_text(
        "adaptation_note",
        2000,
        default="",
        info=personal(Erase.BLANK, export="note_om_tilpasninger"),
    )
    # What the citizen agrees to share with an employer they are proposed to, item by item
    # (models/consent.py ConsentItem). None: not chosen yet, which shares nothing; only the
    # citizen, or the consultant with the citizen, chooses (placement/privacy/consent.py).
    # Erased, they share nothing; the export groups them.
    share_contact: Mapped[Optional[bool]] = mapped_column(info=personal(Erase.NULL, export=True))
    share_age: Mapped[Optional[bool]] = mapped_column(info=personal(Erase.NULL, export=True))
    share_skills: Mapped[Optional[bool]] = mapped_column(info=personal(Erase.NULL, export=True))
    share_adaptations: Mapped[Optional[bool]] = mapped_column(
        info=personal(Erase.NULL, export=True)
    )
    share_goals: Mapped[Optional[bool]] = mapped_column(info=personal(Erase.NULL, export=True))
    # The citizen's own choice: no weekly "Hvordan går det?" mail (placements/check_ins.py).
    check_ins_off: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        info=personal(Erase.REPLACE, False, export="ingen_tjek_ind"),
    )
    # An erased person is no longer worked with: they leave the caseload and the "right now"
    # figures, and matching never proposes them.
    status: Mapped[CandidateStatus] = mapped_column(
        text_enum(CandidateStatus),
        default=CandidateStatus.LOOKING,
        info=personal(Erase.REPLACE, CandidateStatus.CLOSED, export="status"),
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the personal data was erased (on request or by the retention job); the row
    # stays, without anything that identifies the person, so statistics do not change.
    anonymised_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Saved edits of the profile and of the citizen's own wishes, and who saved the last one
    # when (edit_versions.py: a save never overwrites what its form did not show).
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1")
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", use_alter=True))

    municipality: Mapped[Municipality] = relationship()
    consultant: Mapped[Optional[User]] = relationship(  # noqa: F821
        foreign_keys=[consultant_id]
    )
    user: Mapped[Optional[User]] = relationship(  # noqa: F821
        back_populates="candidate", foreign_keys="User.candidate_id", uselist=False
    )
    needs: Mapped[list[CandidateAdaptation]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan"
    )
    kinds: Mapped[list[CandidateKind]] = relationship(cascade="all, delete-orphan")
    places: Mapped[list[CandidatePlace]] = relationship(
        cascade="all, delete-orphan", order_by="CandidatePlace.postcode"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="candidate", cascade="all, delete-orphan", order_by="Goal.id"
    )
    consent_changes: Mapped[list[ConsentChange]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", passive_deletes=True, order_by="ConsentChange.id"
    )

    @property
    def cpr(self) -> str | None:
        return cpr_vault.decrypt(self.cpr_encrypted) if self.cpr_encrypted else None

    @cpr.setter
    def cpr(self, value: str | None) -> None:
        self.cpr_encrypted = cpr_vault.encrypt(value) if value else None
        self.cpr_hash = cpr_vault.lookup_hash(value) if value else None

    @property
    def kinds_wanted(self) -> list[Kind]:
        return [row.kind for row in self.kinds]

    def __str__(self) -> str:
        return self.name


class CandidateAdaptation(Model):
    """An adaptation a citizen needs; a must-have weighs heavily in matching."""

    __tablename__ = "candidate_adaptations"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    adaptation_id: Mapped[int] = mapped_column(ForeignKey("adaptations.id"), primary_key=True)
    # What the citizen needs is about them through and through (the export lists it).
    must_have: Mapped[bool] = mapped_column(
        default=False, info=personal(Erase.DELETE_ROW, export=True)
    )

    candidate: Mapped[Candidate] = relationship(back_populates="needs")
    adaptation: Mapped[Adaptation] = relationship()


# Kinds and places are rows, not lists in a text column, so matching can filter on them in SQL.
class CandidateKind(Model):
    __tablename__ = "candidate_kinds"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    # Kept: the IPS speed row counts the kinds of work wanted.
    kind: Mapped[Kind] = mapped_column(
        text_enum(Kind), primary_key=True, info=personal(Erase.KEEP, export=True)
    )


class CandidatePlace(Model):
    """A postcode the citizen can reach for work."""

    __tablename__ = "candidate_places"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    postcode: Mapped[str] = mapped_column(
        String(4), primary_key=True, info=personal(Erase.DELETE_ROW, export=True)
    )


class Goal(Model):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300), info=personal(Erase.DELETE_ROW, export="titel"))
    target_date: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="goals")
    steps: Mapped[list[GoalStep]] = relationship(
        cascade="all, delete-orphan", order_by="GoalStep.id"
    )


class GoalStep(Model):
    """A small step towards a goal; done_at records the progress ("små fremskridt")."""

    __tablename__ = "goal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), info=personal(Erase.DELETE_ROW, export="titel"))
    done_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
