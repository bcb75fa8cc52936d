"""Reading the audit log: the admin's search, and the citizen's "Hvem har set mine oplysninger"."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField

from placement.accounts.security import roles_required
from placement.citizens import profiles
from placement.common.access import candidates_for
from placement.common.identifiers import cpr_in_text
from placement.models import Role
from placement.privacy import audit_log
from placement.web.form_messages import AppForm
from placement.web.forms import MaxLength, check_period, search_date_field
from placement.web.paging import asked_page, filtered, page_url

bp = Blueprint("audit", __name__)
SEARCH_FIELDS = ("borger", "bruger", "fra", "til")  # the form's names in the address


class AuditSearchForm(AppForm):
    # Read from the address (posted first, search_posted): it changes nothing, and a search can
    # be bookmarked. The post's CSRF token is checked for every post of the app.
    class Meta:
        csrf = False

    citizen = StringField(
        _l("Borger"),
        name="borger",
        description=_l("Navn, CPR-nummer eller borgernummer, fx 12 for /borgere/12."),
        validators=[MaxLength(100)],
    )
    user = StringField(
        _l("Bruger"),
        name="bruger",
        description=_l("Navn eller e-mail."),
        validators=[MaxLength(100)],
    )
    date_from = search_date_field(_l("Fra"), "fra")
    date_to = search_date_field(_l("Til"), "til")

    def check(self) -> bool:
        """The fields as typed are usable; else the errors stand by the fields."""
        self.validate()
        check_period(self.date_from, self.date_to, self.date_from.data, self.date_to.data)
        return not any(field.errors for field in self)


@bp.route("/admin/revision")
@roles_required(Role.ADMIN)
def search():
    """Who did what with whose data. Reading the log is not itself logged: it holds no
    personal data beyond names, and each look would add rows to the list being read."""
    form = AuditSearchForm(formdata=request.args)
    page = None
    if form.check():
        found = audit_log.search(
            form.citizen.data, form.user.data, form.date_from.data, form.date_to.data
        )
        page = audit_log.page_of(found, asked_page())
    return _search_page(form, page)


@bp.route("/admin/revision", methods=["POST"])
@roles_required(Role.ADMIN)
def search_posted():
    """The search form is posted, so that a CPR number typed as the citizen never reaches an
    address or an access log: it is looked up, and the list's address names the citizen by
    their number here (/borgere/<number>). Any other search becomes the address as typed."""
    chosen: dict[str, Any] = {name: request.form.get(name, "").strip() for name in SEARCH_FIELDS}
    cpr = cpr_in_text(chosen["borger"])
    if cpr:
        try:
            citizen = profiles.find_by_cpr(candidates_for(current_user), cpr)
        except profiles.ProfileInvalid as error:
            return _refused(dict(error.problems)["cpr"])
        if citizen is None:
            return _refused(_("Ingen borger har dette CPR-nummer."))
        chosen["borger"] = str(citizen.id)
    return redirect(url_for("audit.search", **{k: v for k, v in chosen.items() if v}))


def _refused(message: str):
    form = AuditSearchForm(formdata=request.form)
    form.citizen.errors = [message]
    response = make_response(_search_page(form, None))
    response.headers["Cache-Control"] = "no-store"  # it holds the number as typed
    return response


def _search_page(form: AuditSearchForm, page):
    return render_template(
        "privacy/admin_audit.html",
        form=form,
        page=page,
        page_url=page_url("audit.search"),
        searched=filtered(),
        what=audit_log.what,
        role_label=audit_log.role_label,
        citizen_name=audit_log.citizen_name,
    )


@bp.route("/mine-oplysninger/adgang")
@roles_required(Role.CITIZEN)
def my_access():
    """ "Hvem har set mine oplysninger": the citizen's own rows of the log, newest first. The
    page itself is not logged: it shows the log, not the citizen's data."""
    if current_user.candidate_id is None:  # a citizen login not yet tied to a profile
        abort(404)
    page = audit_log.page_of(audit_log.history_of(current_user.candidate_id), asked_page())
    return render_template(
        "privacy/my_access.html",
        page=page,
        page_url=page_url("audit.my_access"),
        what=audit_log.what,
        who=lambda event: audit_log.who_for_citizen(event, current_user),
    )
