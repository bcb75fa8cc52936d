"""Danish identifiers: CVR (modulus 11), P-number, CPR (a real date, no modulus 11)."""

from datetime import date

import pytest
from stdnum.dk import cpr

from placement.common.identifiers import cpr_birth_date, is_valid_cvr, is_valid_p_number, mask_cpr


@pytest.mark.parametrize("cvr", ["10150817", "35954716", "25313763", "1015 0817"])
def test_valid_cvr_numbers_pass(cvr):
    assert is_valid_cvr(cvr)


@pytest.mark.parametrize(
    "cvr",
    [
        "10150818",
        "12345678",
        "1015081",
        "101508170",
        "abcdefgh",
        "",
        "00000000",
        # Forms stdnum would compact, but which would be stored as typed.
        "DK10150817",
        "10-15-08-17",
        # Digits that are not ASCII.
        "\u0661\u0660\u0661\u0665\u0660\u0668\u0661\u0667",
    ],
)
def test_invalid_cvr_numbers_fail(cvr):
    assert not is_valid_cvr(cvr)


def test_p_number_is_ten_digits():
    assert is_valid_p_number("1003388394")
    assert not is_valid_p_number("100338839")
    assert not is_valid_p_number("10033883x4")
    assert not is_valid_p_number("\u0661" * 10)


@pytest.mark.parametrize(
    "cpr, born",
    [
        ("010190-1234", date(1990, 1, 1)),
        ("0101901234", date(1990, 1, 1)),
        ("290200-4321", date(2000, 2, 29)),  # 7th digit 4 and year <= 36: the 2000s
        ("150575-9999", date(1975, 5, 15)),  # 7th digit 9 and year > 36: the 1900s
        ("010110-5000", date(2010, 1, 1)),  # 7th digit 5-8 and year <= 57: the 2000s
        ("010170-5000", date(1870, 1, 1)),  # 7th digit 5-8 and year > 57: the 1800s
    ],
)
def test_cpr_gives_its_birth_date_without_modulus_11(cpr, born):
    assert cpr_birth_date(cpr) == born


def test_a_real_date_with_a_failing_modulus_11_is_accepted():
    # Allowed since 2007, when the serial numbers ran out.
    assert cpr.checksum("0101901234") != 0
    assert cpr_birth_date("010190-1234") == date(1990, 1, 1)


def test_a_birth_date_still_to_come_is_not_refused_by_the_identifier_itself():
    # stdnum's validate() would refuse it by the machine's clock; the profile's birth date is
    # what a CPR number must match.
    assert cpr_birth_date("010130-4000") == date(2030, 1, 1)


@pytest.mark.parametrize(
    "value",
    [
        "320190-1234",
        "290201-1234",
        "011390-1234",
        "0101901",
        "x",
        "",
        "01-01-90-1234",  # the dash only between date and serial
        "010190--1234",
        "\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664",  # not ASCII digits
    ],
)
def test_cpr_with_impossible_date_or_form_is_refused(value):
    assert cpr_birth_date(value) is None


def test_cpr_may_be_typed_with_spaces():
    assert cpr_birth_date(" 010190 1234 ") == date(1990, 1, 1)


def test_cpr_is_masked_to_its_date_part():
    assert mask_cpr("0101901234") == "010190-XXXX"
    assert mask_cpr(None) == ""
