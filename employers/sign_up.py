"""A company signs itself up: the form, the facts fetched from the CVR register, and the
registration after a MitID Erhverv sign-in with a CVR number not yet known here."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from employers.forms import ProvenRegistrationForm, RegistrationForm
from placement.companies import registration
from placement.companies.cvr_register import Outcome
from placement.identity import providers, resolve
from placement.identity import views as identity_views
from placement.identity.settings import Audience
from placement.models import EmployerStatus
from placement.web.actions import attempt
from placement.web.forms import validate_in_one_round
from placement.web.home import home_url

bp = Blueprint("sign_up", __name__, url_prefix="/virksomhed")


def _registration(form: RegistrationForm, cvr: str = "") -> registration.Registration:
    """What was typed, as far as it could be read (a field the form refused may be None)."""
    return registration.Registration(
        name=form.name.data or "",
        cvr=form.cvr.data or "" if form.cvr else cvr,
        p_number=form.p_number.data or "",
        address=form.address.data or "",
        postcode=form.postcode.data or "",
        city=form.city.data or "",
        industry=form.industry.data or "",
        employees=form.employees.data,
        public_sector=bool(form.public_sector.data),
        contact_name=form.contact_name.data or "",
        contact_phone=form.contact_phone.data or "",
        contact_email=form.contact_email.data or "",
        password=form.password.data or "" if form.password else "",
    )


def _fetching(form: RegistrationForm) -> bool:
    """The "Hent oplysninger fra CVR" button was pressed (a post of the whole form)."""
    return registration.register_on() and request.method == "POST" and bool(form.fetch.data)


def _fill_from_register(form: RegistrationForm, cvr: str) -> None:
    """The company's facts from the CVR register into the form; all else stays as typed, and
    a fact the register does not give keeps what was typed."""
    problem = (
        registration.cvr_problem(cvr)
        if cvr.strip()
        else _("Skriv CVR-nummeret, så henter vi resten fra CVR-registret.")
    )
    lookup = None if problem else registration.ask_register(cvr)
    if lookup is not None and lookup.outcome is Outcome.NOT_FOUND:
        problem = registration.cvr_problem(cvr, Outcome.NOT_FOUND)
    problems = [problem] if problem else []
    if problems:
        if form.cvr:
            form.cvr.errors = list(problems)
        else:
            form.form_errors.extend(problems)
        return
    if lookup is None or lookup.facts is None:
        flash(
            _(
                "CVR-registret svarer ikke lige nu, så vi kunne ikke hente oplysningerne. "
                "Skriv dem selv; jobcentret tjekker CVR-nummeret, når de godkender virksomheden."
            ),
            "error",
        )
        return
    facts = lookup.facts
    open_units = [unit for unit in facts.units if unit.active]
    found = {name: getattr(facts, name) for name in _REGISTER_FIELDS}
    if open_units and not (form.p_number.data or "").strip():
        found["p_number"] = open_units[0].p_number
    for name, value in found.items():
        if value is not None:
            form[name].data = value
            form[name].raw_data = [str(value)]
    flash(
        _("Oplysningerne er hentet fra CVR-registret. Tjek dem, og udfyld resten."),
        "success",
    )
    if len(open_units) > 1:
        flash(
            _(
                "CVR-registret kender %(num)d arbejdssteder (P-numre). De bliver oprettet med "
                "virksomheden, så I kan vælge imellem dem, når I slår et opslag op.",
                num=len(open_units),
            ),
            "info",
        )


# What the register fills in on the sign-up form (the rest is the company's to type).
_REGISTER_FIELDS = ("name", "address", "postcode", "city", "industry", "employees")


@bp.route("/tilmeld", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    if not providers.password_allowed(Audience.COMPANIES):
        return identity_views.instead_of_password(Audience.COMPANIES)
    form = RegistrationForm()
    if _fetching(form):
        _fill_from_register(form, form.cvr.data or "")
        return _register_page(form)
    data = _registration(form)
    # The register is asked once, and only when the form is otherwise sent.
    if form.is_submitted():
        lookup = registration.ask_register(data.cvr)
        data.register = lookup.outcome if lookup else None
        if lookup is not None and lookup.facts is not None:
            data.units = lookup.facts.units
    if validate_in_one_round(form, lambda: registration.registration_problems(data)):
        with attempt(form) as outcome:
            user = registration.register(data)
        if not outcome.refused:
            session.clear()
            login_user(user)
            _welcome(user)
            return redirect(url_for("employers.home"))
    return _register_page(form)


def _register_page(form: RegistrationForm, proven_cvr: str | None = None):
    return render_template(
        "employers/register.html",
        form=form,
        proven_cvr=proven_cvr,
        register_on=registration.register_on(),
    )


def _welcome(user) -> None:
    assert user.employer is not None  # the company the registration made
    if user.employer.status is EmployerStatus.APPROVED:
        flash(_("Tak! %(company)s er oprettet og klar.", company=user.employer.name), "success")
    else:
        flash(
            _(
                "Tak! %(company)s er oprettet. Jobcentret godkender virksomheden, og indtil da "
                "kan I forberede opslag som kladder.",
                company=user.employer.name,
            ),
            "success",
        )
    if user.employer.cvr_unchecked:
        flash(
            _(
                "CVR-registret svarede ikke, så vi ved ikke, om CVR-nummeret findes i "
                "registret. Jobcentret tjekker det, når de godkender virksomheden."
            ),
            "info",
        )


@bp.route("/tilmeld/mitid", methods=["GET", "POST"])
def register_proven():
    """The registration a first MitID Erhverv sign-in with an unknown CVR leads to: the CVR
    number stands proven, the rest is typed as usual."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    proven_data = session.get(identity_views.PROVEN_COMPANY)
    if not proven_data:  # not come from a MitID Erhverv sign-in (or the session ended)
        return redirect(url_for("auth.login"))
    proven = resolve.ProvenCompany(**proven_data)
    # What the sign-in told, as a start; on a post, what was typed.
    form = ProvenRegistrationForm(
        data={
            "contact_name": proven.name,
            "contact_email": proven.email,
            "name": proven.company_name,
        }
    )
    if _fetching(form):
        _fill_from_register(form, proven.cvr)
        return _register_page(form, proven.cvr)
    # MitID Erhverv proved the number: the register is not asked whether it exists.
    data = _registration(form, proven.cvr)
    if validate_in_one_round(
        form,
        lambda: [
            problem
            for problem in registration.registration_problems(data)
            if problem[0] != "cvr"  # a CVR taken meanwhile signs in to that company
        ],
    ):
        with attempt(form) as outcome:
            user = resolve.register_company(proven, data)
        if not outcome.refused:
            response = identity_views.sign_in(user, Audience.COMPANIES)  # a fresh session
            _welcome(user)
            return response
    return _register_page(form, proven.cvr)
