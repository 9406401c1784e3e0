from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Public site")

    def ready(self) -> None:
        # deferred: extensions import models, which the app registry allows only once ready.
        from web import extensions

        extensions.connect()
