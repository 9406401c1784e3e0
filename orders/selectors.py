"""Reads of buying: inquiries, quotes, complaints, the cart, orders a person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from catalog.models import ProductStatus
from marketplace.models import Vendor, VendorMembership, VendorStatus
from marketplace.permissions import AnyUser, is_moderator
from media.selectors import image_queryset
from orders.models import (
    CartItem,
    Complaint,
    ComplaintMessage,
    ComplaintPicture,
    Inquiry,
    Order,
    Page,
    ProductStock,
    Quote,
    QuoteLine,
    Review,
    ReviewPicture,
    ReviewStatus,
)
from orders.services.pricing import line_total, order_amounts
from orders.services.sales import methods_offered, sales_terms


def inquiry_list_for(user: AnyUser) -> QuerySet[Inquiry]:
    qs = Inquiry.objects.select_related("product", "vendor", "buyer")
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    mine = Q(buyer_id=user.pk) | Q(
        vendor_id__in=VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
    )
    return qs.filter(mine)


def inquiry_counts_by_status() -> dict[str, Any]:
    """Moderators' figure: inquiries by status."""
    return {
        "inquiries_by_status": list(
            Inquiry.objects.values("status").annotate(count=Count("id")).order_by("status")
        )
    }


# --- quotes and complaints -------------------------------------------------------------------


def page_get(slug: str) -> Page | None:
    """A page of text the operator edits in the admin (GET /api/v1/pages/{slug}/ and the site's
    /trang/{slug}/), or None."""
    return Page.objects.filter(slug=slug).first()


def quote_list_for(user: AnyUser) -> QuerySet[Quote]:
    return (
        Quote.objects.filter(inquiry__in=inquiry_list_for(user).values("pk"))
        .select_related("inquiry__vendor", "order")
        .prefetch_related(Prefetch("lines", queryset=QuoteLine.objects.select_related("product")))
    )


def pictures_prefetch(model: type[ReviewPicture] | type[ComplaintPicture]) -> Prefetch:
    """The pictures of many reviews or complaints with their renditions: three queries (D162)."""
    return Prefetch(
        "pictures",
        queryset=model.objects.order_by("id").prefetch_related(
            Prefetch("image", queryset=image_queryset())
        ),
    )


def complaint_list_for(user: AnyUser) -> QuerySet[Complaint]:
    qs = Complaint.objects.select_related("order__vendor", "order__buyer").prefetch_related(
        Prefetch("messages", queryset=ComplaintMessage.objects.select_related("author")),
        pictures_prefetch(ComplaintPicture),
    )
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(order__buyer_id=user.pk)
        | Q(
            order__vendor_id__in=VendorMembership.objects.filter(user_id=user.pk).values(
                "vendor_id"
            )
        )
    )


# --- carts and orders ------------------------------------------------------------------------


def cart_summary(buyer: AnyUser) -> dict[str, Any]:
    """The cart grouped by storefront, with totals and what changed since it was filled:
    `price_changed` (the buyer sees both prices; changing the line or checking out accepts
    the new one only after a look, see checkout), `withdrawn` (no longer on sale or now priced
    on request) and `storefront_unavailable` (suspended). The last two block the checkout."""
    items = list(
        CartItem.objects.filter(buyer_id=buyer.pk)
        .select_related("product__vendor__sales", "product__unit", "product__stock")
        .order_by("added_at", "id")
    )
    groups: dict[int, dict[str, Any]] = {}
    for item in items:
        product = item.product
        vendor = product.vendor
        changes: list[str] = []
        on_sale = product.status == ProductStatus.PUBLISHED and not product.price_on_request
        if vendor.status != VendorStatus.APPROVED:
            changes.append("storefront_unavailable")
        if not on_sale:
            changes.append("withdrawn")
        elif product.price != item.price_seen:
            changes.append("price_changed")
        stock = getattr(product, "stock", None) if _has_stock(product) else None
        if on_sale and stock is not None and stock.quantity < item.quantity:
            changes.append("out_of_stock")
        if on_sale and item.quantity < product.min_order_quantity:
            changes.append("below_minimum")
        price = int(product.price) if on_sale and product.price is not None else 0
        group = groups.get(vendor.pk)
        if group is None:
            terms = sales_terms(vendor)
            group = groups[vendor.pk] = {
                "vendor": {
                    "slug": vendor.slug,
                    "display_name": vendor.display_name,
                    "status": vendor.status,
                },
                "payment_methods": methods_offered(terms),
                "shipping": {
                    "fee": terms.shipping_fee,
                    "free_over": terms.free_shipping_over,
                },
                "lines": [],
                "_terms": terms,
            }
        group["lines"].append(
            {
                "id": item.pk,
                "product": {
                    "slug": product.slug,
                    "name": product.name,
                    "unit": product.unit.name,
                    "min_order_quantity": product.min_order_quantity,
                    "stock": stock.quantity if stock is not None else None,
                },
                "quantity": item.quantity,
                "unit_price": price,
                "price_seen": item.price_seen,
                "line_total": line_total(price, item.quantity) if not _blocks(changes) else 0,
                "changes": changes,
            }
        )
    out = []
    for group in groups.values():
        terms = group.pop("_terms")
        amounts = order_amounts(
            [(ln["unit_price"], ln["quantity"]) for ln in group["lines"] if ln["line_total"]],
            terms,
        )
        group.update(
            subtotal=amounts.subtotal, shipping_fee=amounts.shipping_fee, total=amounts.total
        )
        out.append(group)
    blocked = any(_blocks(ln["changes"]) for g in out for ln in g["lines"])
    return {
        "storefronts": out,
        "total": sum(g["total"] for g in out),
        "changed": any(ln["changes"] for g in out for ln in g["lines"]),
        "can_checkout": bool(out) and not blocked,
    }


BLOCKING = frozenset({"withdrawn", "storefront_unavailable", "out_of_stock", "below_minimum"})


def _blocks(changes: list[str]) -> bool:
    return bool(BLOCKING.intersection(changes))


def _has_stock(product: Any) -> bool:
    try:
        product.stock  # noqa: B018 (a reverse one-to-one raises when missing)
    except ProductStock.DoesNotExist:
        return False
    return True


def order_list_for(user: AnyUser) -> QuerySet[Order]:
    """Orders a person may see: their own, their storefronts', every one for a moderator."""
    qs = Order.objects.select_related("vendor", "buyer", "payment", "province", "commune")
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    mine = Q(buyer_id=user.pk) | Q(
        vendor_id__in=VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
    )
    return qs.filter(mine)


def order_list_of_vendor(vendor: Vendor) -> QuerySet[Order]:
    return Order.objects.filter(vendor=vendor).select_related(
        "vendor", "buyer", "payment", "province", "commune"
    )


def review_rows() -> QuerySet[Review]:
    return Review.objects.select_related(
        "product", "order_line", "vendor", "buyer"
    ).prefetch_related(pictures_prefetch(ReviewPicture))


def review_list_published() -> QuerySet[Review]:
    """Published reviews, newest first: what everybody reads (the API and the public site)."""
    return review_rows().filter(status=ReviewStatus.PUBLISHED).order_by("-created_at", "-id")


def reviews_visible(user: AnyUser) -> QuerySet[Review]:
    """Published reviews for everyone; the author, the storefront's members and moderators
    also see held and hidden ones (the API's review actions and the seller center's list)."""
    qs = review_rows()
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.filter(status=ReviewStatus.PUBLISHED)
    vendors = VendorMembership.objects.filter(user_id=user.pk).values("vendor_id")
    return qs.filter(Q(status=ReviewStatus.PUBLISHED) | Q(buyer_id=user.pk) | Q(vendor__in=vendors))
