"""Admin of the partners app, one module per subject (Django's autodiscovery imports this)."""

from partners.admin import clients, webhooks

__all__ = ["clients", "webhooks"]
