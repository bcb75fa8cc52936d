"""Checks for Danish identifiers: CVR, P-number and CPR (format and date only)."""

from __future__ import annotations

import re
from datetime import date

# The module, not its names: policy → models → Candidate → cpr_vault → this module is a cycle
# (placement/privacy/cpr_vault.py), and whichever of them is imported first must work.
from placement.common import policy

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")
# A CPR number inside other text: six digits, a dash, a space or nothing, four digits, not part
# of a longer number.
_CPR_IN_TEXT = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")


def clean_digits(value: str) -> str:
    """Drop the spaces people type in numbers ("12 34 56 78")."""
    return re.sub(r"\s+", "", value or "")


def is_valid_cvr(value: str) -> bool:
    digits = clean_digits(value)
    if len(digits) != len(policy.CVR_WEIGHTS) or not digits.isdigit() or digits[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(digits, policy.CVR_WEIGHTS)) % 11 == 0


def is_valid_p_number(value: str) -> bool:
    digits = clean_digits(value)
    return len(digits) == policy.P_NUMBER_LENGTH and digits.isdigit()


def cpr_birth_date(value: str) -> date | None:
    """The birth date a CPR number encodes, or None when it is not a real date.

    Modulus 11 is deliberately not required: numbers issued since 2007 need not pass it.
    The century follows the seventh digit (CPR-kontoret's table).
    """
    match = _CPR.match(clean_digits(value))
    if not match:
        return None
    day, month, year2, serial = (int(part) for part in match.groups())
    century_digit = serial // 1000
    if century_digit <= 3:
        century = 1900
    elif century_digit in (4, 9):
        century = 2000 if year2 <= 36 else 1900
    else:  # 5-8
        century = 2000 if year2 <= 57 else 1800
    try:
        return date(century + year2, month, day)
    except ValueError:
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
