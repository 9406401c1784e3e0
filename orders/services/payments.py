"""A payment's lifecycle: pending → paid | failed | expired; paid → refunded. Each move is a
core.workflow.transition() (row lock, audit row). The gateway side (VNPay IPN, expiry) is in
orders.services.gateway; what the buyer must do to pay is `payment_instructions`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, NotAllowed
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.permissions import is_member, is_moderator
from orders.models import Order, Payment, PaymentMethod, PaymentStatus
from orders.services import vnpay
from orders.services.sales import sales_terms
from orders.services.vietqr import vietqr_payload
from orders.signals import PAYMENT_PAID, order_changed_send

P = PaymentStatus
PAYMENT_LIFECYCLE = lifecycle(
    {
        P.PENDING: {P.PAID, P.FAILED, P.EXPIRED},
        P.PAID: {P.REFUNDED},
    }
)


def payment_move(
    payment: Payment,
    to: str,
    actor: User | None,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Payment:
    moved = transition(
        instance=payment,
        to=to,
        actor=actor,
        table=PAYMENT_LIFECYCLE,
        action=f"orders.payment.{to}",
        reason=reason,
        changes=changes,
        data=data,
    )
    if to == P.PAID:
        vendor_id = Order.objects.values_list("vendor_id", flat=True).get(pk=moved.order_id)
        order_changed_send(order_id=moved.order_id, vendor_id=vendor_id, event=PAYMENT_PAID)
    return moved


def payment_collect_cash(*, order: Order, actor: User) -> None:
    """Cash on delivery: the storefront got the money when it delivered."""
    payment = Payment.objects.select_for_update().get(order=order)
    if payment.status == P.PENDING:
        payment_move(payment, P.PAID, actor, changes={"paid_at": timezone.now()})


@transaction.atomic
def payment_mark_paid(*, order: Order, actor: User, reference: str = "") -> Payment:
    """The storefront saw the transfer arrive (bank transfer; or cash before delivery)."""
    if not (is_member(actor, order.vendor) or is_moderator(actor)):
        raise NotAllowed(_("Only the storefront that sells this order may do this."))
    payment = Payment.objects.select_for_update().get(order=order)
    if payment.method == PaymentMethod.VNPAY:
        raise Conflict(
            _("VNPay payments are confirmed by the gateway only."), code="paid_by_gateway"
        )
    if order.status in ("cancelled", "returned"):
        raise Conflict(_("This order is closed."), code="order_closed")
    return payment_move(
        payment,
        P.PAID,
        actor,
        changes={"paid_at": timezone.now(), "gateway_reference": reference[:100]},
    )


def payment_close_for_cancelled(*, order: Order, actor: User | None, reason: str = "") -> None:
    """An order that will not be delivered: an open payment fails, a paid one is refunded (the
    money goes back outside the exchange; the row records that it is owed)."""
    payment = Payment.objects.select_for_update().get(order=order)
    if payment.status == P.PENDING:
        payment_move(payment, P.FAILED, actor, reason=reason or _("The order was cancelled."))
    elif payment.status == P.PAID:
        payment_move(payment, P.REFUNDED, actor, reason=reason or _("The order was cancelled."))


def payment_instructions(
    order: Order, *, client_ip: str = "", now: dt.datetime | None = None
) -> dict[str, Any]:
    """What the buyer must do to pay this order, while its payment is open."""
    payment = order.payment
    out: dict[str, Any] = {
        "method": payment.method,
        "status": payment.status,
        "amount": payment.amount,
        "expires_at": payment.expires_at,
    }
    if payment.status != P.PENDING:
        return out
    if payment.method == PaymentMethod.BANK_TRANSFER:
        terms = sales_terms(order.vendor)
        out["bank_transfer"] = {
            "bank_bin": terms.bank_bin,
            "account": terms.bank_account,
            "account_name": terms.bank_account_name,
            "reference": order.number,
            "vietqr": vietqr_payload(
                bank_bin=terms.bank_bin,
                account=terms.bank_account,
                amount=payment.amount,
                reference=order.number,
            ),
        }
    elif payment.method == PaymentMethod.VNPAY and payment.expires_at is not None:
        created = now or timezone.now()
        if created < payment.expires_at:
            out["vnpay_url"] = vnpay.payment_url(
                reference=order.number,
                amount=payment.amount,
                description=f"Thanh toan don hang {order.number}",
                client_ip=client_ip,
                created=created,
                expires=payment.expires_at,
            )
    return out
