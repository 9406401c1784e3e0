"""What a storefront shows at a fair and who to contact: choosing the showcase products and
changing them (or the contact person) later."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
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


def showcase_products_get(vendor: Vendor, product_ids: Sequence[int | str]) -> list[Product]:
    """The products named by slug (a string) or id (a number), in the order given, each once
    (D90). A string of digits is a slug if a product is so named, else an id. Whether they
    are the storefront's and published is the eligibility rules' to say (product_errors)."""
    refs = list(dict.fromkeys(product_ids))
    slugs = [r for r in refs if isinstance(r, str)]
    ids = [int(r) for r in refs if isinstance(r, int) or (isinstance(r, str) and r.isdigit())]
    rows = Product.objects.filter(Q(slug__in=slugs) | Q(pk__in=ids))
    by_slug = {p.slug: p for p in rows}
    by_id = {p.pk: p for p in by_slug.values()}
    found: dict[int, Product] = {}
    missing: list[int | str] = []
    for ref in refs:
        product = by_slug.get(ref) if isinstance(ref, str) else None
        if product is None and (isinstance(ref, int) or ref.isdigit()):
            product = by_id.get(int(ref))
        if product is None:
            missing.append(ref)
        else:
            found.setdefault(product.pk, product)  # a slug and the id of one product: once
    if missing:
        raise ValidationFailed(
            _("Some chosen products do not exist."),
            errors={
                "products": [
                    (
                        _("Product #%(id)s is not one of your storefront's products.")
                        if isinstance(ref, int)
                        else _("Product “%(slug)s” is not one of your storefront's products.")
                    )
                    % {"id": ref, "slug": ref}
                    for ref in missing
                ]
            },
        )
    return list(found.values())


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
    product_ids: Sequence[int | str] | None = None,
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
