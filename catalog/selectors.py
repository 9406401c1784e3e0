"""Reads on the catalogue. Public reads show only published products of approved storefronts,
and OCOP stars only from certificates verified and not yet at their expiry day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from catalog.models import (
    AwardStatus,
    Category,
    CertificateStatus,
    ImportJob,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
    Unit,
)
from core.clients import Partner, PartnerScope
from core.compiled import CompiledRows
from core.db import reader
from core.reference import ReferenceTable
from marketplace.models import Province, Vendor, VendorStatus
from marketplace.permissions import AnyUser, is_member, is_moderator
from media.selectors import product_gallery_prefetch, vendor_brand_prefetch

# Categories and units by id, in every process (core/reference.py): product cards name them
# through these, so the list's page query joins only the storefront.
categories: ReferenceTable[int, Category] = ReferenceTable(
    "categories", lambda: Category.objects.in_bulk()
)
units: ReferenceTable[int, Unit] = ReferenceTable("units", lambda: Unit.objects.in_bulk())

# The columns a product card shows (catalog.api.serializers.product_card), and its storefront's.
CARD_FIELDS = (
    "slug",
    "name",
    "category_id",
    "unit_id",
    "price",
    "price_on_request",
    "min_order_quantity",
    "availability",
    "origin_commune_id",
    "origin_province_id",
    "status",
    "published_at",
    "updated_at",
    "rating_avg",
    "rating_count",
    "vendor__slug",
    "vendor__display_name",
    "vendor__kind",
    "vendor__province_id",
    "vendor__status",
)


def certificates_valid_on(day: dt.date | None = None) -> QuerySet[OcopCertificate]:
    """Certificates whose stars may be shown on `day` (today in Asia/Ho_Chi_Minh by default)."""
    day = day or timezone.localdate()
    return OcopCertificate.objects.filter(status=CertificateStatus.VERIFIED, expires_on__gt=day)


def _with_stars(qs: QuerySet[Product], day: dt.date | None = None) -> QuerySet[Product]:
    best = (
        certificates_valid_on(day)
        .filter(product=OuterRef("pk"))
        .order_by("-stars")
        .values("stars")[:1]
    )
    return qs.annotate(ocop_stars=Subquery(best, output_field=IntegerField()))


def _list_shape(qs: QuerySet[Product]) -> QuerySet[Product]:
    return _with_stars(
        qs.select_related(
            "vendor", "vendor__province", "category", "unit", "origin_commune", "origin_province"
        )
    ).prefetch_related(product_gallery_prefetch())  # +2 queries per page: images, renditions


def _card_shape(qs: QuerySet[Product]) -> QuerySet[Product]:
    """Rows for product cards: the product and its storefront in one two-table query (places,
    category and unit come from the reference tables), stars as a subquery; the cards read the
    page's galleries in two more queries (catalog.api.serializers.product_cards). A seven-table
    join cost PostgreSQL ~15 ms to plan on every page (D89)."""
    return _with_stars(qs.select_related("vendor").only(*CARD_FIELDS))


def product_cards_public() -> QuerySet[Product]:
    """product_list_public() shaped for cards only (lists and search hits, never a detail).
    A public read: from a replica when core.db.reader() allows (D187)."""
    return _card_shape(Product.objects.using(reader()).filter(product_public_filter()))


# The values a card row holds (catalog.api.serializers.product_card_of_row): the product's card
# columns, its storefront's, and its stars.
CARD_ROW_FIELDS = (
    "id",
    *(field for field in CARD_FIELDS if field != "vendor__status"),
    "ocop_stars",
)


def _card_row_values(ids: list[int], day: dt.date) -> QuerySet[Any]:
    public = Product.objects.filter(product_public_filter(), id__in=ids)
    return _with_stars(public, day).order_by().values(*CARD_ROW_FIELDS)  # the caller orders


_card_rows = CompiledRows(_card_row_values)


def product_card_rows(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The public ones of these products as card rows (CARD_ROW_FIELDS) by id: what
    product_cards_public().filter(id__in=ids) holds, in one statement compiled once per process
    (core.compiled, D249), bound to these ids and today's date (stars of certificates valid
    today), with no queryset built and no model instance. A public read: from a replica when
    core.db.reader() allows (D187)."""
    rows = _card_rows(ids, using=reader(), day=timezone.localdate())
    return {row["id"]: row for row in rows}


def product_cards_ocop_featured() -> QuerySet[Product]:
    """Public products with a valid OCOP certificate, most stars first, then the newest (the
    public site's home page)."""
    return (
        product_cards_public()
        .filter(Q(ocop_stars__isnull=False))
        .order_by(F("ocop_stars").desc(), "-published_at", "-id")
    )


def product_public_filter() -> Q:
    """Published, and not on a storefront that is not approved. Said as NOT IN the few
    storefronts not shown (a hash built once per query from a partial index), not as a join
    on the approved ones: a page walking the product index then tests each row against that
    hash instead of looking its storefront up, which at 1M products is 8,000 lookups for
    page 500 (D211). The storefront id is never null, so NOT IN means what it says."""
    hidden = Vendor.objects.exclude(status=VendorStatus.APPROVED).values("id")
    return Q(status=ProductStatus.PUBLISHED) & ~Q(vendor_id__in=hidden)


def product_list_public() -> QuerySet[Product]:
    return _list_shape(Product.objects.filter(product_public_filter()))


def _visible(user: AnyUser, partner: Partner | None = None) -> QuerySet[Product]:
    qs = Product.objects.all()
    if not is_moderator(user):
        visible = product_public_filter()
        if user.is_authenticated:
            visible |= Q(vendor__memberships__user_id=user.pk)
        if partner is not None and partner.has_scope(PartnerScope.LISTINGS_WRITE):
            visible |= Q(
                vendor__partner_grants__client=partner,
                vendor__partner_grants__revoked_at__isnull=True,
            )
        qs = qs.filter(visible).distinct()
    return qs


def product_list_visible(user: AnyUser, partner: Partner | None = None) -> QuerySet[Product]:
    """What `user` may open: public ones, its storefronts' own, or all for a moderator. A
    partner client with listings:write also opens the products of storefronts that granted it
    access (D64)."""
    return _list_shape(_visible(user, partner))


def _detail_shape(qs: QuerySet[Product]) -> QuerySet[Product]:
    """One product as its detail shows it (catalog.api.serializers.product_detail_data): the
    product and its whole storefront in one two-table query, stars as a subquery, category,
    unit and places from the reference tables (no seven-table join to plan, D89, D220); then
    the gallery with renditions, valid certificates, verified awards and the storefront's
    logo and banner, a query or two each whatever their number."""
    return _with_stars(qs.select_related("vendor")).prefetch_related(
        product_gallery_prefetch(),
        Prefetch(
            "certificates",
            queryset=certificates_valid_on().order_by("-stars", "-issue_date"),
            to_attr="valid_certificates",
        ),
        Prefetch(
            "awards",
            queryset=RuralIndustryAward.objects.filter(status=AwardStatus.VERIFIED),
            to_attr="verified_awards",
        ),
        vendor_brand_prefetch("vendor__images"),
    )


def product_detail_queryset(user: AnyUser, partner: Partner | None = None) -> QuerySet[Product]:
    return _detail_shape(_visible(user, partner))


def product_detail_public() -> QuerySet[Product]:
    """What everybody may open, shaped as the API's detail (the public site's product page:
    a draft or a suspended storefront's product is not found, even for its members)."""
    return _detail_shape(Product.objects.filter(product_public_filter()))


# The related products' order: the public list's newest (catalog.api.filters.ORDERINGS), served
# by the partial index product_public_category_newest (D220).
RELATED_ORDER = (F("published_at").desc(nulls_last=True), F("id").desc())


def product_cards_related(product: Product, limit: int) -> QuerySet[Product]:
    """Other public products of the same category, newest first."""
    return (
        product_cards_public()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by(*RELATED_ORDER)[:limit]
    )


def product_sitemap_rows(first_id: int, last_id: int) -> list[dict[str, Any]]:
    """Slugs and change times of the public products with ids in [first_id, last_id]: a
    range of the primary key, read in its order whatever the catalogue size (no OFFSET)."""
    rows = Product.objects.filter(product_public_filter(), id__gte=first_id, id__lte=last_id)
    return [dict(row) for row in rows.order_by("id").values("slug", "updated_at")]


def product_id_last() -> int:
    """The highest product id (0 without products): the sitemap's sections are id ranges."""
    last = Product.objects.order_by("-id").values_list("id", flat=True).first()
    return last or 0


def product_list_of_vendor(
    *, vendor: Vendor, user: AnyUser, status: str | None = None
) -> QuerySet[Product]:
    """A storefront's products, newest change first: the published ones for everyone; every
    status (or only `status`) for its members and moderators."""
    if is_moderator(user) or is_member(user, vendor):
        qs = product_list_visible(user).filter(vendor=vendor)
        if status:
            qs = qs.filter(status=status)
    else:
        qs = product_cards_public().filter(vendor=vendor)
    return qs.order_by("-updated_at", "-id")


def category_with_descendants(slug: str) -> QuerySet[Category]:
    root = Category.objects.filter(slug=slug).values_list("path", flat=True).first()
    if root is None:
        return Category.objects.none()
    return Category.objects.filter(path__startswith=root)


def category_tree() -> list[dict[str, object]]:
    """The whole tree as nested dicts, with counts of public products (own + descendants)."""
    categories = list(Category.objects.order_by("depth", "kind", "position", "name"))
    own_counts = dict(
        Product.objects.filter(product_public_filter())
        .values("category_id")
        .annotate(n=Count("id"))
        .values_list("category_id", "n")
    )
    nodes: dict[int, dict[str, object]] = {}
    roots: list[dict[str, object]] = []
    for c in categories:
        node: dict[str, object] = {
            "slug": c.slug,
            "name": c.name,
            "name_en": c.name_en,
            "kind": c.kind,
            "path": c.path,
            "product_count": 0,
            "children": [],
        }
        nodes[c.pk] = node
        parent = nodes.get(c.parent_id) if c.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent["children"].append(node)  # type: ignore[attr-defined]
    by_path = {c.path: nodes[c.pk] for c in categories}
    for c in categories:
        n = own_counts.get(c.pk, 0)
        if not n:
            continue
        parts = c.path.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            ancestor = by_path.get("/".join(parts[:i]) + "/")
            if ancestor is not None:
                ancestor["product_count"] = int(ancestor["product_count"]) + n  # type: ignore[call-overload]
    return roots


def certificate_list_for_product(product: Product, user: AnyUser) -> QuerySet[OcopCertificate]:
    """Members and moderators see every certificate; others only the currently valid ones."""
    if is_moderator(user) or is_member(user, product.vendor):
        return product.certificates.all()
    return certificates_valid_on().filter(product=product)


def award_list_for_product(product: Product, user: AnyUser) -> QuerySet[RuralIndustryAward]:
    """Members and moderators see every award; others only the verified ones."""
    if is_moderator(user) or is_member(user, product.vendor):
        return product.awards.all()
    return product.awards.filter(status=AwardStatus.VERIFIED)


def certificate_queryset_for(user: AnyUser) -> QuerySet[OcopCertificate]:
    qs = OcopCertificate.objects.select_related("product", "vendor")
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(vendor__memberships__user_id=user.pk)


def award_queryset_for(user: AnyUser) -> QuerySet[RuralIndustryAward]:
    qs = RuralIndustryAward.objects.select_related("product", "vendor")
    if is_moderator(user):
        return qs
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(vendor__memberships__user_id=user.pk)


def certificates_expiring(vendor: Vendor, *, within_days: int) -> QuerySet[OcopCertificate]:
    """A storefront's verified certificates still valid today that expire within
    `within_days` (the seller center's "to do today"), soonest first."""
    today = timezone.localdate()
    return (
        certificates_valid_on(today)
        .filter(vendor=vendor, expires_on__lte=today + dt.timedelta(days=within_days))
        .order_by("expires_on", "id")
    )


def import_jobs_of_vendor(vendor: Vendor) -> QuerySet[ImportJob]:
    """A storefront's bulk listings imports, newest first (the API's job detail and the
    seller center's import page)."""
    return ImportJob.objects.select_related("vendor").filter(vendor=vendor)


# --- moderation: what is approved, and a page of a work list (D95) --------------------------


def product_review_snapshot(product: Product) -> dict[str, Any]:
    """A product's reviewed fields (catalog.services.products.REVIEWED_FIELDS) as JSON values:
    what an approval approves, compared with the product when it waits again."""
    return {
        "name": product.name,
        "description": product.description,
        "category": product.category.slug,
        "unit": product.unit.code,
        "origin_commune": product.origin_commune_id,
        "gtin": product.gtin,
        "attributes": product.attributes,
    }


def certificate_review_snapshot(cert: OcopCertificate) -> dict[str, Any]:
    return {
        "stars": cert.stars,
        "score": str(cert.score),
        "certificate_number": cert.certificate_number,
        "decision_number": cert.decision_number,
        "decision_date": cert.decision_date.isoformat(),
        "issuing_body": cert.issuing_body,
        "issuing_level": cert.issuing_level,
        "issue_date": cert.issue_date.isoformat(),
        "expires_on": cert.expires_on.isoformat(),
        "scan": cert.scan.name or None,
    }


def award_review_snapshot(award: RuralIndustryAward) -> dict[str, Any]:
    return {
        "level": award.level,
        "region": award.region,
        "year": award.year,
        "product_group": award.product_group,
        "issuer": award.issuer,
        "decision_number": award.decision_number,
    }


def product_moderation_prepare(qs: QuerySet[Product]) -> QuerySet[Product]:
    """A page of the products' work list: the product list's joins and its pictures."""
    return _list_shape(qs)


def evidence_moderation_prepare(
    qs: QuerySet[OcopCertificate] | QuerySet[RuralIndustryAward],
) -> QuerySet[Any]:
    """A page of the certificates' or awards' work list: product and storefront joined."""
    return qs.select_related("product", "vendor", "vendor__province")


# --- figures ------------------------------------------------------------------------------


def stats_catalogue() -> dict[str, Any]:
    """The public figures of the exchange: storefronts, products, OCOP, by province and by
    category (what a Department reports; every count grouped in the database)."""
    public = Product.objects.filter(product_public_filter())
    # Every count is grouped in the database: nothing here grows with the catalogue in Python.
    best = (
        certificates_valid_on()
        .filter(product=OuterRef("pk"))
        .order_by("-stars")
        .values("stars")[:1]
    )
    with_stars = public.annotate(best=Subquery(best, output_field=IntegerField()))
    certified = with_stars.filter(best__isnull=False)
    by_stars = {str(s): 0 for s in (3, 4, 5)}
    for stars, n in certified.values("best").annotate(n=Count("id")).values_list("best", "n"):
        by_stars[str(stars)] = n

    vendor_status = dict(
        Vendor.objects.values("status").annotate(n=Count("id")).values_list("status", "n")
    )
    product_status = dict(
        Product.objects.filter(vendor__status=VendorStatus.APPROVED)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )

    def per_province(qs: Any, field: str) -> dict[int, int]:
        return dict(qs.values(field).annotate(n=Count("id")).values_list(field, "n"))

    provinces = {p.code: p.name for p in Province.objects.all()}
    vendors_by_province = per_province(
        Vendor.objects.filter(status=VendorStatus.APPROVED), "province_id"
    )
    products_by_province = per_province(public, "origin_province_id")
    ocop_by_province = per_province(certified, "origin_province_id")
    by_province = [
        {
            "code": code,
            "name": provinces.get(code, ""),
            "storefronts": vendors_by_province.get(code, 0),
            "products": products_by_province.get(code, 0),
            "ocop_products": ocop_by_province.get(code, 0),
        }
        for code in sorted(set(vendors_by_province) | set(products_by_province))
    ]

    by_category = []
    for root in Category.objects.filter(parent__isnull=True).order_by("kind", "position", "name"):
        in_root = with_stars.filter(category__path__startswith=root.path)
        counts = in_root.aggregate(
            products=Count("id"), ocop_products=Count("id", filter=Q(best__isnull=False))
        )
        by_category.append({"slug": root.slug, "name": root.name, "kind": root.kind, **counts})
    published = sum(products_by_province.values())
    ocop_total = sum(by_stars.values())
    return {
        "storefronts": {
            "approved": vendor_status.get(VendorStatus.APPROVED, 0),
            "by_status": vendor_status,
        },
        "products": {"published": published, "by_status": product_status},
        "ocop": {"products": ocop_total, "by_stars": by_stars},
        "by_province": by_province,
        "by_category": by_category,
    }


def stats_catalogue_for_moderators() -> dict[str, Any]:
    """What only exchange staff see of the catalogue."""
    today = timezone.localdate()
    return {
        "products_by_status_all_storefronts": _count_by(Product.objects, "status"),
        "certificates_by_status": _count_by(OcopCertificate.objects, "status"),
        "certificates_verified_past_expiry": OcopCertificate.objects.filter(
            status="verified", expires_on__lte=today
        ).count(),
        "certificates_expiring_within_90_days": OcopCertificate.objects.filter(
            Q(status="verified"),
            expires_on__gt=today,
            expires_on__lte=today + dt.timedelta(days=90),
        ).count(),
        "awards_by_level": _count_by(RuralIndustryAward.objects.filter(status="verified"), "level"),
    }


def _count_by(qs: Any, *fields: str) -> list[dict[str, Any]]:
    return list(qs.values(*fields).annotate(count=Count("id")).order_by(*fields))
