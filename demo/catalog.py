"""The demo products: each storefront's lines drawn from its theme, priced, described and
given a status (mostly published, some drafts, waiting, rejected or archived)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from catalog.models import Availability, ProductStatus
from demo.builder import Builder, in_sentence, short_name
from demo.products import FLAGSHIPS, LINES, OFFERS, THEMES, Flagship, Line, Pack
from demo.records import DemoProduct, DemoVendor
from marketplace.models import VendorKind, VendorStatus

# Products of approved storefronts by status.
PUBLISHED_PRODUCTS = 1064
EXTRA_PRODUCTS = {
    ProductStatus.DRAFT: 22,
    ProductStatus.PENDING_REVIEW: 12,
    ProductStatus.REJECTED: 4,
    ProductStatus.ARCHIVED: 6,
}
# Published products per approved storefront before scaling to PUBLISHED_PRODUCTS.
PRODUCTS_BY_KIND = {
    VendorKind.ENTERPRISE: (3, 7),
    VendorKind.COOPERATIVE: (2, 5),
    VendorKind.HOUSEHOLD: (1, 4),
    VendorKind.INDIVIDUAL: (1, 3),
}
MAX_PRODUCTS_PER_VENDOR = 9

PRODUCT_REJECT_REASONS = (
    "Ảnh sản phẩm chưa rõ quy cách đóng gói; bổ sung ảnh nhãn có hạn sử dụng.",
    "Mô tả ghi công dụng chữa bệnh, không được phép với thực phẩm; sửa lại mô tả.",
    "Thiếu giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.",
    "Tên sản phẩm dùng chỉ dẫn địa lý nhưng cơ sở không nằm trong vùng được bảo hộ.",
)
ARCHIVE_REASONS = ("", "", "Hết mùa vụ, tạm ngừng bán.", "Ngừng sản xuất quy cách này.")
# Sold loose or as a service: no trade item barcode.
LOOSE_UNITS = frozenset({"kg", "tan", "lit", "con", "suat", "ve", "chau", "bo-hoa", "qua"})


def gtin13(body12: str) -> str:
    """Append the GS1 mod-10 check digit to 12 digits."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body12)))
    return body12 + str((10 - total % 10) % 10)


@dataclass
class _Draft:
    """A vendor's product while the builder decides its status and dates."""

    vendor: int
    line: Line
    name: str
    description: str
    pack: Pack
    price: int | None
    availability: str
    gtin: str
    attributes: dict[str, str]
    commune: int


def draw_price(b: Builder, p: Pack) -> int | None:
    if p.on_request and b.rng.random() < p.on_request:
        return None
    step = 10_000 if p.high >= 1_000_000 else 1_000
    return max(step, round(b.rng.randint(p.low, p.high) / step) * step)


def product_gtin(vendor: int, item: int) -> str:
    # 893 is GS1 Vietnam; "99" + the storefront's number + an item number keeps them unique.
    return gtin13(f"89399{vendor + 1:03d}{item:04d}")


def product_description(
    b: Builder, line: Line, vendor: DemoVendor, place: str, commune_name: str, offer: bool
) -> str:
    about = b.rng.sample(line.about, b.rng.choice((1, 1, 2)))
    sentences = [s.format(place=place) for s in about]
    where = in_sentence(commune_name)
    if line.service:
        sentences.append(f"Điểm đón khách tại {where}, tỉnh Phú Thọ.")
    elif b.rng.random() < 0.5:
        sentences.append(f"Sản phẩm của {vendor.display_name}, {where}, tỉnh Phú Thọ.")
    else:
        sentences.append(f"Sản xuất và đóng gói tại {where}, tỉnh Phú Thọ.")
    if offer and not line.service:
        sentences.append(b.rng.choice(OFFERS))
    return " ".join(sentences)


def product_attributes(b: Builder, line: Line, p: Pack) -> dict[str, str]:
    attrs = dict(p.attrs)
    for key, options in line.attrs:
        if key not in attrs and b.rng.random() < 0.85:
            attrs[key] = b.rng.choice(options)
    return attrs


def product_draft(b: Builder, index: int, vendor: DemoVendor, theme_key: str, item: int) -> _Draft:
    theme = THEMES[theme_key]
    commune_name = b.name_by_code[vendor.commune]
    place = short_name(commune_name)
    for _attempt in range(30):
        line = LINES[b.weighted(theme.lines)]
        stem, packs = line.stem_packs(b.rng.choice(line.stems))
        grade = b.rng.choice(line.grades)
        p = b.rng.choice(packs)
        words = [stem]
        if (line.place or line.service) and place not in stem:
            words.append(place)
        if grade:
            words.append(grade)
        name = f"{' '.join(words)} – {p.label}"
        if name not in b.used_names:
            break
    b.used_names.add(name)
    availability = b.rng.choice(line.availability)
    if not line.service and b.rng.random() < 0.03:
        availability = Availability.OUT_OF_STOCK
    return _Draft(
        vendor=index,
        line=line,
        name=name,
        description=product_description(b, line, vendor, place, commune_name, b.rng.random() < 0.4),
        pack=p,
        price=draw_price(b, p),
        availability=availability,
        gtin=product_gtin(index, item)
        if p.unit not in LOOSE_UNITS and b.rng.random() < line.gtin
        else "",
        attributes=product_attributes(b, line, p),
        commune=vendor.commune,
    )


def flagship_draft(b: Builder, index: int, vendor: DemoVendor, flagship: Flagship) -> _Draft:
    line = LINES[flagship.line]
    p = line.packs[flagship.pack]
    attrs = product_attributes(b, line, p)
    attrs.update(flagship.attrs)
    b.used_names.add(flagship.product)
    return _Draft(
        vendor=index,
        line=line,
        name=flagship.product,
        description=flagship.description,
        pack=p,
        price=flagship.price,
        availability=flagship.availability,
        gtin=product_gtin(index, 1) if line.gtin >= 0.4 and p.unit not in LOOSE_UNITS else "",
        attributes=attrs,
        commune=vendor.commune,
    )


def published_counts(b: Builder, vendors: Sequence[DemoVendor]) -> list[int]:
    counts = [
        b.rng.randint(*PRODUCTS_BY_KIND[VendorKind(v.kind)])
        if v.status == VendorStatus.APPROVED
        else 0
        for v in vendors
    ]
    approved = [i for i, v in enumerate(vendors) if v.status == VendorStatus.APPROVED]
    while sum(counts) > PUBLISHED_PRODUCTS:
        i = b.rng.choice(approved)
        if counts[i] > 1:
            counts[i] -= 1
    while sum(counts) < PUBLISHED_PRODUCTS:
        i = b.rng.choice(approved)
        if counts[i] < MAX_PRODUCTS_PER_VENDOR:
            counts[i] += 1
    return counts


def product_finish(b: Builder, d: _Draft, vendor: DemoVendor, status: str) -> DemoProduct:
    """Give a product its status, review dates and slug."""
    submitted = published = None
    reason = ""
    if status in (ProductStatus.PUBLISHED, ProductStatus.ARCHIVED):
        # Only approved (or later suspended) storefronts have published products.
        open_days = b.days_ago(vendor.approved_at or vendor.created_at)
        published = b.at(b.rng.randint(1, max(1, open_days - 1)))
        submitted = published - dt.timedelta(hours=b.rng.randint(2, 70))
        created = submitted - dt.timedelta(days=b.rng.randint(0, 4), hours=1)
        if status == ProductStatus.ARCHIVED:
            reason = b.rng.choice(ARCHIVE_REASONS)
    elif status == ProductStatus.PENDING_REVIEW:
        submitted = b.at(b.rng.randint(1, 6))
        created = submitted - dt.timedelta(days=b.rng.randint(0, 3), hours=2)
    elif status == ProductStatus.REJECTED:
        submitted = b.at(b.rng.randint(5, 30))
        created = submitted - dt.timedelta(days=b.rng.randint(0, 3), hours=2)
        reason = b.rng.choice(PRODUCT_REJECT_REASONS)
    else:
        created = b.at(b.rng.randint(1, max(1, b.days_ago(vendor.created_at))))
    return DemoProduct(
        vendor=d.vendor,
        slug=b.slug(d.name, 150),
        name=d.name,
        description=d.description,
        category=d.line.category,
        unit=d.pack.unit,
        price=d.price,
        min_order_quantity=d.pack.moq,
        availability=d.availability,
        commune=d.commune,
        gtin=d.gtin,
        attributes=d.attributes,
        status=status,
        status_reason=reason,
        submitted_at=submitted,
        published_at=published,
        created_at=created,
    )


def products_compose(
    b: Builder, vendors: Sequence[DemoVendor], themes: Sequence[str]
) -> tuple[list[DemoProduct], dict[int, Flagship]]:
    """Every storefront's products in storefront order, and the flagship behind each position
    that holds one."""
    counts = published_counts(b, vendors)
    statuses: list[list[str]] = [[ProductStatus.PUBLISHED] * n for n in counts]
    approved = [i for i, v in enumerate(vendors) if v.status == VendorStatus.APPROVED]
    for extra, n in EXTRA_PRODUCTS.items():
        for i in b.rng.sample(approved, n):
            statuses[i].append(extra)
    for i, v in enumerate(vendors):
        if v.status == VendorStatus.PENDING:
            statuses[i] = [ProductStatus.DRAFT] * b.rng.randint(1, 2)
        elif v.status == VendorStatus.SUSPENDED:
            statuses[i] = [ProductStatus.PUBLISHED] * 3
    products: list[DemoProduct] = []
    flagship_of: dict[int, Flagship] = {}
    for i, (vendor, theme_key) in enumerate(zip(vendors, themes, strict=True)):
        for item, status in enumerate(statuses[i], start=1):
            if item == 1 and i < len(FLAGSHIPS):
                d = flagship_draft(b, i, vendor, FLAGSHIPS[i])
                flagship_of[len(products)] = FLAGSHIPS[i]
            else:
                d = product_draft(b, i, vendor, theme_key, item)
            products.append(product_finish(b, d, vendor, status))
    return products, flagship_of
