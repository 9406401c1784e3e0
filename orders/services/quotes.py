"""Quotes: a storefront answers an inquiry with prices; the buyer accepts one and it becomes
an order through checkout_place (orders.services.checkout) at the quoted prices (D130).

open → accepted (the inquiry's buyer, on or before `valid_until`, Asia/Ho_Chi_Minh dates)
open → withdrawn (a member of the storefront). Both go through core.workflow.transition().

`LOCKS_ENABLED` and `RACE_WINDOW` exist for the concurrency tests only (tests/concurrency/
test_quotes.py), as in orders.services.stock: with the quote's lock off and a pause between the
checks and the checkout, parallel acceptances all pass the checks; transition()'s own re-read
under lock is then what keeps it to one order (D160)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.selectors import product_list_public
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.permissions import is_member
from orders.models import Inquiry, InquiryStatus, Order, Quote, QuoteLine, QuoteStatus
from orders.services.checkout import Delivery, Quoted, checkout_place

Q = QuoteStatus
QUOTE_LIFECYCLE = lifecycle({Q.OPEN: {Q.ACCEPTED, Q.WITHDRAWN}})
LOCKS_ENABLED = True
RACE_WINDOW: Callable[[], None] = lambda: None  # noqa: E731


@transaction.atomic
def quote_create(
    *,
    inquiry: Inquiry,
    actor: User,
    lines: Sequence[tuple[str, int, int]],
    shipping_fee: int,
    valid_until: dt.date,
    note: str = "",
) -> Quote:
    """`lines` are (product slug, quantity, unit price): the storefront's published products,
    price-on-request ones included."""
    inquiry = Inquiry.objects.select_for_update().select_related("vendor").get(pk=inquiry.pk)
    if not is_member(actor, inquiry.vendor):
        raise NotAllowed(_("Only the storefront asked may quote."))
    if inquiry.status == InquiryStatus.CLOSED:
        raise Conflict(_("This inquiry is closed."), code="inquiry_closed")
    if valid_until < timezone.localdate():
        raise ValidationFailed(
            _("A quote must be valid until today or later."),
            errors={"valid_until": [_("This day is past.")]},
        )
    slugs = [slug for slug, _q, _p in lines]
    if not lines or len(set(slugs)) != len(slugs):
        raise ValidationFailed(
            _("Quote each product once, at least one."), errors={"lines": [_("Check the lines.")]}
        )
    products = {
        p.slug: p
        for p in product_list_public()
        .filter(vendor_id=inquiry.vendor_id, slug__in=slugs)
        .order_by()
    }
    missing = [slug for slug in slugs if slug not in products]
    if missing:
        raise ValidationFailed(
            _("Quote only this storefront's products on sale."),
            errors={"lines": [_("Not on sale here: %(slugs)s.") % {"slugs": ", ".join(missing)}]},
        )
    quote = Quote.objects.create(
        inquiry=inquiry,
        author=actor,
        shipping_fee=shipping_fee,
        valid_until=valid_until,
        note=note,
    )
    QuoteLine.objects.bulk_create(
        QuoteLine(quote=quote, product=products[slug], quantity=qty, unit_price=price)
        for slug, qty, price in lines
    )
    inquiry.status = InquiryStatus.ANSWERED
    inquiry.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="orders.quote.created", target=quote, to_state=Q.OPEN)
    email_after_commit(
        recipients=[inquiry.contact_email or inquiry.buyer.email],
        subject=_("A quote from %(shop)s") % {"shop": inquiry.vendor.display_name},
        body=_("%(shop)s sent you a quote, valid until %(day)s.")
        % {"shop": inquiry.vendor.display_name, "day": valid_until.strftime("%d/%m/%Y")},
    )
    return quote


def _locked(quote: Quote) -> Quote:
    rows = Quote.objects.select_related("inquiry__vendor")
    if LOCKS_ENABLED:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=quote.pk)


def quote_state(quote: Quote, today: dt.date | None = None) -> str:
    """What people see: an open quote past its day reads `expired` (it is never stored)."""
    today = today or timezone.localdate()
    if quote.status == Q.OPEN and quote.valid_until < today:
        return "expired"
    return str(quote.status)


@transaction.atomic
def quote_withdraw(*, quote: Quote, actor: User, reason: str = "") -> Quote:
    quote = _locked(quote)
    if not is_member(actor, quote.inquiry.vendor):
        raise NotAllowed(_("Only the storefront that quoted may withdraw this quote."))
    if quote.status != Q.OPEN:
        raise Conflict(_("Only an open quote can be withdrawn."), code="quote_not_open")
    moved = transition(
        instance=quote,
        to=Q.WITHDRAWN,
        actor=actor,
        table=QUOTE_LIFECYCLE,
        action="orders.quote.withdrawn",
        reason=reason,
    )
    email_after_commit(
        recipients=[quote.inquiry.contact_email or quote.inquiry.buyer.email],
        subject=_("A quote was withdrawn"),
        body=_("%(shop)s withdrew its quote #%(id)s.%(reason)s")
        % {
            "shop": quote.inquiry.vendor.display_name,
            "id": quote.pk,
            "reason": f"\n\n{reason}" if reason else "",
        },
    )
    return moved


@transaction.atomic
def quote_accept(
    *, quote: Quote, actor: User, delivery: Delivery, payment_method: str
) -> tuple[Quote, Order]:
    """The inquiry's buyer accepts: one order, through the checkout, at the quoted prices.
    The quote's row lock makes a second acceptance wait and then see `accepted`."""
    quote = _locked(quote)
    if quote.inquiry.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer who asked may accept this quote."))
    if quote.status == Q.WITHDRAWN:
        raise Conflict(_("The storefront withdrew this quote."), code="quote_withdrawn")
    if quote.status == Q.ACCEPTED:
        raise Conflict(_("This quote is already accepted."), code="quote_accepted")
    if quote_state(quote) == "expired":
        raise Conflict(
            _("This quote expired on %(day)s: ask the storefront for a new one.")
            % {"day": quote.valid_until.strftime("%d/%m/%Y")},
            code="quote_expired",
        )
    RACE_WINDOW()
    lines = list(quote.lines.select_related("product"))
    checkout = checkout_place(
        buyer=actor,
        delivery=delivery,
        lines=[(ln.product.slug, ln.quantity) for ln in lines],
        payment_method=payment_method,
        quoted=Quoted(
            prices={ln.product.slug: ln.unit_price for ln in lines},
            shipping_fee=quote.shipping_fee,
        ),
    )
    order = checkout.orders.get()
    moved = transition(
        instance=quote,
        to=Q.ACCEPTED,
        actor=actor,
        table=QUOTE_LIFECYCLE,
        action="orders.quote.accepted",
        changes={"order": order},
        data={"order": order.number},
    )
    return moved, order
