"""Pictures a buyer attaches to a review or a complaint (D162): links to media's attachment
images (`media.Image`, kind "attachment"), which keep the file, its checks and renditions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from media.models import Image
from orders.models.complaints import Complaint
from orders.models.reviews import Review


class ReviewPicture(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="pictures", verbose_name=_("review")
    )
    image = models.OneToOneField(
        Image, on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("review picture")
        verbose_name_plural = _("review pictures")

    def __str__(self) -> str:
        return f"picture {self.image_id} of review {self.review_id}"


class ComplaintPicture(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="pictures", verbose_name=_("complaint")
    )
    image = models.OneToOneField(
        Image, on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("complaint picture")
        verbose_name_plural = _("complaint pictures")

    def __str__(self) -> str:
        return f"picture {self.image_id} of complaint {self.complaint_id}"
