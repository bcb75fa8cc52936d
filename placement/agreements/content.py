"""What an agreement says, as plain data: frozen, serialisable, and hashed for its version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime


@dataclass(frozen=True)
class MentorSupport:
    """One grant of mentor support (mentorstøtte), in the words the agreement prints."""

    mentor: str  # "Lene Holm, værkfører"
    kind: str  # "Intern mentor (ansat i virksomheden)"
    hours: str  # "7,5"
    start_date: date
    end_date: date
    paid_by: str  # "Jobcentret"


@dataclass(frozen=True)
class NetGrowth:
    """A wage subsidy's net growth declaration (erklæring om merbeskæftigelse), as agreed."""

    month: date  # the month counted ("last month"), its first day
    employees_last_month: int  # ordinary employees that month
    average_12_months: str  # the average of the 12 months before, one decimal: "9.5"
    declared_by: str  # the company's person who declared it
    declared_at: datetime  # aware UTC


@dataclass(frozen=True)
class AgreementContent:
    """Everything printed in one version of an agreement, except its confirmations.

    All texts are final Danish wording: the renderer only lays them out. Two contents with the
    same data have the same JSON and so the same SHA-256, which is how a version is told apart
    from the next and how a printed copy is checked against the system.
    """

    kind: str  # a Kind value, e.g. "internship"; the renderer names it in the title
    citizen_name: str
    citizen_birth_date: date
    company_name: str
    company_cvr: str
    company_p_number: str
    company_address: str  # "Vestergade 4, 8800 Viborg"
    company_contact: str  # "Lene Holm, tlf. 86 12 34 56, lene@firma.dk"
    jobcenter: str  # "Jobcenter Viborg"
    consultant: str  # "Mette Jensen, mette@viborg.dk"
    purpose: str = ""  # an internship's purpose in words; "" for other kinds
    start_date: date | None = None
    end_date: date | None = None  # None: no planned end (fleksjob, skånejob, …)
    hours_per_week: int | None = None
    working_times: str = ""  # "Mandag–torsdag kl. 9–13"
    hours_plan: tuple[tuple[int, int], ...] = ()  # (from week, hours per week)
    tasks: tuple[str, ...] = ()
    adaptations: tuple[str, ...] = ()  # agreed adaptations in plain words
    mentor_name: str = ""
    mentor_role: str = ""
    # Wage subsidy only (DOMAIN.md); None / "" for other kinds.
    full_time_employees: int | None = None
    staff_representative: str = ""
    monthly_wage_cost: int | None = None  # whole kroner
    followup_dates: tuple[date, ...] = ()
    mentor_support: tuple[MentorSupport, ...] = ()
    # Wage subsidy only: the company's figures behind the hire (None: not declared).
    net_growth: NetGrowth | None = None
    terms: tuple[tuple[str, str], ...] = field(default=())  # (heading, plain text)

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, ISO dates, no spaces — the bytes that are hashed."""
        data = asdict(self)
        # Without mentor support the JSON is the one written before grants existed, so the
        # versions made then keep their SHA-256 (printed on every copy) and no placement gets
        # a new version merely because the content gained a field.
        if not data["mentor_support"]:
            del data["mentor_support"]
        if data["net_growth"] is None:  # the same for the net growth declaration
            del data["net_growth"]
        return json.dumps(
            data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_iso
        )

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> AgreementContent:
        data = json.loads(text)
        data["citizen_birth_date"] = date.fromisoformat(data["citizen_birth_date"])
        for name in ("start_date", "end_date"):
            data[name] = date.fromisoformat(data[name]) if data[name] else None
        data["followup_dates"] = tuple(date.fromisoformat(d) for d in data["followup_dates"])
        data["hours_plan"] = tuple(tuple(step) for step in data["hours_plan"])
        data["terms"] = tuple(tuple(term) for term in data["terms"])
        data["tasks"] = tuple(data["tasks"])
        data["adaptations"] = tuple(data["adaptations"])
        data["mentor_support"] = tuple(
            MentorSupport(
                **{
                    **grant,
                    "start_date": date.fromisoformat(grant["start_date"]),
                    "end_date": date.fromisoformat(grant["end_date"]),
                }
            )
            for grant in data.get("mentor_support", ())
        )
        growth = data.get("net_growth")
        data["net_growth"] = (
            NetGrowth(
                **{
                    **growth,
                    "month": date.fromisoformat(growth["month"]),
                    "declared_at": datetime.fromisoformat(growth["declared_at"]),
                }
            )
            if growth
            else None
        )
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True)
class ConfirmationLine:
    """One party's confirmation of a version, as printed."""

    party: str  # "consultant" | "employer" | "citizen"
    name: str  # who pressed "Bekræft aftalen", or who recorded a paper confirmation
    at: datetime  # aware UTC; printed in Danish time
    on_paper: bool = False
    note: str = ""


@dataclass(frozen=True)
class AgreementDocument:
    """One rendering: a version's content, its identity and the confirmations so far."""

    content: AgreementContent
    number: str  # the document number, "791-000123"
    version: int
    author: str  # the municipality, for the PDF's metadata
    confirmations: tuple[ConfirmationLine, ...] = ()
    # A wage subsidy's employee representative's approval, in words ("" for other kinds):
    # state beside the content, like the confirmations, so it never changes the SHA-256.
    representative: str = ""

    @property
    def sha256(self) -> str:
        return self.content.sha256


def _iso(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {value!r}")
