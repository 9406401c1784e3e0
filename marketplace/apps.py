from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Exchange")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Receivers import models, which the app registry allows only from ready().
        from core.signals import public_changed
        from marketplace.services.changes import (
            changes_on_public_changed,
            changes_on_vendor_changed,
        )
        from marketplace.signals import vendor_changed

        public_changed.connect(changes_on_public_changed, dispatch_uid="partners.public_changed")
        vendor_changed.connect(changes_on_vendor_changed, dispatch_uid="partners.vendor_changed")
