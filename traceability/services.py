"""Writes on lots and their events: record and edit (the storefront's members), publish, recall
(members or a moderator, with a reason). Every lifecycle move goes through core.workflow."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.errors import Conflict, NotFound, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.permissions import require_member, require_member_or_moderator
from orders.models import OrderLine, OrderStatus
from traceability.codes import LOT_CODE_RE, public_code_new
from traceability.models import Lot, LotEvent, LotOrderLine, LotStatus

LOT_LIFECYCLE = lifecycle(
    {
        LotStatus.DRAFT: {LotStatus.PUBLISHED},
        LotStatus.PUBLISHED: {LotStatus.RECALLED},
    }
)
# Words the lot URLs use for themselves (products/{slug}/lots/export/).
RESERVED_CODES = frozenset({"export"})


def _check_lot(lot: Lot) -> None:
    errors: dict[str, list[str]] = {}
    if not LOT_CODE_RE.match(lot.code) or lot.code.lower() in RESERVED_CODES:
        errors["code"] = [
            _("Use up to 20 letters, digits, hyphens, dots or underscores (GS1 lot number).")
        ]
    if lot.best_before is not None and lot.best_before <= lot.produced_on:
        errors["best_before"] = [_("The best-before date must come after the production date.")]
    if lot.produced_on > timezone.localdate():
        errors["produced_on"] = [_("The production date cannot be in the future.")]
    if (lot.latitude is None) != (lot.longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), errors=errors)
    duplicate = Lot.objects.filter(product_id=lot.product_id, code=lot.code).exclude(pk=lot.pk)
    if duplicate.exists():
        raise ValidationFailed(
            _("This product already has a lot with this code."),
            errors={"code": [_("This product already has a lot with this code.")]},
        )


def _save(lot: Lot) -> None:
    try:
        with transaction.atomic():
            lot.save()
    except IntegrityError as exc:  # a concurrent twin passed the check first
        raise ValidationFailed(
            _("This product already has a lot with this code."),
            errors={"code": [_("This product already has a lot with this code.")]},
        ) from exc


@transaction.atomic
def lot_create(*, product: Product, actor: User, **fields: Any) -> Lot:
    require_member(actor, product.vendor)
    lot = Lot(product=product, created_by=actor, public_code=public_code_new(), **fields)
    if lot.unit_id is None:
        lot.unit_id = product.unit_id
    if lot.origin_commune_id is None:
        lot.origin_commune_id = product.origin_commune_id
    _check_lot(lot)
    _save(lot)
    audit_record(actor=actor, action="lot.create", target=lot, to_state=lot.status)
    return lot


@transaction.atomic
def lot_update(*, lot: Lot, actor: User, **fields: Any) -> Lot:
    require_member(actor, lot.product.vendor)
    locked = Lot.objects.select_for_update().select_related("product").get(pk=lot.pk)
    if locked.status != LotStatus.DRAFT:
        raise Conflict(
            _("A published lot cannot be changed; record a correcting event instead."),
            errors={"status": [_("Only draft lots can be edited.")]},
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    _check_lot(locked)
    _save(locked)
    audit_record(actor=actor, action="lot.update", target=locked, data={"fields": sorted(fields)})
    return locked


@transaction.atomic
def lot_delete(*, lot: Lot, actor: User) -> None:
    require_member(actor, lot.product.vendor)
    locked = Lot.objects.select_for_update().get(pk=lot.pk)
    if locked.status != LotStatus.DRAFT:
        raise Conflict(
            _("Only draft lots can be deleted."),
            errors={"status": [_("Only draft lots can be deleted.")]},
        )
    audit_record(actor=actor, action="lot.delete", target=locked, from_state=locked.status)
    locked.events.all().delete()
    locked.delete()


@transaction.atomic
def lot_publish(*, lot: Lot, actor: User) -> Lot:
    require_member(actor, lot.product.vendor)
    published = transition(
        instance=lot,
        to=LotStatus.PUBLISHED,
        actor=actor,
        table=LOT_LIFECYCLE,
        action="lot.publish",
        changes={"published_at": timezone.now()},
    )
    public_changed_send(kind="lot", object_ids=[published.pk], event="lot.published")
    return published


@transaction.atomic
def lot_recall(*, lot: Lot, actor: User, reason: str) -> Lot:
    require_member_or_moderator(actor, lot.product.vendor)
    recalled = transition(
        instance=lot,
        to=LotStatus.RECALLED,
        actor=actor,
        table=LOT_LIFECYCLE,
        action="lot.recall",
        reason=reason,
        reason_required=True,
        changes={"recalled_at": timezone.now()},
    )
    public_changed_send(kind="lot", object_ids=[recalled.pk], event="lot.recalled")
    _tell_buyers_of_recall(recalled, lot.product, reason=recalled.status_reason)
    return recalled


def _tell_buyers_of_recall(lot: Lot, product: Product, *, reason: str) -> None:
    """One e-mail per buyer whose order line was filled from the lot (after commit)."""
    links = (
        LotOrderLine.objects.filter(lot=lot)
        .exclude(order_line__order__status=OrderStatus.CANCELLED)
        .select_related("order_line__order__buyer")
    )
    orders_by_email: dict[str, set[str]] = {}
    for link in links:
        order = link.order_line.order
        orders_by_email.setdefault(order.buyer.email, set()).add(order.number)
    for email, numbers in orders_by_email.items():
        email_after_commit(
            recipients=[email],
            subject=_("Recall: %(product)s, lot %(lot)s")
            % {"product": product.name, "lot": lot.code},
            body=_(
                "%(vendor)s has recalled lot %(lot)s of %(product)s, which filled your order "
                "%(orders)s.\nReason: %(reason)s\nPlease stop using it and contact the "
                "storefront."
            )
            % {
                "vendor": product.vendor.display_name,
                "lot": lot.code,
                "product": product.name,
                "orders": ", ".join(sorted(numbers)),
                "reason": reason,
            },
        )


@transaction.atomic
def lot_order_line_record(*, lot: Lot, actor: User, order_line_id: int) -> LotOrderLine:
    """Record that an order line of this storefront, for this lot's product, came from the lot."""
    require_member(actor, lot.product.vendor)
    line = (
        OrderLine.objects.select_related("order")
        .filter(pk=order_line_id, product_id=lot.product_id, order__vendor_id=lot.product.vendor_id)
        .first()
    )
    if line is None:
        raise NotFound(
            _("No order line of this product in this storefront's orders."),
            errors={
                "order_line": [_("No order line of this product in this storefront's orders.")]
            },
        )
    if lot.status != LotStatus.PUBLISHED:
        raise Conflict(
            _("Only a published lot can fill orders."),
            errors={"status": [_("Only a published lot can fill orders.")]},
        )
    link, _created = LotOrderLine.objects.update_or_create(
        order_line=line, defaults={"lot": lot, "recorded_by": actor}
    )
    audit_record(
        actor=actor,
        action="lot.order_line",
        target=lot,
        data={"order": line.order.number, "order_line": line.pk},
    )
    return link


def _check_corrects(lot: Lot, corrects: LotEvent | None) -> None:
    if corrects is not None and corrects.lot_id != lot.pk:
        raise ValidationFailed(
            _("The corrected event belongs to another lot."),
            errors={"corrects": [_("The corrected event belongs to another lot.")]},
        )


@transaction.atomic
def event_create(*, lot: Lot, actor: User, **fields: Any) -> LotEvent:
    """Append an event; allowed on draft and published lots (not on a recalled one)."""
    require_member(actor, lot.product.vendor)
    locked = Lot.objects.select_for_update().get(pk=lot.pk)
    if locked.status == LotStatus.RECALLED:
        raise Conflict(
            _("A recalled lot takes no more events."),
            errors={"status": [_("A recalled lot takes no more events.")]},
        )
    _check_corrects(locked, fields.get("corrects"))
    event = LotEvent.objects.create(lot=locked, created_by=actor, **fields)
    audit_record(actor=actor, action="lot.event.create", target=locked, data={"event": event.pk})
    return event


def _require_draft_for_event(event: LotEvent) -> Lot:
    locked = Lot.objects.select_for_update().get(pk=event.lot_id)
    if locked.status != LotStatus.DRAFT:
        raise Conflict(
            _("Events of a published lot are append-only; record a correcting event."),
            errors={"status": [_("Only events of a draft lot can be changed.")]},
        )
    return locked


@transaction.atomic
def event_update(*, event: LotEvent, actor: User, **fields: Any) -> LotEvent:
    require_member(actor, event.lot.product.vendor)
    lot = _require_draft_for_event(event)
    _check_corrects(lot, fields.get("corrects"))
    for name, value in fields.items():
        setattr(event, name, value)
    event.save()
    audit_record(actor=actor, action="lot.event.update", target=lot, data={"event": event.pk})
    return event


@transaction.atomic
def event_delete(*, event: LotEvent, actor: User) -> None:
    require_member(actor, event.lot.product.vendor)
    lot = _require_draft_for_event(event)
    if event.corrections.exists():
        raise Conflict(
            _("Another event corrects this one."),
            errors={"corrects": [_("Another event corrects this one.")]},
        )
    audit_record(actor=actor, action="lot.event.delete", target=lot, data={"event": event.pk})
    event.delete()
