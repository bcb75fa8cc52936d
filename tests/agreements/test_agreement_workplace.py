"""The agreement names the workplace: its P-number (BEK § 60: the employer identified by
P-number) and, when it is elsewhere than the company's address, where it is."""

from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader

from placement.agreements import versions
from placement.models import Kind, PlacementStatus, Role
from placement.placements import lifecycle
from tests.factories import (
    create_employer,
    create_opening,
    create_placement,
    create_user,
    create_workplace,
)

START = date(2030, 3, 4)


def _agreed_at(workplace, employer):
    consultant = create_user(Role.CONSULTANT)
    opening = create_opening(employer, workplace=workplace, kind=Kind.INTERNSHIP)
    placement = create_placement(
        opening=opening,
        consultant=consultant,
        status=PlacementStatus.ACCEPTED,
        start_date=START,
        end_date=START + timedelta(weeks=8, days=-1),
        hours_per_week=10,
    )
    lifecycle.agree(placement, consultant)
    return placement


def _pdf_text(placement) -> str:
    agreement = placement.agreements[-1]
    pdf = versions.render_pdf(agreement, placement)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


def _company():
    return create_employer(
        name="Kæden A/S",
        p_number="1111111111",
        address="Vestergade 4",
        postcode="8800",
        city="Viborg",
    )


def test_an_agreement_at_the_company_s_second_workplace_prints_its_p_number_and_address():
    employer = _company()
    branch = create_workplace(
        employer,
        name="Kæden Bjerringbro",
        p_number="2222222222",
        address="Industrivej 4",
        postcode="8850",
        city="Bjerringbro",
    )
    placement = _agreed_at(branch, employer)
    # The VITAS export reads the same content (vitas_export: company_p_number).
    content = versions.content_for(placement)
    assert (content.company_p_number, content.company_address) == (
        "2222222222",
        "Kæden Bjerringbro, Industrivej 4, 8850 Bjerringbro",
    )
    text = _pdf_text(placement)
    assert "CVR " + employer.cvr + " · P-nummer 2222222222" in text
    assert "Kæden Bjerringbro, Industrivej 4, 8850 Bjerringbro" in text
    assert "1111111111" not in text


def test_an_agreement_at_the_first_workplace_reads_as_before():
    employer = _company()
    placement = _agreed_at(employer.workplaces[0], employer)
    content = versions.content_for(placement)
    assert (content.company_p_number, content.company_address) == (
        "1111111111",
        "Vestergade 4, 8800 Viborg",
    )
    assert "P-nummer 1111111111" in _pdf_text(placement)
