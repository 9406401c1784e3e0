from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marketplace.signals import vendor_changed


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # deferred: the receivers import models, which the app registry allows only from ready().
        from search.receivers import search_on_vendor_changed

        vendor_changed.connect(search_on_vendor_changed, dispatch_uid="search.vendor_changed")
