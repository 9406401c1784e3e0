"""Writes on products: create and edit (members, partners with a grant, a moderator on a
storefront's behalf), the review lifecycle, archive, restore and delete."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product, ProductStatus
from catalog.selectors import product_review_snapshot
from core.audit import audit_record
from core.clients import Partner, partner_audit_data
from core.errors import Conflict, TransitionError, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from marketplace.models import User, Vendor
from marketplace.moderation import approval_data
from marketplace.permissions import (
    is_moderator,
    require_listing_writer,
    require_member,
    require_member_or_moderator,
    require_moderator,
)
from marketplace.services.notifications import vendor_member_emails
from marketplace.services.vendors import unique_slug
from search.services import search_mark_products_dirty

PRODUCT_LIFECYCLE = lifecycle(
    {
        ProductStatus.DRAFT: {ProductStatus.PENDING_REVIEW, ProductStatus.ARCHIVED},
        ProductStatus.PENDING_REVIEW: {
            ProductStatus.PUBLISHED,
            ProductStatus.REJECTED,
            ProductStatus.DRAFT,
        },
        ProductStatus.REJECTED: {ProductStatus.PENDING_REVIEW, ProductStatus.ARCHIVED},
        ProductStatus.PUBLISHED: {ProductStatus.ARCHIVED, ProductStatus.PENDING_REVIEW},
        ProductStatus.ARCHIVED: {ProductStatus.DRAFT},
    }
)

PRODUCT_FIELDS = frozenset(
    {
        "name",
        "description",
        "category",
        "unit",
        "price",
        "price_on_request",
        "min_order_quantity",
        "availability",
        "origin_commune",
        "gtin",
        "attributes",
        "external_id",
    }
)
# Fields whose change on a published product needs a moderator's eye again (content a buyer
# reads as a claim). Commercial terms (price, availability, MOQ) change daily and do not.
REVIEWED_FIELDS = frozenset(
    {"name", "description", "category", "unit", "origin_commune", "gtin", "attributes"}
)


def _clean_price(fields: dict[str, Any], product: Product | None = None) -> None:
    on_request = fields.get("price_on_request", product.price_on_request if product else False)
    price = fields.get("price", product.price if product else None)
    if on_request:
        fields["price"] = None
    elif price is None:
        raise ValidationFailed(
            _("Give a price in VND or mark the price as on request."),
            errors={"price": [_("Required unless the price is on request.")]},
        )


@transaction.atomic
def product_create(
    *,
    vendor: Vendor,
    actor: User,
    partner: Partner | None = None,
    on_behalf: bool = False,
    slug: str | None = None,
    **fields: Any,
) -> Product:
    """A draft product of `vendor`, written by one of its members, or by `partner`, a partner
    client writing for a storefront that granted it access (D64), or entered `on_behalf` of
    the storefront by a moderator who is not its member (the admin). `slug`: one chosen by
    hand (the admin), else made from the name."""
    if on_behalf:
        if partner is not None:
            raise ValueError("a partner client writes for a storefront, never on its behalf")
        require_moderator(actor)
    else:
        require_listing_writer(actor=actor, vendor=vendor, partner=partner)
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    fields.setdefault("origin_commune", vendor.commune)
    _clean_price(fields)
    product = Product(
        vendor=vendor,
        slug=slug or unique_slug(Product, fields["name"], max_length=150),
        origin_province_id=fields["origin_commune"].province_id,
        created_by=actor if actor.is_authenticated else None,
        status=ProductStatus.DRAFT,
        **fields,
    )
    product.full_clean()
    product.save()
    audit_record(
        actor=actor,
        action="catalog.product.created",
        target=product,
        to_state=product.status,
        data={"on_behalf": True} if on_behalf else partner_audit_data(partner),
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_update(
    *, product: Product, actor: User, partner: Partner | None = None, **fields: Any
) -> Product:
    """Edit a product. On a published product, a change to a reviewed field sends it back to
    review when CATALOG_REVIEW_ON_PUBLISHED_EDIT is on."""
    if partner is not None or not is_moderator(actor):
        require_listing_writer(actor=actor, vendor=product.vendor, partner=partner)
    product = Product.objects.select_for_update().get(pk=product.pk)
    was_published = product.status == ProductStatus.PUBLISHED
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if product.status == ProductStatus.ARCHIVED:
        raise Conflict(_("Restore an archived product before editing it."), code="archived")
    _clean_price(fields, product)
    changed = {k: v for k, v in fields.items() if getattr(product, k) != v}
    for key, value in changed.items():
        setattr(product, key, value)
    if "origin_commune" in changed:
        product.origin_province_id = product.origin_commune.province_id
    product.full_clean()
    product.save()
    if changed:
        data = {"fields": sorted(changed), **partner_audit_data(partner)}
        if was_published and is_moderator(actor) and partner is None:
            # A moderator's edit of a published product is approved as it is made (D95).
            data = approval_data(product_review_snapshot(product), **data)
        audit_record(actor=actor, action="catalog.product.updated", target=product, data=data)
        search_mark_products_dirty(product_ids=[product.pk])
        if was_published:
            public_changed_send(kind="product", object_ids=[product.pk], event="product.updated")
    needs_review = (
        product.status == ProductStatus.PUBLISHED
        and settings.CATALOG_REVIEW_ON_PUBLISHED_EDIT
        and bool(set(changed) & REVIEWED_FIELDS)
        and not is_moderator(actor)
    )
    if needs_review:
        product = transition(
            instance=product,
            to=ProductStatus.PENDING_REVIEW,
            actor=actor,
            table=PRODUCT_LIFECYCLE,
            action="catalog.product.edited_back_to_review",
            reason=_("Edited: %(fields)s")
            % {"fields": ", ".join(sorted(set(changed) & REVIEWED_FIELDS))},
            changes={"submitted_at": timezone.now()},
        )
        public_changed_send(kind="product", object_ids=[product.pk], event="product.unpublished")
    return product


def _submit_refusal(status: str) -> TransitionError | None:
    """Why a product in this status cannot be submitted, in the words of its status (the
    lifecycle table alone answered "cannot go from published to pending_review; allowed:
    archived, pending_review", which read as a contradiction; issue 12 item 16). Still an
    `illegal_transition`, the type clients know for a move its status does not allow."""
    if status == ProductStatus.PUBLISHED:
        return TransitionError(
            _(
                "This product is already published: there is nothing to submit. Edit it (a "
                "change to what moderators review sends it back to review by itself) or "
                "archive it."
            ),
            errors={"status": [_("Already published.")]},
        )
    if status == ProductStatus.PENDING_REVIEW:
        return TransitionError(
            _("This product is already waiting for review."),
            errors={"status": [_("Already waiting for review.")]},
        )
    if status == ProductStatus.ARCHIVED:
        return TransitionError(
            _("This product is archived: restore it to a draft, then submit it."),
            errors={"status": [_("Archived.")]},
        )
    return None


@transaction.atomic
def product_submit(*, product: Product, actor: User, partner: Partner | None = None) -> Product:
    require_listing_writer(actor=actor, vendor=product.vendor, partner=partner)
    locked = Product.objects.select_for_update().values_list("status", flat=True)
    refusal = _submit_refusal(locked.get(pk=product.pk))
    if refusal is not None:
        raise refusal
    product = transition(
        instance=product,
        to=ProductStatus.PENDING_REVIEW,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.submitted",
        changes={"submitted_at": timezone.now()},
        only_from={ProductStatus.DRAFT, ProductStatus.REJECTED},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_withdraw(*, product: Product, actor: User) -> Product:
    """Take a product out of the review queue back to draft."""
    require_member(actor, product.vendor)
    product = transition(
        instance=product,
        to=ProductStatus.DRAFT,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.withdrawn",
        only_from={ProductStatus.PENDING_REVIEW},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_approve(*, product: Product, actor: User, reason: str = "") -> Product:
    require_moderator(actor)
    # Locked first so the approved state recorded is the one approved (D95).
    product = Product.objects.select_for_update().get(pk=product.pk)
    product = transition(
        instance=product,
        to=ProductStatus.PUBLISHED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.published",
        reason=reason,
        changes={"published_at": product.published_at or timezone.now()},
        data=approval_data(product_review_snapshot(product)),
    )
    search_mark_products_dirty(product_ids=[product.pk])
    public_changed_send(kind="product", object_ids=[product.pk], event="product.published")
    email_after_commit(
        recipients=vendor_member_emails(product.vendor),
        subject=_("“%(name)s” is published") % {"name": product.name},
        body=_("A moderator approved your product; buyers can now find it."),
    )
    return product


@transaction.atomic
def product_reject(*, product: Product, actor: User, reason: str) -> Product:
    require_moderator(actor)
    product = transition(
        instance=product,
        to=ProductStatus.REJECTED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.rejected",
        reason=reason,
        reason_required=True,
    )
    search_mark_products_dirty(product_ids=[product.pk])
    email_after_commit(
        recipients=vendor_member_emails(product.vendor),
        subject=_("“%(name)s” was not approved") % {"name": product.name},
        body=_("Reason: %(reason)s\nCorrect it and submit it again.") % {"reason": reason},
    )
    return product


@transaction.atomic
def product_archive(*, product: Product, actor: User, reason: str = "") -> Product:
    """Withdraw a product from sale: its members, or a moderator taking a listing down."""
    require_member_or_moderator(actor, product.vendor)
    # Locked fresh: whether it was public decides the takedown rule and the feed's tombstone.
    product = Product.objects.select_for_update().get(pk=product.pk)
    was_published = product.status == ProductStatus.PUBLISHED
    moderator_takedown = is_moderator(actor) and was_published
    product = transition(
        instance=product,
        to=ProductStatus.ARCHIVED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.taken_down" if moderator_takedown else "catalog.product.archived",
        reason=reason,
        reason_required=moderator_takedown,
    )
    search_mark_products_dirty(product_ids=[product.pk])
    if was_published:
        public_changed_send(kind="product", object_ids=[product.pk], event="product.unpublished")
    return product


@transaction.atomic
def product_restore(*, product: Product, actor: User) -> Product:
    require_member(actor, product.vendor)
    product = transition(
        instance=product,
        to=ProductStatus.DRAFT,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.restored",
        only_from={ProductStatus.ARCHIVED},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_delete(*, product: Product, actor: User) -> None:
    """Delete a product nobody outside the storefront has seen; others are archived instead."""
    require_member(actor, product.vendor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status not in (ProductStatus.DRAFT, ProductStatus.REJECTED) or product.published_at:
        raise Conflict(
            _("Only drafts never published can be deleted; archive this product instead."),
            code="not_deletable",
        )
    if product.inquiries.exists():
        raise Conflict(_("This product has inquiries; archive it instead."), code="not_deletable")
    audit_record(
        actor=actor, action="catalog.product.deleted", target=product, from_state=product.status
    )
    search_mark_products_dirty(product_ids=[product.pk])
    public_changed_send(kind="product", object_ids=[product.pk], event="product.deleted")
    product.delete()
