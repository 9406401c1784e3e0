"""Writes on storefronts: opening, editing, moderation, staff invitations."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotFound, ValidationFailed
from core.links import page_url
from core.notifications import email_after_commit
from core.text import slugify_vi
from core.workflow import lifecycle, transition
from marketplace.models import (
    Commune,
    MemberRole,
    User,
    Vendor,
    VendorInvitation,
    VendorMembership,
    VendorStatus,
)
from marketplace.moderation import approval_data
from marketplace.permissions import is_moderator, require_moderator, require_owner
from marketplace.selectors import vendor_review_snapshot
from marketplace.services.notifications import vendor_member_emails
from marketplace.signals import vendor_changed

VENDOR_LIFECYCLE = lifecycle(
    {
        VendorStatus.PENDING: {VendorStatus.APPROVED, VendorStatus.REJECTED},
        VendorStatus.APPROVED: {VendorStatus.SUSPENDED},
        VendorStatus.SUSPENDED: {VendorStatus.APPROVED},
        VendorStatus.REJECTED: {VendorStatus.PENDING},
    }
)

# Seller identity the exchange shows as the law requires; fixed once a moderator approved it.
LEGAL_IDENTITY_FIELDS = frozenset(
    {"kind", "legal_name", "tax_code", "business_registration_number"}
)
EDITABLE_FIELDS = LEGAL_IDENTITY_FIELDS | {
    "display_name",
    "commune",
    "street_address",
    "phone",
    "email",
    "website",
    "description",
}


class _Actor(enum.Enum):
    """The default of `vendor_create(owner=...)`: the acting user owns what it opens."""

    ACTOR = "actor"


ACTOR = _Actor.ACTOR
TAX_CODE_CONSTRAINT = "vendor_tax_code_unique_unless_rejected"


# Path words that sit where a storefront's, product's, fair's or lead's slug sits in a URL
# (web/seller/urls.py, web/account/urls_activity.py, the API's fair routes): a slug equal to one
# would open that page instead of the object's. tests/web/test_reserved_slugs.py derives them
# from the URL patterns, so a new word there fails until it is listed here (D242).
RESERVED_SLUGS = frozenset({"applications", "dang-tin", "loi-moi", "mo-gian-hang", "moi"})


def slug_not_reserved(slug: str) -> str:
    """A slug a person typed (the admin's add forms), refused when it is a path word: it would
    open that page instead of the object's (D242). Raises django's ValidationError, which a
    form shows under the field."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is a word of the site's addresses; choose another."),
            code="reserved",
            params={"slug": slug},
        )
    return slug


def unique_slug(model: Any, text: str, *, max_length: int = 80) -> str:
    """A slug made from `text`, taken by no row of `model` and no path word (RESERVED_SLUGS):
    the first free of base, base-2, base-3…"""
    base = slugify_vi(text, max_length=max_length - 6)
    slug, n = base, 1
    while slug in RESERVED_SLUGS or model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _tax_code_taken() -> Conflict:
    return Conflict(
        _(
            "A storefront with this tax code is already open or waiting for review: one legal "
            "entity has one storefront. A branch registers with its own code (10 digits, a "
            "hyphen, 3 digits). To work in the existing storefront, ask its owner to invite you."
        ),
        errors={"tax_code": [_("This tax code already has a storefront.")]},
        code="tax_code_taken",
    )


def _require_tax_code_free(tax_code: str, *, vendor_pk: int | None = None) -> None:
    """One storefront per tax code unless the earlier one was rejected (D92)."""
    others = Vendor.objects.filter(tax_code=tax_code).exclude(status=VendorStatus.REJECTED)
    if vendor_pk is not None:
        others = others.exclude(pk=vendor_pk)
    if others.exists():
        raise _tax_code_taken()


def _one_per_tax_code(write: Any) -> Any:
    """Run a write of a storefront row in a savepoint: when two storefronts with one tax code
    are written at once, both pass `_require_tax_code_free` and the unique index refuses the
    second; that is the same refusal, not a 500 (D92)."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:
        if TAX_CODE_CONSTRAINT in str(exc) or "marketplace_vendor.tax_code" in str(exc):
            raise _tax_code_taken() from exc
        raise


def _check_commune(commune: Commune | None) -> None:
    if commune is None:
        raise ValidationFailed(
            _("Choose a commune."), errors={"commune": [_("This field is required.")]}
        )


@transaction.atomic
def vendor_create(
    *,
    actor: User,
    commune: Commune,
    owner: User | _Actor | None = ACTOR,
    slug: str = "",
    via: str = "",
    **fields: Any,
) -> Vendor:
    """Open a storefront: it waits for a moderator like any other.

    By default its creator becomes its owner. A moderator registering a producer's storefront
    on its behalf (the admin) names the `owner`, or None to add the members afterwards; nobody
    else may open a storefront for someone else. `slug` is chosen from the name unless given;
    `via` is recorded in the audit row ("admin").
    """
    _check_commune(commune)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if owner is ACTOR:
        owner = actor
    elif owner != actor:
        require_moderator(actor)
    vendor = Vendor(
        **fields,
        commune=commune,
        province_id=commune.province_id,
        slug=slug or unique_slug(Vendor, fields["display_name"]),
        created_by=actor,
        status=VendorStatus.PENDING,
    )
    _require_tax_code_free(vendor.tax_code)
    # Constraints: the tax code's is checked just above with its own message and settled by
    # the index at save (a second check here would answer a race with another message); the
    # status and type checks are the fields' choices, which full_clean validates.
    vendor.full_clean(validate_constraints=False)
    _one_per_tax_code(vendor.save)
    if owner is not None:
        VendorMembership.objects.create(vendor=vendor, user=owner, role=MemberRole.OWNER)
    audit_record(
        actor=actor,
        action="marketplace.vendor.created",
        target=vendor,
        to_state=vendor.status,
        data={"via": via} if via else None,
    )
    return vendor


@transaction.atomic
def vendor_update(*, vendor: Vendor, actor: User, **fields: Any) -> Vendor:
    if not is_moderator(actor):
        require_owner(actor, vendor)
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    changed = {k: v for k, v in fields.items() if getattr(vendor, k) != v}
    locked = set(changed) & LEGAL_IDENTITY_FIELDS
    if locked and vendor.status != VendorStatus.PENDING and not is_moderator(actor):
        raise Conflict(
            _("The legal identity of a reviewed storefront can only be changed by a moderator."),
            errors={f: [_("Ask a moderator to change this.")] for f in sorted(locked)},
            code="legal_identity_locked",
        )
    for key, value in changed.items():
        setattr(vendor, key, value)
    if "commune" in changed:
        vendor.province_id = vendor.commune.province_id
    if "tax_code" in changed and vendor.status != VendorStatus.REJECTED:
        _require_tax_code_free(vendor.tax_code, vendor_pk=vendor.pk)
    vendor.full_clean(validate_constraints=False)  # as in vendor_create
    _one_per_tax_code(vendor.save)
    if changed:
        audit_record(
            actor=actor,
            action="marketplace.vendor.updated",
            target=vendor,
            data={"fields": sorted(changed)},
        )
        vendor_changed.send(
            sender=Vendor, vendor=vendor, event="vendor.updated", fields=frozenset(changed)
        )
    return vendor


def _vendor_decide(
    *,
    vendor: Vendor,
    actor: User,
    to: str,
    action: str,
    reason: str,
    reason_required: bool,
    only_from: set[str] | None = None,
) -> Vendor:
    changes: dict[str, Any] = {}
    data = None
    if to == VendorStatus.PENDING:
        changes["submitted_at"] = timezone.now()
    if to == VendorStatus.APPROVED:
        changes["approved_at"] = timezone.now()
        # The approved state, locked as approved, for the next review's diff (D95).
        vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
        data = approval_data(vendor_review_snapshot(vendor))
    vendor = transition(
        instance=vendor,
        to=to,
        actor=actor,
        table=VENDOR_LIFECYCLE,
        action=action,
        reason=reason,
        reason_required=reason_required,
        changes=changes,
        data=data,
        only_from=only_from,
    )
    vendor_changed.send(sender=Vendor, vendor=vendor, event=f"vendor.{to}", fields=frozenset())
    return vendor


def _storefront_page(vendor: Vendor) -> str:
    """The storefront's public page, in the active language (D252); the API's URL without a
    site."""
    return page_url(
        "storefront",
        fallback=reverse("vendor-detail", kwargs={"slug": vendor.slug}),
        slug=vendor.slug,
    )


@transaction.atomic
def vendor_approve(*, vendor: Vendor, actor: User, reason: str = "") -> Vendor:
    require_moderator(actor)
    was_suspended = vendor.status == VendorStatus.SUSPENDED
    vendor = _vendor_decide(
        vendor=vendor,
        actor=actor,
        to=VendorStatus.APPROVED,
        action="marketplace.vendor.reinstated" if was_suspended else "marketplace.vendor.approved",
        reason=reason,
        reason_required=False,
    )
    email_after_commit(
        recipients=vendor_member_emails(vendor),
        subject=_("Your storefront “%(name)s” is open") % {"name": vendor.display_name},
        body=_("A moderator approved your storefront. Buyers can now see it at %(url)s.")
        % {"url": _storefront_page(vendor)},
    )
    return vendor


@transaction.atomic
def vendor_reject(*, vendor: Vendor, actor: User, reason: str) -> Vendor:
    require_moderator(actor)
    vendor = _vendor_decide(
        vendor=vendor,
        actor=actor,
        to=VendorStatus.REJECTED,
        action="marketplace.vendor.rejected",
        reason=reason,
        reason_required=True,
    )
    email_after_commit(
        recipients=vendor_member_emails(vendor),
        subject=_("Your storefront “%(name)s” was not approved") % {"name": vendor.display_name},
        body=_("Reason: %(reason)s\nCorrect the details and submit it again.") % {"reason": reason},
    )
    return vendor


@transaction.atomic
def vendor_suspend(*, vendor: Vendor, actor: User, reason: str) -> Vendor:
    """Suspend at once: every public read filters on the storefront's status, so the
    storefront and all its products disappear in the same commit."""
    require_moderator(actor)
    vendor = _vendor_decide(
        vendor=vendor,
        actor=actor,
        to=VendorStatus.SUSPENDED,
        action="marketplace.vendor.suspended",
        reason=reason,
        reason_required=True,
    )
    email_after_commit(
        recipients=vendor_member_emails(vendor),
        subject=_("Your storefront “%(name)s” is suspended") % {"name": vendor.display_name},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return vendor


@transaction.atomic
def vendor_resubmit(*, vendor: Vendor, actor: User) -> Vendor:
    """A rejected storefront goes back to review, unless its tax code has since opened
    another storefront (D92): then its members correct the code first."""
    require_owner(actor, vendor)
    _require_tax_code_free(vendor.tax_code, vendor_pk=vendor.pk)
    resubmitted: Vendor = _one_per_tax_code(
        lambda: _vendor_decide(
            vendor=vendor,
            actor=actor,
            to=VendorStatus.PENDING,
            action="marketplace.vendor.resubmitted",
            reason="",
            reason_required=False,
        )
    )
    return resubmitted


# --- members and invitations ---------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def vendor_invite_member(
    *, vendor: Vendor, actor: User, email: str, role: str = MemberRole.STAFF
) -> tuple[VendorInvitation, str]:
    """Invite someone by e-mail. Returns the invitation and its one-time token."""
    require_owner(actor, vendor)
    email = email.strip().lower()
    if VendorMembership.objects.filter(vendor=vendor, user__email__iexact=email).exists():
        raise Conflict(
            _("This person is already a member of the storefront."),
            errors={"email": [_("Already a member.")]},
            code="already_member",
        )
    token = secrets.token_urlsafe(32)
    invitation = VendorInvitation.objects.create(
        vendor=vendor,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.VENDOR_INVITATION_VALID_DAYS),
    )
    audit_record(
        actor=actor,
        action="marketplace.vendor.member_invited",
        target=vendor,
        data={"email": email, "role": role},
    )
    email_after_commit(
        recipients=[email],
        subject=_("You are invited to “%(name)s”") % {"name": vendor.display_name},
        body=_(
            "%(who)s invited you to help run the storefront “%(name)s”. Sign in with this "
            "e-mail address and accept with the code: %(token)s"
        )
        % {"who": actor.get_full_name(), "name": vendor.display_name, "token": token},
    )
    return invitation, token


@transaction.atomic
def vendor_invitation_accept(*, token: str, actor: User) -> VendorMembership:
    invitation = (
        VendorInvitation.objects.select_for_update()
        .select_related("vendor")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise NotFound(_("This invitation does not exist or was withdrawn."))
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation was already used."), code="invitation_used")
    if invitation.expires_at <= timezone.now():
        raise Conflict(
            _("This invitation has expired; ask for a new one."), code="invitation_expired"
        )
    if invitation.email.lower() != actor.email.lower():
        raise Conflict(
            _("This invitation was sent to another e-mail address."), code="invitation_email"
        )
    membership, _created = VendorMembership.objects.get_or_create(
        vendor=invitation.vendor, user=actor, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=actor,
        action="marketplace.vendor.member_joined",
        target=invitation.vendor,
        data={"user": actor.email, "role": membership.role},
    )
    return membership


@transaction.atomic
def vendor_member_remove(*, membership: VendorMembership, actor: User) -> None:
    vendor = Vendor.objects.select_for_update().get(pk=membership.vendor_id)
    if membership.user_id != actor.pk:  # anyone may leave; removing others needs an owner
        require_owner(actor, vendor)
    if (
        membership.role == MemberRole.OWNER
        and VendorMembership.objects.filter(vendor=vendor, role=MemberRole.OWNER).count() == 1
    ):
        raise Conflict(_("A storefront must keep at least one owner."), code="last_owner")
    audit_record(
        actor=actor,
        action="marketplace.vendor.member_removed",
        target=vendor,
        data={"user_id": membership.user_id, "role": membership.role},
    )
    membership.delete()
