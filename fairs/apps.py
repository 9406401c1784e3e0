from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FairsConfig(AppConfig):
    name = "fairs"
    verbose_name = _("Trade fairs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # deferred: extensions import models, which the app registry allows only once ready.
        from fairs import extensions

        extensions.connect()
