"""Validators for catalogue data: GS1 trade item numbers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def gtin_check_digit_ok(value: str) -> bool:
    """GS1 mod-10: weights 3,1,3,... from the right, excluding the check digit."""
    digits = [int(c) for c in value]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def validate_gtin(value: str) -> None:
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise ValidationError(_("A GTIN has 8, 12, 13 or 14 digits."), code="invalid_gtin_length")
    if not gtin_check_digit_ok(value):
        raise ValidationError(_("The GTIN check digit is wrong."), code="invalid_gtin_check")
