"""Forms of "Det må virksomheder se": they parse the choices; placement.consent holds the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice
from wtforms.validators import Optional

from placement.models import ConsentItem
from placement.privacy.consent import choices_of
from placement.web import edit_fields
from placement.web.edit_forms import VersionedForm
from placement.web.forms import VALID_CHOICE

YES, NO = "ja", "nej"
HINTS = {
    ConsentItem.CONTACT: _l("Så kan virksomheden ringe eller skrive til dig selv."),
    ConsentItem.AGE: _l("Din alder i år, ikke din fødselsdato."),
    ConsentItem.SKILLS: _l("Det, der står om dine kompetencer og interesser."),
    ConsentItem.ADAPTATIONS: _l("De tilpasninger, du har brug for, og om stedet tilbyder dem."),
    ConsentItem.GOALS: _l("Overskrifterne på dine mål."),
}


def _choice_field(item: ConsentItem) -> RadioField:
    # No default: an item nobody has chosen shows no answer, and saving the form untouched
    # leaves it not chosen.
    return RadioField(
        item.label,
        choices=[SelectChoice(YES, _l("Ja, det må de se")), SelectChoice(NO, _l("Nej"))],
        validators=[Optional()],
        description=HINTS[item],
        invalid_choice_message=VALID_CHOICE,
        invalid_value_message=VALID_CHOICE,
    )


class ConsentForm(VersionedForm):
    """One yes/no per item, named like the candidate's columns (edit_fields.CONSENT)."""

    share_contact = _choice_field(ConsentItem.CONTACT)
    share_age = _choice_field(ConsentItem.AGE)
    share_skills = _choice_field(ConsentItem.SKILLS)
    share_adaptations = _choice_field(ConsentItem.ADAPTATIONS)
    share_goals = _choice_field(ConsentItem.GOALS)

    def item_fields(self):
        return [self[item.column] for item in ConsentItem]

    def wanted(self) -> dict[ConsentItem, bool | None]:
        """Each item as chosen in the form; None where no answer is marked."""
        return {item: {YES: True, NO: False}.get(self[item.column].data) for item in ConsentItem}

    def with_citizen_ticked(self) -> bool:
        """The citizen's own form: the choice is theirs without saying so."""
        return False

    @classmethod
    def of(cls, candidate) -> ConsentForm:
        """The form as stored now, and what it shows (the other party may change it meanwhile)."""
        data = {
            item.column: None if shared is None else (YES if shared else NO)
            for item, shared in choices_of(candidate).items()
        }
        return cls(formdata=None, data=data).stamp(candidate, edit_fields.CONSENT)


class ConsultantConsentForm(ConsentForm):
    with_citizen = BooleanField(
        _l("Jeg har talt med borgeren, og valgene er borgerens egne"),
        description=_l("Ændringen bliver gemt som sat af dig sammen med borgeren."),
    )

    def with_citizen_ticked(self) -> bool:
        return bool(self.with_citizen.data)
