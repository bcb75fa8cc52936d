"""Command-line tasks: users, municipalities, demo data, agreements, CPR keys, the scheduler
and the outbox."""

from __future__ import annotations

from typing import cast

import click
from flask import current_app
from flask.cli import AppGroup

from placement.accounts import users
from placement.common import clock
from placement.extensions import db
from placement.models import Role

users_cli = AppGroup("users", help="Manage user accounts.")
municipalities_cli = AppGroup("municipalities", help="Manage the municipalities served.")
agreement_cli = AppGroup("agreement", help="Placement agreements (PDF).")
scheduler_cli = AppGroup("scheduler", help="The follow-up scheduler (its own process).")
cpr_cli = AppGroup("cpr", help="CPR numbers at rest: new keys, rotation and a check.")
outbox_cli = AppGroup("outbox", help="The notifications' e-mail.")


def _log_to_stderr() -> None:
    from placement.common import logs

    logs.to_stderr(current_app)  # also under PLACEMENT_ENV=testing: the scheduler's own log


@scheduler_cli.command("run")
def scheduler_run() -> None:
    """Run the scheduled sweeps until stopped (SIGTERM or Ctrl-C)."""
    from placement.scheduler import run_forever

    _log_to_stderr()
    # The app itself, not the context-bound proxy (which Flask's types call a Flask).
    run_forever(current_app._get_current_object())  # type: ignore[attr-defined]


@scheduler_cli.command("tick")
@click.option(
    "--now",
    "now_text",
    default=None,
    metavar="2027-01-04T08:00",
    help="The moment to run as (local time, Europe/Copenhagen). Default: now.",
)
def scheduler_tick(now_text: str | None) -> None:
    """Run every sweep once and exit: for cron, for support and for tests."""
    from datetime import datetime

    from placement.scheduler import tick

    _log_to_stderr()
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            raise click.BadParameter("use the form 2027-01-04T08:00", param_hint="--now") from None
        if now.tzinfo is None:
            now = now.replace(tzinfo=clock.COPENHAGEN)
    else:
        now = clock.now()
    for name, result in tick(now).items():
        click.echo(f"{name}: {result.done} changed, {len(result.notifications)} notification(s)")
    _send_outbox()


@outbox_cli.command("send")
def outbox_send() -> None:
    """Mail the notifications that are due, print how many went, and exit: for cron and
    support. Exit status 1 when some could not be delivered."""
    _log_to_stderr()
    _send_outbox()


def _send_outbox() -> None:
    """The sender once (in real time, whatever --now a tick ran as); a failure is said and
    ends the command with status 1, for cron to report."""
    from placement.notifications.outbox import send_due

    report = send_due()
    click.echo(f"outbox: {report}")
    if report.failed:
        click.echo(
            "outbox: some mail could not be delivered; it is tried again later "
            "(Administration shows what could not be delivered at all)."
        )
        raise click.exceptions.Exit(1)


@cpr_cli.command("new-key")
def cpr_new_key() -> None:
    """Print a new encryption key, to put first in CPR_KEYS (or first in instance/cpr_keys)."""
    from placement.privacy import cpr_vault

    click.echo(cpr_vault.new_key())


def _stored_cprs(batch_size: int):
    """Batches of (id, cpr_encrypted) of every stored number, in id order. Only ids and
    encrypted values: nothing here may print a number."""
    from sqlalchemy import select

    from placement.models import Candidate

    last_id = 0
    while True:
        rows = db.session.execute(
            select(Candidate.id, Candidate.cpr_encrypted)
            .where(Candidate.cpr_encrypted.is_not(None), Candidate.id > last_id)
            .order_by(Candidate.id)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1].id


def _count_cprs(batch_size: int) -> tuple[int, int, list[int]]:
    """(how many are stored, how many the newest key alone reads, ids no key reads)."""
    from placement.privacy import cpr_vault as cpr_vault

    total, under_newest, unreadable = 0, 0, []
    for rows in _stored_cprs(batch_size):
        for row in rows:
            total += 1
            key = cpr_vault.key_of(row.cpr_encrypted)
            if key == 0:
                under_newest += 1
            elif key is None:
                unreadable.append(row.id)
    return total, under_newest, unreadable


def _unreadable_message(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:10]) + (", …" if len(ids) > 10 else "")
    return (
        f"{len(ids)} stored CPR number(s) cannot be decrypted with any key in CPR_KEYS "
        f"(candidate id {shown}). A key was removed before `flask cpr rotate` had run: put "
        f"it back, after the newest key, and run `flask cpr rotate` again."
    )


@cpr_cli.command("check")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1))
def cpr_check(batch_size: int) -> None:
    """Say how many stored numbers the current keys read; fail if any cannot be read."""
    total, under_newest, unreadable = _count_cprs(batch_size)
    older = total - under_newest - len(unreadable)
    click.echo(
        f"{total} stored CPR number(s): {under_newest} under the newest key, {older} "
        f"under an older key, {len(unreadable)} unreadable."
    )
    if older:
        click.echo("Run `flask cpr rotate` before removing an older key from CPR_KEYS.")
    if unreadable:
        raise click.ClickException(_unreadable_message(unreadable))


@cpr_cli.command("rotate")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1))
def cpr_rotate(batch_size: int) -> None:
    """Re-encrypt every stored CPR number with the newest key (the first in CPR_KEYS) and
    recompute its search hash with CPR_HMAC_KEY. Afterwards the older keys can go."""
    from sqlalchemy import Table, bindparam, update

    from placement.models import Candidate
    from placement.privacy import cpr_vault as cpr_vault

    # Every number is read first, so a missing key stops the run before anything changes.
    _total, _under_newest, unreadable = _count_cprs(batch_size)
    if unreadable:
        raise click.ClickException(_unreadable_message(unreadable) + " Nothing was changed.")
    table = cast(Table, Candidate.__table__)  # a mapped class's table (typed as a FromClause)
    # Only a row still holding the value read is written: a number erased meanwhile stays
    # erased.
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.cpr_encrypted == bindparam("old_value"))
        .values(cpr_encrypted=bindparam("new_value"), cpr_hash=bindparam("new_hash"))
    )
    done = 0
    for rows in _stored_cprs(batch_size):
        values = []
        for row in rows:
            number = cpr_vault.decrypt(row.cpr_encrypted)
            values.append(
                {
                    "row_id": row.id,
                    "old_value": row.cpr_encrypted,
                    "new_value": cpr_vault.encrypt(number),
                    "new_hash": cpr_vault.lookup_hash(number),
                }
            )
        db.session.execute(statement, values)
        db.session.commit()
        done += len(values)
    click.echo(f"Re-encrypted {done} CPR number(s) with the newest key.")


@agreement_cli.command("render")
@click.argument("placement_id", type=int)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The PDF file to write.",
)
@click.option("--version", type=int, default=None, help="An earlier version (default: current).")
def render_agreement(placement_id: int, output: str, version: int | None) -> None:
    """Write a placement's agreement as PDF, for support and batch use."""
    from placement.agreements import versions
    from placement.models import Placement

    placement = db.session.get(Placement, placement_id)
    if placement is None:
        raise click.ClickException(f"No placement with id {placement_id}.")
    agreement = placement.agreement if version is None else versions.version_of(placement, version)
    if agreement is None:
        raise click.ClickException(
            f"Placement {placement_id} has no agreement"
            + (f" version {version}." if version else " yet (it is made when agreed).")
        )
    pdf = versions.render_pdf(agreement, placement)
    with open(output, "wb") as file:
        file.write(pdf)
    # The document number, not the citizen's name: terminals and logs keep what they print.
    click.echo(
        f"Wrote agreement {versions.document_number(placement)} "
        f"version {agreement.version} ({len(pdf)} bytes) to {output}."
    )


@municipalities_cli.command("create")
@click.option("--name", required=True, help="e.g. Viborg")
@click.option("--code", required=True, help="The three-digit municipality code, e.g. 791.")
def create_municipality(name: str, code: str) -> None:
    """Add a municipality that this installation serves."""
    from sqlalchemy import select

    from placement.models import Municipality

    if not (code.isdigit() and len(code) == 3):
        raise click.ClickException("The municipality code has three digits, e.g. 791.")
    if db.session.scalar(select(Municipality).where(Municipality.code == code)):
        raise click.ClickException(f"Municipality {code} already exists.")
    db.session.add(Municipality(name=name.strip(), code=code))
    db.session.commit()
    click.echo(f"Created municipality {name} ({code}).")


@users_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--email", required=True)
@click.option("--name", default=None, help="Full name (defaults to the e-mail).")
@click.option("--municipality-code", default=None, help="For managers and consultants, e.g. 791.")
def create_user(role: str, email: str, name: str | None, municipality_code: str | None) -> None:
    """Create a user; the password is asked at the prompt, never taken as an argument."""
    from sqlalchemy import select

    from placement.models import Municipality

    municipality_id = None
    if municipality_code:
        municipality_id = db.session.scalar(
            select(Municipality.id).where(Municipality.code == municipality_code)
        )
        if municipality_id is None:
            raise click.ClickException(f"No municipality with code {municipality_code}.")
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    data = users.UserData(
        email=email, name=name or email, role=Role(role), municipality_id=municipality_id
    )
    try:
        user = users.create_user(data, password=password)
    except users.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Skip quietly (exit 0) when the database already holds other users.",
)
def load_demo(if_empty: bool) -> None:
    """Load the demo data set into an empty database, then print the demo logins."""
    from placement.demo import loader

    try:
        loaded = loader.load()
    except loader.NotADemoDatabase as error:
        db.session.rollback()
        if if_empty:
            click.echo("The database holds real users; demo data not loaded.")
            return
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo("Demo data loaded." if loaded else "Demo data is already loaded.")
    click.echo(loader.logins_text(current_app.config.get("SERVER_NAME") or "http://127.0.0.1:5000"))


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(municipalities_cli)
    app.cli.add_command(agreement_cli)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(cpr_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(load_demo)
