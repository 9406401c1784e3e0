"""Complaints about an order (D132): the buyer opens one within ORDER_COMPLAINT_WINDOW_DAYS of
delivery, the storefront answers, a moderator steps in and decides. Every message and decision
is a ComplaintMessage row, and every move a core.workflow.transition() with its audit row.

open → answered (the storefront's first message) · open|answered → escalated (the buyer, or a
moderator stepping in) · escalated → decided (a moderator: for the buyer, for the storefront,
rejected; with a reason) · open|answered|escalated → withdrawn (the buyer)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.permissions import is_member, is_moderator
from marketplace.services.notifications import vendor_member_emails
from orders.models import (
    Complaint,
    ComplaintDecision,
    ComplaintMessage,
    ComplaintRole,
    ComplaintStatus,
    Order,
    OrderStatus,
)

C = ComplaintStatus
COMPLAINT_LIFECYCLE = lifecycle(
    {
        C.OPEN: {C.ANSWERED, C.ESCALATED, C.WITHDRAWN},
        C.ANSWERED: {C.ESCALATED, C.WITHDRAWN},
        C.ESCALATED: {C.DECIDED, C.WITHDRAWN},
    }
)
CLOSED = frozenset({C.DECIDED, C.WITHDRAWN})
AFTER_DELIVERY = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.RETURNED})


def role_of(actor: User, complaint: Complaint) -> str | None:
    """The actor's part in the thread: buyer, storefront, moderator, or none."""
    if complaint.order.buyer_id == actor.pk:
        return ComplaintRole.BUYER
    if is_member(actor, complaint.order.vendor):
        return ComplaintRole.STOREFRONT
    if is_moderator(actor):
        return ComplaintRole.MODERATOR
    return None


def _locked(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("order__vendor", "order__buyer")
        .get(pk=complaint.pk)
    )


def _notify(complaint: Complaint, *, buyer: bool, storefront: bool, what: str) -> None:
    recipients = []
    if buyer:
        recipients.append(complaint.order.buyer.email)
    if storefront:
        recipients.extend(vendor_member_emails(complaint.order.vendor))
    email_after_commit(
        recipients=recipients,
        subject=_("Complaint #%(id)s about order %(number)s")
        % {"id": complaint.pk, "number": complaint.order.number},
        body=what,
    )


@transaction.atomic
def complaint_open(
    *, order: Order, actor: User, reason: str, body: str, now: dt.datetime | None = None
) -> Complaint:
    order = Order.objects.select_for_update(of=("self",)).select_related("vendor").get(pk=order.pk)
    if order.buyer_id != actor.pk:
        raise NotAllowed(_("Only the buyer may complain about this order."))
    if order.status not in AFTER_DELIVERY or order.delivered_at is None:
        raise Conflict(
            _("A complaint can be opened once the order is delivered."), code="not_delivered"
        )
    now = now or timezone.now()
    days = settings.ORDER_COMPLAINT_WINDOW_DAYS
    if now > order.delivered_at + dt.timedelta(days=days):
        raise Conflict(
            _("Complaints are accepted within %(days)s days of delivery.") % {"days": days},
            code="complaint_window_closed",
        )
    if order.complaints.exclude(status__in=CLOSED).exists():
        raise Conflict(
            _("This order already has a complaint under way."), code="complaint_under_way"
        )
    if not body.strip():
        raise ValidationFailed(_("Say what went wrong."), errors={"body": [_("Required.")]})
    complaint = Complaint.objects.create(order=order, reason=reason)
    ComplaintMessage.objects.create(
        complaint=complaint, author=actor, role=ComplaintRole.BUYER, body=body
    )
    audit_record(actor=actor, action="orders.complaint.opened", target=complaint, to_state=C.OPEN)
    _notify(complaint, buyer=False, storefront=True, what=body)
    return complaint


@transaction.atomic
def complaint_message(*, complaint: Complaint, actor: User, body: str) -> ComplaintMessage:
    """A message in the thread; the storefront's first answer moves open → answered."""
    complaint = _locked(complaint)
    role = role_of(actor, complaint)
    if role is None:
        raise NotAllowed(_("Only the buyer, the storefront and moderators take part."))
    if complaint.status in CLOSED:
        raise Conflict(_("This complaint is closed."), code="complaint_closed")
    if role == ComplaintRole.MODERATOR and complaint.status != C.ESCALATED:
        raise Conflict(_("Step in (escalate) before writing as a moderator."), code="not_escalated")
    if not body.strip():
        raise ValidationFailed(_("Write a message."), errors={"body": [_("Required.")]})
    message = ComplaintMessage.objects.create(
        complaint=complaint, author=actor, role=role, body=body
    )
    if role == ComplaintRole.STOREFRONT and complaint.status == C.OPEN:
        transition(
            instance=complaint,
            to=C.ANSWERED,
            actor=actor,
            table=COMPLAINT_LIFECYCLE,
            action="orders.complaint.answered",
        )
    else:
        complaint.save(update_fields=["updated_at"])
    _notify(
        complaint,
        buyer=role != ComplaintRole.BUYER,
        storefront=role != ComplaintRole.STOREFRONT,
        what=body,
    )
    return message


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, actor: User, reason: str = "") -> Complaint:
    """The buyer asks the exchange to decide, or a moderator steps in."""
    complaint = _locked(complaint)
    role = role_of(actor, complaint)
    if role not in (ComplaintRole.BUYER, ComplaintRole.MODERATOR):
        raise NotAllowed(_("Only the buyer or a moderator may escalate a complaint."))
    moved = transition(
        instance=complaint,
        to=C.ESCALATED,
        actor=actor,
        table=COMPLAINT_LIFECYCLE,
        action="orders.complaint.escalated",
        reason=reason,
        changes={"escalated_at": timezone.now()},
    )
    if reason.strip():
        ComplaintMessage.objects.create(complaint=moved, author=actor, role=role, body=reason)
    _notify(moved, buyer=True, storefront=True, what=_("The exchange's moderators will decide."))
    return moved


@transaction.atomic
def complaint_decide(*, complaint: Complaint, actor: User, decision: str, reason: str) -> Complaint:
    complaint = _locked(complaint)
    if not is_moderator(actor) or role_of(actor, complaint) != ComplaintRole.MODERATOR:
        raise NotAllowed(_("Only a moderator who is not a party may decide a complaint."))
    moved = transition(
        instance=complaint,
        to=C.DECIDED,
        actor=actor,
        table=COMPLAINT_LIFECYCLE,
        action="orders.complaint.decided",
        reason=reason,
        reason_required=True,
        changes={"decision": decision, "decided_by": actor},
        data={"decision": decision},
    )
    label = ComplaintDecision(decision).label
    ComplaintMessage.objects.create(
        complaint=moved, author=actor, role=ComplaintRole.MODERATOR, body=f"{label}: {reason}"
    )
    _notify(moved, buyer=True, storefront=True, what=f"{label}\n\n{reason}")
    return moved


@transaction.atomic
def complaint_withdraw(*, complaint: Complaint, actor: User, reason: str = "") -> Complaint:
    complaint = _locked(complaint)
    if role_of(actor, complaint) != ComplaintRole.BUYER:
        raise NotAllowed(_("Only the buyer may withdraw a complaint."))
    moved = transition(
        instance=complaint,
        to=C.WITHDRAWN,
        actor=actor,
        table=COMPLAINT_LIFECYCLE,
        action="orders.complaint.withdrawn",
        reason=reason,
    )
    _notify(moved, buyer=False, storefront=True, what=_("The buyer withdrew the complaint."))
    return moved
