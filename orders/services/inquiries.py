"""Writes on buyer inquiries: sending one, replying in its thread, closing it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import product_list_public
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from core.notifications import email_after_commit
from marketplace.models import User, VendorMembership
from marketplace.permissions import is_member, is_moderator
from marketplace.services.notifications import vendor_member_emails
from orders.models import Inquiry, InquiryMessage, InquiryStatus


@transaction.atomic
def inquiry_create(
    *,
    product_slug: str,
    actor: User,
    quantity: int,
    message: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str = "",
) -> Inquiry:
    product = product_list_public().filter(slug=product_slug).first()
    if product is None:
        raise NotFound(_("This product is not on sale."))
    if is_member(actor, product.vendor):
        raise NotAllowed(_("You cannot send an inquiry to your own storefront."))
    if quantity < product.min_order_quantity:
        raise ValidationFailed(
            _("The minimum order is %(n)s.") % {"n": product.min_order_quantity},
            errors={"quantity": [_("At least %(n)s.") % {"n": product.min_order_quantity}]},
        )
    inquiry = Inquiry.objects.create(
        product=product,
        vendor=product.vendor,
        buyer=actor,
        quantity=quantity,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email or actor.email,
    )
    InquiryMessage.objects.create(inquiry=inquiry, author=actor, body=message, from_vendor=False)
    email_after_commit(
        recipients=vendor_member_emails(product.vendor),
        subject=_("New inquiry about “%(name)s”") % {"name": product.name},
        body=_("%(who)s asks about %(qty)s × %(name)s:\n\n%(message)s")
        % {"who": contact_name, "qty": quantity, "name": product.name, "message": message},
    )
    return inquiry


@transaction.atomic
def inquiry_open_by_vendor(
    *,
    product: Product,
    buyer: User,
    actor: User,
    quantity: int,
    message: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str = "",
) -> Inquiry:
    """A thread the storefront opens with a buyer (its offer on a buy lead, leads/): the same
    inquiry, already answered, the storefront's message first."""
    inquiry = Inquiry.objects.create(
        product=product,
        vendor=product.vendor,
        buyer=buyer,
        quantity=quantity,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email or buyer.email,
        status=InquiryStatus.ANSWERED,
    )
    InquiryMessage.objects.create(inquiry=inquiry, author=actor, body=message, from_vendor=True)
    email_after_commit(
        recipients=[inquiry.contact_email],
        subject=_("An offer about “%(name)s”") % {"name": product.name},
        body=message,
    )
    return inquiry


@transaction.atomic
def inquiry_reply(*, inquiry: Inquiry, actor: User, body: str) -> InquiryMessage:
    inquiry = Inquiry.objects.select_for_update().select_related("product").get(pk=inquiry.pk)
    from_vendor = is_member(actor, inquiry.vendor)
    if not from_vendor and inquiry.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer and the storefront's members take part in this thread."))
    if inquiry.status == InquiryStatus.CLOSED:
        raise Conflict(_("This inquiry is closed."), code="inquiry_closed")
    message = InquiryMessage.objects.create(
        inquiry=inquiry, author=actor, body=body, from_vendor=from_vendor
    )
    inquiry.status = InquiryStatus.ANSWERED if from_vendor else InquiryStatus.OPEN
    inquiry.save(update_fields=["status", "updated_at"])
    if from_vendor:
        recipients = [inquiry.contact_email or inquiry.buyer.email]
    else:
        recipients = vendor_member_emails(inquiry.vendor)
    email_after_commit(
        recipients=recipients,
        subject=_("New reply about “%(name)s”") % {"name": inquiry.product.name},
        body=body,
    )
    return message


@transaction.atomic
def inquiry_close(*, inquiry: Inquiry, actor: User) -> Inquiry:
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    allowed = (
        inquiry.buyer_id == actor.pk
        or is_moderator(actor)
        or VendorMembership.objects.filter(vendor_id=inquiry.vendor_id, user=actor).exists()
    )
    if not allowed:
        raise NotAllowed(_("Only the buyer, the storefront or a moderator may close this inquiry."))
    if inquiry.status == InquiryStatus.CLOSED:
        raise Conflict(_("This inquiry is already closed."), code="illegal_transition")
    previous = inquiry.status
    inquiry.status = InquiryStatus.CLOSED
    inquiry.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="marketplace.inquiry.closed",
        target=inquiry,
        from_state=previous,
        to_state=inquiry.status,
    )
    return inquiry
