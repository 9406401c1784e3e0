"""Reviews: a buyer rates a product it received (one review per order line) and the storefront
that sold it (one review per order); the storefront answers once; anyone signed in may report
a review, a moderator hides or restores it (D135)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class Review(models.Model):
    """A product review has an order line (and its product); a storefront review has none."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("order")
    )
    order_line = models.OneToOneField(
        "orders.OrderLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review",
        verbose_name=_("order line"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("product"),
    )
    vendor = models.ForeignKey(
        "marketplace.Vendor",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("storefront"),
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("buyer"),
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    # Set while the review waits in the moderators' work list (held, or reported).
    flagged_at = models.DateTimeField(_("waiting for a moderator since"), null=True, blank=True)
    reply = models.TextField(_("storefront's reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(fields=["product", "status", "-created_at"], name="review_product_list"),
            models.Index(fields=["vendor", "status", "-created_at"], name="review_vendor_list"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="review_stars"),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(order_line__isnull=True, product__isnull=True)
                | Q(order_line__isnull=False, product__isnull=False),
                name="review_line_has_product",
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(order_line__isnull=True),
                name="review_one_storefront_review_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.stars}★"


class ReviewReport(models.Model):
    """Someone signed in says a review breaks the rules; once per person and review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="reports", verbose_name=_("review")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.review_id}: {self.reason[:40]}"
