"""Writes of buying, one module per subject (`orders.services.inquiries`, ...)."""
