"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from catalog.models import (
    Category,
    CertificateStatus,
    IssuingLevel,
    OcopCertificate,
    Product,
    ProductStatus,
    Unit,
)
from marketplace.models import (
    Commune,
    MemberRole,
    User,
    Vendor,
    VendorKind,
    VendorMembership,
    VendorStatus,
)
from orders.models import Inquiry, StorefrontSales

PHU_THO = 25
PHUONG_VIET_TRI = 7900


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ModeratorFactory(UserFactory):
    is_moderator = True
    is_staff = True


def commune(code: int = PHUONG_VIET_TRI) -> Commune:
    return Commune.objects.get(code=code)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    slug = factory.Sequence(lambda n: f"htx-{n}")
    kind = VendorKind.COOPERATIVE
    legal_name = factory.Sequence(lambda n: f"Hợp tác xã Nông sản số {n}")
    display_name = factory.Sequence(lambda n: f"HTX Nông sản {n}")
    tax_code = factory.Sequence(lambda n: f"{2600000000 + n}")
    business_registration_number = factory.Sequence(lambda n: f"18{n:08d}")
    commune = factory.LazyFunction(commune)
    province_id = factory.LazyAttribute(lambda o: o.commune.province_id)
    street_address = "Khu 5"
    phone = "0210 3812 345"
    email = factory.Sequence(lambda n: f"htx{n}@example.vn")
    status = VendorStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VendorMembership

    vendor = factory.SubFactory(VendorFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.OWNER


def category(slug: str = "gao-ngu-coc") -> Category:
    return Category.objects.get(slug=slug)


def unit(code: str = "kg") -> Unit:
    return Unit.objects.get(code=code)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    vendor = factory.SubFactory(VendorFactory)
    slug = factory.Sequence(lambda n: f"mi-gao-{n}")
    name = factory.Sequence(lambda n: f"Mì gạo Hùng Lô loại {n}")
    description = "Mì gạo làm thủ công từ gạo Khang Dân, phơi nắng tự nhiên."
    category = factory.LazyFunction(category)
    unit = factory.LazyFunction(unit)
    price = 45000
    price_on_request = False
    origin_commune = factory.LazyAttribute(lambda o: o.vendor.commune)
    origin_province_id = factory.LazyAttribute(lambda o: o.origin_commune.province_id)
    status = ProductStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    product = factory.SubFactory(ProductFactory)
    vendor = factory.LazyAttribute(lambda o: o.product.vendor)
    stars = 4
    score = Decimal("78.5")
    certificate_number = factory.Sequence(lambda n: f"OCOP-PT-{n:04d}")
    decision_number = "2503/QĐ-UBND"
    decision_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=40))
    issuing_body = "UBND tỉnh Phú Thọ"
    issuing_level = IssuingLevel.PROVINCE
    issue_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    expires_on = factory.LazyAttribute(lambda o: o.issue_date + dt.timedelta(days=1095))
    status = CertificateStatus.VERIFIED


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    product = factory.SubFactory(ProductFactory)
    vendor = factory.LazyAttribute(lambda o: o.product.vendor)
    buyer = factory.SubFactory(UserFactory)
    quantity = 100
    contact_name = "Trần Thị Mai"
    contact_phone = "0912345678"


def sales_terms(vendor: Vendor) -> StorefrontSales:
    """A storefront's terms of sale as most buying tests want them: cash on delivery and bank
    transfer (a real NAPAS BIN), 30,000 ₫ shipping, free over 500,000 ₫."""
    return StorefrontSales.objects.create(
        vendor=vendor,
        accepts_cod=True,
        accepts_bank_transfer=True,
        bank_bin="970436",
        bank_account="0011004123456",
        bank_account_name="HTX MI GAO HUNG LO",
        shipping_fee=30000,
        free_shipping_over=500000,
    )
