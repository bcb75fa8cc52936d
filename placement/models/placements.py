"""Placements (forløb): a citizen in an opening, with its planned hours and history."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.extensions import db
from placement.models.adaptations import Adaptation
from placement.models.base import Model
from placement.models.candidates import Candidate
from placement.models.employers import Employer
from placement.models.openings import Opening
from placement.models.personal import Erase, personal
from placement.models.types import UTCDateTime, text_enum, typed_text, utcnow
from placement.models.users import User

if TYPE_CHECKING:
    from placement.models.absence import AbsenceDay
    from placement.models.agreements import Agreement
    from placement.models.check_ins import CheckIn
    from placement.models.followups import FollowUp
    from placement.models.mentor_grants import MentorGrant
    from placement.models.net_growth import NetGrowthDeclaration
    from placement.models.representative import RepresentativeApproval


class PlacementStatus(str, enum.Enum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"  # by both citizen and employer
    AGREED = "agreed"
    ACTIVE = "active"
    AWAITING_EVALUATION = "awaiting_evaluation"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return {
            PlacementStatus.PROPOSED: _l("Foreslået"),
            PlacementStatus.ACCEPTED: _l("Accepteret af begge"),
            PlacementStatus.AGREED: _l("Aftalt"),
            PlacementStatus.ACTIVE: _l("I gang"),
            PlacementStatus.AWAITING_EVALUATION: _l("Afsluttet – afventer evaluering"),
            PlacementStatus.COMPLETED: _l("Gennemført"),
            PlacementStatus.ENDED_EARLY: _l("Afbrudt før tid"),
            PlacementStatus.DECLINED: _l("Sagt nej tak"),
            PlacementStatus.CANCELLED: _l("Annulleret"),
        }[self]


class Answer(str, enum.Enum):
    YES = "yes"
    NO = "no"


class Outcome(str, enum.Enum):
    ORDINARY_JOB = "ordinary_job"
    EDUCATION = "education"
    OTHER = "other"
    # Last in the lists, so the choices people know keep their places (issue 21: a flex job
    # at the company is a hire, as ordinary work is).
    FLEXJOB = "flexjob"

    @property
    def label(self):
        return {
            Outcome.ORDINARY_JOB: _l("Ordinært job"),
            Outcome.EDUCATION: _l("Uddannelse"),
            Outcome.OTHER: _l("Andet"),
            Outcome.FLEXJOB: _l("Fleksjob"),
        }[self]


# The adaptations agreed for one placement (printed in the agreement).
placement_adaptations = Table(
    "placement_adaptations",
    db.metadata,
    # What was agreed about the citizen's needs: erasure removes the links.
    Column(
        "placement_id",
        ForeignKey("placements.id", ondelete="CASCADE"),
        primary_key=True,
        info=personal(Erase.DELETE_ROW),
    ),
    Column("adaptation_id", ForeignKey("adaptations.id"), primary_key=True),
)

# An agreed or running placement whose follow-up plan may still need making or extending: it
# has none yet, or no planned end, or its plan stops before the end. The plans' sweep repeats
# this in its query (the same text), so the database can see that the partial index serves it.
PLAN_MAY_GROW_OF = (
    "{t}status IN ('agreed', 'active') AND {t}start_date IS NOT NULL AND "
    "({t}followups_planned_until IS NULL OR {t}end_date IS NULL "
    "OR {t}followups_planned_until < {t}end_date)"
)
PLAN_MAY_GROW = PLAN_MAY_GROW_OF.format(t="")
AGREED, ACTIVE = "status = 'agreed'", "status = 'active'"
REMINDED = (
    "status IN ('agreed', 'active', 'awaiting_evaluation', 'completed', 'ended_early') "
    "AND consultant_id IS NOT NULL"
)


class Placement(Model):
    __tablename__ = "placements"
    # A company's places in use (ratio rule): its openings' agreed and active placements
    # (migration 0009). The seats each published opening has taken, which the public board
    # asks of every opening it counts: only the few placements that hold a seat (0018).
    __table_args__ = (
        Index("ix_placements_opening_id_status", "opening_id", "status"),
        # A consultant's placements in some states: their caseload page's lists (0034).
        Index("ix_placements_consultant_id_status", "consultant_id", "status"),
        Index(
            "ix_placements_opening_id_seat_holders",
            "opening_id",
            postgresql_where=text("status IN ('agreed', 'active')"),
            sqlite_where=text("status IN ('agreed', 'active')"),
        ),
        # The plans' sweep looks for running placements whose follow-up plan does not yet
        # reach their end (followups/jobs.py, PLAN_MAY_GROW): only those are in this index,
        # so a run with nothing to plan reads a few entries instead of every running placement.
        Index(
            "ix_placements_plan_may_grow",
            "followups_planned_until",
            postgresql_where=text(PLAN_MAY_GROW),
            sqlite_where=text(PLAN_MAY_GROW),
        ),
        # The placements' sweep: agreed ones due to start, running ones past their end.
        Index(
            "ix_placements_agreed_start",
            "start_date",
            postgresql_where=text(AGREED),
            sqlite_where=text(AGREED),
        ),
        Index(
            "ix_placements_active_end",
            "end_date",
            postgresql_where=text(ACTIVE),
            sqlite_where=text(ACTIVE),
        ),
        # The check-ins' sweep: the running placements and their citizens, from the index
        # alone (placements/check_ins.py).
        Index(
            "ix_placements_active_candidate",
            "candidate_id",
            "id",
            "start_date",
            postgresql_where=text(ACTIVE),
            sqlite_where=text(ACTIVE),
        ),
        # The reminders' sweep: each open follow-up's placement, state and consultant, from the
        # index alone (followups/jobs.py, REMINDED_STATES).
        Index(
            "ix_placements_reminded",
            "id",
            "consultant_id",
            postgresql_where=text(REMINDED),
            sqlite_where=text(REMINDED),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    # active_history on the opening and the status: whether a change frees or takes a seat
    # on the public board depends on what they were (openings/board_version.py).
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"), active_history=True)
    consultant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    status: Mapped[PlacementStatus] = mapped_column(
        text_enum(PlacementStatus),
        default=PlacementStatus.PROPOSED,
        index=True,
        active_history=True,
    )
    citizen_answer: Mapped[Optional[Answer]] = mapped_column(text_enum(Answer))
    citizen_answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    employer_answer: Mapped[Optional[Answer]] = mapped_column(text_enum(Answer))
    employer_answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # Optional reasons for a "no", shown to the consultant.
    citizen_reason: Mapped[str] = typed_text(
        "citizen_reason", 1000, default="", info=personal(Erase.BLANK, export="din_begrundelse")
    )
    employer_reason: Mapped[str] = typed_text(
        "employer_reason",
        1000,
        default="",
        info=personal(Erase.BLANK, export="virksomhedens_begrundelse"),
    )
    start_date: Mapped[Optional[date]]
    end_date: Mapped[Optional[date]]
    hours_per_week: Mapped[Optional[int]]
    outcome: Mapped[Optional[Outcome]] = mapped_column(text_enum(Outcome))
    end_reason: Mapped[str] = typed_text(
        "end_reason", 1000, default="", info=personal(Erase.BLANK, export="grund_til_slut")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Who hired the citizen after the placement, when its outcome is ordinary work or a flex
    # job (placement/placements/hires.py): a company registered here (the placement's own, or
    # another), or another employer by name; and the day of the hire. The company and the day
    # stay for the figures (placement/companies/hiring.py) as the outcome does; the name of an
    # employer elsewhere says where the citizen works, so erasure blanks it.
    hired_by_employer_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("employers.id", ondelete="SET NULL"), index=True
    )
    hired_elsewhere_name: Mapped[str] = mapped_column(
        String(200), default="", server_default="", info=personal(Erase.BLANK)
    )
    hired_on: Mapped[Optional[date]]

    # The agreement's own terms (copied from the opening when proposed, then agreed).
    tasks: Mapped[str] = typed_text(
        "tasks", 10000, default="", info=personal(Erase.BLANK, export="arbejdsopgaver")
    )
    working_times: Mapped[str] = mapped_column(
        String(200), default="", info=personal(Erase.BLANK, export="arbejdstider")
    )
    adaptation_note: Mapped[str] = typed_text(
        "adaptation_note", 4000, default="", info=personal(Erase.BLANK, export="tilpasninger")
    )
    # They name someone in the citizen's agreement.
    mentor_name: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.BLANK))
    mentor_role: Mapped[str] = mapped_column(String(200), default="", info=personal(Erase.BLANK))
    # Wage subsidy only (løntilskud): what the agreement must record.
    full_time_employees: Mapped[Optional[int]]
    staff_representative: Mapped[str] = mapped_column(
        String(200), default="", info=personal(Erase.BLANK)
    )
    monthly_wage_cost: Mapped[Optional[int]]  # whole kroner
    # The company's word on the representative: an address to ask for approval, or that it
    # has none (placement/agreements/representative.py). Not in the agreement's content.
    staff_representative_email: Mapped[str] = mapped_column(
        String(254), default="", server_default="", info=personal(Erase.BLANK)
    )
    no_staff_representative: Mapped[bool] = mapped_column(default=False, server_default=false())
    # How far ahead the follow-up plan reaches; the scheduler extends open-ended plans from it.
    followups_planned_until: Mapped[Optional[date]]
    # Saved edits of the period, the plan and the terms, and who saved the last one when: a
    # form carries the number it showed, so a save on top of an unseen one is caught
    # (edit_versions.py). Status moves do not count: they are not edits of a form's fields.
    edit_version: Mapped[int] = mapped_column(default=1, server_default="1")
    edited_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # The citizen's shared items (ConsentItem values, comma-separated, "" for none) when the
    # proposal stopped waiting for the company: from then on the company sees at most these,
    # and fewer if the citizen withdraws one (placement/privacy/consent.py). None while it waits.
    # Erased, nothing is shared any more.
    consent_snapshot: Mapped[Optional[str]] = mapped_column(String(100), info=personal(Erase.BLANK))

    candidate: Mapped[Candidate] = relationship()
    opening: Mapped[Opening] = relationship()
    consultant: Mapped[Optional[User]] = relationship(foreign_keys=[consultant_id])
    hired_by: Mapped[Optional[Employer]] = relationship(foreign_keys=[hired_by_employer_id])
    hours_plan: Mapped[list[HoursStep]] = relationship(
        cascade="all, delete-orphan", order_by="HoursStep.from_week"
    )
    events: Mapped[list[PlacementEvent]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="PlacementEvent.id"
    )
    adaptations: Mapped[list[Adaptation]] = relationship(
        secondary=placement_adaptations, order_by=Adaptation.id
    )
    agreements: Mapped[list[Agreement]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="Agreement.version"
    )
    extensions: Mapped[list[PeriodExtension]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="PeriodExtension.number"
    )
    followups: Mapped[list[FollowUp]] = relationship(  # noqa: F821
        back_populates="placement",
        cascade="all, delete-orphan",
        order_by="(FollowUp.due_date, FollowUp.id)",
    )
    absences: Mapped[list[AbsenceDay]] = relationship(  # noqa: F821
        back_populates="placement", cascade="all, delete-orphan", order_by="AbsenceDay.day"
    )

    mentor_grants: Mapped[list[MentorGrant]] = relationship(  # noqa: F821
        back_populates="placement",
        cascade="all, delete-orphan",
        order_by="(MentorGrant.start_date, MentorGrant.id)",
    )
    representative_approvals: Mapped[list[RepresentativeApproval]] = relationship(  # noqa: F821
        back_populates="placement",
        cascade="all, delete-orphan",
        order_by="RepresentativeApproval.id",
        passive_deletes=True,
    )
    # The citizen's weekly check-ins (placement/placements/check_ins.py), newest week first.
    check_ins: Mapped[list[CheckIn]] = relationship(  # noqa: F821
        back_populates="placement",
        cascade="all, delete-orphan",
        order_by="CheckIn.week.desc()",
        passive_deletes=True,
    )
    # A wage subsidy's net growth declaration (placement/placements/net_growth.py).
    net_growth: Mapped[Optional[NetGrowthDeclaration]] = relationship(  # noqa: F821
        back_populates="placement", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def agreement(self) -> Agreement | None:  # noqa: F821
        """The current (newest) version, or None before the placement is agreed."""
        return self.agreements[-1] if self.agreements else None


class HoursStep(Model):
    """One row of a planned step-up of hours (optrapning): from this week on, these hours."""

    __tablename__ = "hours_steps"
    __table_args__ = (UniqueConstraint("placement_id", "from_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    from_week: Mapped[int]
    hours_per_week: Mapped[int]


class PlacementEvent(Model):
    """One transition in a placement's life: who, when, from, to, why."""

    __tablename__ = "placement_events"
    # The statistics read moves by status and time, for all placements or for some
    # (migration 0009).
    # A placement leaves each status at most once (migration 0014): the lifecycle has no
    # cycles (lifecycle.ALLOWED never leads back to a state already left; a test checks it), so
    # a second event from the same status can only be the same move written twice — two
    # requests at once, which the row lock serialises and this refuses in the database too.
    # The proposal's event has no from_status, and NULLs never collide in a unique constraint.
    __table_args__ = (
        Index("ix_placement_events_to_status_at", "to_status", "at", "placement_id"),
        Index("ix_placement_events_placement_id_to_status_at", "placement_id", "to_status", "at"),
        UniqueConstraint("placement_id", "from_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[Optional[PlacementStatus]] = mapped_column(text_enum(PlacementStatus))
    to_status: Mapped[PlacementStatus] = mapped_column(text_enum(PlacementStatus))
    # A reason typed by a person; the event itself stays for the statistics.
    note: Mapped[str] = mapped_column(String(500), default="", info=personal(Erase.BLANK))

    placement: Mapped[Placement] = relationship(back_populates="events")
    actor: Mapped[Optional[User]] = relationship()

    @property
    def shown_note(self) -> str:
        if self.actor_id is None:
            return str(_SYSTEM_NOTES.get(self.note, self.note))
        return self.note


# The notes the scheduler writes on the history. Stored in Danish, the record's language, and
# shown in the reader's (PlacementEvent.shown_note); a person's note is shown as they typed it.
STARTED_ON_START_DATE = "Startet på startdatoen."
END_DATE_PASSED = "Slutdatoen er passeret."
_SYSTEM_NOTES = {
    STARTED_ON_START_DATE: _l("Startet på startdatoen."),
    END_DATE_PASSED: _l("Slutdatoen er passeret."),
}


class PeriodExtension(Model):
    """An extension (forlængelse) of a running placement: its new end, why, who and when
    (placement/placements/period_extensions.py). Not a PlacementEvent: the placement stays
    "i gang", and the history allows one event per status left (migration 0014)."""

    __tablename__ = "placement_extensions"
    # The n-th extension of a placement exists once: two requests that both read n-1
    # extensions cannot both write the n-th (the row lock makes them wait; this backs it up).
    __table_args__ = (UniqueConstraint("placement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1 for the first extension of the placement
    previous_end: Mapped[date]
    new_end: Mapped[date]
    reason: Mapped[str] = typed_text(
        "reason", 500, default="", info=personal(Erase.BLANK, export="begrundelse")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    placement: Mapped[Placement] = relationship(back_populates="extensions")
    actor: Mapped[Optional[User]] = relationship()
