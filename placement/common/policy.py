"""Rules a municipality may need to adjust, in one place, each with its source."""

from __future__ import annotations

from dataclasses import dataclass

from placement.models.kinds import Kind

# P-number (produktionsenhedsnummer): 10 digits, no published check digit.
# Source: Erhvervsstyrelsen, CVR-registret.
P_NUMBER_LENGTH = 10

# Full time, the ceiling for hours in any opening or placement.
# Source: BEK om en aktiv beskæftigelsesindsats § 60 ("aldrig over fuld tid"); 37 t/uge is the
# full-time norm in Danish collective agreements.
FULL_TIME_HOURS = 37

# Mentor support (mentorstøtte): the hours a week of one grant, more than 0 and at most full
# time, in hours with at most this many decimals (half an hour, "7,5", is common; minutes are
# not granted). Source: LAB, the rules on mentorstøtte (the support is granted in hours a week
# for a period); the ceiling is this system's guard against a slip of the keyboard, as a
# mentor's hours for one person never exceed a working week.
MENTOR_HOURS_MAX = FULL_TIME_HOURS
MENTOR_HOURS_DECIMALS = 1

# Passwords chosen by people: at least this long, and not in placement/accounts/common_passwords.py.
# Source: NIST SP 800-63B § 5.1.1.2 (at least 8 characters; check against lists of commonly
# used or breached passwords; no composition rules).
PASSWORD_MIN_LENGTH = 8


@dataclass(frozen=True)
class RateLimit:
    """How many counted requests one target and one client address may make in a moving
    window; the attempt after that is refused until the window has passed
    (placement/web/rate_limits.py)."""

    per_target: int
    per_address: int
    minutes: int


# Secrets: failed attempts at a password (logging in, confirming it again), an invitation code,
# a password-reset link or an API key. Only failures count, so staff behind one office address
# can all log in each morning, and an attempt is refused only once the limit is already
# reached: the 6th failure in 15 minutes for one target (the account, the code typed, the
# link's person), the 21st from one address. 5 per target stops guessing against a person
# while leaving room for typos; the address limit is looser because a job centre shares one
# address, and it is what stops guesses spread over many targets (codes, links, API keys).
# Source: NIST SP 800-63B § 5.2.2 (limit consecutive failed attempts on one account, at most
# 100).
SECRET_LIMITS = RateLimit(per_target=5, per_address=20, minutes=15)

# Mail to an address someone typed (the forgotten-password form, inviting a user, a colleague
# or a citizen): every mail counts, so nobody can use the app to flood someone's inbox. 3 an
# hour per recipient is more than a person needs who lost a mail; per client address, 10 an
# hour on the forgotten-password form, which anyone can use, and 30 for the pages that
# send invitations, where the sender is logged in and a job centre shares one address.
MAIL_LIMITS = RateLimit(per_target=3, per_address=10, minutes=60)
SIGNED_IN_MAIL_LIMITS = RateLimit(per_target=3, per_address=30, minutes=60)


@dataclass(frozen=True)
class DurationLimit:
    """The longest period, in weeks, of an opening or a placement of a kind
    (placement/placements/duration_limits.py reads it; the source is printed in every refusal)."""

    weeks: int
    source: str  # the rule, as a refusal names it
    job_ready_weeks: int | None = None  # a shorter limit for job-ready citizens, never extended
    public_weeks: int | None = None  # a different limit at public employers
    # How many weeks each extension (forlængelse) of a running placement may add to the limit;
    # None: an extension must stay within `weeks`.
    extension_weeks: int | None = None


# Source: LAB (lov om en aktiv beskæftigelsesindsats) § 61: internships up to 4 weeks for
# job-ready citizens (insured unemployed, job-ready and education-ready recipients), and those
# cannot be extended; otherwise up to 13 weeks, extendable to 26, then 13 weeks at a time.
# An extension is a decision for one running placement (placement/placements/period_extensions.py),
# never part of an opening.
# LAB kapitel 12 (løntilskud): private employers up to 6 months (26 weeks); public employers
# 4 to 12 months depending on the benefit (52 weeks as the outer limit: the system does not
# know the citizen's benefit).
# Kinds without a row (fleksjob, skånejob, IPS, apprenticeships, education) have no legal
# maximum here: they are permanent or follow the education's own length.
DURATION_LIMITS: dict[Kind, DurationLimit] = {
    Kind.INTERNSHIP: DurationLimit(
        weeks=13, source="LAB § 61", job_ready_weeks=4, extension_weeks=13
    ),
    Kind.WAGE_SUBSIDY: DurationLimit(weeks=26, source="LAB kap. 12", public_weeks=52),
}

# An opening whose start date lies further back than this cannot be published and leaves the
# public board: a start of a week or two ago can still be joined (a late start is agreed with
# the company), an older one is a post nobody cleared away. Not a rule of law; the municipality's
# choice.
OPENING_START_GRACE_DAYS = 14

# Ratio rule (rimelighedskrav), LAB § 78: at most 1 person in internship or wage subsidy per
# 5 ordinary employees up to 50 employees (always at least 1), then 1 more per 10 employees
# above 50.
RATIO_KINDS = frozenset({Kind.INTERNSHIP, Kind.WAGE_SUBSIDY})
RATIO_EMPLOYEES_PER_PERSON = 5
RATIO_FIRST_TIER_EMPLOYEES = 50
RATIO_EMPLOYEES_PER_PERSON_ABOVE = 10

# Net growth (nettoudvidelse, the demand for merbeskæftigelse) on a wage subsidy: the hire must
# raise the number of ordinary employees (those not employed with a subsidy) above the average of
# the 12 months before. With L = ordinary employees last month and A = the average of the 12
# months before it, the hire is net growth when L + 1 > A: L equal to A passes, L one below A
# is refused. The average is stated with one decimal (9,5 is a real average). The company
# declares the figures (placement/placements/net_growth.py); agreeing and starting wait for a
# declaration that passes.
# Source: LAB kap. 12 (løntilskud: krav om merbeskæftigelse/nettoudvidelse).
NET_GROWTH_SOURCE = "LAB kap. 12 (løntilskud: krav om merbeskæftigelse/nettoudvidelse)"
NET_GROWTH_SOURCE_SHORT = "LAB kap. 12"
NET_GROWTH_KINDS = frozenset({Kind.WAGE_SUBSIDY})
NET_GROWTH_NEW_HIRES = 1  # the subsidised hire itself
NET_GROWTH_AVERAGE_MONTHS = 12
NET_GROWTH_AVERAGE_DECIMALS = 1
# How many months back the form offers as "last month": the CVR register publishes monthly
# employment some months late, so the latest month it knows may lie a few months back. Not a
# rule of law; the municipality's choice.
NET_GROWTH_MONTHS_OFFERED = 6

# The short terms printed in every agreement, in plain Danish. A municipality should have its
# legal team read these and adjust them here. {absence_contact} and {consultant} are filled in
# per placement. Sources: LAB kapitel 11 (virksomhedspraktik: no wage, the citizen keeps their
# benefit, injuries are covered by the rules for people in active measures); lov om
# arbejdsskadesikring § 48 (employers insure their employees, which covers the paid kinds).
UNPAID_KINDS = frozenset({Kind.INTERNSHIP, Kind.EDUCATION})
AGREEMENT_TERMS_UNPAID: tuple[tuple[str, str], ...] = (
    (
        "Sygdom og fravær",
        "Er du syg eller kan du ikke komme, så ring til {absence_contact} før du skulle være "
        "mødt, og giv også din jobkonsulent {consultant} besked samme dag.",
    ),
    (
        "Forsikring",
        "Du er ikke ansat og får ikke løn. Kommer du til skade, er du dækket efter reglerne for "
        "personer i tilbud fra jobcentret. Sig det samme dag til virksomheden og jobkonsulenten, "
        "så jobcentret kan anmelde skaden.",
    ),
    (
        "Stoppe før tid",
        "Du, virksomheden og jobcentret kan hver især stoppe forløbet før tid. Tal først med "
        "jobkonsulenten, så I sammen kan finde en løsning.",
    ),
)
AGREEMENT_TERMS_PAID: tuple[tuple[str, str], ...] = (
    (
        "Sygdom og fravær",
        "Er du syg eller kan du ikke komme, så ring til {absence_contact} før du skulle være "
        "mødt, og giv også din jobkonsulent {consultant} besked samme dag.",
    ),
    (
        "Forsikring",
        "Du er ansat i virksomheden og dækket af virksomhedens arbejdsskadeforsikring som de "
        "andre ansatte.",
    ),
    (
        "Stoppe før tid",
        "Ansættelsen kan opsiges efter de vilkår, der står i din ansættelseskontrakt. Tal først "
        "med jobkonsulenten, så I sammen kan finde en løsning.",
    ),
)


# --- Follow-up plans ----------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUpStep:
    """One follow-up at a fixed point: days/months after the start, the middle or the end.
    Steps tied to the middle or the end are left out when the placement has no end date."""

    key: str
    title: str
    anchor: str  # "start" | "middle" | "end"
    days: int = 0
    months: int = 0


@dataclass(frozen=True)
class FollowUpRepeat:
    """Follow-ups at a steady interval from the start; count None means for as long as the
    placement runs (planned a year ahead at a time)."""

    key: str
    title: str
    first_days: int = 0
    first_months: int = 0
    every_days: int = 0
    every_months: int = 0
    count: int | None = None


@dataclass(frozen=True)
class FollowUpPlan:
    steps: tuple[FollowUpStep, ...] = ()
    repeats: tuple[FollowUpRepeat, ...] = ()


_FIRST_WEEK = FollowUpStep("first_week", "Opfølgning efter første uge", "start", days=4)
_MIDWAY = FollowUpStep("midway", "Midtvejsopfølgning", "middle")
_BEFORE_END = FollowUpStep("before_end", "En uge før slut: hvad så?", "end", days=-7)
_END = FollowUpStep("end_evaluation", "Slutevaluering", "end")
_OUTCOME = FollowUpStep("outcome_3m", "Status 3 måneder efter slut", "end", months=3)

# Sources: internships must be followed up, with no interval in law (LAB kap. 11) — the plan
# is common jobcentre practice: a check-in after the first week, midway, "what next?" a week
# before the end, an end evaluation, and the outcome 3 months later (Jobindsats measures
# ordinary work or education 1-12 months after). IPS fidelity scale: weekly contact for at
# least the first month in a job, then ongoing, time-unlimited support (monthly here).
# Skånejob: within 6 months, then at least every 12 months (BEK om fleksjob og skånejob).
# Fleksjob: status after the first month here, and by law every 2½ years (LAB § 123a).
FOLLOW_UP_PLANS: dict[Kind, FollowUpPlan] = {
    Kind.INTERNSHIP: FollowUpPlan((_FIRST_WEEK, _MIDWAY, _BEFORE_END, _END, _OUTCOME)),
    Kind.WAGE_SUBSIDY: FollowUpPlan((_FIRST_WEEK, _MIDWAY, _BEFORE_END, _END, _OUTCOME)),
    Kind.EDUCATION: FollowUpPlan((_FIRST_WEEK, _MIDWAY, _END, _OUTCOME)),
    Kind.APPRENTICESHIP: FollowUpPlan(
        (_FIRST_WEEK, _END, _OUTCOME),
        (FollowUpRepeat("quarterly", "Kvartalsvis opfølgning", first_months=3, every_months=3),),
    ),
    Kind.SUPPORTED_JOB: FollowUpPlan(
        (_END, _OUTCOME),
        (
            FollowUpRepeat("weekly", "Ugentlig opfølgning", first_days=4, every_days=7, count=4),
            FollowUpRepeat("monthly", "Månedlig opfølgning", first_months=2, every_months=1),
        ),
    ),
    Kind.SHELTERED_JOB: FollowUpPlan(
        (FollowUpStep("within_6m", "Opfølgning inden 6 måneder", "start", months=6), _END),
        (FollowUpRepeat("yearly", "Årlig opfølgning", first_months=18, every_months=12),),
    ),
    Kind.FLEXJOB: FollowUpPlan(
        (FollowUpStep("first_month", "Opfølgning efter første måned", "start", months=1), _END),
        (FollowUpRepeat("status", "Status på fleksjobbet", first_months=30, every_months=30),),
    ),
}
# Open-ended follow-ups are planned this far ahead; the scheduler extends them as time passes.
FOLLOW_UP_HORIZON_MONTHS = 12
# A reminder goes to the consultant this many working days before a follow-up is due.
FOLLOW_UP_REMINDER_WORKING_DAYS = 3
# Overdue alerts go out for follow-ups that fell due within this many days. Older ones are
# counted in the weekly overview and shown on the placement page, so a system that starts
# with a backlog (an import, a long holiday) does not flood people with old alerts.
OVERDUE_ALERT_DAYS = 14
# Days the job centre is closed besides the public holidays: Christmas Eve, New Year's Eve and
# Constitution Day (the `holidays` package's "optional" category for Denmark).
HOLIDAY_CATEGORIES = ("public", "optional")

# Employers who hire (issue 21): a company's internships and wage subsidies that ended in the
# last HIRING_WINDOW_MONTHS, and how many led to ordinary work or a flex job at the same company
# with the hire at most HIRED_WITHIN_MONTHS after the placement's end. Source: the issue's
# definition; 6 months is also the longest of Jobindsats' usual short horizons (1, 3, 6 months
# after a placement) and the law's repeat rules look back over years, not weeks. The
# revolving-door alert repeats at most once per company in each REVOLVING_DOOR_PERIOD_MONTHS
# (a half-year: the pattern is about 24 months, so a reminder twice a year is enough).
HIRING_WINDOW_MONTHS = 24
HIRED_WITHIN_MONTHS = 6
REVOLVING_DOOR_PERIOD_MONTHS = 6
# IPS fidelity (placement/fidelity/): which kinds are jobs, and which of them are competitive
# jobs (IPS Supported Employment Fidelity Scale, item 21: paid at least the going wage, in an
# ordinary workplace, not set aside for people with disabilities, not time-limited by the
# programme). Internships and education are not jobs. Wage subsidy is time-limited, sheltered
# jobs and flex jobs are set aside for people with reduced work capacity, so by the scale's
# words they are jobs but not competitive; a municipality that reads the scale otherwise (flex
# jobs are ordinary workplaces) adds them here.
IPS_JOB_KINDS = (
    Kind.SUPPORTED_JOB,
    Kind.APPRENTICESHIP,
    Kind.FLEXJOB,
    Kind.WAGE_SUBSIDY,
    Kind.SHELTERED_JOB,
)
IPS_COMPETITIVE_KINDS = (Kind.SUPPORTED_JOB, Kind.APPRENTICESHIP)
# The fidelity page's default period: the last this many months up to today.
IPS_FIDELITY_DEFAULT_MONTHS = 3
# --- placements at risk (placement/placements/at_risk.py, check_ins.py) ----------------------
# Sources: the IPS fidelity scale's "follow-along supports" and the jobcentres' own experience
# that an internship rarely ends without a few weeks' warning (absence, a plan that stops,
# the citizen's own word). These are the municipality's thresholds, not law.
#
# A weekly check-in link ("Hvordan går det?") works this many days after it was mailed: the
# week it asks about, and the weekend after, for a citizen who answers on Monday morning.
CHECK_IN_LINK_DAYS = 8
# Days without explanation counted over this many calendar days back from today: two working
# weeks, long enough to see a pattern, short enough that an old bad patch falls away.
AT_RISK_ABSENCE_WINDOW_DAYS = 14
# ... and this many of them is a signal (the same as the default absence alert).
AT_RISK_ABSENCE_DAYS = 3
# A follow-up this many days past its due date and not recorded is a signal: a day or two
# late is normal in a busy week; a week late means nobody has looked.
AT_RISK_FOLLOWUP_LATE_DAYS = 7
# A check-in score this low is a signal on its own: 1 "Meget dårligt" or 2 "Dårligt".
AT_RISK_LOW_SCORE = 2
# ... and so is a fall of this much from the average of the previous answers (at most this
# many of them): the citizen who always said 5 and now says 3 is telling something.
AT_RISK_SCORE_FALL = 2
AT_RISK_SCORE_HISTORY = 3
# This many weeks asked in a row without an answer is a signal: one missed week is a busy
# week; three is a citizen who has stopped answering.
AT_RISK_UNANSWERED_WEEKS = 3
# The weight of each signal when the list is sorted (the list shows the heaviest first). The
# citizen's own low score and absence weigh most: they are what the citizen does and says;
# a stalled plan and a silent week are weaker on their own.
AT_RISK_WEIGHTS = {
    "absence": 3,
    "low_score": 3,
    "score_fall": 2,
    "followup_overdue": 2,
    "hours_stalled": 2,
    "unanswered": 1,
}
# How many placements the consultant's home lists.
AT_RISK_LIST_LENGTH = 10
