"""The monthly sweep that refreshes registered companies' facts from the CVR register (`cvr`)."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import or_, select

from placement.common import clock
from placement.common.jobs import SweepResult
from placement.common.row_locks import locked
from placement.companies import cvr_register
from placement.companies.cvr_register import Outcome
from placement.companies.register_sync import apply_facts
from placement.extensions import db
from placement.models import Employer

log = logging.getLogger(__name__)

# After this many unanswered questions in a row the register is taken to be down: the rest
# waits for the next run rather than each waiting out its time-out.
GIVE_UP_AFTER = 3


def _month_start(now: datetime) -> datetime:
    today = clock.today(now)
    return datetime(today.year, today.month, 1, tzinfo=clock.COPENHAGEN)


def refresh_from_register(now: datetime) -> SweepResult:
    """Each company not yet read this month (Copenhagen's month of `now`) is looked up once;
    run again in the same month, the sweep asks nothing and changes nothing."""
    result = SweepResult()
    register = cvr_register.from_config(current_app.config)
    if register is None:
        log.info("cvr: the CVR register is not configured, nothing read")
        return result
    due = db.session.scalars(
        select(Employer.id)
        .where(
            or_(Employer.register_read_at.is_(None), Employer.register_read_at < _month_start(now))
        )
        .order_by(Employer.id)
    ).all()
    read = changed = unknown = unreached = in_a_row = 0
    for employer_id in due:
        cvr = db.session.scalar(select(Employer.cvr).where(Employer.id == employer_id))
        if cvr is None:
            continue
        # Asked with no lock held: a slow register never keeps a company waiting.
        lookup = register.look_up(cvr)
        if lookup.outcome is Outcome.UNREACHABLE:
            unreached += 1
            in_a_row += 1
            if in_a_row >= GIVE_UP_AFTER:
                break
            continue
        in_a_row = 0
        if lookup.facts is None:
            # Not known to the register: left as it is, for the jobcenter (counted only).
            unknown += 1
            continue
        read += 1
        # The company's row lock (the first in the lock order), its facts written on what is
        # there now, and committed at once: the lock is held for no longer than the write, and
        # what was read stays read if the process stops halfway. Each write is the same for a
        # second run, so a second scheduler changes nothing.
        employer = locked(Employer, employer_id)
        if employer is None:
            continue
        changed += apply_facts(employer, lookup.facts, now)
        db.session.commit()
    db.session.flush()
    log.info(
        "cvr: %d of %d companies read from the register, %d changed, %d unknown to it, "
        "%d not answered",
        read,
        len(due),
        changed,
        unknown,
        unreached,
    )
    result.done = read
    return result
