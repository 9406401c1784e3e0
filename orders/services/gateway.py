"""What the payment gateway and the clock do to orders: VNPay's IPN, unpaid orders expiring.

The IPN is the truth about a VNPay payment (the return URL only shows the buyer a result).
It answers VNPay's codes: 97 bad signature, 01 order not found, 04 wrong amount, 02 already
confirmed (so a replay changes nothing), 00 recorded, 99 anything else.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import transition
from orders.models import Order, OrderStatus, Payment, PaymentMethod, PaymentStatus
from orders.services import stock, vnpay
from orders.services.lifecycle import ORDER_LIFECYCLE
from orders.services.payments import payment_move
from orders.signals import ORDER_STATUS_CHANGED, order_changed_send

log = logging.getLogger(__name__)

IPN_OK = ("00", "Confirm Success")
IPN_NOT_FOUND = ("01", "Order not found")
IPN_ALREADY = ("02", "Order already confirmed")
IPN_AMOUNT = ("04", "invalid amount")
IPN_SIGNATURE = ("97", "Invalid signature")
IPN_OTHER = ("99", "Unknown error")


def vnpay_ipn(params: Mapping[str, str]) -> tuple[str, str]:
    """Record what VNPay says about a payment; returns (RspCode, Message)."""
    if not vnpay.signature_valid(params):
        return IPN_SIGNATURE
    try:
        return _ipn_apply(params)
    except Exception:  # the gateway retries on 99; our log keeps the cause
        log.exception("VNPay IPN failed")
        return IPN_OTHER


@transaction.atomic
def _ipn_apply(params: Mapping[str, str]) -> tuple[str, str]:
    order = (
        Order.objects.select_for_update(of=("self",))
        .filter(number=params.get("vnp_TxnRef", ""), payment_method=PaymentMethod.VNPAY)
        .first()
    )
    if order is None:
        return IPN_NOT_FOUND
    payment = Payment.objects.select_for_update().get(order=order)
    amount = params.get("vnp_Amount", "")
    if not amount.isdigit() or int(amount) != payment.amount * 100:
        return IPN_AMOUNT
    if payment.status != PaymentStatus.PENDING:
        return IPN_ALREADY
    data = {
        k: params.get(k, "")
        for k in ("vnp_TransactionNo", "vnp_ResponseCode", "vnp_TransactionStatus", "vnp_BankCode")
    }
    succeeded = (
        params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus", "00") == "00"
    )
    if succeeded:
        payment_move(
            payment,
            PaymentStatus.PAID,
            None,
            changes={
                "paid_at": timezone.now(),
                "gateway_reference": params.get("vnp_TransactionNo", "")[:100],
            },
            data=data,
        )
    else:
        payment_move(
            payment,
            PaymentStatus.FAILED,
            None,
            reason=_("VNPay answered %(code)s.") % {"code": data["vnp_ResponseCode"]},
            data=data,
        )
        _cancel_unpaid(order, _("The online payment failed."))
    return IPN_OK


def _cancel_unpaid(order: Order, reason: str) -> None:
    if order.status not in (OrderStatus.PLACED, OrderStatus.CONFIRMED):
        return
    moved = transition(
        instance=order,
        to=OrderStatus.CANCELLED,
        actor=None,
        table=ORDER_LIFECYCLE,
        action="orders.order.cancelled",
        reason=reason,
        changes={"closed_at": timezone.now()},
    )
    order_changed_send(order_id=moved.pk, vendor_id=moved.vendor_id, event=ORDER_STATUS_CHANGED)
    stock.stock_return(moved)


def payment_expire_due(now: dt.datetime | None = None) -> int:
    """Expire online payments left unpaid past their time: the order is cancelled and its
    units go back to stock. One transaction per order; returns how many expired."""
    now = now or timezone.now()
    due = list(
        Payment.objects.filter(
            status=PaymentStatus.PENDING, expires_at__isnull=False, expires_at__lte=now
        ).values_list("order_id", flat=True)[:500]
    )
    expired = 0
    for order_id in due:
        with transaction.atomic():
            order = Order.objects.select_for_update(of=("self",)).get(pk=order_id)
            payment = Payment.objects.select_for_update().get(order=order)
            if payment.status != PaymentStatus.PENDING or payment.expires_at > now:  # type: ignore[operator]
                continue  # paid (or moved) meanwhile
            payment_move(payment, PaymentStatus.EXPIRED, None, reason=_("Not paid in time."))
            _cancel_unpaid(order, _("The payment was not made in time."))
            expired += 1
    return expired
