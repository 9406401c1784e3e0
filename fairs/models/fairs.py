"""Trade fairs (hội chợ), who organises them, and the kinds of booth they offer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Category
from core.indexes import ListIndex
from marketplace.models import Commune, Province


class FairKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class FairStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Applications closed")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


# "Published" fairs are every status but draft; listings also leave out cancelled ones.
PUBLISHED_FAIR_STATUSES = frozenset(
    {FairStatus.OPEN, FairStatus.CLOSED, FairStatus.RUNNING, FairStatus.FINISHED}
)


class ApprovalMode(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic while booths last")
    REVIEW = "review", _("Organizer review")


class Fair(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FairKind.choices)
    description = models.TextField(_("description"), blank=True)

    venue = models.CharField(_("venue"), max_length=255, blank=True)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("applications open at"))
    registration_closes_at = models.DateTimeField(_("applications close at"))

    # Eligibility beyond "approved storefront", which always applies.
    min_ocop_stars = models.PositiveSmallIntegerField(
        _("minimum OCOP stars"), null=True, blank=True
    )
    allowed_provinces = models.ManyToManyField(
        Province,
        blank=True,
        related_name="+",
        verbose_name=_("allowed provinces"),
        help_text=_("Empty: storefronts from every province may apply."),
    )
    allowed_categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        verbose_name=_("allowed categories"),
        help_text=_("Empty: every category. A category includes its descendants."),
    )
    visitor_capacity = models.PositiveIntegerField(
        _("visitor capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    approval_mode = models.CharField(
        _("approval mode"),
        max_length=10,
        choices=ApprovalMode.choices,
        default=ApprovalMode.AUTOMATIC,
    )

    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="FairOrganizer",
        related_name="organized_fairs",
        verbose_name=_("organizers"),
    )

    status = models.CharField(
        _("status"), max_length=10, choices=FairStatus.choices, default=FairStatus.DRAFT
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("fair")
        verbose_name_plural = _("fairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FairStatus.values), name="fair_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=FairKind.values), name="fair_kind_valid"),
            models.CheckConstraint(
                condition=Q(approval_mode__in=ApprovalMode.values),
                name="fair_approval_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="fair_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="fair_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("ends_at")),
                name="fair_registration_closes_by_end",
            ),
            models.CheckConstraint(
                condition=Q(min_ocop_stars__isnull=True)
                | Q(min_ocop_stars__gte=3, min_ocop_stars__lte=5),
                name="fair_min_stars_3_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # The public list (fairs.selectors.fairs.fair_list_public) in its order (D86).
            ListIndex(
                F("starts_at").asc(),
                F("id").asc(),
                name="fair_public_starts",
                condition=Q(status__in=sorted(s.value for s in PUBLISHED_FAIR_STATUSES)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED_FAIR_STATUSES


class FairOrganizer(models.Model):
    """A user who runs one fair. Only they (and moderators) manage it."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="organizer_links", verbose_name=_("fair")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="fair_organizer_links",
        verbose_name=_("user"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fair organizer")
        verbose_name_plural = _("fair organizers")
        constraints = [
            models.UniqueConstraint(fields=["fair", "user"], name="fair_organizer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.fair}"


class BoothType(models.Model):
    """A kind of booth a fair offers (e.g. standard 3m×3m), with its price and how many exist."""

    fair = models.ForeignKey(
        Fair, on_delete=models.CASCADE, related_name="booth_types", verbose_name=_("fair")
    )
    name = models.CharField(_("name"), max_length=120)
    size = models.CharField(_("size"), max_length=40, blank=True, help_text=_("e.g. 3m × 3m"))
    price = models.PositiveBigIntegerField(_("price (VND)"), default=0)
    count = models.PositiveIntegerField(_("number of booths"))
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["fair", "position", "id"]
        verbose_name = _("booth type")
        verbose_name_plural = _("booth types")
        constraints = [
            models.UniqueConstraint(fields=["fair", "name"], name="booth_type_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.size})" if self.size else self.name
