"""Rules a municipality may need to adjust, in one place, each with its source."""
from __future__ import annotations

from dataclasses import dataclass

from .models.kinds import Kind

# CVR number: 8 digits whose weighted sum is divisible by 11.
# Source: Erhvervsstyrelsen, "Modulus 11-kontrol af CVR-nummer".
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

# P-number (produktionsenhedsnummer): 10 digits, no published check digit.
# Source: Erhvervsstyrelsen, CVR-registret.
P_NUMBER_LENGTH = 10

# Full time, the ceiling for hours in any opening or placement.
# Source: BEK om en aktiv beskæftigelsesindsats § 60 ("aldrig over fuld tid"); 37 t/uge is the
# full-time norm in Danish collective agreements.
FULL_TIME_HOURS = 37

# Passwords chosen by people. The security issue adds a list of common passwords.
PASSWORD_MIN_LENGTH = 8


@dataclass(frozen=True)
class DurationLimit:
    """The longest period, in weeks, an opening of a kind may be posted for."""

    weeks: int
    job_ready_weeks: int | None = None  # a shorter limit for job-ready citizens
    public_weeks: int | None = None  # a different limit at public employers


# Source: LAB (lov om en aktiv beskæftigelsesindsats) § 61: internships up to 4 weeks for
# job-ready citizens, otherwise up to 13 weeks; an extension (to 26, then 13 weeks at a time)
# is a decision for one placement, not part of an opening.
# LAB §§ 63-64 (løntilskud): private employers up to 6 months (26 weeks); public employers
# 4 to 12 months depending on the benefit (52 weeks as the outer limit).
# Kinds without a row (fleksjob, skånejob, IPS, apprenticeships, education) have no legal
# maximum here: they are permanent or follow the education's own length.
DURATION_LIMITS: dict[Kind, DurationLimit] = {
    Kind.INTERNSHIP: DurationLimit(weeks=13, job_ready_weeks=4),
    Kind.WAGE_SUBSIDY: DurationLimit(weeks=26, public_weeks=52),
}

# Ratio rule (rimelighedskrav), LAB § 78: at most 1 person in internship or wage subsidy per
# 5 ordinary employees up to 50 employees (always at least 1), then 1 more per 10 employees
# above 50.
RATIO_KINDS = frozenset({Kind.INTERNSHIP, Kind.WAGE_SUBSIDY})
RATIO_EMPLOYEES_PER_PERSON = 5
RATIO_FIRST_TIER_EMPLOYEES = 50
RATIO_EMPLOYEES_PER_PERSON_ABOVE = 10

# The short terms printed in every agreement, in plain Danish. A municipality should have its
# legal team read these and adjust them here. {absence_contact} and {consultant} are filled in
# per placement. Sources: LAB kapitel 11 (virksomhedspraktik: no wage, the citizen keeps their
# benefit, injuries are covered by the rules for people in active measures); lov om
# arbejdsskadesikring § 48 (employers insure their employees, which covers the paid kinds).
UNPAID_KINDS = frozenset({Kind.INTERNSHIP, Kind.EDUCATION})
AGREEMENT_TERMS_UNPAID: tuple[tuple[str, str], ...] = (
    ("Sygdom og fravær",
     "Er du syg eller kan du ikke komme, så ring til {absence_contact} før du skulle være "
     "mødt, og giv også din jobkonsulent {consultant} besked samme dag."),
    ("Forsikring",
     "Du er ikke ansat og får ikke løn. Kommer du til skade, er du dækket efter reglerne for "
     "personer i tilbud fra jobcentret. Sig det samme dag til virksomheden og jobkonsulenten, "
     "så jobcentret kan anmelde skaden."),
    ("Stoppe før tid",
     "Du, virksomheden og jobcentret kan hver især stoppe forløbet før tid. Tal først med "
     "jobkonsulenten, så I sammen kan finde en løsning."),
)
AGREEMENT_TERMS_PAID: tuple[tuple[str, str], ...] = (
    ("Sygdom og fravær",
     "Er du syg eller kan du ikke komme, så ring til {absence_contact} før du skulle være "
     "mødt, og giv også din jobkonsulent {consultant} besked samme dag."),
    ("Forsikring",
     "Du er ansat i virksomheden og dækket af virksomhedens arbejdsskadeforsikring som de "
     "andre ansatte."),
    ("Stoppe før tid",
     "Ansættelsen kan opsiges efter de vilkår, der står i din ansættelseskontrakt. Tal først "
     "med jobkonsulenten, så I sammen kan finde en løsning."),
)
