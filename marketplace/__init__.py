"""The exchange itself and the Django project: users, storefronts, inquiries, moderation."""

from .celery import app as celery_app

__all__ = ["celery_app"]
