"""What a person's calendar holds: their follow-ups and placement dates, as iCalendar.

Each person sees what their own pages show, and nothing more: a consultant their caseload's
placements (placements_for, narrowed to the citizens and placements they are consultant for),
a company user their company's placements, a citizen their own. The text is plain and short:
names, titles, dates, the meeting's time and place. Never a CPR number, an adaptation, a health
note or what a follow-up found. Every event has a UID of its own that does not change, so a
calendar app that fetches the feed again updates its events instead of adding new ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import icalendar
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from placement.common import clock
from placement.common.access import placements_for
from placement.extensions import db
from placement.models import Candidate, FollowUp, Opening, Placement, PlacementStatus, Role, User

S = PlacementStatus
# Placements with dates worth a calendar: not a proposal nobody has said yes to yet, and not one
# that never happened.
DATED_STATES = (
    S.ACCEPTED,
    S.AGREED,
    S.ACTIVE,
    S.AWAITING_EVALUATION,
    S.COMPLETED,
    S.ENDED_EARLY,
)
# A placement that ended longer ago than this has left the feed (a calendar keeps what it had).
PAST_DAYS = 400
# A meeting with a time lasts this long in the calendar; the follow-up has no end time.
MEETING_LENGTH = timedelta(hours=1)
PRODID = "-//Placement//Kalender//DA"


def placements_in_calendar(user: User):
    """The placements whose dates go into this person's calendar (a select of Placement)."""
    query = placements_for(user)
    if user.role == Role.CONSULTANT:
        # placements_for gives the whole municipality (the pages' scope); the calendar holds
        # the consultant's own caseload: their citizens, and the placements they run.
        query = query.where(
            or_(Candidate.consultant_id == user.id, Placement.consultant_id == user.id)
        )
    elif user.role not in (Role.EMPLOYER, Role.CITIZEN):
        return None
    since = clock.today() - timedelta(days=PAST_DAYS)
    return (
        query.where(Placement.status.in_(DATED_STATES))
        .where(or_(Placement.end_date.is_(None), Placement.end_date >= since))
        .options(
            selectinload(Placement.followups),
            selectinload(Placement.candidate),
            selectinload(Placement.opening).selectinload(Opening.employer),
        )
        .order_by(Placement.id)
    )


@dataclass(frozen=True)
class _Words:
    """How one placement is named to this reader."""

    what: str  # "Borger 1 – Lagermedarbejder, Bager Hansen" or "Lagermedarbejder, Bager Hansen"
    link: str | None


def _words(user: User, placement: Placement) -> _Words:
    opening = placement.opening
    job = f"{opening.title}, {opening.employer.name}"
    if user.role == Role.CITIZEN:
        return _Words(job, _url("candidates.my_placement", placement_id=placement.id))
    # The company and the consultant know the citizen by name (the company's pages show it);
    # nothing else about the person goes into the calendar.
    name = placement.candidate.name
    if user.role == Role.EMPLOYER:
        return _Words(
            f"{name} – {opening.title}", _url("employers.proposal", placement_id=placement.id)
        )
    return _Words(f"{name} – {job}", _url("placements.detail", placement_id=placement.id))


def _url(endpoint: str, **values) -> str | None:
    try:
        if has_request_context():
            return url_for(endpoint, _external=True, **values)
        base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
        return base + current_app.url_map.bind("localhost").build(endpoint, values)
    except Exception:  # an area blueprint left out of this deployment: no link, no failure
        return None


def _uid_domain() -> str:
    # The same for every fetch, whatever host name the calendar app used.
    return urlsplit(current_app.config.get("PUBLIC_URL") or "").hostname or "placement"


def _event(uid: str, summary: str, stamp: datetime, link: str | None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{_uid_domain()}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    if link:
        event.add("url", link)
        event.add("description", link)
    return event


def _all_day(event: icalendar.Event, day: date) -> None:
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a date to know, not a time that is taken


def followup_event(user: User, followup: FollowUp, stamp: datetime) -> icalendar.Event:
    placement = followup.placement
    words = _words(user, placement)
    event = _event(
        f"followup-{followup.id}",
        _("Opfølgning: %(title)s – %(what)s", title=followup.title, what=words.what),
        stamp,
        words.link,
    )
    if followup.meeting_time is None:
        _all_day(event, followup.due_date)
    else:
        start = meeting_start(followup.due_date, followup.meeting_time)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    if followup.place:
        event.add("location", followup.place)
    return event


def meeting_start(day: date, at: time) -> datetime:
    """The meeting's moment on Copenhagen's wall clock (summer or winter time as that day has)."""
    return datetime.combine(day, at, tzinfo=clock.COPENHAGEN)


def placement_events(user: User, placement: Placement, stamp: datetime):
    words = _words(user, placement)
    employer = placement.opening.employer
    town = " ".join(p for p in (employer.postcode, employer.city) if p)
    address = ", ".join(part for part in (employer.address, town) if part)
    for key, day, label in (
        ("start", placement.start_date, _("Start: %(what)s", what=words.what)),
        ("end", placement.end_date, _("Slut: %(what)s", what=words.what)),
    ):
        if day is None:
            continue
        event = _event(f"placement-{placement.id}-{key}", label, stamp, words.link)
        _all_day(event, day)
        if address:
            event.add("location", address)
        yield event


def _calendar(name: str, events: Iterable[icalendar.Event]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    days = []
    for event in events:
        calendar.add_component(event)
        start = event.decoded("dtstart")
        days.append(start.date() if isinstance(start, datetime) else start)
    if days:
        # The time zone's rules for the years the events span (and one either side).
        calendar.add_missing_timezones(
            first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 2, 1, 1)
        )
    return calendar.to_ical()


def feed(user: User) -> bytes:
    """The person's whole calendar, in their own language."""
    stamp = clock.now()
    query = placements_in_calendar(user)
    placements = list(db.session.scalars(query).unique()) if query is not None else []
    with force_locale(user.language or "da"):
        events: list[icalendar.Event] = []
        for placement in placements:
            events.extend(placement_events(user, placement, stamp))
            events.extend(followup_event(user, f, stamp) for f in placement.followups)
        return _calendar(_("Opfølgninger og forløb"), events)


def single(user: User, followup: FollowUp) -> bytes:
    """One follow-up as a file to open in a calendar (the page the person is on decided that
    they may see it)."""
    return _calendar(_("Opfølgning"), [followup_event(user, followup, clock.now())])
