"""Follow-ups (opfølgning): the planned check-ins of a placement, and what each one found."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from placement.models.base import Model
from placement.models.personal import NOT_PERSONAL, Erase, personal
from placement.models.placements import Outcome, Placement
from placement.models.types import UTCDateTime, text_enum, typed_text
from placement.models.users import User

WELLBEING_LABELS = {
    1: _l("Meget dårligt"),
    2: _l("Dårligt"),
    3: _l("Hverken godt eller dårligt"),
    4: _l("Godt"),
    5: _l("Meget godt"),
}


class FollowUpState(str, enum.Enum):
    """Derived, never stored: what a person needs to know about a follow-up today."""

    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PLANNED = "planned"

    @property
    def label(self):
        return {
            FollowUpState.DONE: _l("Gennemført"),
            FollowUpState.OVERDUE: _l("Overskredet"),
            FollowUpState.DUE_SOON: _l("Snart"),
            FollowUpState.PLANNED: _l("Planlagt"),
        }[self]


class FollowUp(Model):
    __tablename__ = "followups"
    __table_args__ = (
        # The plan's own name for the step ("first_week", "monthly_3"): re-planning and two
        # schedulers at once can never make a second one.
        UniqueConstraint("placement_id", "key"),
        CheckConstraint("wellbeing BETWEEN 1 AND 5", name="wellbeing_1_to_5"),
        CheckConstraint("hours_worked >= 0 AND hours_worked <= 80", name="hours_worked_range"),
        # The reminders' sweep reads the open follow-ups due in a window of days every run;
        # the done ones (most of them) are not in this index at all.
        Index(
            "ix_followups_open_due",
            "due_date",
            "placement_id",
            "id",
            postgresql_where=text("done_at IS NULL"),
            sqlite_where=text("done_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40), info=NOT_PERSONAL)
    title: Mapped[str] = mapped_column(String(200), info=NOT_PERSONAL)  # the plan's words
    due_date: Mapped[date] = mapped_column(index=True)
    # The meeting, when the consultant has agreed one: a time of day in Copenhagen on the due
    # date (none: the day only, an all-day event in the calendars) and where to meet.
    meeting_time: Mapped[Optional[time]] = mapped_column(info=NOT_PERSONAL)
    # Could be the citizen's home ("Hjemme hos borgeren"), so erasure clears it.
    place: Mapped[str] = typed_text(
        "place", 200, default="", server_default="", info=personal(Erase.BLANK)
    )
    # Recorded by the consultant:
    done_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), index=True)
    done_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # How the citizen is doing, and how much they managed: about the person, and no statistic
    # counts them, so erasure clears them (the export shows the wellbeing as its label).
    wellbeing: Mapped[Optional[int]] = mapped_column(info=personal(Erase.NULL, export=True))
    # What the follow-up found about the person goes; its dates and outcome stay for the
    # statistics. The citizen's copy holds what their own page shows of a shared one.
    wellbeing_note: Mapped[str] = typed_text(
        "wellbeing_note", 4000, default="", info=personal(Erase.BLANK)
    )
    hours_worked: Mapped[Optional[int]] = mapped_column(info=personal(Erase.NULL))
    works: Mapped[str] = typed_text(
        "works", 4000, default="", info=personal(Erase.BLANK, export="det_virker")
    )
    does_not_work: Mapped[str] = typed_text(
        "does_not_work", 4000, default="", info=personal(Erase.BLANK)
    )
    adaptations_add: Mapped[str] = typed_text(
        "adaptations_add", 4000, default="", info=personal(Erase.BLANK)
    )
    adaptations_drop: Mapped[str] = typed_text(
        "adaptations_drop", 4000, default="", info=personal(Erase.BLANK)
    )
    next_step: Mapped[str] = typed_text(
        "next_step", 4000, default="", info=personal(Erase.BLANK, export="næste_skridt")
    )
    # Where the citizen went (end evaluation and the check some months after the end).
    outcome: Mapped[Optional[Outcome]] = mapped_column(text_enum(Outcome))
    shared_with_citizen: Mapped[bool] = mapped_column(default=False)
    # The company's own view on the same follow-up.
    employer_view: Mapped[str] = typed_text(
        "employer_view", 4000, default="", info=personal(Erase.BLANK)
    )
    employer_view_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    employer_view_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    placement: Mapped[Placement] = relationship(back_populates="followups")
    done_by: Mapped[Optional[User]] = relationship(foreign_keys=[done_by_id])
    employer_view_by: Mapped[Optional[User]] = relationship(foreign_keys=[employer_view_by_id])

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def wellbeing_label(self):
        return WELLBEING_LABELS.get(self.wellbeing, "") if self.wellbeing is not None else ""
