"""A follow-up's meeting: the time of day and the place the consultant has agreed for it."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext as _

from placement.extensions import db
from placement.followups.plans import RECORDING_STATES, FollowUpRefused
from placement.models import FollowUp
from placement.models.types import text_limit
from placement.placements.locks import lock_placement


def set_meeting(followup: FollowUp, meeting_time: time | None, place: str) -> bool:
    """Give the follow-up its time (None: the day only) and place ("" : not given). Return
    whether anything changed: the same time and place saved again writes nothing."""
    placement = lock_placement(followup.placement)
    db.session.refresh(followup)  # read again under the lock: a second post finds the first
    place = (place or "").strip()
    if placement.status not in RECORDING_STATES:
        raise FollowUpRefused(
            _(
                "Forløbet er %(status)s, og tid og sted kan ikke ændres.",
                status=str(placement.status.label).lower(),
            )
        )
    limit = text_limit(FollowUp.place)
    if len(place) > limit:
        raise FollowUpRefused(_("Højst %(max)d tegn.", max=limit), field="place")
    if meeting_time is not None:
        # A calendar counts in minutes; seconds from a hand-made post are dropped.
        meeting_time = meeting_time.replace(second=0, microsecond=0)
    if followup.meeting_time == meeting_time and followup.place == place:
        return False
    followup.meeting_time = meeting_time
    followup.place = place
    db.session.flush()
    return True
