"""Pictures on reviews and complaints (D162): the buyer who wrote the review, or opened the
complaint, attaches up to ORDER_PICTURES_MAX pictures to it through media's safe upload
(checked by content, re-encoded without metadata, original private, renditions made after
commit). The upload is checked before the transaction opens; the review's or complaint's row
is then locked so two uploads at once cannot pass the limit together.

A review's pictures can be removed by their author (a review can be edited by nobody else);
a complaint's cannot: like its messages, what was attached to a complaint is kept."""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed, NotFound
from marketplace.models import User
from media.models import Image
from media.services import attachment_add, image_delete, image_prepare
from orders.models import (
    Complaint,
    ComplaintPicture,
    ComplaintStatus,
    Review,
    ReviewPicture,
)

CLOSED_COMPLAINT = (ComplaintStatus.DECIDED, ComplaintStatus.WITHDRAWN)


def _too_many(count: int) -> None:
    limit = settings.ORDER_PICTURES_MAX
    if count >= limit:
        raise Conflict(
            _("At most %(limit)s pictures.") % {"limit": limit},
            code="too_many_pictures",
            errors={"file": [_("Remove a picture first, or send fewer.")]},
        )


def review_picture_add(*, review: Review, actor: User, upload: IO[bytes] | Any) -> Image:
    if review.buyer_id != actor.pk:
        raise NotAllowed(_("Only the review's author may add pictures to it."))
    prepared = image_prepare(upload=upload)
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        _too_many(review.pictures.count())
        image = attachment_add(actor=actor, prepared=prepared, data={"review": review.pk})
        ReviewPicture.objects.create(review=review, image=image)
        audit_record(
            actor=actor,
            action="orders.review.picture_added",
            target=review,
            data={"image": image.pk},
        )
    return image


def review_picture_delete(*, review: Review, actor: User, image_id: int) -> None:
    if review.buyer_id != actor.pk:
        raise NotAllowed(_("Only the review's author may remove its pictures."))
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        link = (
            ReviewPicture.objects.select_related("image").filter(review=review, image_id=image_id)
        ).first()
        if link is None:
            raise NotFound(_("This review has no such picture."))
        audit_record(
            actor=actor,
            action="orders.review.picture_removed",
            target=review,
            data={"image": image_id},
        )
        image_delete(image=link.image, actor=actor)  # the link goes with it (cascade)


def complaint_picture_add(*, complaint: Complaint, actor: User, upload: IO[bytes] | Any) -> Image:
    if complaint.order.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer who complained may add pictures."))
    prepared = image_prepare(upload=upload)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.status in CLOSED_COMPLAINT:
            raise Conflict(
                _("This complaint is closed."),
                code="complaint_closed",
                errors={"status": [str(complaint.status)]},
            )
        _too_many(complaint.pictures.count())
        image = attachment_add(actor=actor, prepared=prepared, data={"complaint": complaint.pk})
        ComplaintPicture.objects.create(complaint=complaint, image=image)
        audit_record(
            actor=actor,
            action="orders.complaint.picture_added",
            target=complaint,
            data={"image": image.pk},
        )
    return image
