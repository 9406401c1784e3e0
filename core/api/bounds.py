"""Numbers a client sends are bounded by default (D105).

A whole number of any size reached the database and overflowed its 64-bit integer (a 500 on
SQLite and PostgreSQL alike, found by the outside probes of issue 12). Every writable DRF
``IntegerField`` — in request bodies and in query-parameter serializers — and every
django-filter ``NumberFilter`` now refuses a number outside the signed 64-bit range unless it
declares a narrower bound itself; the refusal is an ordinary 400 in the one error shape.

The defaults are installed once from ``CoreConfig.ready()``. A field declared before that is
still covered: DRF copies declared fields per serializer instance by calling the constructor
again.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django_filters import filters as filter_fields
from rest_framework import serializers

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
# The largest value of a 32-bit integer column (PostgreSQL `integer`: Django's IntegerField and
# PositiveIntegerField); fields stored in one declare it themselves.
INT32_MAX = 2**31 - 1

_installed = False


def _bounded_integer_init(original: Any) -> Any:
    def __init__(self: serializers.IntegerField, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            if kwargs.get("max_value") is None:
                kwargs["max_value"] = INT64_MAX
            if kwargs.get("min_value") is None:
                kwargs["min_value"] = INT64_MIN
        original(self, **kwargs)

    return __init__


def _number_filter_field(original: property) -> property:
    def field(self: filter_fields.NumberFilter) -> Any:
        if not hasattr(self, "_field"):
            original.fget(self)  # type: ignore[misc]  # builds and keeps self._field
            if self.extra.get("min_value") is None:
                self._field.validators.append(MinValueValidator(INT64_MIN))
        return self._field

    return property(field)


def _number_filter_max(self: filter_fields.NumberFilter) -> MaxValueValidator | None:
    # django-filter's own default is 1e50, far beyond any database integer. A filter that
    # declares its own bound keeps it alone (and its own message).
    if self.extra.get("max_value") is not None:
        return None
    return MaxValueValidator(INT64_MAX)


def install() -> None:
    """Give every integer input the 64-bit bounds (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    serializers.IntegerField.__init__ = _bounded_integer_init(  # type: ignore[method-assign]
        serializers.IntegerField.__init__
    )
    filter_fields.NumberFilter.get_max_validator = _number_filter_max
    filter_fields.NumberFilter.field = _number_filter_field(filter_fields.NumberFilter.field)
