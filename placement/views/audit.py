"""Reading the audit log: the admin's search, and the citizen's "Hvem har set mine oplysninger"."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from .. import audit_log
from ..forms import TOO_LONG, check_period, search_date_field
from ..models import Role
from ..paging import asked_page, filtered, page_url
from ..security import roles_required

bp = Blueprint("audit", __name__)


class AuditSearchForm(FlaskForm):
    # A GET form: it changes nothing, and a search can be bookmarked.
    class Meta:
        csrf = False

    citizen = StringField(_l("Borger"), name="borger",
                          description=_l("Navn eller borgernummer, fx 12 for /borgere/12."),
                          validators=[Length(max=100, message=TOO_LONG)])
    user = StringField(_l("Bruger"), name="bruger", description=_l("Navn eller e-mail."),
                       validators=[Length(max=100, message=TOO_LONG)])
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
        found = audit_log.search(form.citizen.data, form.user.data, form.date_from.data,
                                 form.date_to.data)
        page = audit_log.page_of(found, asked_page())
    return render_template(
        "placement/admin/audit.html", form=form, page=page, page_url=page_url("audit.search"),
        searched=filtered(),
        what=audit_log.what, role_label=audit_log.role_label, citizen_name=audit_log.citizen_name,
    )


@bp.route("/mine-oplysninger/adgang")
@roles_required(Role.CITIZEN)
def my_access():
    """"Hvem har set mine oplysninger": the citizen's own rows of the log, newest first. The
    page itself is not logged: it shows the log, not the citizen's data."""
    if current_user.candidate_id is None:  # a citizen login not yet tied to a profile
        abort(404)
    page = audit_log.page_of(audit_log.history_of(current_user.candidate_id), asked_page())
    return render_template(
        "placement/my_access.html", page=page, page_url=page_url("audit.my_access"),
        what=audit_log.what, who=lambda event: audit_log.who_for_citizen(event, current_user),
    )
