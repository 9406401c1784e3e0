"""Write the demo province into the database, and describe what is there.

`demo_load()` builds the data with `generator.demo_build()` and inserts it with bulk_create in
one transaction (a few hundred rows per statement, a few seconds in all on SQLite). Rows go in
directly, without the services: nothing is audited, no e-mail is sent, and every account gets
the same precomputed password hash so hundreds of accounts cost one hash.

Loading is idempotent: when the demo moderator account exists nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from catalog.models import (
    Category,
    CertificateStatus,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
    Unit,
)
from demo.fairs import demo_fairs_load, demo_fairs_summary
from demo.generator import demo_build
from demo.leads import demo_leads_load, demo_leads_summary
from demo.lots import demo_lots_load, demo_lots_summary
from demo.orders import demo_orders_load, demo_orders_summary
from demo.pages import demo_pages_load
from demo.records import (
    BUYER_EMAIL,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    MODERATOR_EMAIL,
    ORGANIZER_EMAIL,
    PROVINCE_CODE,
    DemoData,
)
from demo.visitors import demo_visitors_load, demo_visitors_summary
from marketplace.models import (
    Commune,
    MemberRole,
    User,
    Vendor,
    VendorMembership,
    VendorStatus,
)
from orders.models import Inquiry, InquiryMessage

BATCH = 500

M = TypeVar("M", bound=models.Model)


class DemoLoadError(Exception):
    """The demo cannot be loaded into this database as it stands."""


def demo_loaded() -> bool:
    return User.objects.filter(email=MODERATOR_EMAIL).exists()


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> bool:
    """Load the demo province; False when it was already there (nothing written)."""
    if demo_loaded():
        return False
    communes = list(Commune.objects.filter(province_id=PROVINCE_CODE).values_list("code", "name"))
    if not communes:
        raise DemoLoadError(
            f"No communes of province {PROVINCE_CODE}: run `manage.py migrate` "
            "(or `manage.py regions_load`) first."
        )
    _write(demo_build(communes=communes, today=today or timezone.localdate()))
    demo_pages_load()
    demo_visitors_load(demo_fairs_load())
    demo_orders_load()
    demo_lots_load(today=today)
    demo_leads_load(today=today)
    return True


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _free_slugs(model: type[models.Model], slugs: Sequence[str], max_length: int) -> list[str]:
    """The generated slugs, renamed where the database already uses one."""
    taken: set[str] = set()
    for chunk in _chunks(slugs):
        taken.update(model._default_manager.filter(slug__in=chunk).values_list("slug", flat=True))
    if not taken:
        return list(slugs)
    result, seen = [], set(slugs)
    for slug in slugs:
        if slug in taken:
            n, base = 1, slug[: max_length - 10]
            candidate = f"{base}-demo"
            while candidate in seen or model._default_manager.filter(slug=candidate).exists():
                n += 1
                candidate = f"{base}-demo-{n}"
            seen.add(candidate)
            slug = candidate
        result.append(slug)
    return result


def _backdate(model: type[M], objs: Sequence[M], stamps: Sequence[dt.datetime]) -> None:
    """Set created_at/updated_at, which auto_now(_add) overwrote on insert."""
    for obj, stamp in zip(objs, stamps, strict=True):
        obj.created_at = stamp  # type: ignore[attr-defined]
        obj.updated_at = stamp  # type: ignore[attr-defined]
    model._default_manager.bulk_update(objs, ["created_at", "updated_at"], batch_size=250)


def _lookup(model: type[models.Model], key: str, wanted: set[str]) -> dict[str, Any]:
    found = dict(model._default_manager.values_list(key, "pk"))
    missing = sorted(wanted - found.keys())
    if missing:
        raise DemoLoadError(
            f"{model._meta.verbose_name_plural} missing: {', '.join(missing)} (run migrate)."
        )
    return found


def _write(data: DemoData) -> None:
    categories = _lookup(Category, "slug", {p.category for p in data.products})
    units = _lookup(Unit, "code", {p.unit for p in data.products})
    emails = [u.email for u in data.staff] + [v.owner_email for v in data.vendors]
    taken = [e for chunk in _chunks(emails) for e in User.objects.filter(email__in=chunk)]
    if taken:
        raise DemoLoadError(
            f"{len(taken)} demo e-mail address(es) already have accounts (e.g. {taken[0]}); "
            "load the demo into a fresh database."
        )

    password = make_password(DEMO_PASSWORD)
    staff = User.objects.bulk_create(
        [
            User(
                email=u.email,
                full_name=u.full_name,
                phone=u.phone,
                password=password,
                date_joined=u.date_joined,
                is_moderator=u.is_moderator,
                is_organizer=u.is_organizer,
                is_staff=u.is_staff,
                is_superuser=u.is_superuser,
            )
            for u in data.staff
        ]
    )
    buyer = staff[2]
    owners = User.objects.bulk_create(
        [
            User(
                email=v.owner_email,
                full_name=v.owner_name,
                phone=v.phone,
                password=password,
                date_joined=v.created_at - dt.timedelta(hours=1),
            )
            for v in data.vendors
        ],
        batch_size=BATCH,
    )

    vendor_slugs = _free_slugs(Vendor, [v.slug for v in data.vendors], 120)
    vendors = Vendor.objects.bulk_create(
        [
            Vendor(
                slug=slug,
                kind=v.kind,
                legal_name=v.legal_name,
                display_name=v.display_name,
                tax_code=v.tax_code,
                business_registration_number=v.business_registration_number,
                province_id=PROVINCE_CODE,
                commune_id=v.commune,
                street_address=v.street_address,
                phone=v.phone,
                email=v.email,
                description=v.description,
                status=v.status,
                status_reason=v.status_reason,
                approved_at=v.approved_at,
                created_by=owner,
            )
            for v, owner, slug in zip(data.vendors, owners, vendor_slugs, strict=True)
        ],
        batch_size=BATCH,
    )
    _backdate(Vendor, vendors, [v.approved_at or v.created_at for v in data.vendors])
    VendorMembership.objects.bulk_create(
        [
            VendorMembership(vendor=vendor, user=owner, role=MemberRole.OWNER)
            for vendor, owner in zip(vendors, owners, strict=True)
        ],
        batch_size=BATCH,
    )

    product_slugs = _free_slugs(Product, [p.slug for p in data.products], 160)
    products = Product.objects.bulk_create(
        [
            Product(
                vendor=vendors[p.vendor],
                slug=slug,
                name=p.name,
                description=p.description,
                category_id=categories[p.category],
                unit_id=units[p.unit],
                price=p.price,
                price_on_request=p.price_on_request,
                min_order_quantity=p.min_order_quantity,
                availability=p.availability,
                origin_commune_id=p.commune,
                origin_province_id=PROVINCE_CODE,
                gtin=p.gtin,
                attributes=p.attributes,
                status=p.status,
                status_reason=p.status_reason,
                submitted_at=p.submitted_at,
                published_at=p.published_at,
                created_by=owners[p.vendor],
            )
            for p, slug in zip(data.products, product_slugs, strict=True)
        ],
        batch_size=BATCH,
    )
    _backdate(
        Product,
        products,
        [
            max(t for t in (p.created_at, p.submitted_at, p.published_at) if t)
            for p in data.products
        ],
    )

    OcopCertificate.objects.bulk_create(
        [
            OcopCertificate(
                product=products[c.product],
                vendor=vendors[data.products[c.product].vendor],
                stars=c.stars,
                score=c.score,
                certificate_number=c.certificate_number,
                decision_number=c.decision_number,
                decision_date=c.decision_date,
                issuing_body=c.issuing_body,
                issuing_level=c.issuing_level,
                issue_date=c.issue_date,
                expires_on=c.expires_on,
                status=c.status,
                status_reason=c.status_reason,
                verified_at=c.verified_at,
                created_by=owners[data.products[c.product].vendor],
            )
            for c in data.certificates
        ],
        batch_size=BATCH,
    )
    RuralIndustryAward.objects.bulk_create(
        [
            RuralIndustryAward(
                product=products[a.product],
                vendor=vendors[data.products[a.product].vendor],
                level=a.level,
                region=a.region,
                year=a.year,
                product_group=a.product_group,
                issuer=a.issuer,
                decision_number=a.decision_number,
                status=a.status,
                status_reason=a.status_reason,
                created_by=owners[data.products[a.product].vendor],
            )
            for a in data.awards
        ],
        batch_size=BATCH,
    )

    inquiries = Inquiry.objects.bulk_create(
        [
            Inquiry(
                product=products[q.product],
                vendor=vendors[data.products[q.product].vendor],
                buyer=buyer,
                quantity=q.quantity,
                contact_name=q.contact_name,
                contact_phone=q.contact_phone,
                contact_email=q.contact_email,
                status=q.status,
            )
            for q in data.inquiries
        ]
    )
    messages: list[InquiryMessage] = []
    sent: list[dt.datetime] = []
    for inquiry, q in zip(inquiries, data.inquiries, strict=True):
        vendor_owner = owners[data.products[q.product].vendor]
        for m in q.messages:
            messages.append(
                InquiryMessage(
                    inquiry=inquiry,
                    author=vendor_owner if m.from_vendor else buyer,
                    from_vendor=m.from_vendor,
                    body=m.body,
                )
            )
            sent.append(m.sent_at)
    messages = InquiryMessage.objects.bulk_create(messages)
    for message, stamp in zip(messages, sent, strict=True):
        message.created_at = stamp
    InquiryMessage.objects.bulk_update(messages, ["created_at"])
    for inquiry, q in zip(inquiries, data.inquiries, strict=True):
        inquiry.created_at = q.messages[0].sent_at
        inquiry.updated_at = q.messages[-1].sent_at
    Inquiry.objects.bulk_update(inquiries, ["created_at", "updated_at"])


# --- what is there -------------------------------------------------------------------------


def demo_summary() -> list[str]:
    """A few lines counting what the exchange holds, for the loader's report."""
    today = timezone.localdate()
    vendors = dict(
        Vendor.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    products = dict(
        Product.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    public = Product.objects.filter(
        status=ProductStatus.PUBLISHED, vendor__status=VendorStatus.APPROVED
    ).count()
    certs = OcopCertificate.objects.aggregate(
        total=Count("id"),
        valid=Count("id", filter=Q(status=CertificateStatus.VERIFIED, expires_on__gt=today)),
        stale=Count("id", filter=Q(status=CertificateStatus.VERIFIED, expires_on__lte=today)),
        expired=Count("id", filter=Q(status=CertificateStatus.EXPIRED)),
        pending=Count("id", filter=Q(status=CertificateStatus.PENDING_VERIFICATION)),
    )
    return [
        f"Storefronts: {vendors.get(VendorStatus.APPROVED, 0)} approved, "
        f"{vendors.get(VendorStatus.PENDING, 0)} pending, "
        f"{vendors.get(VendorStatus.SUSPENDED, 0)} suspended, "
        f"{vendors.get(VendorStatus.REJECTED, 0)} rejected",
        f"Products: {public} published on approved storefronts; "
        + ", ".join(f"{products.get(s, 0)} {s.value.replace('_', ' ')}" for s in ProductStatus),
        "OCOP certificates: {total} ({valid} verified and valid, {stale} verified but past "
        "expiry, {expired} expired, {pending} waiting for verification)".format(**certs),
        f"Rural-industry awards: {RuralIndustryAward.objects.count()}",
        f"Inquiries: {Inquiry.objects.count()} ({InquiryMessage.objects.count()} messages)",
        *demo_fairs_summary(),
        *demo_visitors_summary(),
        *demo_orders_summary(),
        *demo_lots_summary(),
        *demo_leads_summary(),
    ]


def demo_accounts() -> list[str]:
    """The demo accounts block: who to sign in as, with the shared password."""
    owners = User.objects.filter(email__startswith="vendor", email__endswith=f"@{DEMO_DOMAIN}")
    count = owners.count()
    first = (
        VendorMembership.objects.filter(user__email=f"vendor1@{DEMO_DOMAIN}", role=MemberRole.OWNER)
        .select_related("vendor")
        .first()
    )
    width = len(ORGANIZER_EMAIL) + 3
    lines = [
        f"Demo accounts (password: {DEMO_PASSWORD})",
        f"  {MODERATOR_EMAIL:<{width}}moderator (admin: /admin/)",
        f"  {ORGANIZER_EMAIL:<{width}}organizer",
        f"  {BUYER_EMAIL:<{width}}buyer",
    ]
    if count:
        storefront = f" (vendor1 → {first.vendor.display_name})" if first else ""
        lines.append(
            f"  vendor1@{DEMO_DOMAIN} … vendor{count}@{DEMO_DOMAIN}  storefront owners{storefront}"
        )
    lines.append(
        f"Try a checkout as {BUYER_EMAIL}: cart, checkout, orders with curl in docs/buyers.md"
    )
    return lines
