"""Validators for Vietnamese identity data: tax codes and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 10 digits for an organisation, 10-3 for a branch (dependent unit); 12 digits is the citizen
# ID number that now serves as a person's tax identification (household businesses, individuals).
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$|^\d{12}$")
PHONE_RE = re.compile(r"^(?:\+84|0)(?:\d{9}|\d{10})$")


def normalize_phone(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def validate_tax_code(value: str) -> None:
    if not TAX_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A tax code has 10 digits, 10-3 digits for a branch, or 12 digits for a person."),
            code="invalid_tax_code",
        )


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a Vietnamese phone number such as 0210 3812 345 or +84 912 345 678."),
            code="invalid_phone",
        )
