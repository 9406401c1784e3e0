"""An order's lifecycle: placed → confirmed → shipped → delivered → completed, cancelled before
shipping, returned after delivery within ORDER_RETURN_WINDOW_DAYS. Every move goes through
core.workflow.transition() (row lock, audit row); the buyer is e-mailed after commit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.permissions import is_member, is_moderator
from orders.models import Order, OrderStatus, PaymentMethod, PaymentStatus
from orders.services import stock
from orders.services.payments import (
    P,
    payment_close_for_cancelled,
    payment_collect_cash,
    payment_move,
)
from orders.signals import ORDER_STATUS_CHANGED, order_changed_send

S = OrderStatus
ORDER_LIFECYCLE = lifecycle(
    {
        S.PLACED: {S.CONFIRMED, S.CANCELLED},
        S.CONFIRMED: {S.SHIPPED, S.CANCELLED},
        S.SHIPPED: {S.DELIVERED},
        S.DELIVERED: {S.COMPLETED, S.RETURNED},
    }
)
PREPAID = frozenset({PaymentMethod.BANK_TRANSFER, PaymentMethod.VNPAY})


def _locked(order: Order) -> Order:
    """The order re-read under its row lock: every check below sees the committed state."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("vendor", "buyer", "payment")
        .get(pk=order.pk)
    )


def _seller(actor: User, order: Order) -> None:
    if not (is_member(actor, order.vendor) or is_moderator(actor)):
        raise NotAllowed(_("Only the storefront that sells this order may do this."))


def _buyer(actor: User, order: Order) -> None:
    if order.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer may do this."))


def _move(
    order: Order,
    to: str,
    actor: User | None,
    *,
    reason: str = "",
    reason_required: bool = False,
    only_from: set[str] | None = None,
    changes: dict[str, object] | None = None,
) -> Order:
    moved = transition(
        instance=order,
        to=to,
        actor=actor,
        table=ORDER_LIFECYCLE,
        action=f"orders.order.{to}",
        reason=reason,
        reason_required=reason_required,
        only_from=only_from,
        changes=changes,
    )
    order_changed_send(order_id=moved.pk, vendor_id=moved.vendor_id, event=ORDER_STATUS_CHANGED)
    email_after_commit(
        recipients=[moved.buyer.email],
        subject=_("Order %(number)s: %(status)s")
        % {"number": moved.number, "status": moved.get_status_display()},
        body=_("Your order %(number)s is now “%(status)s”.%(reason)s")
        % {
            "number": moved.number,
            "status": moved.get_status_display(),
            "reason": f"\n\n{reason}" if reason else "",
        },
    )
    return moved


@transaction.atomic
def order_confirm(*, order: Order, actor: User) -> Order:
    order = _locked(order)
    _seller(actor, order)
    return _move(order, S.CONFIRMED, actor, changes={"confirmed_at": timezone.now()})


@transaction.atomic
def order_ship(*, order: Order, actor: User, carrier: str, tracking_code: str) -> Order:
    order = _locked(order)
    _seller(actor, order)
    if order.payment_method in PREPAID and order.payment.status != PaymentStatus.PAID:
        raise Conflict(_("This order is paid in advance and is not paid yet."), code="unpaid")
    if not carrier.strip() or not tracking_code.strip():
        raise ValidationFailed(
            _("Give the carrier and the tracking code."),
            errors={"tracking_code": [_("Required to ship.")]},
        )
    return _move(
        order,
        S.SHIPPED,
        actor,
        changes={
            "carrier": carrier.strip(),
            "tracking_code": tracking_code.strip(),
            "shipped_at": timezone.now(),
        },
    )


@transaction.atomic
def order_deliver(*, order: Order, actor: User) -> Order:
    order = _locked(order)
    _seller(actor, order)
    moved = _move(order, S.DELIVERED, actor, changes={"delivered_at": timezone.now()})
    if moved.payment_method == PaymentMethod.COD:
        payment_collect_cash(order=moved, actor=actor)
    return moved


@transaction.atomic
def order_complete(*, order: Order, actor: User) -> Order:
    order = _locked(order)
    if not is_moderator(actor):
        _buyer(actor, order)
    return _move(order, S.COMPLETED, actor, changes={"closed_at": timezone.now()})


@transaction.atomic
def order_cancel(*, order: Order, actor: User, reason: str = "") -> Order:
    """The buyer before confirmation; the storefront or a moderator, with a reason, before
    shipping. The units go back to stock and an open payment closes."""
    order = _locked(order)
    if order.buyer_id == actor.pk:
        only_from: set[str] = {S.PLACED}
        needs_reason = False
    else:
        _seller(actor, order)
        only_from, needs_reason = {S.PLACED, S.CONFIRMED}, True
    moved = _move(
        order,
        S.CANCELLED,
        actor,
        reason=reason,
        reason_required=needs_reason,
        only_from=only_from,
        changes={"closed_at": timezone.now()},
    )
    stock.stock_return(moved)
    payment_close_for_cancelled(order=moved, actor=actor)
    return moved


@transaction.atomic
def order_return(
    *, order: Order, actor: User, reason: str, now: dt.datetime | None = None
) -> Order:
    order = _locked(order)
    _buyer(actor, order)
    now = now or timezone.now()
    window = dt.timedelta(days=settings.ORDER_RETURN_WINDOW_DAYS)
    if order.status == S.DELIVERED and (
        order.delivered_at is None or now > order.delivered_at + window
    ):
        raise Conflict(
            _("Returns are accepted within %(days)s days of delivery.")
            % {"days": settings.ORDER_RETURN_WINDOW_DAYS},
            code="return_window_closed",
        )
    moved = _move(
        order, S.RETURNED, actor, reason=reason, reason_required=True, changes={"closed_at": now}
    )
    if moved.payment.status == P.PAID:
        payment_move(moved.payment, P.REFUNDED, actor, reason=reason)
    return moved
