"""A proxy of Fair so the admin can list fairs with their report figures and export them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fairs.models.fairs import Fair


class FairReport(Fair):
    class Meta:
        proxy = True
        verbose_name = _("fair report")
        verbose_name_plural = _("fair reports")
