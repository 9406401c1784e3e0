"""The demo storefronts: flagships placed by hand, then generated producers with invented
names, tax codes and addresses; a few wait for approval, one is suspended and one rejected."""

from __future__ import annotations

import datetime as dt

from demo import people
from demo.builder import Builder, in_sentence, short_name
from demo.products import FLAGSHIPS, THEMES
from demo.records import DEMO_DOMAIN, DemoVendor
from marketplace.models import VendorKind, VendorStatus

# Storefronts: the flagships plus generated ones; a few of the generated wait, one is
# suspended and one rejected so every moderation screen has something in it.
TOTAL_VENDORS = 350
PENDING_VENDORS = 8

KIND_WEIGHTS = (
    (VendorKind.COOPERATIVE, 33),
    (VendorKind.ENTERPRISE, 22),
    (VendorKind.HOUSEHOLD, 30),
    (VendorKind.INDIVIDUAL, 15),
)

SUSPEND_REASON = (
    "Tạm đình chỉ theo đề nghị của Sở Công Thương: nhãn sản phẩm chưa ghi đủ thông tin bắt "
    "buộc. Gian hàng mở lại sau khi bổ sung nhãn mới."
)
REJECT_VENDOR_REASON = (
    "Mã số thuế không khớp với giấy chứng nhận đăng ký hộ kinh doanh; đề nghị kiểm tra và gửi "
    "lại hồ sơ."
)


def draw_person(b: Builder) -> tuple[str, str]:
    """(full name, given name)."""
    family = b.weighted(people.FAMILY_NAMES)
    if b.rng.random() < 0.5:
        middle, given = (
            b.rng.choice(people.MALE_MIDDLE),
            b.rng.choice(people.MALE_GIVEN),
        )
    else:
        middle = b.rng.choice(people.FEMALE_MIDDLE)
        given = b.rng.choice(people.FEMALE_GIVEN)
    return f"{family} {middle} {given}", given


def draw_brand(b: Builder) -> str:
    if b.rng.random() < 0.2:
        return b.rng.choice(people.BRAND_PHRASES)
    first, second = b.rng.sample(people.BRAND_SYLLABLES, 2)
    return f"{first} {second}"


def draw_tax_code(b: Builder, kind: str) -> str:
    # Invented on purpose: no province issues codes starting 99, and no citizen ID starts
    # with 999, so these can never be a real business's or person's number.
    personal = kind == VendorKind.INDIVIDUAL or (
        kind == VendorKind.HOUSEHOLD and b.rng.random() < 0.6
    )
    while True:
        if personal:
            code = f"999{b.rng.randrange(10**9):09d}"
        else:
            code = f"99{b.rng.randrange(10**8):08d}"
        if code not in b.used_tax_codes:
            b.used_tax_codes.add(code)
            return code


def draw_phone(b: Builder) -> str:
    while True:
        phone = f"0210 3{b.rng.randint(100, 999)} {b.rng.randint(0, 999):03d}"
        if phone not in b.used_phones:
            b.used_phones.add(phone)
            return phone


def draw_street(b: Builder, commune_name: str) -> str:
    if commune_name.startswith("Phường"):
        number = b.rng.randint(1, 480)
        return f"Số {number}, đường {b.rng.choice(people.STREETS)}"
    if b.rng.random() < 0.35:
        return f"Khu {b.rng.randint(1, 18)}"
    return f"{b.rng.choice(('Thôn', 'Xóm'))} {b.rng.choice(people.VILLAGES)}"


def vendor_names(b: Builder, kind: str, theme_key: str, commune: int) -> tuple[str, str, str]:
    """(legal name, display name, owner's name) for a generated storefront."""
    theme = THEMES[theme_key]
    place = short_name(b.name_by_code[commune])
    for _attempt in range(40):
        owner, given = draw_person(b)
        if kind == VendorKind.COOPERATIVE:
            tail = b.rng.choice((place, place, draw_brand(b), b.rng.choice(people.VILLAGES)))
            legal, display = f"Hợp tác xã {theme.coop} {tail}", f"HTX {theme.coop} {tail}"
        elif kind == VendorKind.ENTERPRISE:
            brand = draw_brand(b)
            form = "Công ty TNHH" if b.rng.random() < 0.7 else "Công ty Cổ phần"
            suffix = " Phú Thọ" if b.rng.random() < 0.25 else ""
            legal = f"{form} {theme.company} {brand}{suffix}"
            display = f"{theme.company} {brand}"
        elif kind == VendorKind.HOUSEHOLD:
            legal = f"Hộ kinh doanh {owner}"
            display = f"{theme.shop} {given} {place}"
        else:
            legal = f"Cơ sở {theme.trade} {owner}"
            display = f"Cơ sở {theme.trade} {given} {place}"
        if display not in b.used_names:
            b.used_names.add(display)
            return legal, display, owner
    b.used_names.add(display)
    return legal, display, owner


def vendor_compose(
    b: Builder,
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
    commune_name = b.name_by_code[commune]
    street = draw_street(b, commune_name)
    tax_code = draw_tax_code(b, kind)
    if kind in (VendorKind.ENTERPRISE, VendorKind.COOPERATIVE):
        registration = tax_code
    elif kind == VendorKind.HOUSEHOLD:
        registration = f"99H8{b.rng.randrange(10**6):06d}"
    else:
        registration = ""
    sentences = [intro] if intro else list(theme.intro)
    if b.rng.random() < 0.5:
        sentences = sentences[:1]
    description = " ".join(
        [f"{legal}, {street}, {in_sentence(commune_name)}, tỉnh Phú Thọ.", *sentences]
    )
    approved_at = None
    reason = ""
    if status == VendorStatus.PENDING:
        created = b.at(b.rng.randint(1, 20))
    elif status == VendorStatus.REJECTED:
        created = b.at(b.rng.randint(20, 45))
        reason = REJECT_VENDOR_REASON
    else:
        approved_at = b.at(b.rng.randint(45, 1000))
        created = approved_at - dt.timedelta(days=b.rng.randint(1, 12), hours=3)
        if status == VendorStatus.SUSPENDED:
            reason = SUSPEND_REASON
    return DemoVendor(
        number=number,
        slug=b.slug(display, 110),
        kind=kind,
        legal_name=legal,
        display_name=display,
        tax_code=tax_code,
        business_registration_number=registration,
        commune=commune,
        street_address=street,
        phone=draw_phone(b),
        email=f"vendor{number}@{DEMO_DOMAIN}",
        description=description,
        status=status,
        status_reason=reason,
        approved_at=approved_at,
        created_at=created,
        owner_name=owner,
    )


def vendors_compose(b: Builder) -> tuple[list[DemoVendor], list[str]]:
    """All storefronts in vendorK order, and each one's theme."""
    vendors: list[DemoVendor] = []
    themes: list[str] = []
    for flagship in FLAGSHIPS:
        commune = b.code_by_name.get(flagship.commune) or b.commune_for(())
        owner = flagship.person or draw_person(b)[0]
        b.used_names.add(flagship.display_name)
        vendors.append(
            vendor_compose(
                b,
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
    odd = b.rng.sample(range(generated), PENDING_VENDORS + 2)
    status_of = dict.fromkeys(odd[:PENDING_VENDORS], VendorStatus.PENDING)
    status_of[odd[-2]] = VendorStatus.SUSPENDED
    status_of[odd[-1]] = VendorStatus.REJECTED
    theme_weights = [(key, theme.weight) for key, theme in THEMES.items()]
    for i in range(generated):
        theme_key = b.weighted(theme_weights)
        kind = b.weighted(KIND_WEIGHTS)
        commune = b.commune_for(THEMES[theme_key].communes)
        legal, display, owner = vendor_names(b, kind, theme_key, commune)
        vendors.append(
            vendor_compose(
                b,
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
