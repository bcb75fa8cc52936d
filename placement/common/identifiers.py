"""Checks for Danish identifiers: CVR, P-number and CPR (format and date only)."""

from __future__ import annotations

import re
from datetime import date

from stdnum.dk import cpr, cvr
from stdnum.exceptions import ValidationError

# The module, not its names: policy → models → Candidate → cpr_vault → this module is a cycle
# (placement/privacy/cpr_vault.py), and whichever of them is imported first must work.
from placement.common import policy

# The forms a CPR number is accepted in (DDMMYY-SSSS or DDMMYYSSSS, ASCII digits), which
# normalise_cpr relies on. stdnum's own compact() would also take dashes and spaces anywhere.
_CPR = re.compile(r"[0-9]{6}-?[0-9]{4}")
_DIGITS = re.compile(r"[0-9]+")
# A CPR number inside other text: six digits, a dash, a space or nothing, four digits, not part
# of a longer number.
_CPR_IN_TEXT = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def clean_digits(value: str) -> str:
    """Drop the spaces people type in numbers ("12 34 56 78")."""
    return re.sub(r"\s+", "", value or "")


def is_valid_cvr(value: str) -> bool:
    """8 digits, not starting with 0, passing modulus 11 (Erhvervsstyrelsen), checked by stdnum.

    Only digits and spaces are taken: stdnum would also accept "DK" and punctuation, which the
    callers would then store as typed."""
    digits = clean_digits(value)
    return bool(_DIGITS.fullmatch(digits)) and cvr.is_valid(digits)


def is_valid_p_number(value: str) -> bool:
    """10 digits. There is no published check digit, and stdnum has no P-number module."""
    digits = clean_digits(value)
    return len(digits) == policy.P_NUMBER_LENGTH and bool(_DIGITS.fullmatch(digits))


def cpr_birth_date(value: str) -> date | None:
    """The birth date a CPR number encodes, or None when it is not a real date.

    The date and its century (from the seventh digit, CPR-kontoret's table) come from stdnum.
    Modulus 11 is deliberately not required: numbers issued since 2007 need not pass it, as the
    CPR office allows (stdnum 2.x does not check it either). stdnum's validate() is not used:
    it also refuses a birth date after today by the machine's clock rather than the app's
    (placement.common.clock), a rule the app has not had; a CPR number is held against the
    birth date in the citizen's profile instead (placement.citizens.profiles).
    """
    digits = clean_digits(value)
    if not _CPR.fullmatch(digits):
        return None
    try:
        return cpr.get_birth_date(digits)
    except ValidationError:
        return None


def cpr_in_text(text: str) -> str | None:
    """The first thing in `text` written like a CPR number (real date or not), or None."""
    match = _CPR_IN_TEXT.search(text or "")
    return match.group() if match else None


def normalise_cpr(value: str) -> str:
    """DDMMYY-SSSS from what was typed (with or without the dash)."""
    digits = clean_digits(value).replace("-", "")
    return f"{digits[:6]}-{digits[6:]}"


def mask_cpr(value: str | None) -> str:
    """DDMMYY-XXXX: the birth date part only, for the rare places a CPR is shown at all."""
    if not value:
        return ""
    return normalise_cpr(value)[:6] + "-XXXX"
