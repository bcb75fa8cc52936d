"""Forms of the consultant's profile pages: they parse what is typed; the rules live in the core."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
)
from wtforms.widgets import CheckboxInput, ListWidget

from placement.citizens.profiles import ProfileData
from placement.common.policy import FULL_TIME_HOURS
from placement.extensions import db
from placement.models import (
    Adaptation,
    AdaptationCategory,
    Candidate,
    CandidateStatus,
    JournalEntry,
    Kind,
)
from placement.web import edit_fields
from placement.web.edit_forms import VersionedForm
from placement.web.form_messages import AppForm
from placement.web.forms import (
    REQUIRED,
    VALID_CHOICE,
    VALID_EMAIL,
    MaxLength,
    NewPasswordForm,
    TextAreaField,
    WholeNumberField,
)

VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 1990-05-17.")
POSTCODE_MESSAGE = _l("Skriv et postnummer med 4 cifre.")
NEED_NONE, NEED_YES, NEED_MUST = "", "behov", "noedvendigt"
NEED_CHOICES = [
    SelectChoice(NEED_NONE, _l("Ikke behov")),
    SelectChoice(NEED_YES, _l("Behov")),
    SelectChoice(NEED_MUST, _l("Nødvendigt (skal være på plads)")),
]


class ProfileForm(VersionedForm):
    # Om borgeren
    name = StringField(
        _l("Navn"),
        validators=[DataRequired(REQUIRED), MaxLength(200)],
        render_kw={"autocomplete": "off"},
    )
    birth_date = DateField(
        _l("Fødselsdato"), validators=[InputRequired(REQUIRED)], invalid_value_message=VALID_DATE
    )
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(VALID_EMAIL), MaxLength(254)])
    phone = TelField(_l("Telefon"), validators=[Optional(), MaxLength(40)])
    postcode = StringField(
        _l("Postnummer"),
        validators=[Optional(), Regexp(r"^\d{4}$", message=POSTCODE_MESSAGE)],
        render_kw={"inputmode": "numeric", "maxlength": 4},
    )
    city = StringField(_l("By"), validators=[Optional(), MaxLength(100)])
    status = SelectField(
        _l("Status"),
        coerce=CandidateStatus,
        choices=[SelectChoice(s.value, s.label) for s in CandidateStatus],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )

    # Arbejde
    places = StringField(
        _l("Postnumre borgeren kan nå, adskilt med komma"),
        validators=[Optional(), MaxLength(500)],
        description=_l("Fx 8800, 8830, 8850."),
    )
    max_hours = WholeNumberField(
        _l("Højst timer pr. uge"),
        validators=[
            Optional(),
            NumberRange(
                0, FULL_TIME_HOURS, message=_l("Skriv et tal fra 0 til %(n)d.", n=FULL_TIME_HOURS)
            ),
        ],
        invalid_value_message=_l("Skriv et helt tal."),
    )
    job_ready = BooleanField(
        _l("Jobparat"),
        description=_l("Jobparate borgere kan højst være i virksomhedspraktik i 4 uger."),
    )
    kinds = SelectMultipleField(
        _l("Ønsker"),
        coerce=Kind,
        choices=[SelectChoice(k.value, k.label) for k in Kind],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )
    skills = TextAreaField(
        _l("Kompetencer"), validators=[Optional(), MaxLength.of(Candidate.skills)]
    )
    interests = TextAreaField(
        _l("Interesser"), validators=[Optional(), MaxLength.of(Candidate.interests)]
    )

    # Tilpasninger (one select per catalogue entry is added by profile_form)
    adaptation_note = TextAreaField(
        _l("Andet om behov for tilpasninger"),
        validators=[Optional(), MaxLength.of(Candidate.adaptation_note)],
    )

    def need_groups(self):
        """(category label, [select fields]) in the catalogue's order, for the template."""
        groups: dict = {}
        for adaptation in self._adaptations:
            groups.setdefault(adaptation.category.label, []).append(self[f"need_{adaptation.id}"])
        return list(groups.items())

    def names_for(self, name: str) -> list[str]:
        # The needs are one value in the core, a choice per catalogue entry here.
        if name == "needs":
            return [f"need_{adaptation.id}" for adaptation in self._adaptations]
        return super().names_for(name)

    def needs(self) -> dict[int, bool]:
        return {
            a.id: self[f"need_{a.id}"].data == NEED_MUST
            for a in self._adaptations
            if self[f"need_{a.id}"].data in (NEED_YES, NEED_MUST)
        }

    def data_for_core(self) -> ProfileData:
        return ProfileData(
            name=self.name.data or "",
            birth_date=self.birth_date.data,
            email=self.email.data or "",
            phone=self.phone.data or "",
            postcode=self.postcode.data or "",
            city=self.city.data or "",
            places=self.places.data or "",
            max_hours=self.max_hours.data,
            job_ready=bool(self.job_ready.data),
            kinds=list(self.kinds.data or []),
            skills=self.skills.data or "",
            interests=self.interests.data or "",
            status=self.status.data,
            needs=self.needs(),
            adaptation_note=self.adaptation_note.data or "",
        )


def _catalogue() -> list[Adaptation]:
    order = list(AdaptationCategory)
    return sorted(
        db.session.scalars(select(Adaptation)), key=lambda a: (order.index(a.category), a.id)
    )


# What companies see is not set here: the citizen chooses it (candidates/consent.py).
NEW_PROFILE = {"status": CandidateStatus.LOOKING.value}


def profile_form(candidate=None, new: bool = False) -> ProfileForm:
    """The form with a need choice per catalogue entry. With a candidate: the profile as
    stored (whatever the request posted); new: an empty one; neither: what was posted."""
    catalogue = _catalogue()

    class Form(ProfileForm):
        pass

    for adaptation in catalogue:
        setattr(
            Form,
            f"need_{adaptation.id}",
            SelectField(
                adaptation.label,
                choices=NEED_CHOICES,
                default=NEED_NONE,
                invalid_choice_message=VALID_CHOICE,
            ),
        )
    if candidate is not None:
        form = Form(formdata=None, data=_data_of(candidate))
        form._adaptations = catalogue
        return form.stamp(candidate, edit_fields.PROFILE)
    form = Form(data=NEW_PROFILE if new else None)
    form._adaptations = catalogue
    return form


def _data_of(candidate) -> dict:
    # Built by hand: the candidate's own kinds, places and status are rows and enums, not the
    # values the fields hold.
    plain = (
        "name",
        "birth_date",
        "email",
        "phone",
        "postcode",
        "city",
        "max_hours",
        "job_ready",
        "skills",
        "interests",
        "adaptation_note",
    )
    data = {name: getattr(candidate, name) for name in plain}
    data.update(
        places=", ".join(p.postcode for p in candidate.places),
        kinds=candidate.kinds_wanted,
        status=candidate.status.value,
    )
    for need in candidate.needs:
        data[f"need_{need.adaptation_id}"] = NEED_MUST if need.must_have else NEED_YES
    return data


class CprForm(AppForm):
    cpr = StringField(
        _l("CPR-nummer"),
        validators=[DataRequired(REQUIRED), MaxLength(20)],
        description=_l("10 cifre, med eller uden bindestreg. Kan kun indtastes én gang."),
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )


class CprLookupForm(AppForm):
    cpr = StringField(
        _l("CPR-nummer"),
        validators=[DataRequired(REQUIRED), MaxLength(20)],
        description=_l("10 cifre, med eller uden bindestreg. Kun borgere i din kommune findes."),
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )


class GoalForm(AppForm):
    title = StringField(_l("Nyt mål"), validators=[DataRequired(REQUIRED), MaxLength(300)])
    target_date = DateField(
        _l("Dato for målet (valgfri)"), validators=[Optional()], invalid_value_message=VALID_DATE
    )


class StepForm(AppForm):
    title = StringField(_l("Nyt lille trin"), validators=[DataRequired(REQUIRED), MaxLength(300)])


class JournalForm(AppForm):
    entry_date = DateField(
        _l("Dato"),
        validators=[Optional()],
        invalid_value_message=VALID_DATE,
        description=_l("Tom betyder i dag."),
    )
    text = TextAreaField(
        _l("Notat"), validators=[DataRequired(REQUIRED), MaxLength.of(JournalEntry.text)]
    )


class CodeForm(AppForm):
    code = StringField(
        _l("Kode"),
        validators=[DataRequired(REQUIRED), MaxLength(20)],
        description=_l("Koden har 8 tegn, fx K7M4-QX2P. Du har fået den af din jobkonsulent."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )


class ActivateForm(NewPasswordForm):
    code = HiddenField()
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(REQUIRED), Email(VALID_EMAIL), MaxLength(254)],
        description=_l("Du logger ind med din e-mail."),
        render_kw={"autocomplete": "email"},
    )
