from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from media import signals


class MediaConfig(AppConfig):
    """Pictures: upload checks, metadata stripping, renditions, storage."""

    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Senders by label: this module is imported before models may be.
        post_delete.connect(signals.image_deleted, sender="media.Image", dispatch_uid="media.image")
        post_delete.connect(
            signals.rendition_deleted, sender="media.Rendition", dispatch_uid="media.rendition"
        )
