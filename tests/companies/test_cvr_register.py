"""The CVR register's client against a server in the test process that answers in the register's
format (tests/cvr_server.py; the answers are written from the public documentation)."""

from __future__ import annotations

import time

import pytest

from placement.companies.cvr_register import (
    CompanyFacts,
    Outcome,
    Register,
    UnitFacts,
    facts_from,
    from_config,
    unit_from,
)
from tests.cvr_server import (
    BAKERY_P,
    KNOWN_CVR,
    PASSWORD,
    SHOP_P,
    UNKNOWN_CVR,
    USER,
    CvrRegister,
    company,
    unit,
)


@pytest.fixture
def server():
    server = CvrRegister().up()
    yield server
    server.down()


def client(server: CvrRegister, timeout: float = 0.5, password: str = PASSWORD) -> Register:
    return Register(url=server.url, user=USER, password=password, timeout=timeout)


def test_a_known_company_is_found_with_its_facts(server):
    lookup = client(server).look_up(KNOWN_CVR)
    assert lookup.outcome is Outcome.FOUND
    assert lookup.facts == CompanyFacts(
        cvr=KNOWN_CVR,
        name="Bageriet Kornblomsten ApS",
        address="Søndergade 12",
        postcode="8800",
        city="Viborg",
        industry="Fremstilling af friske bageriprodukter, kager og lignende",
        employees=23,
        p_numbers=["1003388394"],
        monthly_employment=[(2026, 8, 21), (2026, 9, 23)],
        units=[
            UnitFacts(
                p_number="1003388394",
                name="Bageriet Kornblomsten, butikken",
                address="Søndergade 12",
                postcode="8800",
                city="Viborg",
                employees=14,
            )
        ],
        units_read=True,
    )
    assert server.asked == [KNOWN_CVR]


def test_every_current_production_unit_is_read_and_a_closed_one_is_marked(server):
    server.companies[KNOWN_CVR] = company(p_numbers=(SHOP_P, BAKERY_P, "1000000001"))
    # The company's list also names a unit that has since moved to another company.
    server.companies[KNOWN_CVR]["penheder"].append(
        {"pNummer": 1011111111, "periode": {"gyldigFra": "2004-01-01", "gyldigTil": "2020-01-01"}}
    )
    server.units[BAKERY_P] = unit(
        BAKERY_P, name="Bageriet, produktionen", street="Industrivej", number=4, employees=None
    )
    server.units["1000000001"] = unit("1000000001", name="Det gamle bageri", status="Ophørt")
    facts = client(server).look_up(KNOWN_CVR).facts
    assert facts is not None and facts.units_read
    assert facts.p_numbers == [SHOP_P, BAKERY_P, "1000000001"]
    assert [(u.p_number, u.name, u.address, u.employees, u.active) for u in facts.units] == [
        (SHOP_P, "Bageriet Kornblomsten, butikken", "Søndergade 12", 14, True),
        # No monthly figure: the quarter's interval, read as its lower bound.
        (BAKERY_P, "Bageriet, produktionen", "Industrivej 4", 10, True),
        ("1000000001", "Det gamle bageri", "Søndergade 12", 14, False),
    ]


def test_a_failed_units_search_still_finds_the_company_but_says_the_units_are_unread(server):
    server.units_mode = "500"
    lookup = client(server).look_up(KNOWN_CVR)
    assert lookup.outcome is Outcome.FOUND and lookup.facts is not None
    assert (lookup.facts.name, lookup.facts.units, lookup.facts.units_read) == (
        "Bageriet Kornblomsten ApS",
        [],
        False,
    )


def test_odd_production_units_are_skipped_or_read_as_none():
    assert unit_from({"pNummer": None}) is None
    assert unit_from({"pNummer": 10**10}) is None  # more than 10 digits
    assert unit_from({"pNummer": "1003388394", "produktionsEnhedMetadata": "x"}) == UnitFacts(
        p_number="1003388394"
    )


def test_a_number_the_register_does_not_know_is_not_found(server):
    assert client(server).look_up(UNKNOWN_CVR).outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize("mode", ["401", "500", "malformed"])
def test_a_refused_login_a_failure_or_nonsense_leaves_the_answer_unknown(server, mode):
    server.mode = mode
    lookup = client(server).look_up(KNOWN_CVR)
    assert (lookup.outcome, lookup.facts) == (Outcome.UNREACHABLE, None)


def test_a_wrong_password_leaves_the_answer_unknown(server):
    assert client(server, password="forkert").look_up(KNOWN_CVR).outcome is Outcome.UNREACHABLE


def test_a_slow_register_is_given_up_after_the_timeout(server):
    server.mode, server.delay = "slow", 2.0
    started = time.monotonic()
    lookup = client(server, timeout=0.3).look_up(KNOWN_CVR)
    assert lookup.outcome is Outcome.UNREACHABLE
    assert time.monotonic() - started < 1.5


def test_a_register_that_is_down_leaves_the_answer_unknown():
    server = CvrRegister()  # never started: nothing listens on its port
    assert client(server).look_up(KNOWN_CVR).outcome is Outcome.UNREACHABLE


def test_the_client_is_off_without_its_settings():
    assert from_config({}) is None
    assert from_config({"CVR_REGISTER_URL": "http://x", "CVR_REGISTER_USER": ""}) is None
    register = from_config(
        {"CVR_REGISTER_URL": "http://x", "CVR_REGISTER_USER": "u", "CVR_REGISTER_TIMEOUT": 2}
    )
    assert register is not None and register.timeout == 2.0


def test_missing_parts_of_an_answer_are_none():
    assert facts_from({"cvrNummer": int(KNOWN_CVR)}, KNOWN_CVR) == CompanyFacts(cvr=KNOWN_CVR)
    odd = {
        "virksomhedMetadata": {
            "nyesteNavn": None,
            "nyesteBeliggenhedsadresse": {"vejnavn": "Torvet", "postnummer": "x"},
            "nyesteMaanedsbeskaeftigelse": None,
            "nyesteKvartalsbeskaeftigelse": {"intervalKodeAntalAnsatte": "ANTAL_5_9"},
        },
        "penheder": [{"pNummer": None}, "nonsense"],
        "maanedsbeskaeftigelse": [{"aar": 2026, "maaned": 13}, None],
    }
    facts = facts_from(odd, KNOWN_CVR)
    assert (facts.name, facts.address, facts.postcode, facts.employees) == (
        None,
        "Torvet",
        None,
        5,  # a quarter's interval, when no month has a figure
    )
    assert (facts.p_numbers, facts.monthly_employment) == ([], [])


def test_an_address_with_letter_floor_and_door():
    shaped = company()
    shaped["virksomhedMetadata"]["nyesteBeliggenhedsadresse"].update(
        {"bogstavFra": "B", "etage": "2", "sidedoer": "tv"}
    )
    assert facts_from(shaped, KNOWN_CVR).address == "Søndergade 12B, 2. tv"
