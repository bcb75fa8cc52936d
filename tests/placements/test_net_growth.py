"""Net growth (nettoudvidelse) on a wage subsidy: the rule at its edges, the declaration, and
the agreement and the start that wait for a declaration that passes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from placement.agreements import versions
from placement.agreements.content import AgreementContent
from placement.agreements.pdf import local_time
from placement.common import clock
from placement.extensions import db
from placement.models import AgreementConfirmation, Kind, Party, PlacementStatus, Role
from placement.placements import lifecycle, net_growth
from placement.placements.net_growth_declaration import Figures, NetGrowthRefused, declare
from tests.agreements.test_agreement_pdf import flat, page_texts
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
    declare_net_growth,
)
from tests.suite_day import SUITE_DAY

S = PlacementStatus
START = SUITE_DAY + timedelta(days=7)


@pytest.fixture
def consultant():
    return create_user(Role.CONSULTANT)


def accepted(consultant, kind=Kind.WAGE_SUBSIDY):
    company = create_employer(employees=50)
    return create_placement(
        opening=create_opening(company, kind=kind, seats=3),
        consultant=consultant,
        status=S.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=12),
        hours_per_week=20,
    )


def last_month() -> date:
    return net_growth.months_offered(clock.today())[0]


# --- the rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "employees, average, passes",
    [
        (10, "10.0", True),  # equal to the average: with the new one, one more
        (9, "10.0", False),  # one below: with the new one, only as many as the average
        (9, "9.9", True),
        (9, "9.5", True),  # a fractional average
        (8, "9.5", False),
        (0, "0.0", True),  # a company with no ordinary employees grows by the hire
        (0, "1.0", False),
    ],
)
def test_the_rule_at_equal_and_one_below(employees, average, passes):
    assert net_growth.is_net_growth(employees, Decimal(average)) is passes


def test_a_refusal_says_the_figures_and_why(app):
    with app.test_request_context():
        text = net_growth.refusal_text(9, Decimal("10.0"), date(2026, 11, 1))
    assert text == (
        "Ansættelsen giver ikke nettoudvidelse: 9 ansatte sidste måned (november 2026) + den "
        "nye er 10, og gennemsnittet for de 12 måneder før er 10,0. Løntilskud kræver flere "
        "ansatte end gennemsnittet (LAB kap. 12)."
    )
    assert net_growth.refusal_text(10, Decimal("10.0"), date(2026, 11, 1)) is None


def test_the_average_months_are_the_twelve_before_last_month():
    months = net_growth.average_months(date(2026, 11, 1))
    assert (months[0], months[-1], len(months)) == (date(2026, 10, 1), date(2025, 11, 1), 12)
    assert net_growth.months_offered(date(2027, 1, 15))[:2] == [
        date(2026, 12, 1),
        date(2026, 11, 1),
    ]


# --- the declaration ----------------------------------------------------------------------------


def test_failing_figures_are_stored_as_stated(consultant):
    placement = accepted(consultant)
    assert declare(placement, Figures(last_month(), 9, Decimal("10")), consultant)
    db.session.commit()
    assert (placement.net_growth.employees_last_month, placement.net_growth.average) == (9, 10)


def test_the_same_figures_saved_again_change_nothing(consultant):
    placement = accepted(consultant)
    figures = Figures(last_month(), 10, Decimal("9.5"))
    assert declare(placement, figures, consultant)
    db.session.commit()
    at = placement.net_growth.declared_at
    assert not declare(placement, figures, consultant)
    assert placement.net_growth.declared_at == at


@pytest.mark.parametrize(
    "figures, field, message",
    [
        (Figures(None, 10, Decimal(9)), "month", "Vælg den måned"),
        (Figures(date(2000, 1, 1), 10, Decimal(9)), "month", "Vælg den måned"),
        (Figures("last", None, Decimal(9)), "employees_last_month", "Skriv antal almindelige"),
        (Figures("last", -1, Decimal(9)), "employees_last_month", "fra 0 og op"),
        (Figures("last", 10, None), "average_12_months", "Skriv gennemsnittet for"),
        (Figures("last", 10, Decimal("-0.5")), "average_12_months", "fra 0 og op"),
        (Figures("last", 10, Decimal("9.55")), "average_12_months", "højst én decimal"),
    ],
)
def test_figures_that_cannot_be_taken_are_refused_by_the_field(consultant, figures, field, message):
    placement = accepted(consultant)
    if figures.month == "last":
        figures = Figures(last_month(), figures.employees_last_month, figures.average)
    with pytest.raises(NetGrowthRefused, match=message) as refused:
        declare(placement, figures, consultant)
    assert refused.value.field == field


def test_only_a_wage_subsidy_and_only_before_the_start(consultant):
    internship = accepted(consultant, kind=Kind.INTERNSHIP)
    with pytest.raises(NetGrowthRefused, match="Kun løntilskud"):
        declare(internship, Figures(last_month(), 10, Decimal(9)), consultant)
    proposed = accepted(consultant)
    proposed.status = S.PROPOSED
    db.session.commit()
    with pytest.raises(NetGrowthRefused, match="fra begge har sagt ja"):
        declare(proposed, Figures(last_month(), 10, Decimal(9)), consultant)


# --- agreeing and starting ----------------------------------------------------------------------


def test_no_agreement_without_a_declaration(consultant):
    placement = accepted(consultant)
    with pytest.raises(lifecycle.TransitionRefused, match="ikke afgivet erklæring"):
        lifecycle.agree(placement, consultant, today=SUITE_DAY)


def test_no_agreement_on_failing_figures(consultant):
    placement = accepted(consultant)
    declare_net_growth(placement, employees=9, average="10.0")
    with pytest.raises(lifecycle.TransitionRefused, match="giver ikke nettoudvidelse: 9 ansatte"):
        lifecycle.agree(placement, consultant, today=SUITE_DAY)
    db.session.rollback()
    assert placement.status == S.ACCEPTED


def test_agreed_on_passing_figures_and_printed_in_the_agreement(consultant):
    placement = accepted(consultant)
    company_user = create_user(Role.EMPLOYER, employer=placement.opening.employer)
    declare_net_growth(placement, employees=10, average="10.0", by=company_user)
    lifecycle.agree(placement, consultant, today=SUITE_DAY)
    content = AgreementContent.from_json(placement.agreement.content_json)
    assert content.net_growth is not None
    assert (content.net_growth.employees_last_month, content.net_growth.average_12_months) == (
        10,
        "10.0",
    )
    assert content.net_growth.declared_by == company_user.name
    assert AgreementContent.from_json(content.to_json()) == content


def test_other_kinds_need_no_declaration(consultant):
    placement = accepted(consultant, kind=Kind.INTERNSHIP)
    lifecycle.agree(placement, consultant, today=SUITE_DAY)
    assert placement.status == S.AGREED
    assert '"net_growth"' not in placement.agreement.content_json


def _agreed_and_confirmed(consultant):
    placement = accepted(consultant)
    declare_net_growth(placement)
    lifecycle.agree(placement, consultant, today=SUITE_DAY)
    for party in Party:
        placement.agreement.confirmations.append(AgreementConfirmation(party=party))
    placement.no_staff_representative = True
    db.session.commit()
    return placement


def test_changed_figures_make_a_new_version_and_failing_ones_keep_it_from_starting(consultant):
    placement = _agreed_and_confirmed(consultant)
    assert declare(placement, Figures(last_month(), 9, Decimal("10.0")), consultant)
    db.session.commit()
    assert placement.agreement.version == 2
    assert versions.missing_parties(placement) == list(Party)
    for party in Party:
        placement.agreement.confirmations.append(AgreementConfirmation(party=party))
    db.session.commit()
    with pytest.raises(lifecycle.TransitionRefused, match="giver ikke nettoudvidelse"):
        lifecycle.start(placement, None, today=START)
    db.session.rollback()
    declare(placement, Figures(last_month(), 10, Decimal("10.0")), consultant)
    for party in Party:
        placement.agreement.confirmations.append(AgreementConfirmation(party=party))
    db.session.commit()
    lifecycle.start(placement, None, today=START)
    assert placement.status == S.ACTIVE


def test_a_declaration_removed_behind_the_agreement_keeps_it_from_starting(consultant):
    """A wage subsidy agreed before declarations existed: the start waits for one."""
    placement = _agreed_and_confirmed(consultant)
    db.session.delete(placement.net_growth)
    db.session.commit()
    with pytest.raises(lifecycle.TransitionRefused, match="ikke afgivet erklæring"):
        lifecycle.start(placement, None, today=START)


def test_once_started_the_declaration_is_fixed(consultant):
    placement = _agreed_and_confirmed(consultant)
    lifecycle.start(placement, None, today=START)
    db.session.commit()
    with pytest.raises(NetGrowthRefused, match="er i gang"):
        declare(placement, Figures(last_month(), 20, Decimal("10.0")), consultant)


# --- the agreement's PDF ------------------------------------------------------------------------


def test_the_pdf_prints_the_declaration_who_and_when(consultant):
    placement = accepted(consultant)
    company_user = create_user(Role.EMPLOYER, employer=placement.opening.employer, name="Lene Holm")
    declare_net_growth(placement, employees=9, average="9.5", by=company_user)
    lifecycle.agree(placement, consultant, today=SUITE_DAY)
    db.session.commit()
    text = flat(" ".join(page_texts(versions.render_pdf(placement.agreement, placement))))
    month = placement.net_growth.month
    assert "Erklæring om merbeskæftigelse" in text
    months = (
        "januar februar marts april maj juni juli august september oktober november december"
    ).split()
    assert f"Almindelige ansatte i {months[month.month - 1]} {month.year} 9" in text
    assert "Gennemsnit for de 12 måneder før 9,5" in text
    assert "Opfyldt: 10 ansatte med den nye er flere end gennemsnittet" in text
    assert "LAB kap. 12" in text
    assert f"Erklæret af Lene Holm, {local_time(placement.net_growth.declared_at)}" in text


def test_the_pdf_of_an_internship_has_no_declaration(consultant):
    placement = accepted(consultant, kind=Kind.INTERNSHIP)
    lifecycle.agree(placement, consultant, today=SUITE_DAY)
    text = flat(" ".join(page_texts(versions.render_pdf(placement.agreement, placement))))
    assert "merbeskæftigelse" not in text
