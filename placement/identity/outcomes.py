"""Why a sign-in was refused: the code the audit log keeps and the words the person reads."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from placement.common.refusals import Refusal


class Reason(str, enum.Enum):
    UNKNOWN_CPR = "unknown_cpr"
    NO_CPR = "no_cpr"
    LOW_ASSURANCE = "low_assurance"
    NO_CVR = "no_cvr"
    UNKNOWN_STAFF = "unknown_staff"
    NO_ROLE = "no_role"
    INACTIVE = "inactive"
    WRONG_PERSON = "wrong_person"
    WRONG_KIND = "wrong_kind"
    INVALID_TOKEN = "invalid_token"
    EXPIRED_STATE = "expired_state"
    CANCELLED = "cancelled"
    PROVIDER_DOWN = "provider_down"
    PROVIDER_ERROR = "provider_error"
    WRONG_PASSWORD = "wrong_password"
    PASSWORD_OFF = "password_off"

    @property
    def heading(self):
        return _HEADINGS.get(self, _l("Du blev ikke logget ind"))

    @property
    def message(self):
        return _MESSAGES[self]

    @property
    def short(self):
        """The reason in a few words, for the audit log's list."""
        return _SHORT[self]

    @property
    def status(self) -> int:
        """The page's HTTP status: the provider's trouble is not the person's."""
        return 503 if self is Reason.PROVIDER_DOWN else 403


_HEADINGS = {
    Reason.UNKNOWN_CPR: _l("Vi kender dig ikke endnu"),
    Reason.PROVIDER_DOWN: _l("Log ind svarer ikke lige nu"),
    Reason.CANCELLED: _l("Du afbrød log ind"),
}

_MESSAGES = {
    Reason.UNKNOWN_CPR: _l(
        "Du er logget ind med MitID, men jobcentret har ikke oprettet dig i Placement. "
        "Kontakt dit jobcenter, så hjælper de dig."
    ),
    Reason.NO_CPR: _l(
        "Dit MitID-login gav os ikke dit CPR-nummer, så vi kan ikke finde dig. "
        "Kontakt dit jobcenter."
    ),
    Reason.LOW_ASSURANCE: _l(
        "Dit login er ikke sikkert nok til at vise dine oplysninger. Log ind igen med MitID "
        "på mindst niveau betydelig, fx med MitID-appen."
    ),
    Reason.NO_CVR: _l(
        "Dit login gav os ikke et gyldigt CVR-nummer. Log ind med MitID Erhverv for din virksomhed."
    ),
    Reason.UNKNOWN_STAFF: _l(
        "Du har ingen bruger i Placement. Bed en administrator i kommunen om at oprette dig."
    ),
    Reason.NO_ROLE: _l(
        "Du har ikke adgang til Placement i kommunens login. Bed din leder eller en "
        "administrator om adgang."
    ),
    Reason.INACTIVE: _l("Din bruger er deaktiveret. Kontakt jobcentret."),
    Reason.WRONG_PERSON: _l(
        "Du bekræftede som en anden person end den, der er logget ind. Log ud, og log ind "
        "som dig selv."
    ),
    Reason.WRONG_KIND: _l(
        "Dit login hører til en anden slags bruger i Placement. Brug den knap på "
        "log ind-siden, der passer til dig."
    ),
    Reason.INVALID_TOKEN: _l(
        "Vi kunne ikke stole på svaret fra login-tjenesten, så du er ikke logget ind. Prøv igen."
    ),
    Reason.EXPIRED_STATE: _l(
        "Dit log ind tog for lang tid, eller siden blev åbnet to gange. Start forfra."
    ),
    Reason.CANCELLED: _l("Du er ikke logget ind. Start forfra, når du er klar."),
    Reason.PROVIDER_DOWN: _l(
        "Login-tjenesten svarer ikke lige nu. Prøv igen om lidt. Intet er gået tabt."
    ),
    Reason.PROVIDER_ERROR: _l(
        "Login-tjenesten afviste at logge dig ind. Start forfra, og kontakt jobcentret, "
        "hvis det sker igen."
    ),
    Reason.WRONG_PASSWORD: _l("Forkert e-mail eller adgangskode."),
    Reason.PASSWORD_OFF: _l("Log ind med MitID eller kommunens login; adgangskoder bruges ikke."),
}


_SHORT = {
    Reason.UNKNOWN_CPR: _l("ukendt CPR-nummer"),
    Reason.NO_CPR: _l("intet CPR-nummer"),
    Reason.LOW_ASSURANCE: _l("for lavt sikringsniveau"),
    Reason.NO_CVR: _l("intet gyldigt CVR-nummer"),
    Reason.UNKNOWN_STAFF: _l("ingen bruger"),
    Reason.NO_ROLE: _l("ingen rolle"),
    Reason.INACTIVE: _l("deaktiveret bruger"),
    Reason.WRONG_PERSON: _l("en anden person"),
    Reason.WRONG_KIND: _l("forkert slags login"),
    Reason.INVALID_TOKEN: _l("ugyldigt ID-token"),
    Reason.EXPIRED_STATE: _l("udløbet eller genbrugt"),
    Reason.CANCELLED: _l("afbrudt"),
    Reason.PROVIDER_DOWN: _l("login-tjenesten svarede ikke"),
    Reason.PROVIDER_ERROR: _l("afvist af login-tjenesten"),
    Reason.WRONG_PASSWORD: _l("forkert e-mail eller adgangskode"),
    Reason.PASSWORD_OFF: _l("adgangskoder slået fra"),
}


class SignInRefused(Refusal):
    """A sign-in the rules refuse; `reason` goes to the audit log, the message to the person.
    `user` is who it was, where the rules know (a deactivated user, a removed staff member)."""

    def __init__(self, reason: Reason, user=None):
        super().__init__(str(reason.message))
        self.reason = reason
        self.user = user
