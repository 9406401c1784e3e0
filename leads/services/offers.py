"""A storefront answers a buy lead with an offer: an inquiry thread with the buyer opens on one
of its products, the offer its first message (D147)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.selectors import product_public_filter
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from leads.models import Lead, LeadKind, LeadOffer
from leads.selectors import lead_public_filter
from marketplace.models import User, Vendor
from marketplace.permissions import require_member
from orders.services.inquiries import inquiry_open_by_vendor


@transaction.atomic
def lead_offer(
    *, lead: Lead, actor: User, vendor: Vendor, product_slug: str, quantity: int, message: str
) -> LeadOffer:
    require_member(actor, vendor)
    if not Lead.objects.filter(lead_public_filter(), pk=lead.pk).exists():
        raise NotFound(_("This lead is not open."))
    if lead.kind != LeadKind.BUY:
        raise Conflict(_("Only a buy lead takes offers."), code="not_a_buy_lead")
    if lead.poster_id == actor.pk:
        raise NotAllowed(_("You cannot answer your own lead."))
    product = Product.objects.filter(
        product_public_filter(), vendor=vendor, slug=product_slug
    ).first()
    if product is None:
        raise ValidationFailed(
            _("Offer one of this storefront's published products."),
            errors={"product": [_("Not a published product of this storefront.")]},
        )
    if LeadOffer.objects.filter(lead=lead, vendor=vendor).exists():
        raise Conflict(_("This storefront already answered this lead."), code="already_offered")
    inquiry = inquiry_open_by_vendor(
        product=product,
        buyer=lead.poster,
        actor=actor,
        quantity=min(quantity, 2**31 - 1),
        contact_name=lead.contact_name,
        contact_phone=lead.contact_phone,
        contact_email=lead.contact_email,
        message=message,
    )
    try:
        with transaction.atomic():
            offer = LeadOffer.objects.create(lead=lead, vendor=vendor, inquiry=inquiry)
    except IntegrityError:  # two members of one storefront at once
        raise Conflict(
            _("This storefront already answered this lead."), code="already_offered"
        ) from None
    audit_record(
        actor=actor, action="leads.lead.offered", target=lead, data={"vendor": vendor.slug}
    )
    return offer
