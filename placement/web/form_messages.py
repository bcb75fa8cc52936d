"""The messages every form shows: our own, and WTForms' built-in ones in the person's language.

WTForms ships no Danish catalogue, so its own messages ("This field is required.", "Field
cannot be longer than 200 characters.") would reach Danish pages in English. Every form's
base class, AppForm, hands WTForms a table that maps each built-in message to one of ours,
translated like any other text of the app (Danish first, English in the English locale).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

REQUIRED = _l("Skal udfyldes.")
TOO_LONG = _l("Højst %(max)s tegn. Du har skrevet %(length)s.")
VALID_CHOICE = _l("Vælg en af mulighederne.")
VALID_DATE = _l("Skriv en dato som år-måned-dag, fx 2026-01-31.")
VALID_EMAIL = _l("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")
WHOLE_NUMBER = _l("Skriv et helt tal.")

# WTForms' own texts (its locale/wtforms.pot), each with the placeholders its validator fills.
# Those only a developer can meet ("Invalid field name") are left as they are, and so are the
# CSRF ones: Flask-WTF's CSRF check answers with its own page (placement/web/errors.py).
BUILT_IN = {
    "Field must be equal to %(other_name)s.": _l("Skal være det samme som %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Skriv mindst %(min)d tegn."),
    "Field must be at least %(min)d characters long.": _l("Skriv mindst %(min)d tegn."),
    "Field cannot be longer than %(max)d character.": TOO_LONG,
    "Field cannot be longer than %(max)d characters.": TOO_LONG,
    "Field must be exactly %(max)d character long.": _l("Skriv præcis %(max)d tegn."),
    "Field must be exactly %(max)d characters long.": _l("Skriv præcis %(max)d tegn."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Skriv mellem %(min)d og %(max)d tegn."
    ),
    "Number must be at least %(min)s.": _l("Skriv %(min)s eller mere."),
    "Number must be at most %(max)s.": _l("Skriv højst %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Skriv et tal fra %(min)s til %(max)s."),
    "Date must be at least %(min)s.": _l("Vælg en dato fra %(min)s."),
    "Date must be at most %(max)s.": _l("Vælg en dato til og med %(max)s."),
    "Date must be between %(min)s and %(max)s.": _l("Vælg en dato mellem %(min)s og %(max)s."),
    "This field is required.": REQUIRED,
    "Invalid input.": _l("Tjek det, du har skrevet."),
    "Invalid email address.": VALID_EMAIL,
    "Invalid URL.": _l("Skriv en gyldig webadresse, fx https://eksempel.dk."),
    "Invalid value, must be one of: %(values)s.": VALID_CHOICE,
    "Invalid value, can't be any of: %(values)s.": VALID_CHOICE,
    "This field cannot be edited.": _l("Feltet kan ikke ændres."),
    "This field is disabled and cannot have a value.": _l("Feltet kan ikke ændres."),
    "Invalid Choice: could not coerce.": VALID_CHOICE,
    "Not a valid choice.": VALID_CHOICE,
    "Invalid choice(s): one or more data inputs could not be coerced.": VALID_CHOICE,
    "'%(value)s' is not a valid choice for this field.": VALID_CHOICE,
    "'%(value)s' are not valid choices for this field.": VALID_CHOICE,
    "Not a valid datetime value.": VALID_DATE,
    "Not a valid date value.": VALID_DATE,
    "Not a valid time value.": _l("Skriv et klokkeslæt som tt:mm, fx 09:30."),
    "Not a valid week value.": _l("Skriv en uge som år-uge, fx 2026-W05."),
    "Not a valid integer value.": WHOLE_NUMBER,
    "Not a valid decimal value.": _l("Skriv et tal."),
    "Not a valid float value.": _l("Skriv et tal."),
}


class BuiltInMessages:
    """The translations object WTForms asks for its own messages."""

    def gettext(self, string: str) -> str:
        ours = BUILT_IN.get(string)
        return str(ours) if ours is not None else string

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


_BUILT_IN_MESSAGES = BuiltInMessages()


class AppForm(FlaskForm):
    """The base of every form in the app: FlaskForm (CSRF) with WTForms' messages in the
    person's language."""

    class Meta:
        def get_translations(self, form):
            return _BUILT_IN_MESSAGES
