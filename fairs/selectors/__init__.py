"""Reads on fairs. `fair_slugs_for_products` is imported by the search documents."""

from fairs.selectors.exhibitors import fair_slugs_for_products

__all__ = ["fair_slugs_for_products"]
