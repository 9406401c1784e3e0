"""Admin for fairs. Each concern registers its models in its own module."""

from fairs.admin import fairs  # noqa: F401

# H4: import fairs.admin.visitors below.
