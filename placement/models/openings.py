"""Openings: internships and jobs on special terms that a company posts."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.adaptations import Adaptation, opening_adaptations
from placement.models.base import Model
from placement.models.employers import Employer
from placement.models.kinds import Kind
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow
from placement.models.workplaces import Workplace

if TYPE_CHECKING:
    from placement.models.candidates import Candidate


class OpeningStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    FILLED = "filled"
    CLOSED = "closed"
    EXPIRED = "expired"

    @property
    def label(self):
        return {
            OpeningStatus.DRAFT: _l("Kladde"),
            OpeningStatus.PUBLISHED: _l("Slået op"),
            OpeningStatus.FILLED: _l("Besat"),
            OpeningStatus.CLOSED: _l("Lukket"),
            OpeningStatus.EXPIRED: _l("Udløbet"),
        }[self]


class InternshipPurpose(str, enum.Enum):
    """The three purposes an internship may have (BEK om en aktiv beskæftigelsesindsats § 60)."""

    ORDINARY_HOURS = "ordinary_hours"
    SKILLS = "skills"
    JOB_GOAL = "job_goal"

    @property
    def label(self):
        return {
            InternshipPurpose.ORDINARY_HOURS: _l("Komme i gang med ordinære timer"),
            InternshipPurpose.SKILLS: _l("Optræne bestemte færdigheder"),
            InternshipPurpose.JOB_GOAL: _l("Afklare et jobmål"),
        }[self]


class Opening(Model):
    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint("hours_min >= 0", name="hours_min_not_negative"),
        CheckConstraint("hours_min <= hours_max", name="hours_min_le_max"),
        CheckConstraint("hours_max <= 37", name="hours_max_le_full_time"),
        CheckConstraint("seats >= 1", name="seats_positive"),
        # The published openings at the postcodes a citizen reaches; a company's openings of
        # the ratio rule's kinds (migration 0010).
        Index("ix_openings_status_postcode", "status", "postcode"),
        Index("ix_openings_employer_id_kind", "employer_id", "kind"),
        # A workplace's openings of the ratio rule's kinds (migration 0025).
        Index("ix_openings_workplace_id_kind", "workplace_id", "kind"),
        # The public board, newest first, and its count (migration 0013), with what the board
        # checks of each opening besides, so its count still reads the index alone (0018).
        Index(
            "ix_openings_status_published_at",
            "status",
            "published_at",
            "id",
            postgresql_include=["deadline", "employer_id", "start_date", "end_date", "seats"],
        ),
        # An imported opening's own key, once per company (migration 0028).
        UniqueConstraint("employer_id", "external_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"))
    # Where the work is: one of the company's workplaces. The ratio rule counts per workplace.
    workplace_id: Mapped[int] = mapped_column(ForeignKey("workplaces.id"))
    kind: Mapped[Kind] = mapped_column(text_enum(Kind))
    title: Mapped[str] = mapped_column(String(200), info=NOT_PERSONAL)
    description: Mapped[str] = typed_text("description", 5000, default="", info=NOT_PERSONAL)
    tasks: Mapped[str] = typed_text("tasks", 5000, default="", info=NOT_PERSONAL)
    purpose: Mapped[Optional[InternshipPurpose]] = mapped_column(text_enum(InternshipPurpose))
    postcode: Mapped[str] = mapped_column(String(4), info=NOT_PERSONAL)
    city: Mapped[str] = mapped_column(String(100), info=NOT_PERSONAL)
    hours_min: Mapped[int]
    hours_max: Mapped[int]
    flexible_schedule: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[Optional[date]]
    duration_weeks: Mapped[Optional[int]]
    end_date: Mapped[Optional[date]]
    seats: Mapped[int] = mapped_column(default=1)
    adaptation_note: Mapped[str] = typed_text(
        "adaptation_note", 2000, default="", info=NOT_PERSONAL
    )
    mentor_available: Mapped[bool] = mapped_column(default=False)
    # The company's own people: a citizen's erasure never reaches an opening.
    mentor_name: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.KEEP))
    mentor_role: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.KEEP))
    skills: Mapped[str] = typed_text("skills", 2000, default="", info=NOT_PERSONAL)
    # active_history: whether a change takes the opening off the public board depends on the
    # status it had, so setting it loads the old one if it was not (openings/board_version.py).
    status: Mapped[OpeningStatus] = mapped_column(
        text_enum(OpeningStatus), default=OpeningStatus.DRAFT, active_history=True
    )
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    deadline: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Saved edits of the opening's form, and who saved the last one when (edit_versions.py).
    # updated_at moves with every change, a status too; these only with an edit.
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1")
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # The key of the jobcenter's own list the opening was imported from (placement/imports/):
    # importing the same file again finds the opening by it. None for openings made here.
    external_ref: Mapped[Optional[str]] = mapped_column(String(60), info=NOT_PERSONAL)

    employer: Mapped[Employer] = relationship(back_populates="openings")
    workplace: Mapped[Workplace] = relationship()
    adaptations: Mapped[list[Adaptation]] = relationship(
        secondary=opening_adaptations, order_by=Adaptation.id
    )

    def __str__(self) -> str:
        return self.title


class OpeningInterest(Model):
    """A citizen pressed "Jeg er interesseret" on a published opening."""

    __tablename__ = "opening_interests"
    __table_args__ = (UniqueConstraint("candidate_id", "opening_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    # Which work the citizen wanted is about them (the export lists it); erased, it goes.
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"),
        index=True,
        info=personal(Erase.DELETE_ROW, export=True),
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    opening: Mapped[Opening] = relationship()
    candidate: Mapped[Candidate] = relationship()  # noqa: F821
