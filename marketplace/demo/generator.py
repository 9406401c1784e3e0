"""Compose the demo province in memory: storefronts, products, certificates, awards, inquiries.

`demo_build()` reads nothing from the database and writes nothing: given the province's
communes and today's date it returns the same `DemoData` every time (one seeded
random.Random drives every choice), so the loader's output is reproducible and the
composition can be tested without a database.

Records point at each other by position (a product's `vendor` is an index into `vendors`);
the loader turns positions into primary keys.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from catalog.models import (
    Availability,
    AwardLevel,
    AwardProductGroup,
    AwardRegion,
    AwardStatus,
    CertificateStatus,
    IssuingLevel,
    ProductStatus,
)
from catalog.seed import UNITS
from catalog.services.certificates import add_months
from core.text import slugify_vi
from marketplace.demo import people
from marketplace.demo.products import FLAGSHIPS, LINES, OFFERS, THEMES, Flagship, Line, Pack
from marketplace.models import InquiryStatus, VendorKind, VendorStatus

SEED = 25_2025
PROVINCE_CODE = 25
DEMO_DOMAIN = "demo.local"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the published password of the demo accounts

# Storefronts: the flagships plus generated ones; a few of the generated wait, one is
# suspended and one rejected so every moderation screen has something in it.
TOTAL_VENDORS = 350
PENDING_VENDORS = 8
# Products of approved storefronts by status.
PUBLISHED_PRODUCTS = 1064
EXTRA_PRODUCTS = {
    ProductStatus.DRAFT: 22,
    ProductStatus.PENDING_REVIEW: 12,
    ProductStatus.REJECTED: 4,
    ProductStatus.ARCHIVED: 6,
}
# OCOP certificates besides the flagships' own.
CERTIFICATES_VALID = 259
CERTIFICATES_EXPIRED_STILL_VERIFIED = 12  # reads must hide these by date
CERTIFICATES_EXPIRED_MARKED = 13
CERTIFICATES_PENDING = 6
AWARDS = 40
INQUIRIES = 12

NATIONAL_BODY = "Bộ Nông nghiệp và Môi trường"
PROVINCE_BODY = "UBND tỉnh Phú Thọ"
AWARD_MINISTRY = "Bộ Công Thương"

KIND_WEIGHTS = (
    (VendorKind.COOPERATIVE, 33),
    (VendorKind.ENTERPRISE, 22),
    (VendorKind.HOUSEHOLD, 30),
    (VendorKind.INDIVIDUAL, 15),
)
# Published products per approved storefront before scaling to PUBLISHED_PRODUCTS.
PRODUCTS_BY_KIND = {
    VendorKind.ENTERPRISE: (3, 7),
    VendorKind.COOPERATIVE: (2, 5),
    VendorKind.HOUSEHOLD: (1, 4),
    VendorKind.INDIVIDUAL: (1, 3),
}
MAX_PRODUCTS_PER_VENDOR = 9

SUSPEND_REASON = (
    "Tạm đình chỉ theo đề nghị của Sở Công Thương: nhãn sản phẩm chưa ghi đủ thông tin bắt "
    "buộc. Gian hàng mở lại sau khi bổ sung nhãn mới."
)
REJECT_VENDOR_REASON = (
    "Mã số thuế không khớp với giấy chứng nhận đăng ký hộ kinh doanh; đề nghị kiểm tra và gửi "
    "lại hồ sơ."
)
PRODUCT_REJECT_REASONS = (
    "Ảnh sản phẩm chưa rõ quy cách đóng gói; bổ sung ảnh nhãn có hạn sử dụng.",
    "Mô tả ghi công dụng chữa bệnh, không được phép với thực phẩm; sửa lại mô tả.",
    "Thiếu giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.",
    "Tên sản phẩm dùng chỉ dẫn địa lý nhưng cơ sở không nằm trong vùng được bảo hộ.",
)
ARCHIVE_REASONS = ("", "", "Hết mùa vụ, tạm ngừng bán.", "Ngừng sản xuất quy cách này.")
AWARD_REJECT_REASON = "Quyết định công nhận đính kèm không có tên sản phẩm này."

UNIT_NAMES = {code: name for code, name, _name_en in UNITS}
# Sold loose or as a service: no trade item barcode.
LOOSE_UNITS = frozenset({"kg", "tan", "lit", "con", "suat", "ve", "chau", "bo-hoa", "qua"})

AWARD_GROUPS: dict[str, str] = {
    "do-thu-cong-my-nghe": AwardProductGroup.HANDICRAFT,
    "do-gia-dung": AwardProductGroup.HANDICRAFT,
    "vai-may-mac": AwardProductGroup.HANDICRAFT,
    "cnnt-thiet-bi-may-moc": AwardProductGroup.MACHINERY,
    "cnnt-san-pham-khac": AwardProductGroup.OTHER,
    "my-pham-tu-duoc-lieu": AwardProductGroup.OTHER,
    **dict.fromkeys(
        (
            "che-tuoi-che-bien",
            "tra-tui-loc-tra-hoa",
            "che-bien-tu-gao-ngu-coc",
            "che-bien-tu-rau-cu-qua",
            "che-bien-tu-thit-trung-sua",
            "che-bien-tu-thuy-san",
            "mat-ong-san-pham-tu-mat-ong",
            "tuong-nuoc-mam-gia-vi-long",
            "gia-vi-kho",
            "ruou-trang",
            "ruou-vang-bia-do-uong-len-men",
            "nuoc-uong-nuoc-ep",
            "bot-hoa-tan",
            "thuc-pham-chuc-nang",
            "tinh-dau-duoc-lieu-kho",
            "rau-cu-qua-so-che",
        ),
        AwardProductGroup.PROCESSED_FOOD,
    ),
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    phone: str
    date_joined: dt.datetime
    is_moderator: bool = False
    is_organizer: bool = False
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoVendor:
    number: int  # K of its owner vendorK@demo.local
    slug: str
    kind: str
    legal_name: str
    display_name: str
    tax_code: str
    business_registration_number: str
    commune: int
    street_address: str
    phone: str
    email: str
    description: str
    status: str
    status_reason: str
    approved_at: dt.datetime | None
    created_at: dt.datetime
    owner_name: str

    @property
    def owner_email(self) -> str:
        return f"vendor{self.number}@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoProduct:
    vendor: int
    slug: str
    name: str
    description: str
    category: str
    unit: str
    price: int | None
    min_order_quantity: int
    availability: str
    commune: int
    gtin: str
    attributes: dict[str, str]
    status: str
    status_reason: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    created_at: dt.datetime

    @property
    def price_on_request(self) -> bool:
        return self.price is None


@dataclass(frozen=True)
class DemoCertificate:
    product: int
    stars: int
    score: Decimal
    certificate_number: str
    decision_number: str
    decision_date: dt.date
    issuing_body: str
    issuing_level: str
    issue_date: dt.date
    expires_on: dt.date
    status: str
    status_reason: str
    verified_at: dt.datetime | None


@dataclass(frozen=True)
class DemoAward:
    product: int
    level: str
    region: str
    year: int
    product_group: str
    issuer: str
    decision_number: str
    status: str
    status_reason: str


@dataclass(frozen=True)
class DemoMessage:
    from_vendor: bool
    body: str
    sent_at: dt.datetime


@dataclass(frozen=True)
class DemoInquiry:
    product: int
    quantity: int
    contact_name: str
    contact_phone: str
    contact_email: str
    status: str
    messages: tuple[DemoMessage, ...]


@dataclass(frozen=True)
class DemoData:
    staff: tuple[DemoUser, ...]  # moderator, organizer, buyer
    vendors: tuple[DemoVendor, ...]
    products: tuple[DemoProduct, ...]
    certificates: tuple[DemoCertificate, ...]
    awards: tuple[DemoAward, ...]
    inquiries: tuple[DemoInquiry, ...]

    @property
    def buyer(self) -> DemoUser:
        return self.staff[2]


def gtin13(body12: str) -> str:
    """Append the GS1 mod-10 check digit to 12 digits."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body12)))
    return body12 + str((10 - total % 10) % 10)


def short_name(commune_name: str) -> str:
    """ "Xã Thanh Ba" -> "Thanh Ba"."""
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if commune_name.startswith(prefix):
            return commune_name[len(prefix) :]
    return commune_name


def in_sentence(commune_name: str) -> str:
    """ "Xã Thanh Ba" -> "xã Thanh Ba", as an address reads inside a sentence."""
    return commune_name[:1].lower() + commune_name[1:]


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


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


@dataclass
class _Builder:
    rng: random.Random
    communes: list[tuple[int, str]]
    today: dt.date
    code_by_name: dict[str, int] = field(default_factory=dict)
    name_by_code: dict[int, str] = field(default_factory=dict)
    used_slugs: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    used_tax_codes: set[str] = field(default_factory=set)
    used_phones: set[str] = field(default_factory=set)
    tz: dt.tzinfo = field(default_factory=timezone.get_default_timezone)

    def __post_init__(self) -> None:
        self.code_by_name = {name: code for code, name in self.communes}
        self.name_by_code = dict(self.communes)

    # --- small helpers -------------------------------------------------------------------

    def at(self, days_ago: int, hour: int | None = None) -> dt.datetime:
        """An aware moment `days_ago` (>= 1) days before today, in working hours."""
        day = self.today - dt.timedelta(days=max(days_ago, 1))
        hour = self.rng.randint(7, 17) if hour is None else hour
        return dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)), tzinfo=self.tz)

    def days_ago(self, moment: dt.datetime) -> int:
        return (self.today - moment.astimezone(self.tz).date()).days

    def weighted(self, pairs: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]

    def slug(self, text: str, max_length: int) -> str:
        base = slugify_vi(text, max_length=max_length - 5)
        slug, n = base, 1
        while slug in self.used_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.used_slugs.add(slug)
        return slug

    def person(self) -> tuple[str, str]:
        """(full name, given name)."""
        family = self.weighted(people.FAMILY_NAMES)
        if self.rng.random() < 0.5:
            middle, given = (
                self.rng.choice(people.MALE_MIDDLE),
                self.rng.choice(people.MALE_GIVEN),
            )
        else:
            middle = self.rng.choice(people.FEMALE_MIDDLE)
            given = self.rng.choice(people.FEMALE_GIVEN)
        return f"{family} {middle} {given}", given

    def brand(self) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(people.BRAND_PHRASES)
        first, second = self.rng.sample(people.BRAND_SYLLABLES, 2)
        return f"{first} {second}"

    def tax_code(self, kind: str) -> str:
        # Invented on purpose: no province issues codes starting 99, and no citizen ID starts
        # with 999, so these can never be a real business's or person's number.
        personal = kind == VendorKind.INDIVIDUAL or (
            kind == VendorKind.HOUSEHOLD and self.rng.random() < 0.6
        )
        while True:
            if personal:
                code = f"999{self.rng.randrange(10**9):09d}"
            else:
                code = f"99{self.rng.randrange(10**8):08d}"
            if code not in self.used_tax_codes:
                self.used_tax_codes.add(code)
                return code

    def phone(self) -> str:
        while True:
            phone = f"0210 3{self.rng.randint(100, 999)} {self.rng.randint(0, 999):03d}"
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def street(self, commune_name: str) -> str:
        if commune_name.startswith("Phường"):
            number = self.rng.randint(1, 480)
            return f"Số {number}, đường {self.rng.choice(people.STREETS)}"
        if self.rng.random() < 0.35:
            return f"Khu {self.rng.randint(1, 18)}"
        return f"{self.rng.choice(('Thôn', 'Xóm'))} {self.rng.choice(people.VILLAGES)}"

    def commune_for(self, names: Sequence[str], share: float = 0.6) -> int:
        known = [self.code_by_name[n] for n in names if n in self.code_by_name]
        if known and self.rng.random() < share:
            return self.rng.choice(known)
        return self.rng.choice(self.communes)[0]

    # --- storefronts ---------------------------------------------------------------------

    def vendor_names(self, kind: str, theme_key: str, commune: int) -> tuple[str, str, str]:
        """(legal name, display name, owner's name) for a generated storefront."""
        theme = THEMES[theme_key]
        place = short_name(self.name_by_code[commune])
        for _attempt in range(40):
            owner, given = self.person()
            if kind == VendorKind.COOPERATIVE:
                tail = self.rng.choice(
                    (place, place, self.brand(), self.rng.choice(people.VILLAGES))
                )
                legal, display = f"Hợp tác xã {theme.coop} {tail}", f"HTX {theme.coop} {tail}"
            elif kind == VendorKind.ENTERPRISE:
                brand = self.brand()
                form = "Công ty TNHH" if self.rng.random() < 0.7 else "Công ty Cổ phần"
                suffix = " Phú Thọ" if self.rng.random() < 0.25 else ""
                legal = f"{form} {theme.company} {brand}{suffix}"
                display = f"{theme.company} {brand}"
            elif kind == VendorKind.HOUSEHOLD:
                legal = f"Hộ kinh doanh {owner}"
                display = f"{theme.shop} {given} {place}"
            else:
                legal = f"Cơ sở {theme.trade} {owner}"
                display = f"Cơ sở {theme.trade} {given} {place}"
            if display not in self.used_names:
                self.used_names.add(display)
                return legal, display, owner
        self.used_names.add(display)
        return legal, display, owner

    def vendor(
        self,
        *,
        number: int,
        kind: str,
        legal: str,
        display: str,
        owner: str,
        commune: int,
        theme_key: str,
        status: str,
        intro: str = "",
    ) -> DemoVendor:
        theme = THEMES[theme_key]
        commune_name = self.name_by_code[commune]
        street = self.street(commune_name)
        tax_code = self.tax_code(kind)
        if kind in (VendorKind.ENTERPRISE, VendorKind.COOPERATIVE):
            registration = tax_code
        elif kind == VendorKind.HOUSEHOLD:
            registration = f"99H8{self.rng.randrange(10**6):06d}"
        else:
            registration = ""
        sentences = [intro] if intro else list(theme.intro)
        if self.rng.random() < 0.5:
            sentences = sentences[:1]
        description = " ".join(
            [f"{legal}, {street}, {in_sentence(commune_name)}, tỉnh Phú Thọ.", *sentences]
        )
        approved_at = None
        reason = ""
        if status == VendorStatus.PENDING:
            created = self.at(self.rng.randint(1, 20))
        elif status == VendorStatus.REJECTED:
            created = self.at(self.rng.randint(20, 45))
            reason = REJECT_VENDOR_REASON
        else:
            approved_at = self.at(self.rng.randint(45, 1000))
            created = approved_at - dt.timedelta(days=self.rng.randint(1, 12), hours=3)
            if status == VendorStatus.SUSPENDED:
                reason = SUSPEND_REASON
        return DemoVendor(
            number=number,
            slug=self.slug(display, 110),
            kind=kind,
            legal_name=legal,
            display_name=display,
            tax_code=tax_code,
            business_registration_number=registration,
            commune=commune,
            street_address=street,
            phone=self.phone(),
            email=f"vendor{number}@{DEMO_DOMAIN}",
            description=description,
            status=status,
            status_reason=reason,
            approved_at=approved_at,
            created_at=created,
            owner_name=owner,
        )

    def vendors(self) -> tuple[list[DemoVendor], list[str]]:
        """All storefronts in vendorK order, and each one's theme."""
        vendors: list[DemoVendor] = []
        themes: list[str] = []
        for flagship in FLAGSHIPS:
            commune = self.code_by_name.get(flagship.commune) or self.commune_for(())
            owner = flagship.person or self.person()[0]
            self.used_names.add(flagship.display_name)
            vendors.append(
                self.vendor(
                    number=len(vendors) + 1,
                    kind=flagship.kind,
                    legal=flagship.legal_name,
                    display=flagship.display_name,
                    owner=owner,
                    commune=commune,
                    theme_key=flagship.theme,
                    status=VendorStatus.APPROVED,
                    intro=flagship.intro,
                )
            )
            themes.append(flagship.theme)
        generated = TOTAL_VENDORS - len(FLAGSHIPS)
        odd = self.rng.sample(range(generated), PENDING_VENDORS + 2)
        status_of = dict.fromkeys(odd[:PENDING_VENDORS], VendorStatus.PENDING)
        status_of[odd[-2]] = VendorStatus.SUSPENDED
        status_of[odd[-1]] = VendorStatus.REJECTED
        theme_weights = [(key, theme.weight) for key, theme in THEMES.items()]
        for i in range(generated):
            theme_key = self.weighted(theme_weights)
            kind = self.weighted(KIND_WEIGHTS)
            commune = self.commune_for(THEMES[theme_key].communes)
            legal, display, owner = self.vendor_names(kind, theme_key, commune)
            vendors.append(
                self.vendor(
                    number=len(vendors) + 1,
                    kind=kind,
                    legal=legal,
                    display=display,
                    owner=owner,
                    commune=commune,
                    theme_key=theme_key,
                    status=status_of.get(i, VendorStatus.APPROVED),
                )
            )
            themes.append(theme_key)
        return vendors, themes

    # --- products ------------------------------------------------------------------------

    def price(self, p: Pack) -> int | None:
        if p.on_request and self.rng.random() < p.on_request:
            return None
        step = 10_000 if p.high >= 1_000_000 else 1_000
        return max(step, round(self.rng.randint(p.low, p.high) / step) * step)

    def gtin(self, vendor: int, item: int) -> str:
        # 893 is GS1 Vietnam; "99" + the storefront's number + an item number keeps them unique.
        return gtin13(f"89399{vendor + 1:03d}{item:04d}")

    def describe(
        self, line: Line, vendor: DemoVendor, place: str, commune_name: str, offer: bool
    ) -> str:
        about = self.rng.sample(line.about, self.rng.choice((1, 1, 2)))
        sentences = [s.format(place=place) for s in about]
        where = in_sentence(commune_name)
        if line.service:
            sentences.append(f"Điểm đón khách tại {where}, tỉnh Phú Thọ.")
        elif self.rng.random() < 0.5:
            sentences.append(f"Sản phẩm của {vendor.display_name}, {where}, tỉnh Phú Thọ.")
        else:
            sentences.append(f"Sản xuất và đóng gói tại {where}, tỉnh Phú Thọ.")
        if offer and not line.service:
            sentences.append(self.rng.choice(OFFERS))
        return " ".join(sentences)

    def attributes(self, line: Line, p: Pack) -> dict[str, str]:
        attrs = dict(p.attrs)
        for key, options in line.attrs:
            if key not in attrs and self.rng.random() < 0.85:
                attrs[key] = self.rng.choice(options)
        return attrs

    def draft(self, index: int, vendor: DemoVendor, theme_key: str, item: int) -> _Draft:
        theme = THEMES[theme_key]
        commune_name = self.name_by_code[vendor.commune]
        place = short_name(commune_name)
        for _attempt in range(30):
            line = LINES[self.weighted(theme.lines)]
            stem, packs = line.stem_packs(self.rng.choice(line.stems))
            grade = self.rng.choice(line.grades)
            p = self.rng.choice(packs)
            words = [stem]
            if (line.place or line.service) and place not in stem:
                words.append(place)
            if grade:
                words.append(grade)
            name = f"{' '.join(words)} – {p.label}"
            if name not in self.used_names:
                break
        self.used_names.add(name)
        availability = self.rng.choice(line.availability)
        if not line.service and self.rng.random() < 0.03:
            availability = Availability.OUT_OF_STOCK
        return _Draft(
            vendor=index,
            line=line,
            name=name,
            description=self.describe(line, vendor, place, commune_name, self.rng.random() < 0.4),
            pack=p,
            price=self.price(p),
            availability=availability,
            gtin=self.gtin(index, item)
            if p.unit not in LOOSE_UNITS and self.rng.random() < line.gtin
            else "",
            attributes=self.attributes(line, p),
            commune=vendor.commune,
        )

    def flagship_draft(self, index: int, vendor: DemoVendor, flagship: Flagship) -> _Draft:
        line = LINES[flagship.line]
        p = line.packs[flagship.pack]
        attrs = self.attributes(line, p)
        attrs.update(flagship.attrs)
        self.used_names.add(flagship.product)
        return _Draft(
            vendor=index,
            line=line,
            name=flagship.product,
            description=flagship.description,
            pack=p,
            price=flagship.price,
            availability=flagship.availability,
            gtin=self.gtin(index, 1) if line.gtin >= 0.4 and p.unit not in LOOSE_UNITS else "",
            attributes=attrs,
            commune=vendor.commune,
        )

    def published_counts(self, vendors: Sequence[DemoVendor]) -> list[int]:
        counts = [
            self.rng.randint(*PRODUCTS_BY_KIND[VendorKind(v.kind)])
            if v.status == VendorStatus.APPROVED
            else 0
            for v in vendors
        ]
        approved = [i for i, v in enumerate(vendors) if v.status == VendorStatus.APPROVED]
        while sum(counts) > PUBLISHED_PRODUCTS:
            i = self.rng.choice(approved)
            if counts[i] > 1:
                counts[i] -= 1
        while sum(counts) < PUBLISHED_PRODUCTS:
            i = self.rng.choice(approved)
            if counts[i] < MAX_PRODUCTS_PER_VENDOR:
                counts[i] += 1
        return counts

    def finish(self, d: _Draft, vendor: DemoVendor, status: str) -> DemoProduct:
        """Give a product its status, review dates and slug."""
        submitted = published = None
        reason = ""
        if status in (ProductStatus.PUBLISHED, ProductStatus.ARCHIVED):
            # Only approved (or later suspended) storefronts have published products.
            open_days = self.days_ago(vendor.approved_at or vendor.created_at)
            published = self.at(self.rng.randint(1, max(1, open_days - 1)))
            submitted = published - dt.timedelta(hours=self.rng.randint(2, 70))
            created = submitted - dt.timedelta(days=self.rng.randint(0, 4), hours=1)
            if status == ProductStatus.ARCHIVED:
                reason = self.rng.choice(ARCHIVE_REASONS)
        elif status == ProductStatus.PENDING_REVIEW:
            submitted = self.at(self.rng.randint(1, 6))
            created = submitted - dt.timedelta(days=self.rng.randint(0, 3), hours=2)
        elif status == ProductStatus.REJECTED:
            submitted = self.at(self.rng.randint(5, 30))
            created = submitted - dt.timedelta(days=self.rng.randint(0, 3), hours=2)
            reason = self.rng.choice(PRODUCT_REJECT_REASONS)
        else:
            created = self.at(self.rng.randint(1, max(1, self.days_ago(vendor.created_at))))
        return DemoProduct(
            vendor=d.vendor,
            slug=self.slug(d.name, 150),
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

    def products(
        self, vendors: Sequence[DemoVendor], themes: Sequence[str]
    ) -> tuple[list[DemoProduct], dict[int, Flagship]]:
        counts = self.published_counts(vendors)
        statuses: list[list[str]] = [[ProductStatus.PUBLISHED] * n for n in counts]
        approved = [i for i, v in enumerate(vendors) if v.status == VendorStatus.APPROVED]
        for extra, n in EXTRA_PRODUCTS.items():
            for i in self.rng.sample(approved, n):
                statuses[i].append(extra)
        for i, v in enumerate(vendors):
            if v.status == VendorStatus.PENDING:
                statuses[i] = [ProductStatus.DRAFT] * self.rng.randint(1, 2)
            elif v.status == VendorStatus.SUSPENDED:
                statuses[i] = [ProductStatus.PUBLISHED] * 3
        products: list[DemoProduct] = []
        flagship_of: dict[int, Flagship] = {}
        for i, (vendor, theme_key) in enumerate(zip(vendors, themes, strict=True)):
            for item, status in enumerate(statuses[i], start=1):
                if item == 1 and i < len(FLAGSHIPS):
                    d = self.flagship_draft(i, vendor, FLAGSHIPS[i])
                    flagship_of[len(products)] = FLAGSHIPS[i]
                else:
                    d = self.draft(i, vendor, theme_key, item)
                products.append(self.finish(d, vendor, status))
        return products, flagship_of

    # --- OCOP certificates ---------------------------------------------------------------

    def rounds(self) -> list[tuple[dt.date, int, int]]:
        """Decision rounds, newest first: (date, provincial number, national number)."""
        rounds = []
        for k in range(18):
            first = add_months(self.today.replace(day=1), -(3 * k + 1))
            day = first.replace(day=self.rng.randint(5, 25))
            day = min(day, self.today - dt.timedelta(days=20))
            rounds.append((day, self.rng.randint(900, 3600), self.rng.randint(300, 4800)))
        return rounds

    def certificate(
        self,
        product: int,
        stars: int,
        score: Decimal,
        round_: tuple[dt.date, int, int],
        status: str,
        seq: int,
    ) -> DemoCertificate:
        decided, province_no, national_no = round_
        issued = decided + dt.timedelta(days=self.rng.randint(0, 10))
        issued = min(issued, self.today - dt.timedelta(days=1))
        expires = add_months(issued, 36)
        national = stars == 5
        verified_at = None
        reason = ""
        if status != CertificateStatus.PENDING_VERIFICATION:
            days = max(1, (self.today - issued).days - self.rng.randint(3, 20))
            verified_at = self.at(days)
        if status == CertificateStatus.EXPIRED:
            reason = f"Hết hiệu lực ngày {expires:%d/%m/%Y}."
        return DemoCertificate(
            product=product,
            stars=stars,
            score=score,
            certificate_number=f"OCOP-{'QG' if national else 'PT'}-{issued.year}-{seq:04d}",
            decision_number=f"{national_no}/QĐ-BNNMT" if national else f"{province_no}/QĐ-UBND",
            decision_date=decided,
            issuing_body=NATIONAL_BODY if national else PROVINCE_BODY,
            issuing_level=IssuingLevel.NATIONAL if national else IssuingLevel.PROVINCE,
            issue_date=issued,
            expires_on=expires,
            status=status,
            status_reason=reason,
            verified_at=verified_at,
        )

    def score(self, stars: int) -> Decimal:
        low, high = {5: (360, 390), 4: (280, 359), 3: (200, 279)}[stars]
        return (Decimal(self.rng.randint(low, high)) / 4).quantize(Decimal("0.01"))

    def certificates(
        self,
        products: Sequence[DemoProduct],
        vendors: Sequence[DemoVendor],
        flagship_of: dict[int, Flagship],
    ) -> list[DemoCertificate]:
        rounds = self.rounds()
        valid_from = add_months(self.today, -35)
        valid = [r for r in rounds if r[0] > valid_from]
        old = [
            r for r in rounds if add_months(self.today, -52) <= r[0] < add_months(self.today, -37)
        ]
        certs: list[DemoCertificate] = []
        for index, flagship in flagship_of.items():
            if flagship.stars is not None:
                score = Decimal(flagship.score)
                cert = self.certificate(
                    index, flagship.stars, score, self.rng.choice(valid[1:]),
                    CertificateStatus.VERIFIED, len(certs) + 1,
                )  # fmt: skip
                certs.append(cert)
        eligible = [
            i
            for i, p in enumerate(products)
            if p.status == ProductStatus.PUBLISHED
            and vendors[p.vendor].status == VendorStatus.APPROVED
            and not p.category.startswith("cnnt-")
            and i not in flagship_of
        ]
        plan = (
            [(CertificateStatus.VERIFIED, valid[1:])] * CERTIFICATES_VALID
            + [(CertificateStatus.VERIFIED, old)] * CERTIFICATES_EXPIRED_STILL_VERIFIED
            + [(CertificateStatus.EXPIRED, old)] * CERTIFICATES_EXPIRED_MARKED
            + [(CertificateStatus.PENDING_VERIFICATION, valid[:1])] * CERTIFICATES_PENDING
        )
        chosen = sorted(self.rng.sample(eligible, len(plan)))
        self.rng.shuffle(plan)
        for index, (status, pool) in zip(chosen, plan, strict=True):
            roll = self.rng.random()
            stars = 5 if roll < 0.03 else 4 if roll < 0.36 else 3
            certs.append(
                self.certificate(
                    index, stars, self.score(stars), self.rng.choice(pool), status, len(certs) + 1
                )
            )
        return certs

    # --- rural-industry awards -----------------------------------------------------------

    def awards(
        self, products: Sequence[DemoProduct], vendors: Sequence[DemoVendor]
    ) -> list[DemoAward]:
        eligible = [
            i
            for i, p in enumerate(products)
            if p.status == ProductStatus.PUBLISHED
            and vendors[p.vendor].status == VendorStatus.APPROVED
            and p.category in AWARD_GROUPS
        ]
        machinery = [i for i in eligible if AWARD_GROUPS[products[i].category] == "machinery"]
        chosen = machinery[:3]
        rest = [i for i in eligible if i not in chosen]
        chosen += self.rng.sample(rest, AWARDS - len(chosen))
        self.rng.shuffle(chosen)
        awards: list[DemoAward] = []
        for n, index in enumerate(chosen):
            if n < 4:
                level, region = AwardLevel.NATIONAL, ""
                year = self.rng.choice((2016, 2018, 2020, 2022, 2024))
            elif n < 12:
                level, region = AwardLevel.REGIONAL, AwardRegion.NORTH
                year = self.rng.choice((2017, 2019, 2021, 2023))
            else:
                level, region = AwardLevel.PROVINCE, ""
                year = self.rng.randint(2016, 2024)
            ministry = level != AwardLevel.PROVINCE
            number = self.rng.randint(100, 4200)
            status, reason = AwardStatus.VERIFIED, ""
            if n % 13 == 5:
                status = AwardStatus.PENDING_VERIFICATION
            elif n == 20:
                status, reason = AwardStatus.REJECTED, AWARD_REJECT_REASON
            awards.append(
                DemoAward(
                    product=index,
                    level=level,
                    region=region,
                    year=year,
                    product_group=AWARD_GROUPS[products[index].category],
                    issuer=AWARD_MINISTRY if ministry else PROVINCE_BODY,
                    decision_number=f"{number}/QĐ-{'BCT' if ministry else 'UBND'}",
                    status=status,
                    status_reason=reason,
                )
            )
        return awards

    # --- inquiries -----------------------------------------------------------------------

    def inquiries(
        self,
        products: Sequence[DemoProduct],
        vendors: Sequence[DemoVendor],
        buyer: DemoUser,
    ) -> list[DemoInquiry]:
        eligible = [
            i
            for i, p in enumerate(products)
            if p.status == ProductStatus.PUBLISHED
            and vendors[p.vendor].status == VendorStatus.APPROVED
        ]
        statuses = (
            [InquiryStatus.ANSWERED] * 6 + [InquiryStatus.OPEN] * 4 + [InquiryStatus.CLOSED] * 2
        )
        chosen = self.rng.sample(eligible, INQUIRIES)
        inquiries = []
        for index, status in zip(chosen, statuses, strict=True):
            p = products[index]
            vendor = vendors[p.vendor]
            unit = UNIT_NAMES.get(p.unit, p.unit)
            qty = p.min_order_quantity * self.rng.choice((1, 2, 5, 10, 20))
            if p.min_order_quantity == 1:
                qty = self.rng.choice((10, 20, 30, 50, 100))
            asked = self.at(self.rng.randint(3, 25))
            ask = self.rng.choice(
                (
                    f"Chào {vendor.display_name}, bên em là chuỗi cửa hàng nông sản ở Hà Nội, cần "
                    f"{qty} {unit} “{p.name}”. Anh chị báo giá sỉ và thời gian giao hàng giúp em.",
                    f"Chào anh chị, em muốn đặt {qty} {unit} “{p.name}” làm quà cho khách hàng "
                    "của công ty. Sản phẩm có xuất hóa đơn VAT không ạ?",
                    f"Cho em hỏi “{p.name}” còn hàng không? Em cần {qty} {unit}, giao về Việt Trì "
                    "trong tuần này.",
                    f"Bên em là siêu thị mini ở Vĩnh Yên, muốn nhập thử {qty} {unit} “{p.name}”. "
                    "Anh chị gửi giúp giấy chứng nhận an toàn thực phẩm và bảng giá.",
                )
            )
            messages = [DemoMessage(False, ask, asked)]
            if status != InquiryStatus.OPEN:
                quote = p.price if p.price is not None else 100_000 * self.rng.randint(2, 30)
                if qty >= 20:
                    quote = max(1_000, quote * 9 // 10 // 1_000 * 1_000)
                days = self.rng.randint(2, 7)
                reply = (
                    f"Cảm ơn anh chị đã quan tâm. Với {qty} {unit}, bên em báo giá "
                    f"{vnd(quote)} đ/{unit}, giao trong {days} ngày sau khi xác nhận đơn. "
                    "Sản phẩm có xuất hóa đơn VAT và giấy tờ an toàn thực phẩm đầy đủ."
                )
                replied = asked + dt.timedelta(hours=self.rng.randint(2, 30))
                messages.append(DemoMessage(True, reply, replied))
                if status == InquiryStatus.CLOSED:
                    thanks = (
                        "Cảm ơn anh chị, bên em đã nhận báo giá và sẽ liên hệ lại khi chốt đơn."
                    )
                    messages.append(
                        DemoMessage(
                            False, thanks, replied + dt.timedelta(hours=self.rng.randint(1, 20))
                        )
                    )
            inquiries.append(
                DemoInquiry(
                    product=index,
                    quantity=qty,
                    contact_name=buyer.full_name,
                    contact_phone=buyer.phone,
                    contact_email=buyer.email,
                    status=status,
                    messages=tuple(messages),
                )
            )
        return inquiries

    # --- everything ----------------------------------------------------------------------

    def build(self) -> DemoData:
        start = self.at(1200, hour=8)
        staff = (
            DemoUser(
                f"moderator@{DEMO_DOMAIN}", "Cán bộ quản lý sàn (demo)", "0210 3900 001", start,
                is_moderator=True, is_staff=True, is_superuser=True,
            ),
            DemoUser(
                f"organizer@{DEMO_DOMAIN}", "Trung tâm Khuyến công và XTTM (demo)", "0210 3900 002",
                start, is_organizer=True,
            ),
            DemoUser(f"buyer@{DEMO_DOMAIN}", "Nguyễn Minh Anh", "0210 3900 100", self.at(400, 9)),
        )  # fmt: skip
        vendors, themes = self.vendors()
        products, flagship_of = self.products(vendors, themes)
        return DemoData(
            staff=staff,
            vendors=tuple(vendors),
            products=tuple(products),
            certificates=tuple(self.certificates(products, vendors, flagship_of)),
            awards=tuple(self.awards(products, vendors)),
            inquiries=tuple(self.inquiries(products, vendors, staff[2])),
        )


def demo_build(
    *, communes: Sequence[tuple[int, str]], today: dt.date, seed: int = SEED
) -> DemoData:
    """Compose the demo province from the province's (code, name) communes."""
    if not communes:
        raise ValueError("the demo needs the province's communes")
    ordered = sorted(communes)
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    return _Builder(rng=rng, communes=ordered, today=today).build()
