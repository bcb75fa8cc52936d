"""The demo data set holds what the README promises, and loads only into a demo database."""

from sqlalchemy import func, select

from placement.common.identifiers import is_valid_cvr
from placement.demo import loader
from placement.extensions import db
from placement.models import (
    Candidate,
    Employer,
    EmployerStatus,
    Kind,
    Opening,
    OpeningStatus,
    Placement,
    PlacementStatus,
    Role,
    User,
)
from tests.conftest import log_in


def test_demo_loads_a_realistic_data_set_once(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "borger@demo.dk" in result.output and "demo1234" in result.output

    employers = db.session.scalars(select(Employer)).all()
    assert len(employers) >= 10 and all(is_valid_cvr(e.cvr) for e in employers)
    assert {e.status for e in employers} >= {EmployerStatus.PENDING, EmployerStatus.APPROVED}
    assert db.session.scalar(select(func.count(Opening.id))) >= 25
    assert set(db.session.scalars(select(Opening.kind).distinct())) == set(Kind)
    assert set(db.session.scalars(select(Opening.status).distinct())) == set(OpeningStatus)
    assert db.session.scalar(select(func.count(Candidate.id))) >= 40
    assert set(db.session.scalars(select(Placement.status).distinct())) == set(PlacementStatus)

    roles = dict(db.session.execute(select(User.email, User.role)).all())
    assert roles["admin@demo.dk"] == Role.ADMIN and roles["leder@demo.dk"] == Role.MANAGER
    assert roles["konsulent@demo.dk"] == roles["konsulent.silkeborg@demo.dk"] == Role.CONSULTANT
    assert roles["virksomhed@demo.dk"] == Role.EMPLOYER and roles["borger@demo.dk"] == Role.CITIZEN
    assert log_in(app.test_client(), "borger@demo.dk", "demo1234").status_code == 302

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "already loaded" in again.output
    assert db.session.scalar(select(func.count(Employer.id))) == len(employers)


def test_the_demo_company_has_proposals_waiting(app):
    loader.load()
    db.session.commit()
    company = db.session.scalar(select(User).where(User.email == "virksomhed@demo.dk")).employer
    assert company.status == EmployerStatus.APPROVED
    waiting = db.session.scalar(
        select(func.count(Placement.id))
        .join(Placement.opening)
        .where(
            Opening.employer_id == company.id,
            Placement.status == PlacementStatus.PROPOSED,
            Placement.employer_answer.is_(None),
        )
    )
    assert waiting >= 2


def test_demo_if_empty_leaves_a_real_database_alone(runner):
    from tests.factories import create_user

    create_user(Role.ADMIN, email="it@viborg.dk")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert "not loaded" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_the_readme_lists_every_login_the_demo_prints():
    from pathlib import Path

    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    logins = readme[readme.index("## Demo logins") : readme.index("## Configuration")]
    for email, _role in loader.DEMO_LOGINS:
        assert f"| {email} |" in logins
    assert logins.count("@demo.dk |") == len(loader.DEMO_LOGINS)
    assert "rm instance/placement.sqlite" in logins  # how to start the demo afresh


def test_the_demo_company_has_two_workplaces_with_openings_at_both(app):
    loader.load()
    db.session.commit()
    company = db.session.scalar(select(User).where(User.email == "virksomhed@demo.dk")).employer
    first, second = company.workplaces
    assert (first.employees + second.employees, second.city) == (company.employees, "Bjerringbro")
    assert first.p_number and second.p_number and first.p_number != second.p_number
    at = {o.title: o.workplace for o in company.openings}
    assert {first, second} == set(at.values())
    assert all(o.postcode == o.workplace.postcode for o in company.openings)


def test_the_demo_consultants_home_lists_a_placement_that_needs_attention(app):
    # Rasmus Kjær's answer fell this week (demo/tables.py CHECK_INS).
    loader.load()
    db.session.commit()
    client = app.test_client()
    log_in(client, "konsulent@demo.dk", "demo1234")
    rasmus = db.session.scalar(select(Candidate).where(Candidate.name == "Rasmus Kjær"))
    home = client.get("/borgere").get_data(as_text=True)
    assert "Forløb der kræver opmærksomhed" in home
    assert rasmus.consultant.email == "konsulent@demo.dk"
    assert "Rasmus Kjær hos" in home and "faldet til 2" in home
    assert "Søren Ærø hos" not in home  # another consultant's
