"""Agreement versions: what a placement says now, a new version when that changes, confirmations."""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, load_only

from placement.agreements import pdf, representative
from placement.agreements.content import (
    AgreementContent,
    AgreementDocument,
    ConfirmationLine,
    MentorSupport,
)
from placement.common.policy import AGREEMENT_TERMS_PAID, AGREEMENT_TERMS_UNPAID, UNPAID_KINDS
from placement.common.refusals import Refusal
from placement.extensions import db
from placement.followups import plans
from placement.models import (
    Adaptation,
    Agreement,
    AgreementConfirmation,
    Candidate,
    Employer,
    Kind,
    Opening,
    Party,
    Placement,
    PlacementStatus,
    Role,
    User,
    Workplace,
)
from placement.notifications import notices
from placement.placements import duration_limits, net_growth
from placement.placements.locks import already_done, lock_placement, what_happened
from placement.web import edit_fields, edit_versions
from placement.web.edit_fields import hours_text

S = PlacementStatus
# A placement has an agreement from "agreed" on; after it ends, its versions are history.
VERSIONED_STATES = (S.AGREED, S.ACTIVE)
# The terms may be edited from the proposal on, so the agreement is ready when it is made.
TERMS_STATES = (S.PROPOSED, S.ACCEPTED, S.AGREED, S.ACTIVE)
# Generous outer bounds that catch a slip of the keyboard, not a policy.
MAX_FULL_TIME_EMPLOYEES = 1_000_000
MAX_MONTHLY_WAGE_COST = 10_000_000
WAGE_TERMS = ("full_time_employees", "staff_representative", "monthly_wage_cost")


class AgreementRefused(Refusal):
    """The agreement cannot be changed or confirmed like that; the message says why."""


class AlreadyConfirmed(AgreementRefused):
    """The party confirmed that version already (a second click, a second tab): nothing is
    written, and nothing went wrong."""

    repeated = True


@dataclass(frozen=True)
class Terms:
    """The parts of an agreement the consultant writes."""

    tasks: str = ""
    working_times: str = ""
    adaptation_ids: tuple[int, ...] = ()
    adaptation_note: str = ""
    mentor_name: str = ""
    mentor_role: str = ""
    full_time_employees: int | None = None
    staff_representative: str = ""
    monthly_wage_cost: int | None = None


def document_number(placement: Placement) -> str:
    """Municipality code and placement id: unique in a deployment and readable on the phone."""
    return f"{placement.candidate.municipality.code}-{placement.id:06d}"


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip(" \t-•*") for line in (text or "").splitlines() if line.strip(" \t-•*"))


def _join(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _workplace_address(company: Employer, workplace: Workplace) -> str:
    """Where the work is: the company's address, or the workplace's (with its name) where it
    is elsewhere. A company's first workplace is at its own address, so its agreements read
    as they did before companies had more workplaces."""
    company_address = _join(company.address, f"{company.postcode} {company.city}".strip())
    address = _join(workplace.address, f"{workplace.postcode} {workplace.city}".strip())
    if not address or address == company_address:
        return company_address
    return _join(workplace.name if workplace.name != company.name else "", address)


def _mentor_support(placement: Placement) -> tuple[MentorSupport, ...]:
    """The placement's grants of mentor support (mentorstøtte), in the agreement's words."""
    return tuple(
        MentorSupport(
            mentor=_join(grant.mentor_name, grant.mentor_role),
            kind=str(grant.mentor_kind.label),
            hours=hours_text(grant.hours_tenths),
            start_date=grant.start_date,
            end_date=grant.end_date,
            paid_by=str(grant.paid_by.label),
        )
        for grant in placement.mentor_grants
    )


def content_for(placement: Placement) -> AgreementContent:
    """The agreement as the placement says it now, always in Danish: a person's choice of
    language must not change the content (and with it the version)."""
    with force_locale("da"):
        opening, company, candidate = (
            placement.opening,
            placement.opening.employer,
            placement.candidate,
        )
        consultant = placement.consultant
        consultant_text = _join(consultant.name, consultant.email) if consultant else ""
        company_contact = _join(
            company.contact_name,
            f"tlf. {company.contact_phone}" if company.contact_phone else "",
            company.contact_email,
        )
        absence_contact = (
            placement.mentor_name or company.contact_name or _("virksomhedens kontaktperson")
        )
        if company.contact_phone:
            absence_contact += f" på tlf. {company.contact_phone}"
        fill = {
            "absence_contact": absence_contact,
            "consultant": consultant.name if consultant else "",
        }
        terms = AGREEMENT_TERMS_UNPAID if opening.kind in UNPAID_KINDS else AGREEMENT_TERMS_PAID
        adaptations = tuple(str(a.label) for a in placement.adaptations) + _lines(
            placement.adaptation_note
        )
        wage_subsidy = opening.kind == Kind.WAGE_SUBSIDY
        return AgreementContent(
            kind=opening.kind.value,
            purpose=str(opening.purpose.label)
            if opening.kind == Kind.INTERNSHIP and opening.purpose
            else "",
            citizen_name=candidate.name,
            citizen_birth_date=candidate.birth_date,
            company_name=company.name,
            company_cvr=company.cvr,
            company_p_number=opening.workplace.p_number or "",
            company_address=_workplace_address(company, opening.workplace),
            company_contact=company_contact,
            jobcenter=f"Jobcenter {candidate.municipality.name}",
            consultant=consultant_text,
            start_date=placement.start_date,
            end_date=placement.end_date,
            hours_per_week=placement.hours_per_week,
            working_times=placement.working_times,
            hours_plan=tuple((s.from_week, s.hours_per_week) for s in placement.hours_plan),
            tasks=_lines(placement.tasks),
            adaptations=adaptations,
            mentor_name=placement.mentor_name,
            mentor_role=placement.mentor_role,
            full_time_employees=placement.full_time_employees if wage_subsidy else None,
            staff_representative=placement.staff_representative if wage_subsidy else "",
            monthly_wage_cost=placement.monthly_wage_cost if wage_subsidy else None,
            followup_dates=plans.agreement_dates(placement),
            mentor_support=_mentor_support(placement),
            net_growth=net_growth.content(placement),
            terms=tuple((heading, text.format(**fill)) for heading, text in terms),
        )


def refresh(placement: Placement, by: User | None, tell=None) -> Agreement | None:
    """Make the next version if what the agreement says has changed; return it (else None).

    A new version starts with no confirmations: each party confirms what they read. `tell`:
    how the parties hear of it, when the change has news of its own (an extension); by
    default, that a new version waits for them.
    """
    if placement.status not in VERSIONED_STATES:
        return None
    content = content_for(placement)
    current = placement.agreement
    if current is not None and current.content_sha256 == content.sha256:
        return None
    agreement = write_version(placement, content, by)
    (tell or notices.tell_of_new_version)(placement, agreement, by)
    representative.ask(placement)  # a wage subsidy's new version: a new link to approve it
    return agreement


def write_version(placement: Placement, content: AgreementContent, by: User | None) -> Agreement:
    """Append the next version with this content (refresh decides when; the demo uses it
    for placements it writes straight into later states)."""
    current = placement.agreement
    agreement = Agreement(
        version=current.version + 1 if current else 1,
        content_json=content.to_json(),
        content_sha256=content.sha256,
        created_by=by,
    )
    placement.agreements.append(agreement)
    db.session.flush()
    return agreement


def refresh_running(criterion, by: User | None) -> None:
    """After a change to something agreements print (a citizen, an opening, a consultant):
    refresh every running placement's agreement that matches the criterion."""
    for placement in db.session.scalars(
        select(Placement).where(criterion, Placement.status.in_(VERSIONED_STATES))
    ):
        refresh(placement, by)


@dataclass(frozen=True)
class TermsSaved:
    """What saving the terms did."""

    changed: bool  # False: the terms were saved as they were, and nothing was written
    new_version: Agreement | None = None  # the agreement's next version, if the change made one


def apply_terms(placement: Placement, terms: Terms) -> bool:
    """Check the terms and write them on the placement; return whether anything changed.
    The caller holds the placement's edit (edit_versions.begin) and finishes it."""
    for value, ceiling, message in (
        (
            terms.full_time_employees,
            MAX_FULL_TIME_EMPLOYEES,
            _("Antal fuldtidsansatte skal være et helt tal fra 0 og op."),
        ),
        (
            terms.monthly_wage_cost,
            MAX_MONTHLY_WAGE_COST,
            _("Lønudgiften skal være et helt antal kroner fra 0 og op."),
        ),
    ):
        if value is not None and not 0 <= value <= ceiling:
            raise AgreementRefused(message)
    # Each term but the adaptations is a column of the same name on the placement.
    values = {f.name: getattr(terms, f.name) for f in fields(Terms) if f.name != "adaptation_ids"}
    values = {
        name: value.strip() if isinstance(value, str) else value for name, value in values.items()
    }
    if placement.opening.kind != Kind.WAGE_SUBSIDY:
        # Only a wage subsidy's agreement prints these, and only its form shows them: saving
        # another kind's terms keeps what was written while the opening was a wage subsidy.
        values.update({name: getattr(placement, name) for name in WAGE_TERMS})
    ids = set(terms.adaptation_ids)
    if (
        all(getattr(placement, name) == value for name, value in values.items())
        and {a.id for a in placement.adaptations} == ids
    ):
        return False
    for name, value in values.items():
        setattr(placement, name, value)
    placement.adaptations = (
        list(
            db.session.scalars(
                select(Adaptation).where(Adaptation.id.in_(ids)).order_by(Adaptation.id)
            )
        )
        if ids
        else []
    )
    return True


def set_terms(
    placement: Placement, terms: Terms, by: User, seen: edit_versions.Seen | None = None
) -> TermsSaved:
    """`seen`: what the form showed; a change made since to a term it shows refuses the save
    (EditConflict), so the next version never quietly drops someone else's change."""
    edit = edit_versions.begin(placement, edit_fields.TERMS, seen)
    if placement.status not in TERMS_STATES:
        raise AgreementRefused(
            _(
                "Forløbet er %(status)s, og aftalen kan ikke ændres.",
                status=placement.status.label.lower(),
            )
        )
    if not apply_terms(placement, terms):
        return TermsSaved(changed=False)
    edit.finish(by)
    db.session.flush()
    return TermsSaved(changed=True, new_version=refresh(placement, by))


def party_of(user: User) -> Party | None:
    """Which party a person confirms as. Access to the placement itself is checked by the
    scoped query that fetched it."""
    return {
        Role.CONSULTANT: Party.CONSULTANT,
        Role.EMPLOYER: Party.EMPLOYER,
        Role.CITIZEN: Party.CITIZEN,
    }.get(user.role)


def _current_for_confirming(placement: Placement, party: Party, version: int) -> Agreement:
    """The version to confirm, read under the placement's lock: two confirmations at the same
    moment then happen one after the other, and the second finds the first."""
    lock_placement(placement, agreements=True)
    asked = version_of(placement, version)
    if asked is not None and asked.confirmation_by(party) is not None:
        raise AlreadyConfirmed(already_done())
    current = placement.agreement
    if current is None or placement.status not in VERSIONED_STATES:
        # Agreed once and over now: what ended it, and who, says more than "no agreement".
        raise AgreementRefused(
            current is not None
            and what_happened(placement)
            or _("Der er ingen aftale at bekræfte lige nu.")
        )
    if version != current.version:
        raise AgreementRefused(
            _(
                "Aftalen er ændret, siden du åbnede siden. "
                "Læs version %(version)d, og bekræft den.",
                version=current.version,
            )
        )
    # The law's limit holds at every confirmation: the citizen may have become job-ready, or
    # a period written before the limits were checked may still be too long.
    too_long = duration_limits.agreement_refusal(placement)
    if too_long:
        raise AgreementRefused(too_long + " " + _("Jobkonsulenten skal rette perioden først."))
    return current


def confirm(placement: Placement, by: User, version: int) -> AgreementConfirmation:
    """The person presses "Bekræft aftalen" on the version they were shown."""
    party = party_of(by)
    if party is None:
        raise AgreementRefused(_("Du kan ikke bekræfte aftaler."))
    current = _current_for_confirming(placement, party, version)
    return _add_confirmation(placement, current, AgreementConfirmation(party=party, user=by), by)


def record_paper_confirmation(
    placement: Placement, party: Party, by: User, version: int, note: str
) -> AgreementConfirmation:
    """The consultant notes that the employer or the citizen signed a paper copy."""
    if by.role != Role.CONSULTANT:
        raise AgreementRefused(_("Kun jobkonsulenten kan notere en bekræftelse på papir."))
    if party not in (Party.EMPLOYER, Party.CITIZEN):
        raise AgreementRefused(_("Vælg virksomheden eller borgeren."))
    note = (note or "").strip()
    if not note:
        raise AgreementRefused(_("Skriv hvordan og hvornår aftalen blev bekræftet på papir."))
    current = _current_for_confirming(placement, party, version)
    return _add_confirmation(
        placement,
        current,
        AgreementConfirmation(party=party, user=by, on_paper=True, note=note[:1000]),
        by,
    )


def _add_confirmation(
    placement: Placement, current: Agreement, confirmation: AgreementConfirmation, by: User
) -> AgreementConfirmation:
    current.confirmations.append(confirmation)
    db.session.flush()
    if not missing_parties(placement):  # the last of the three: everyone hears of it
        notices.tell_all_confirmed(placement, by)
    return confirmation


def missing_parties(placement: Placement) -> list[Party]:
    """Who has not yet confirmed the current version (everyone, if there is none)."""
    current = placement.agreement
    if current is None:
        return list(Party)
    return [party for party in Party if current.confirmation_by(party) is None]


def awaiting(placements, party: Party) -> set[int]:
    """Ids of the placements whose current agreement waits for this party's confirmation."""
    return {
        p.id
        for p in placements
        if p.status in VERSIONED_STATES
        and p.agreement is not None
        and p.agreement.confirmation_by(party) is None
    }


# What document_for reads and nothing more, joined to the placement in one statement rather
# than one per relationship (seven, with every column): at national scale those reads were a
# third of a download's time. (Joined collections: read the result with .unique().)
DOCUMENT_ROWS = (
    load_only(
        Placement.id,
        Placement.candidate_id,
        Placement.opening_id,
        Placement.no_staff_representative,
    ),
    joinedload(Placement.opening).load_only(Opening.id, Opening.kind),
    # Joined too, not a second statement: a version has at most a few approvals, and most
    # placements none (a wage subsidy's), so the rows hardly multiply.
    joinedload(Placement.representative_approvals),
    joinedload(Placement.candidate)
    .load_only(Candidate.id, Candidate.municipality_id)
    .joinedload(Candidate.municipality),
    joinedload(Placement.agreements)
    .joinedload(Agreement.confirmations)
    .joinedload(AgreementConfirmation.user)
    # The name only: not the municipality a user's row otherwise brings along (a join more).
    .options(load_only(User.id, User.name), lazyload(User.municipality)),
)


def document_for(agreement: Agreement, placement: Placement) -> AgreementDocument:
    lines = tuple(
        ConfirmationLine(
            party=c.party.value,
            name=c.user.name if c.user else "",
            at=c.confirmed_at,
            on_paper=c.on_paper,
            note=c.note,
        )
        for party in Party
        for c in agreement.confirmations
        if c.party == party
    )
    return AgreementDocument(
        content=AgreementContent.from_json(agreement.content_json),
        number=document_number(placement),
        version=agreement.version,
        author=f"Jobcenter {placement.candidate.municipality.name}",
        confirmations=lines,
        representative=representative.pdf_line(agreement, placement),
    )


def render_pdf(agreement: Agreement, placement: Placement) -> bytes:
    return pdf.render(document_for(agreement, placement))


def version_of(placement: Placement, version: int) -> Agreement | None:
    return next((a for a in placement.agreements if a.version == version), None)
