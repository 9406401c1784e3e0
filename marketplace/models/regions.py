"""Administrative units since 1 July 2025: 34 provinces and 3,321 communes (two levels).

Loaded from the `vietnam-provinces` package (Decision 19/2025/QD-TTg codes) by a data
migration; `manage.py regions_load` re-syncs after a package upgrade.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    codename = models.SlugField(_("code name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    code = models.PositiveIntegerField(_("code"), primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=40)
    codename = models.SlugField(_("code name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name
