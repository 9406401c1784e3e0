"""Reviews (D135–D137): a buyer reviews each product it received and the storefront of the
order; the storefront replies once; anyone signed in reports; a moderator hides or restores.

Status moves go through core.workflow.transition() (row lock, audit row). Every change that
can move a published count locks the product (and storefront) row and recomputes its
`rating_avg` / `rating_count` in the same transaction, and queues the product for the search
index, so lists never aggregate per request and the index never lags a committed rating.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.workflow import lifecycle, transition
from marketplace.models import User, Vendor
from marketplace.permissions import is_member, require_moderator
from orders.models import Order, OrderStatus, Review, ReviewReport, ReviewStatus
from search.services import search_mark_products_dirty

R = ReviewStatus
REVIEW_LIFECYCLE = lifecycle(
    {
        R.PENDING: {R.PUBLISHED, R.HIDDEN},
        R.PUBLISHED: {R.HIDDEN},
        R.HIDDEN: {R.PUBLISHED},
    }
)
REVIEWABLE = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})
TWO_PLACES = Decimal("0.01")


def rating_refresh(review: Review) -> None:
    """Recount the published reviews of the review's product or storefront under its row lock
    (call inside the transaction that changed the review)."""
    if review.product_id is not None:
        Product.objects.select_for_update().filter(pk=review.product_id).first()
        published = Review.objects.filter(product_id=review.product_id, status=R.PUBLISHED)
        Product.objects.filter(pk=review.product_id).update(**_figures(published))
        search_mark_products_dirty(product_ids=[review.product_id])
    else:
        Vendor.objects.select_for_update().filter(pk=review.vendor_id).first()
        published = Review.objects.filter(
            vendor_id=review.vendor_id, order_line__isnull=True, status=R.PUBLISHED
        )
        Vendor.objects.filter(pk=review.vendor_id).update(**_figures(published))


def _figures(published: object) -> dict[str, object]:
    got = published.aggregate(avg=Avg("stars"), count=Count("id"))  # type: ignore[attr-defined]
    avg = got["avg"]
    return {
        "rating_count": got["count"],
        "rating_avg": None
        if avg is None
        else Decimal(str(avg)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP),
    }


def _clean(stars: int, text: str) -> str:
    if not 1 <= int(stars) <= 5:
        raise ValidationFailed(_("Give 1 to 5 stars."), errors={"stars": [_("From 1 to 5.")]})
    return (text or "").strip()


@transaction.atomic
def review_create(
    *, order: Order, actor: User, stars: int, text: str = "", line_id: int | None = None
) -> Review:
    """The buyer reviews one line of a delivered (or completed) order, or — without a line —
    the storefront that sold it. Once each: a second review is 409 `already_reviewed`."""
    order = Order.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=order.pk)
    if order.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer may review this order."))
    if order.status not in REVIEWABLE:
        raise Conflict(_("An order can be reviewed once it is delivered."), code="not_delivered")
    text = _clean(stars, text)
    line = None
    if line_id is not None:
        line = order.lines.filter(pk=line_id).first()
        if line is None:
            raise ValidationFailed(
                _("This line is not part of the order."),
                errors={"line": [_("Not a line of this order.")]},
            )
    exists = (
        Review.objects.filter(order_line=line)
        if line is not None
        else Review.objects.filter(order=order, order_line__isnull=True)
    )
    if exists.exists():
        raise Conflict(_("You have already reviewed this."), code="already_reviewed")
    at_once = settings.REVIEWS_PUBLISH_AT_ONCE
    try:
        with transaction.atomic():
            review = Review.objects.create(
                order=order,
                order_line=line,
                product_id=line.product_id if line is not None else None,
                vendor_id=order.vendor_id,
                buyer=actor,
                stars=int(stars),
                text=text,
                status=R.PUBLISHED if at_once else R.PENDING,
                flagged_at=None if at_once else timezone.now(),
            )
    except IntegrityError as exc:  # a double tap that raced past the check above
        raise Conflict(_("You have already reviewed this."), code="already_reviewed") from exc
    audit_record(actor=actor, action="orders.review.create", target=review, to_state=review.status)
    if review.status == R.PUBLISHED:
        rating_refresh(review)
    return review


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update(of=("self",)).get(pk=review.pk)


@transaction.atomic
def review_reply(*, review: Review, actor: User, text: str) -> Review:
    """The storefront answers, once, publicly."""
    review = _locked(review)
    if not is_member(actor, review.vendor):
        raise NotAllowed(_("Only the storefront that was reviewed may reply."))
    if review.replied_at is not None:
        raise Conflict(_("The storefront has already replied."), code="already_replied")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Write the reply."), errors={"text": [_("Required.")]})
    review.reply, review.replied_at, review.replied_by = text, timezone.now(), actor
    review.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    audit_record(actor=actor, action="orders.review.reply", target=review)
    return review


@transaction.atomic
def review_report(*, review: Review, actor: User, reason: str) -> Review:
    """Anyone signed in says the review breaks the rules: it joins the moderators' work list
    (still shown until a moderator hides it). Reporting twice is 409 `already_reported`."""
    review = _locked(review)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give a reason."), errors={"reason": [_("Say what is wrong with this review.")]}
        )
    if ReviewReport.objects.filter(review=review, reporter=actor).exists():
        raise Conflict(_("You have already reported this review."), code="already_reported")
    ReviewReport.objects.create(review=review, reporter=actor, reason=reason)
    if review.flagged_at is None and review.status != R.HIDDEN:
        review.flagged_at = timezone.now()
        review.save(update_fields=["flagged_at", "updated_at"])
    audit_record(actor=actor, action="orders.review.report", target=review, reason=reason)
    return review


@transaction.atomic
def review_hide(*, review: Review, actor: User, reason: str) -> Review:
    require_moderator(actor)
    review = transition(
        instance=review,
        to=R.HIDDEN,
        actor=actor,
        table=REVIEW_LIFECYCLE,
        action="orders.review.hide",
        reason=reason,
        reason_required=True,
        changes={"flagged_at": None},
    )
    rating_refresh(review)
    return review


@transaction.atomic
def review_restore(*, review: Review, actor: User, reason: str = "") -> Review:
    """Publish a held review, or show a hidden one again; a reported one leaves the list."""
    require_moderator(actor)
    current = _locked(review)
    if current.status == R.PUBLISHED and current.flagged_at is not None:
        current.flagged_at = None  # reports dismissed: it stays published
        current.save(update_fields=["flagged_at", "updated_at"])
        audit_record(
            actor=actor,
            action="orders.review.restore",
            target=current,
            from_state=R.PUBLISHED,
            to_state=R.PUBLISHED,
            reason=(reason or "").strip(),
        )
        return current
    review = transition(
        instance=current,
        to=R.PUBLISHED,
        actor=actor,
        table=REVIEW_LIFECYCLE,
        action="orders.review.restore",
        reason=reason,
        changes={"flagged_at": None},
    )
    rating_refresh(review)
    return review
