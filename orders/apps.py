from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Buying")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # deferred: extensions import models, which the app registry allows only once ready.
        from orders import extensions

        extensions.connect()
