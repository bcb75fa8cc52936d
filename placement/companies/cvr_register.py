"""A small client for the Danish CVR register's data distribution (Erhvervsstyrelsen).

The register is read through "CVR data" / "System-til-system adgang": an Elasticsearch endpoint,
`POST <base>/cvr-permanent/virksomhed/_search` with HTTP basic auth and a query such as
`{"query": {"term": {"Vrvirksomhed.cvrNummer": 12345678}}}`. It answers
`{"hits": {"hits": [{"_source": {"Vrvirksomhed": {...}}}]}}`; the company's newest facts are in
`Vrvirksomhed.virksomhedMetadata` (nyesteNavn, nyesteBeliggenhedsadresse, nyesteHovedbranche,
nyesteMaanedsbeskaeftigelse / nyesteKvartalsbeskaeftigelse / nyesteAarsbeskaeftigelse), its
production units' P-numbers in `penheder` and its monthly employment in `maanedsbeskaeftigelse`.
The production units themselves (the workplaces: name, address, employees) are a second index,
`POST <base>/cvr-permanent/produktionsenhed/_search` with
`{"query": {"terms": {"VrproduktionsEnhed.pNummer": [...]}}}`, each hit's
`_source.VrproduktionsEnhed.produktionsEnhedMetadata` holding the same `nyeste…` facts
(employment as nyesteErstMaanedsbeskaeftigelse / …Kvartals… / …Aars…) and `sammensatStatus`
("Aktiv" or "Ophørt").

The parsing (`facts_from`) and the tests' fixtures are written from the register's public
documentation, not recorded from the live service: every key is read tolerantly (a missing or
odd one gives None), in this one place, so a difference in the real answers is mended here.

Three outcomes: FOUND (with the facts), NOT_FOUND (the register answered and does not know the
number) and UNREACHABLE (a time-out, no connection, a refused login, a 5xx or an answer that
could not be read): then the register's answer is unknown, and the caller must not treat the
number as refused. Without CVR_REGISTER_URL (and its user and password) the client is off.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

log = logging.getLogger(__name__)

SEARCH_PATH = "/cvr-permanent/virksomhed/_search"
UNIT_SEARCH_PATH = "/cvr-permanent/produktionsenhed/_search"
DEFAULT_TIMEOUT = 5.0


class Outcome(str, enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"


@dataclass
class UnitFacts:
    """What the register says about one production unit (a workplace, P-number)."""

    p_number: str
    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    employees: int | None = None  # the latest monthly, else quarterly, else yearly figure
    active: bool = True  # False once the register says the unit has closed (ophørt)


@dataclass
class CompanyFacts:
    """What the register says about one company (None where it says nothing readable)."""

    cvr: str
    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    industry: str | None = None
    employees: int | None = None  # the latest monthly, else quarterly, figure
    p_numbers: list[str] = field(default_factory=list)  # the units that belong to it now
    monthly_employment: list[tuple[int, int, int | None]] = field(default_factory=list)
    # The units' own facts; units_read is False when the second question went unanswered
    # (then nothing may be concluded from a unit's absence).
    units: list[UnitFacts] = field(default_factory=list)
    units_read: bool = False


@dataclass
class Lookup:
    outcome: Outcome
    facts: CompanyFacts | None = None

    @property
    def found(self) -> bool:
        return self.outcome is Outcome.FOUND


@dataclass(frozen=True)
class Register:
    """Where the register is and how to log in."""

    url: str
    user: str
    password: str
    timeout: float = DEFAULT_TIMEOUT

    def look_up(self, cvr: str) -> Lookup:
        """The company with this CVR number (8 digits, checked by the caller), with its
        production units when the register answers that question too."""
        hits = self._search(SEARCH_PATH, {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}})
        if hits is None:
            return Lookup(Outcome.UNREACHABLE)
        for hit in hits:
            company = _get(hit, "_source", "Vrvirksomhed")
            if isinstance(company, Mapping) and str(company.get("cvrNummer")) == str(int(cvr)):
                facts = facts_from(company, cvr)
                self._read_units(facts)
                return Lookup(Outcome.FOUND, facts)
        return Lookup(Outcome.NOT_FOUND)

    def _read_units(self, facts: CompanyFacts) -> None:
        if not facts.p_numbers:
            facts.units_read = True
            return
        hits = self._search(
            UNIT_SEARCH_PATH,
            {"terms": {"VrproduktionsEnhed.pNummer": [int(p) for p in facts.p_numbers]}},
            size=len(facts.p_numbers),
        )
        if hits is None:
            return
        units = {}
        for hit in hits:
            unit = _get(hit, "_source", "VrproduktionsEnhed")
            read = unit_from(unit) if isinstance(unit, Mapping) else None
            if read is not None and read.p_number in facts.p_numbers:
                units[read.p_number] = read
        facts.units = [units[p] for p in facts.p_numbers if p in units]
        facts.units_read = True

    def _search(self, path: str, query: Mapping[str, Any], size: int = 10) -> list | None:
        """The hits of one search, or None when the register did not answer readably."""
        try:
            response = requests.post(
                self.url.rstrip("/") + path,
                json={"query": query, "size": size},
                auth=(self.user, self.password),
                timeout=self.timeout,
                headers={"Accept": "application/json"},
            )
        except requests.Timeout:
            log.warning("CVR register: no answer within %.1f s", self.timeout)
            return None
        except requests.RequestException as error:
            log.warning("CVR register: cannot be reached (%s)", type(error).__name__)
            return None
        if response.status_code in (401, 403):
            log.error("CVR register: the login was refused (HTTP %d)", response.status_code)
            return None
        if response.status_code != 200:
            log.warning("CVR register: answered HTTP %d", response.status_code)
            return None
        try:
            hits = response.json()["hits"]["hits"]
            if not isinstance(hits, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            log.warning("CVR register: an answer that could not be read")
            return None
        return hits


def from_config(config: Mapping[str, Any]) -> Register | None:
    """The register as configured, or None when it is off."""
    url, user = config.get("CVR_REGISTER_URL") or "", config.get("CVR_REGISTER_USER") or ""
    if not (url and user):
        return None
    return Register(
        url=url,
        user=user,
        password=config.get("CVR_REGISTER_PASSWORD") or "",
        timeout=float(config.get("CVR_REGISTER_TIMEOUT") or DEFAULT_TIMEOUT),
    )


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (Mapping, list)):
        return None
    text = str(value).strip()
    return text or None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _employees(figure: Any) -> int | None:
    """A figure's head count: the exact number when given, else the interval's lower bound
    (the register publishes small counts as intervals such as "ANTAL_5_9")."""
    if not isinstance(figure, Mapping):
        return None
    exact = _whole(figure.get("antalAnsatte"))
    if exact is not None:
        return exact
    interval = _text(figure.get("intervalKodeAntalAnsatte"))
    if interval and interval.startswith("ANTAL_"):
        return _whole(interval.removeprefix("ANTAL_").split("_")[0])
    return None


def _address(location: Any) -> str | None:
    street = _text(_get(location, "vejnavn"))
    if street is None:
        return None
    number = "".join(
        part
        for part in (
            _text(_get(location, "husnummerFra")) or "",
            _text(_get(location, "bogstavFra")) or "",
        )
    )
    floor, door = _text(_get(location, "etage")), _text(_get(location, "sidedoer"))
    address = f"{street} {number}".strip()
    if floor or door:
        address += ", " + " ".join(part for part in (floor and f"{floor}.", door) if part)
    return address


def facts_from(company: Mapping[str, Any], cvr: str) -> CompanyFacts:
    """The facts from one `Vrvirksomhed` object: the only place that knows its shape."""
    meta = company.get("virksomhedMetadata")
    location = _get(meta, "nyesteBeliggenhedsadresse")
    postcode = _whole(_get(location, "postnummer"))
    monthly = []
    for row in company.get("maanedsbeskaeftigelse") or []:
        year, month = _whole(_get(row, "aar")), _whole(_get(row, "maaned"))
        if year is not None and month is not None and 1 <= month <= 12:
            monthly.append((year, month, _employees(row)))
    monthly.sort()
    employees = _employees(_get(meta, "nyesteMaanedsbeskaeftigelse"))
    if employees is None:
        employees = _employees(_get(meta, "nyesteKvartalsbeskaeftigelse"))
    if employees is None and monthly:
        employees = monthly[-1][2]
    p_numbers = []
    for unit in company.get("penheder") or []:
        number = _whole(_get(unit, "pNummer"))
        ended = _text(_get(unit, "periode", "gyldigTil"))  # moved to another company
        if number is not None and not ended and _p_number(number) not in p_numbers:
            p_numbers.append(_p_number(number))
    return CompanyFacts(
        cvr=cvr,
        name=_text(_get(meta, "nyesteNavn", "navn")),
        address=_address(location),
        postcode=f"{postcode:04d}" if postcode is not None and postcode < 10000 else None,
        city=_text(_get(location, "postdistrikt")),
        industry=_text(_get(meta, "nyesteHovedbranche", "branchetekst")),
        employees=employees,
        p_numbers=p_numbers,
        monthly_employment=monthly,
    )


def _p_number(number: int) -> str:
    return f"{number:010d}"


def unit_from(unit: Mapping[str, Any]) -> UnitFacts | None:
    """The facts from one `VrproduktionsEnhed` object, or None without a P-number."""
    number = _whole(unit.get("pNummer"))
    if number is None or number >= 10**10:
        return None
    meta = unit.get("produktionsEnhedMetadata")
    location = _get(meta, "nyesteBeliggenhedsadresse")
    postcode = _whole(_get(location, "postnummer"))
    employees = None
    for figure in (
        "nyesteErstMaanedsbeskaeftigelse",
        "nyesteKvartalsbeskaeftigelse",
        "nyesteAarsbeskaeftigelse",
    ):
        employees = _employees(_get(meta, figure))
        if employees is not None:
            break
    status = (_text(_get(meta, "sammensatStatus")) or "").casefold()
    return UnitFacts(
        p_number=_p_number(number),
        name=_text(_get(meta, "nyesteNavn", "navn")),
        address=_address(location),
        postcode=f"{postcode:04d}" if postcode is not None and postcode < 10000 else None,
        city=_text(_get(location, "postdistrikt")),
        employees=employees,
        active=status not in {"ophørt", "ophoert"},
    )
