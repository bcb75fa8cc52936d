"""Command-line tasks: the first admin, and the demo data."""

from sqlalchemy import func, select

from placement.extensions import db
from placement.models import Role, User
from tests.conftest import log_in
from tests.factories import create_municipality, create_user


def test_users_create_asks_for_the_password_at_the_prompt(app, runner):
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "--email", "Chef@Kommune.dk", "--name", "Chef"],
        input="hemmelig-kode\nhemmelig-kode\n",
    )
    assert result.exit_code == 0, result.output
    assert "hemmelig-kode" not in result.output
    assert log_in(app.test_client(), "chef@kommune.dk", "hemmelig-kode").status_code == 302


def test_users_create_for_a_consultant_needs_a_municipality(runner):
    result = runner.invoke(
        args=["users", "create", "--role", "consultant", "--email", "k@x.dk"],
        input="hemmelig-kode\nhemmelig-kode\n",
    )
    assert result.exit_code != 0
    assert "kommune" in result.output.lower()
    create_municipality("Viborg", "791")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "consultant",
            "--email",
            "k@x.dk",
            "--municipality-code",
            "791",
        ],
        input="hemmelig-kode\nhemmelig-kode\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User.role).where(User.email == "k@x.dk")) == Role.CONSULTANT


def test_demo_refuses_a_database_with_real_users(runner):
    create_user(Role.ADMIN, email="rigtig@viborg.dk")
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_municipalities_create(runner):
    result = runner.invoke(args=["municipalities", "create", "--name", "Skive", "--code", "779"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["municipalities", "create", "--name", "Skive", "--code", "779"])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = runner.invoke(args=["municipalities", "create", "--name", "X", "--code", "79"])
    assert bad.exit_code != 0
