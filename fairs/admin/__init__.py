"""Admin for fairs. Each concern registers its models in its own module."""

from fairs.admin import (
    fairs,  # noqa: F401
    visitors,  # noqa: F401
)
