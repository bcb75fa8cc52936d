"""The statistics page for managers and admins: filters, tables, charts and CSV exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import force_locale, format_decimal, format_number, format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectChoice, SelectField

from placement.accounts.security import roles_required
from placement.common import clock
from placement.extensions import db
from placement.models import Employer, Kind, Municipality, Role, User
from placement.statistics import charts, csv_export, reading, snapshots
from placement.statistics.small_numbers import configured_threshold, protect
from placement.statistics.tables import Column, Filters, PeriodError, Table, default_period
from placement.web.form_messages import AppForm
from placement.web.forms import VALID_CHOICE, check_period, search_date_field
from placement.web.paging import same_query

bp = Blueprint("statistics", __name__, url_prefix="/statistik")

# A period of decades would only make the database work for nothing (the monthly table has a
# row per month).
MAX_YEARS = 10
FRESH = "ny"  # ?ny=1: the figures counted now, not the morning's snapshot
CHARTS = {"placements_by_month": charts.monthly_trend, "placements_by_kind": charts.kind_split}


class StatisticsForm(AppForm):
    # A GET form: it changes nothing, and its address can be bookmarked and shared.
    class Meta:
        csrf = False

    date_from = search_date_field(_l("Fra"), "fra")
    date_to = search_date_field(_l("Til"), "til")
    municipality = SelectField(
        _l("Kommune"), name="kommune", default="", invalid_choice_message=VALID_CHOICE
    )
    kind = SelectField(
        _l("Type"),
        name="type",
        default="",
        invalid_choice_message=VALID_CHOICE,
        choices=[SelectChoice("", _l("Alle typer"))]
        + [SelectChoice(kind.value, kind.label) for kind in Kind],
    )
    consultant = SelectField(
        _l("Jobkonsulent"),
        name="konsulent",
        default="",
        invalid_choice_message=_l(
            "Vælg en jobkonsulent fra listen. Den viser konsulenterne i den valgte kommune."
        ),
    )
    industry = SelectField(
        _l("Branche"), name="branche", default="", invalid_choice_message=VALID_CHOICE
    )

    def __init__(self, user: User, today: date):
        first, last = default_period(today)
        super().__init__(formdata=request.args, data={"date_from": first, "date_to": last})
        self._defaults = (first, last)
        if user.role == Role.ADMIN:
            self.municipality.choices = [SelectChoice("", _("Alle kommuner"))] + [
                SelectChoice(str(m.id), m.name)
                for m in db.session.scalars(select(Municipality).order_by(Municipality.name))
            ]
            self.scope = _chosen_id(self.municipality)
        else:
            del self.municipality  # a manager's own municipality, whatever the address says
            self.scope = user.municipality_id
        self.consultant.choices = [SelectChoice("", _("Alle jobkonsulenter"))] + [
            SelectChoice(
                str(c.id),
                c.name if self.scope or not c.municipality else f"{c.name} ({c.municipality.name})",
            )
            for c in _consultants(self.scope)
        ]
        self.industry.choices = [SelectChoice("", _("Alle brancher"))] + [
            SelectChoice(name, name)
            for name in db.session.scalars(
                select(Employer.industry)
                .where(Employer.industry.is_not(None), Employer.industry != "")
                .distinct()
                .order_by(Employer.industry)
            )
        ]

    def filters(self) -> Filters | None:
        """What was chosen, or None with the errors on the fields."""
        self.validate()
        date_from = self.date_from.data or self._defaults[0]
        date_to = self.date_to.data or self._defaults[1]
        check_period(self.date_from, self.date_to, date_from, date_to)
        if not (
            self.date_from.errors or self.date_to.errors
        ) and date_from < date_to - relativedelta(years=MAX_YEARS):
            self.date_from.errors.append(_("Perioden kan højst være %(n)d år.", n=MAX_YEARS))
        if any(field.errors for field in self):
            return None
        return Filters(
            date_from=date_from,
            date_to=date_to,
            municipality_id=self.scope,
            kind=Kind(self.kind.data) if self.kind.data else None,
            consultant_id=int(self.consultant.data) if self.consultant.data else None,
            industry=self.industry.data or None,
        )


def _chosen_id(field: SelectField) -> int | None:
    """The chosen id if it is one of the field's choices (else the field will say so)."""
    valid = {choice.value for choice in field.choices}
    return int(field.data) if field.data and field.data in valid else None


def _consultants(municipality_id: int | None) -> list[User]:
    query = select(User).where(User.role == Role.CONSULTANT).order_by(User.name, User.id)
    if municipality_id is not None:
        query = query.where(User.municipality_id == municipality_id)
    return list(db.session.scalars(query))


# --- tables ------------------------------------------------------------------------------------


def _tables(
    filters: Filters, fresh: bool, only: str | None = None
) -> tuple[list[Table], datetime | None, str | None]:
    """The tables (or only the one of that key and what it needs), when they were computed
    if not just now (statistics_snapshots), and when they were read if from the replica."""
    compare = current_user.role == Role.ADMIN and filters.municipality_id is None
    (tables, computed_at), read = reading.read(
        lambda: snapshots.tables_for(
            filters, clock.today(), str(get_locale()), compare=compare, fresh=fresh, only=only
        )
    )
    # A snapshot says when it was counted; when it was read from the replica adds nothing.
    return tables, computed_at, None if computed_at else reading.notice(read)


def _fresh() -> bool:
    """Asked for the figures counted now ("Tæl tallene igen nu"), not the morning's."""
    return request.args.get(FRESH) == "1"


@dataclass
class Shown:
    table: Table
    rows: list[list[str]]
    numeric: list[bool]
    chart: Markup | None
    csv_url: str


def _cell(value, column: Column) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if column.kind == "share":
        return format_percent(value)
    if column.kind in ("days", "hours"):
        return format_decimal(value, "#,##0.0")
    if isinstance(value, float):
        return format_decimal(value, "#,##0.0##")
    return format_number(value)


def _shown(table: Table, args: dict) -> Shown:
    rows = protect(table)
    chart = CHARTS.get(table.key)
    return Shown(
        table=table,
        rows=[[_cell(v, c) for v, c in zip(row, table.columns)] for row in rows],
        numeric=[column.kind != "text" for column in table.columns],
        chart=chart(table, rows) if chart else None,
        csv_url=url_for("statistics.export", table_key=table.key, **args),
    )


def _address_args(filters: Filters, admin: bool) -> dict:
    """The filters as the form's query parameters, for the CSV links (which export the same
    figures as the page: fresh ones if the page's are)."""
    args = {
        "fra": filters.date_from.isoformat(),
        "til": filters.date_to.isoformat(),
        "type": filters.kind.value if filters.kind else None,
        "konsulent": filters.consultant_id,
        "branche": filters.industry,
        "kommune": filters.municipality_id if admin else None,
        FRESH: "1" if _fresh() else None,
    }
    return {key: value for key, value in args.items() if value}


# --- views -------------------------------------------------------------------------------------


def _form() -> StatisticsForm:
    if current_user.role == Role.MANAGER and current_user.municipality_id is None:
        abort(403)  # no municipality: nothing is theirs to see (never everything)
    return StatisticsForm(current_user, clock.today())


def _place(form: StatisticsForm) -> str:
    if form.scope is None:
        return _("alle kommuner")
    return db.session.get_one(Municipality, form.scope).name


def render_page(waiting=None):
    """The dashboard for the filters in the address (also the manager's home page, which
    starts with what waits for the manager)."""
    form = _form()
    filters, shown, computed_at, read = form.filters(), [], None, None
    if filters is not None:
        try:
            tables, computed_at, read = _tables(filters, _fresh())
        except PeriodError as error:  # the form checks the period first; kept as a guard
            form.date_to.errors.append(str(error))
            filters = None
        else:
            args = _address_args(filters, current_user.role == Role.ADMIN)
            shown = [_shown(table, args) for table in tables]
    return render_template(
        "statistics/statistics.html",
        form=form,
        filters=filters,
        shown=shown,
        place=_place(form),
        threshold=configured_threshold(),
        computed_at=computed_at,
        read=read,
        fresh_url=_fresh_url(),
        waiting=waiting,
    )


def _fresh_url() -> str:
    assert request.endpoint is not None  # the page's own: the home page or the statistics'
    args = {name: values[0] for name, values in same_query().items()}
    args[FRESH] = "1"
    return url_for(request.endpoint, **args)


@bp.route("")
@roles_required(Role.MANAGER, Role.ADMIN)
def index():
    return render_page()


@bp.route("/<table_key>.csv")
@roles_required(Role.MANAGER, Role.ADMIN)
def export(table_key: str):
    # Danish throughout, whoever exports: the decimal comma and the labels belong together.
    with force_locale("da"):
        form = _form()
        filters = form.filters()
        if filters is None:  # the page explains what is wrong with the address
            # The query string as it came: passed to url_for, "_scheme" or "_external" in
            # it would steer where the redirect leads.
            query = request.query_string.decode("ascii", "replace")
            return redirect(f"{url_for('statistics.index')}?{query}")
        found, _computed_at, read = _tables(filters, _fresh(), only=table_key)
        table = {t.key: t for t in found}.get(table_key) or abort(404)
        body = csv_export.to_csv(table, protect(table), note=read)
    consultant = db.session.get(User, filters.consultant_id) if filters.consultant_id else None
    name = csv_export.file_name(
        table.key,
        filters,
        db.session.get_one(Municipality, filters.municipality_id).name
        if filters.municipality_id
        else None,
        consultant.name if consultant else None,
    )
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
