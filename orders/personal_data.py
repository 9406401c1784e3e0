"""What buying keeps about a buyer, for export and erasure (D142): orders with their delivery
addresses, the cart, inquiries, the pictures attached to reviews and complaints (D162).
Registered with core.personal_data by orders.extensions.

Erasing keeps each order — number, storefront, lines, prices, totals, payment, dates: what the
storefront's and the exchange's accounts need (Law on Accounting 2015, art. 41: ten years) —
with the recipient's name, phone, street and note anonymised; the province and commune stay
(the figures the Department reports). An order still on its way (placed, confirmed, shipped)
stops an erasure: its storefront still needs where to deliver.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.personal_data import ERASED, PersonalData
from marketplace.models import User
from media.models import Image, ImageKind
from orders.models import (
    CartItem,
    ComplaintPicture,
    Inquiry,
    InquiryMessage,
    Order,
    OrderStatus,
    ReviewPicture,
)

UNDER_WAY = (OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.SHIPPED)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def orders_export(user: User) -> list[dict[str, Any]]:
    orders = (
        Order.objects.filter(buyer_id=user.pk)
        .select_related("vendor", "payment", "province", "commune")
        .prefetch_related("lines")
        .order_by("placed_at", "id")
    )
    return [
        {
            "number": o.number,
            "storefront": o.vendor.slug,
            "status": o.status,
            "placed_at": _iso(o.placed_at),
            "delivery": {
                "recipient_name": o.recipient_name,
                "phone": o.phone,
                "province": {"code": o.province_id, "name": o.province.name},
                "commune": {"code": o.commune_id, "name": o.commune.name},
                "street": o.street,
                "note": o.note,
            },
            "lines": [
                {
                    "product_name": ln.product_name,
                    "unit": ln.unit_name,
                    "unit_price": ln.unit_price,
                    "quantity": ln.quantity,
                    "line_total": ln.line_total,
                }
                for ln in o.lines.all()
            ],
            "subtotal": o.subtotal,
            "shipping_fee": o.shipping_fee,
            "total": o.total,
            "payment": {
                "method": o.payment.method,
                "status": o.payment.status,
                "paid_at": _iso(o.payment.paid_at),
            },
        }
        for o in orders
    ]


def addresses_export(user: User) -> list[dict[str, Any]]:
    """The delivery addresses the buyer gave, each once."""
    rows = (
        Order.objects.filter(buyer_id=user.pk)
        .values("recipient_name", "phone", "province_id", "commune_id", "street")
        .distinct()
        .order_by("recipient_name", "street")
    )
    return [
        {
            "recipient_name": r["recipient_name"],
            "phone": r["phone"],
            "province": r["province_id"],
            "commune": r["commune_id"],
            "street": r["street"],
        }
        for r in rows
    ]


def orders_erase(user: User) -> None:
    Order.objects.filter(buyer_id=user.pk).update(
        recipient_name=ERASED, phone="", street=ERASED, note=""
    )
    CartItem.objects.filter(buyer_id=user.pk).delete()


def orders_under_way(user: User) -> str | None:
    numbers = list(
        Order.objects.filter(buyer_id=user.pk, status__in=UNDER_WAY).values_list(
            "number", flat=True
        )[:5]
    )
    if not numbers:
        return None
    return _("Orders still on their way need your address: %(numbers)s.") % {
        "numbers": ", ".join(numbers)
    }


def inquiries_export(user: User) -> list[dict[str, Any]]:
    inquiries = (
        Inquiry.objects.filter(buyer_id=user.pk)
        .select_related("product", "vendor")
        .prefetch_related("messages")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": i.pk,
            "product": i.product.slug,
            "storefront": i.vendor.slug,
            "quantity": i.quantity,
            "contact_name": i.contact_name,
            "contact_phone": i.contact_phone,
            "contact_email": i.contact_email,
            "status": i.status,
            "created_at": _iso(i.created_at),
            "messages": [
                {"from_storefront": m.from_vendor, "body": m.body, "sent_at": _iso(m.created_at)}
                for m in i.messages.all()
            ],
        }
        for i in inquiries
    ]


def inquiries_erase(user: User) -> None:
    """The buyer's contact details and own messages go; the storefront's answers stay."""
    Inquiry.objects.filter(buyer_id=user.pk).update(
        contact_name=ERASED, contact_phone="", contact_email=""
    )
    InquiryMessage.objects.filter(author_id=user.pk, from_vendor=False).update(body=ERASED)


def pictures_export(user: User) -> list[dict[str, Any]]:
    reviews = dict(
        ReviewPicture.objects.filter(image__created_by_id=user.pk).values_list(
            "image_id", "review_id"
        )
    )
    complaints = dict(
        ComplaintPicture.objects.filter(image__created_by_id=user.pk).values_list(
            "image_id", "complaint_id"
        )
    )
    images = Image.objects.filter(created_by_id=user.pk, kind=ImageKind.ATTACHMENT).order_by("id")
    return [
        {
            "id": i.pk,
            "review": reviews.get(i.pk),
            "complaint": complaints.get(i.pk),
            "width": i.width,
            "height": i.height,
            "sha256": i.sha256,
            "created_at": _iso(i.created_at),
        }
        for i in images
    ]


def pictures_erase(user: User) -> None:
    """A person's pictures may show them: they go, rows now and files after commit
    (media.signals); the reviews and complaints keep their text."""
    for image in Image.objects.filter(created_by_id=user.pk, kind=ImageKind.ATTACHMENT):
        image.delete()


SECTIONS = (
    PersonalData("orders", orders_export, orders_erase, orders_under_way),
    PersonalData("addresses", addresses_export),
    PersonalData("inquiries", inquiries_export, inquiries_erase),
    PersonalData("pictures", pictures_export, pictures_erase),
)
