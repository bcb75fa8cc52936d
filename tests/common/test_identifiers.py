"""Danish identifiers: CVR (modulus 11), P-number, CPR (a real date, no modulus 11)."""

from datetime import date

import pytest

from placement.common.identifiers import cpr_birth_date, is_valid_cvr, is_valid_p_number, mask_cpr


@pytest.mark.parametrize("cvr", ["10150817", "35954716", "25313763", "1015 0817"])
def test_valid_cvr_numbers_pass(cvr):
    assert is_valid_cvr(cvr)


@pytest.mark.parametrize(
    "cvr", ["10150818", "12345678", "1015081", "101508170", "abcdefgh", "", "00000000"]
)
def test_invalid_cvr_numbers_fail(cvr):
    assert not is_valid_cvr(cvr)


def test_p_number_is_ten_digits():
    assert is_valid_p_number("1003388394")
    assert not is_valid_p_number("100338839")
    assert not is_valid_p_number("10033883x4")


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


@pytest.mark.parametrize("cpr", ["320190-1234", "290201-1234", "011390-1234", "0101901", "x"])
def test_cpr_with_impossible_date_or_form_is_refused(cpr):
    assert cpr_birth_date(cpr) is None


def test_cpr_is_masked_to_its_date_part():
    assert mask_cpr("0101901234") == "010190-XXXX"
    assert mask_cpr(None) == ""
