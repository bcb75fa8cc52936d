"""Per consultant: follow-ups on time, late and overdue, and the caseload with employer contacts."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from placement.common.sql_portable import utc_day
from placement.models import Candidate, Employer, EmployerContact, FollowUp, Placement, Role, User
from placement.statistics import reading
from placement.statistics.figures.scope import (
    CASELOAD_STATES,
    NO,
    YES,
    candidate_conditions,
    count_if,
    placement_scope,
    responsible,
    total_row,
)
from placement.statistics.tables import Column, Filters, Table

# IPS fidelity scale: a caseload of 20 or fewer per employment specialist.
IPS_CASELOAD_MAX = 20


def followups_by_consultant(f: Filters, today: date) -> Table:
    who = responsible()
    done = FollowUp.done_at.is_not(None)
    done_day = utc_day(FollowUp.done_at)
    # Counted per consultant first, then joined to the few consultants for their names.
    per_consultant = (
        placement_scope(
            select(
                who.label("who"),
                count_if(and_(done, done_day <= FollowUp.due_date)).label("on_time"),
                count_if(and_(done, done_day > FollowUp.due_date)).label("late"),
                count_if(and_(~done, FollowUp.due_date < today)).label("overdue"),
            )
            .select_from(FollowUp)
            .join(Placement, Placement.id == FollowUp.placement_id),
            f,
            uses=(Candidate,),
        )
        .where(
            FollowUp.due_date >= f.date_from,
            FollowUp.due_date <= f.date_to,
        )
        .group_by(who)
        .subquery()
    )
    c = per_consultant.c
    consultant = select(User.name).where(User.id == c.who).scalar_subquery().label("name")
    query = select(consultant, c.on_time, c.late, c.overdue).order_by(consultant, c.who)
    rows = [
        [name or _("Ingen konsulent"), on_time, late, overdue]
        for name, on_time, late, overdue in reading.session().execute(query)
    ]
    rows.append(total_row(_("I alt"), rows) if rows else [_("I alt"), 0, 0, 0])
    return Table(
        key="followups_by_consultant",
        title=_("Opfølgninger pr. konsulent"),
        explanation=_(
            "Opfølgninger med frist i perioden: gennemført senest på fristen, "
            "gennemført efter fristen, eller ikke gennemført og fristen er overskredet "
            "i dag."
        ),
        columns=[
            Column("consultant", _("Konsulent"), "text"),
            Column("on_time", _("Til tiden")),
            Column("late", _("For sent")),
            Column("overdue", _("Overskredet nu")),
        ],
        rows=rows,
        has_total=True,
    )


def caseload(f: Filters) -> Table:
    consultants = [User.role == Role.CONSULTANT, User.active.is_(True)]
    if f.municipality_id is not None:
        consultants.append(User.municipality_id == f.municipality_id)
    if f.consultant_id is not None:
        consultants.append(User.id == f.consultant_id)
    # Counted per consultant in one pass each, then joined to the consultants.
    caseload = (
        select(Candidate.consultant_id.label("user_id"), func.count(Candidate.id).label("n"))
        .where(Candidate.status.in_(CASELOAD_STATES), *candidate_conditions(f))
        .group_by(Candidate.consultant_id)
        .subquery()
    )
    contacts_made = select(
        EmployerContact.consultant_id.label("user_id"), func.count(EmployerContact.id).label("n")
    ).where(
        EmployerContact.consultant_id.in_(select(User.id).where(*consultants)),
        EmployerContact.contact_date >= f.date_from,
        EmployerContact.contact_date <= f.date_to,
    )
    if f.industry is not None:
        contacts_made = contacts_made.join(
            Employer, Employer.id == EmployerContact.employer_id
        ).where(Employer.industry == f.industry)
    contacts = contacts_made.group_by(EmployerContact.consultant_id).subquery()
    query = (
        select(User.name, func.coalesce(caseload.c.n, 0), func.coalesce(contacts.c.n, 0))
        .outerjoin(caseload, caseload.c.user_id == User.id)
        .outerjoin(contacts, contacts.c.user_id == User.id)
        .where(*consultants)
    )
    weeks = ((f.date_to - f.date_from).days + 1) / 7
    rows = [
        [
            name,
            citizens,
            YES if citizens > IPS_CASELOAD_MAX else NO,
            round(contact_count / weeks, 1),
        ]
        for name, citizens, contact_count in reading.session().execute(
            query.order_by(User.name, User.id)
        )
    ]
    return Table(
        key="caseload",
        title=_("Sagsstamme pr. konsulent"),
        explanation=_(
            "Borgere, der søger eller er i forløb, lige nu (IPS anbefaler højst 20 "
            "pr. konsulent), og kontakter til virksomheder pr. uge i perioden."
        ),
        columns=[
            Column("consultant", _("Konsulent"), "text"),
            Column("citizens", _("Borgere i sagsstammen")),
            Column("over_ips", _("Over 20 (IPS)"), "text"),
            Column("contacts_per_week", _("Virksomhedskontakter pr. uge"), "number"),
        ],
        rows=rows,
    )
