"""A citizen's own data as plain JSON-ready data: the copy they have a right to (GDPR art. 15).

Keys are Danish, in lower case with underscores, like the rest of what the citizen reads;
dates and times are ISO 8601 (times in UTC); labels are in Danish whatever the reader's
language, so the file reads the same whoever made it. The CPR number appears only masked.

The consultant's journal is included. It is personal data about the citizen, and the right of
access covers it; the journal page already says it is internal to the municipality, not that
it is secret from the citizen. If a note must be withheld in a particular case (the narrow
exceptions of databeskyttelsesloven § 22), that is a person's judgement, made before handing
the file over, not something the export can decide.

Which personal columns the copy shows, and under which key, is declared on each column
(models/personal.py); this module adds what has a shape of its own (labels, lists, masks).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from placement.common.identifiers import mask_cpr
from placement.extensions import db
from placement.followups.plans import shared_summaries
from placement.models import (
    Agreement,
    AuditEvent,
    Candidate,
    ConsentItem,
    Notification,
    OpeningInterest,
    Placement,
    utcnow,
)
from placement.privacy import audit_log
from placement.privacy.consent import choices_of, history_of
from placement.privacy.personal_data import exported

DESCRIPTION = (
    "Dine oplysninger i Placement: din profil, hvad virksomheder må se, og hvordan dine valg "
    "har ændret sig, dine mål, dine forløb, de opfølgninger, "
    "din jobkonsulent har delt med dig, dine aftaler (uden selve PDF-filerne), "
    "jobkonsulentens journal om dig, de beskeder Placement har skrevet om dig eller til dig, "
    "og hvem der har set eller ændret dine oplysninger. "
    "CPR-nummeret vises kun delvist. Datoer står som år-måned-dag; tidspunkter i UTC."
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _label(value) -> str | None:
    return str(value.label) if value is not None else None


def export_citizen(candidate: Candidate, now: datetime | None = None) -> dict:
    """Everything the citizen's copy holds, as dicts, lists, strings, numbers and booleans."""
    with force_locale("da"):
        placements = db.session.scalars(
            select(Placement)
            .where(Placement.candidate_id == candidate.id)
            .options(
                selectinload(Placement.opening),
                selectinload(Placement.followups),
                selectinload(Placement.agreements).selectinload(Agreement.confirmations),
            )
            .order_by(Placement.created_at, Placement.id)
        ).all()
        return {
            "beskrivelse": DESCRIPTION,
            "dannet": _moment(now or utcnow()),
            "profil": _profile(candidate),
            "ændringer_af_hvad_virksomheder_må_se": _consent_history(candidate),
            "mål": _goals(candidate),
            "interesse_for_pladser": _interests(candidate),
            "forløb": [_placement(p) for p in placements],
            "opfølgninger_delt_med_dig": [
                _followup(p, f) for p in placements for f in shared_summaries(p)
            ],
            "aftaler": [_agreement(p, a) for p in placements for a in p.agreements],
            "journal": [
                {"dato": _day(entry.entry_date), "skrevet_af": entry.author.name, **exported(entry)}
                for entry in candidate.journal_entries
            ],
            "beskeder": _notifications(candidate),
            "hvem_har_set_eller_ændret_dine_oplysninger": _history(candidate),
        }


def _profile(c: Candidate) -> dict:
    # The marked columns (name, contact details, texts...), then what has a shape of its own.
    return exported(c) | {
        "cpr_nummer": mask_cpr(c.cpr) or None,
        "kommune": c.municipality.name,
        "jobkonsulent": c.consultant.name if c.consultant else None,
        "jobparat": c.job_ready,
        "behov_for_tilpasninger": [
            {"tilpasning": need.adaptation.label_da, "skal_være_på_plads": need.must_have}
            for need in sorted(c.needs, key=lambda n: n.adaptation_id)
        ],
        "ønsker_slags_arbejde": [_label(kind) for kind in c.kinds_wanted],
        "kan_nå_postnumre": [place.postcode for place in c.places],
        # None: not chosen yet, which shares nothing.
        "deles_med_virksomheder": {
            _CONSENT_KEYS[item]: shared for item, shared in choices_of(c).items()
        },
        "oprettet": _moment(c.created_at),
        "anonymiseret": _moment(c.anonymised_at),
    }


_CONSENT_KEYS = {
    ConsentItem.CONTACT: "kontaktoplysninger",
    ConsentItem.AGE: "alder",
    ConsentItem.SKILLS: "kompetencer_og_interesser",
    ConsentItem.ADAPTATIONS: "behov_for_tilpasninger",
    ConsentItem.GOALS: "mål",
}


def _consent_history(c: Candidate) -> list[dict]:
    """Every change of what companies may see, oldest first like the rest of the file."""
    return [
        {
            "tidspunkt": _moment(row.at),
            "hvad": _CONSENT_KEYS[row.item],
            "deles": row.shared,
            "hvordan": _label(row.source),
            "hvem": row.changed_by.name if row.changed_by else None,
        }
        for row in reversed(db.session.scalars(history_of(c)).all())
    ]


def _goals(c: Candidate) -> list[dict]:
    return [
        {
            **exported(goal),
            "senest": _day(goal.target_date),
            "oprettet": _moment(goal.created_at),
            "trin": [{**exported(step), "udført": _moment(step.done_at)} for step in goal.steps],
        }
        for goal in c.goals
    ]


def _interests(c: Candidate) -> list[dict]:
    rows = db.session.scalars(
        select(OpeningInterest)
        .where(OpeningInterest.candidate_id == c.id)
        .order_by(OpeningInterest.created_at)
    )
    return [
        {
            "opslag": row.opening.title,
            "virksomhed": row.opening.employer.name,
            "tidspunkt": _moment(row.created_at),
        }
        for row in rows
    ]


def _placement(p: Placement) -> dict:
    return exported(p) | {
        "nummer": p.id,
        "slags": _label(p.opening.kind),
        "virksomhed": p.opening.employer.name,
        "opslag": p.opening.title,
        "status": _label(p.status),
        "start": _day(p.start_date),
        "slut": _day(p.end_date),
        "timer_pr_uge": p.hours_per_week,
        "resultat": _label(p.outcome),
        "forlængelser": [
            {
                "fra": _day(e.previous_end),
                "til": _day(e.new_end),
                **exported(e),
                "tidspunkt": _moment(e.at),
            }
            for e in p.extensions
        ],
        # The days away and their reason, as the citizen's own page shows them.
        "fravær": [exported(a) for a in p.absences],
        # The citizen's own answers to the weekly "Hvordan går det?".
        "hvordan_går_det": [
            {"uge": _day(c.week), **exported(c)} for c in p.check_ins if c.score is not None
        ],
        "mentorstøtte": [
            {
                **exported(g),
                "intern_eller_ekstern": _label(g.mentor_kind),
                "timer_pr_uge": float(g.hours),
                "fra": _day(g.start_date),
                "til": _day(g.end_date),
                "betales_af": _label(g.paid_by),
            }
            for g in p.mentor_grants
        ],
        "oprettet": _moment(p.created_at),
    }


def _followup(p: Placement, f) -> dict:
    # Only what the citizen's own page shows of a shared follow-up (my_placement.html).
    return {
        "forløb": p.id,
        "titel": f.title,
        "frist": _day(f.due_date),
        "gennemført": _moment(f.done_at),
        "sådan_går_det": str(f.wellbeing_label) if f.wellbeing else None,
        **exported(f),
    }


def _agreement(p: Placement, a: Agreement) -> dict:
    return {
        "forløb": p.id,
        "version": a.version,
        "oprettet": _moment(a.created_at),
        **exported(a),
        "bekræftelser": [
            {"part": _label(c.party), "bekræftet": _moment(c.confirmed_at), "på_papir": c.on_paper}
            for c in a.confirmations
        ],
    }


def _notifications(c: Candidate) -> list[dict]:
    """The notifications about the citizen (found by what they refer to, as erasure finds
    them) and those to their own login: their words are data about them."""
    about = or_(
        Notification.candidate_id == c.id,
        Notification.placement_id.in_(select(Placement.id).where(Placement.candidate_id == c.id)),
    )
    if c.user is not None:
        about = or_(about, Notification.user_id == c.user.id)
    rows = db.session.scalars(
        select(Notification)
        .where(about)
        .options(selectinload(Notification.user))
        .order_by(Notification.created_at, Notification.id)
    )
    return [
        {
            "dannet": _moment(n.created_at),
            "til": "Dig" if c.user is not None and n.user_id == c.user.id else _label(n.user.role),
            **exported(n),
            "sendt_som_e_mail": _moment(n.emailed_at),
        }
        for n in rows
    ]


def _history(c: Candidate) -> list[dict]:
    rows = db.session.scalars(audit_log.history_of(c.id).options(selectinload(AuditEvent.actor)))
    return [
        {
            "tidspunkt": _moment(row.at),
            "hvem": row.actor.name if row.actor else "Placement (automatisk)",
            "rolle": audit_log.role_label(row),
            "handling": _label(row.action),
            "hvad": _label(row.subject),
        }
        for row in rows
    ]
