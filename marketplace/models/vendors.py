"""Storefronts (gian hang) and the people who run them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indexes import ListIndex
from marketplace.models.regions import Commune, Province
from marketplace.validators import validate_tax_code


class VendorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOUSEHOLD = "household", _("Household business")
    INDIVIDUAL = "individual", _("Individual")


class VendorStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class Vendor(models.Model):
    """A storefront with the seller identity the law requires the exchange to show."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=VendorKind.choices)
    legal_name = models.CharField(_("legal name"), max_length=255)
    display_name = models.CharField(_("display name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, validators=[validate_tax_code])
    business_registration_number = models.CharField(
        _("business registration number"), max_length=50, blank=True
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20)
    email = models.EmailField(_("email"))
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=VendorStatus.choices, default=VendorStatus.PENDING
    )
    status_reason = models.TextField(_("status reason"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # When it last went to the moderators (opened, or resubmitted after a rejection): their
    # work list is oldest first by it (D95).
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
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
    # Published reviews, kept by orders.services.reviews in the review's transaction (D136).
    rating_avg = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    rating_count = models.PositiveIntegerField(_("reviews"), default=0)

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("storefront")
        verbose_name_plural = _("storefronts")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VendorStatus.values), name="vendor_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=VendorKind.values), name="vendor_kind_valid"
            ),
            # One legal entity, one storefront: a tax code (a branch's 10-3 code is its own)
            # opens one storefront unless the earlier one was rejected (D92). The service
            # refuses first with a clear message; this index settles two opened at once.
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(status="rejected"),
                name="vendor_tax_code_unique_unless_rejected",
                violation_error_message=_("A storefront with this tax code already exists."),
            ),
        ]
        # The public list (approved, by display name) and its province filter walk these in
        # order and stop after a page (D86).
        indexes = [
            ListIndex(
                F("display_name").asc(),
                F("id").asc(),
                name="vendor_public_name",
                condition=Q(status="approved"),
            ),
            ListIndex(
                F("province"),
                F("display_name").asc(),
                F("id").asc(),
                name="vendor_public_province_name",
                condition=Q(status="approved"),
            ),
            models.Index(fields=["province", "status"]),
            # The few storefronts not shown: a public product list tests each row against
            # them (one small hash per query) rather than looking its storefront up (D211).
            models.Index(fields=["id"], condition=~Q(status="approved"), name="vendor_not_public"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_public(self) -> bool:
        return self.status == VendorStatus.APPROVED


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class VendorMembership(models.Model):
    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("storefront")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("storefront member")
        verbose_name_plural = _("storefront members")
        constraints = [
            models.UniqueConstraint(fields=["vendor", "user"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.vendor}"


class VendorInvitation(models.Model):
    """An owner's invitation for someone to join a storefront's staff.

    Only a SHA-256 of the token is stored; the token itself travels once, in the e-mail.
    """

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("storefront")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.STAFF
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.vendor}"
