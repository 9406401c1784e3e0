from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "traceability"
    verbose_name = _("Traceability")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # deferred: extensions import models, which the app registry allows only once ready.
        from traceability import extensions

        extensions.connect()
