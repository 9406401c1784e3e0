from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partner clients and keys, storefront grants, the change feed and webhooks (top floor)."""

    name = "partners"
    label = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # deferred: extensions import models, which the app registry allows only once ready.
        from partners import extensions

        extensions.connect()
