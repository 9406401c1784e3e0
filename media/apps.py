from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """Pictures: upload checks, metadata stripping, renditions, storage."""

    name = "media"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from media import signals
        from media.models import Image, Rendition

        post_delete.connect(signals.image_deleted, sender=Image, dispatch_uid="media.image")
        post_delete.connect(
            signals.rendition_deleted, sender=Rendition, dispatch_uid="media.rendition"
        )
