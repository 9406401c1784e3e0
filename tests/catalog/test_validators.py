import pytest
from django.core.exceptions import ValidationError

from catalog.services.certificates import add_months, stars_for_score
from catalog.validators import validate_gtin
from core.text import fold, slugify_vi
from marketplace.validators import validate_phone, validate_tax_code


@pytest.mark.parametrize("gtin", ["8934563138165", "8935049500377", "96385074", "036000291452"])
def test_gtin_with_right_check_digit_passes(gtin):
    validate_gtin(gtin)


@pytest.mark.parametrize("gtin", ["8934563138166", "893456313816", "89345631381x", "1234567"])
def test_gtin_with_wrong_check_digit_or_length_is_refused(gtin):
    with pytest.raises(ValidationError):
        validate_gtin(gtin)


@pytest.mark.parametrize("code", ["2600123456", "2600123456-001", "025090012345"])
def test_tax_code_shapes_accepted(code):
    validate_tax_code(code)


@pytest.mark.parametrize("code", ["260012345", "2600123456-01", "26001234567", "abcdefghij", ""])
def test_tax_code_shapes_refused(code):
    with pytest.raises(ValidationError):
        validate_tax_code(code)


@pytest.mark.parametrize("phone", ["0210 3812 345", "+84 912 345 678", "0912.345.678"])
def test_phone_accepted(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "0912-345", "+1 202 555 0101"])
def test_phone_refused(phone):
    with pytest.raises(ValidationError):
        validate_phone(phone)


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("BƯỞI Đoan Hùng") == "buoi doan hung"
    assert fold("  Mì   gạo ") == "mi gao"
    assert slugify_vi("Đông trùng hạ thảo Tam Đảo!") == "dong-trung-ha-thao-tam-dao"


@pytest.mark.parametrize(
    ("score", "stars"),
    [(100, 5), (90, 5), (89.99, 4), (70, 4), (69.5, 3), (50, 3), (49, 2), (29, 1)],
)
def test_ocop_star_bands(score, stars):
    from decimal import Decimal

    assert stars_for_score(Decimal(str(score))) == stars


def test_add_months_clamps_to_month_end():
    import datetime as dt

    assert add_months(dt.date(2024, 2, 29), 36) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2023, 1, 10), 36) == dt.date(2026, 1, 10)
