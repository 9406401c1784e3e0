"""What a storefront shows at a fair and who to contact: choosing the showcase products and
changing them (or the contact person) later."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from core.audit import audit_record
from core.errors import Conflict, ValidationFailed
from fairs.models import (
    ACTIVE_STATUSES,
    HOLDING_STATUSES,
    ExhibitorApplication,
    FairStatus,
    ShowcaseItem,
)
from fairs.services._common import mark_products_dirty
from fairs.services.exhibitors.eligibility import category_errors, product_errors
from fairs.services.exhibitors.notifications import application_changed
from marketplace.models import User, Vendor
from marketplace.permissions import require_member

CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")


def showcase_products_get(vendor: Vendor, product_ids: Sequence[int]) -> list[Product]:
    ids = list(dict.fromkeys(int(i) for i in product_ids))
    found = {p.pk: p for p in Product.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            _("Some chosen products do not exist."),
            errors={
                "products": [
                    _("Product #%(id)s is not one of your storefront's products.") % {"id": i}
                    for i in missing
                ]
            },
        )
    return [found[i] for i in ids]


def contact_errors(fields: dict[str, str]) -> dict[str, list[str]]:
    return {
        name: [_("This field is required.")]
        for name in CONTACT_FIELDS
        if not (fields.get(name) or "").strip()
    }


@transaction.atomic
def application_update(
    *,
    application: ExhibitorApplication,
    actor: User,
    product_ids: Sequence[int] | None = None,
    **fields: str,
) -> ExhibitorApplication:
    """The storefront changes its showcase products or its contact person."""
    require_member(actor, application.vendor)
    unknown = set(fields) - {*CONTACT_FIELDS, "note"}
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    locked = ExhibitorApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in ACTIVE_STATUSES or locked.fair.status in (
        FairStatus.FINISHED,
        FairStatus.CANCELLED,
    ):
        raise Conflict(_("This application can no longer be changed."))
    errors = contact_errors({k: fields.get(k, getattr(locked, k)) for k in CONTACT_FIELDS})
    old_products: set[int] = set(locked.showcase_items.values_list("product_id", flat=True))
    products: list[Product] | None = None
    if product_ids is not None:
        products = showcase_products_get(locked.vendor, product_ids)
        refused = product_errors(locked.vendor, products) or category_errors(locked.fair, products)
        if refused:
            errors["products"] = refused
    if errors:
        raise ValidationFailed(_("Some fields are not valid; see errors."), errors=errors)
    for key, value in fields.items():
        setattr(locked, key, value.strip() if key != "note" else value)
    locked.save()
    if products is not None:
        locked.showcase_items.all().delete()
        ShowcaseItem.objects.bulk_create(
            [
                ShowcaseItem(application=locked, product=p, position=i)
                for i, p in enumerate(products)
            ]
        )
        if locked.status in HOLDING_STATUSES:
            mark_products_dirty(old_products ^ {p.pk for p in products})
    audit_record(
        actor=actor,
        action="fairs.application.updated",
        target=locked,
        data={"fields": sorted(fields), "products": product_ids is not None},
    )
    application_changed(locked)
    return locked
