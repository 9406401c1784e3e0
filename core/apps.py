from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import extensions
from core.api import bounds


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        bounds.install()
        extensions.connect()
