"""Factories for fairs, booth types and exhibitor applications (H4 appends its own below)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fairs.models import (
    ApplicationStatus,
    ApprovalMode,
    BoothType,
    ExhibitorApplication,
    Fair,
    FairKind,
    FairOrganizer,
    FairStatus,
    ShowcaseItem,
)
from tests.factories import PHU_THO, PHUONG_VIET_TRI, ProductFactory, UserFactory, VendorFactory


class OrganizerFactory(UserFactory):
    is_organizer = True


def _now() -> dt.datetime:
    return timezone.now().replace(microsecond=0)


class FairFactory(factory.django.DjangoModelFactory):
    """An open physical fair in Việt Trì: applications open now for 30 days, fair after that."""

    class Meta:
        model = Fair
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hội chợ OCOP Phú Thọ {2026 + n}")
    slug = factory.Sequence(lambda n: f"hoi-cho-xttm-{n}")
    kind = FairKind.PHYSICAL
    description = "Hội chợ giới thiệu sản phẩm OCOP và sản phẩm công nghiệp nông thôn tiêu biểu."
    venue = "Quảng trường Hùng Vương"
    province_id = PHU_THO
    commune_id = PHUONG_VIET_TRI
    street_address = "Đường Trần Phú"
    registration_opens_at = factory.LazyFunction(lambda: _now() - dt.timedelta(days=1))
    registration_closes_at = factory.LazyFunction(lambda: _now() + dt.timedelta(days=30))
    starts_at = factory.LazyFunction(lambda: _now() + dt.timedelta(days=35))
    ends_at = factory.LazyFunction(lambda: _now() + dt.timedelta(days=39))
    visitor_capacity = 500
    approval_mode = ApprovalMode.AUTOMATIC
    status = FairStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        # Under way: started an hour ago, ends in three days; its gates admit visitors now.
        under_way = factory.Trait(
            registration_opens_at=factory.LazyFunction(lambda: _now() - dt.timedelta(days=20)),
            registration_closes_at=factory.LazyFunction(lambda: _now() + dt.timedelta(days=1)),
            starts_at=factory.LazyFunction(lambda: _now() - dt.timedelta(hours=1)),
            ends_at=factory.LazyFunction(lambda: _now() + dt.timedelta(days=3)),
        )

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if create and extracted:
            for user in extracted:
                FairOrganizer.objects.create(fair=obj, user=user)


class BoothTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothType

    fair = factory.SubFactory(FairFactory)
    name = factory.Sequence(lambda n: f"Gian tiêu chuẩn {n}")
    size = "3m × 3m"
    price = 5_000_000
    count = 10


class ExhibitorApplicationFactory(factory.django.DjangoModelFactory):
    """An approved application (booths held) with one published product in its showcase.

    Built directly, bypassing the capacity services: use it for fixtures, not to test capacity.
    """

    class Meta:
        model = ExhibitorApplication
        skip_postgeneration_save = True

    booth_type = factory.SubFactory(BoothTypeFactory)
    fair = factory.LazyAttribute(lambda o: o.booth_type.fair)
    vendor = factory.SubFactory(VendorFactory)
    quantity = 1
    contact_name = "Nguyễn Thị Hoa"
    contact_phone = "0912345678"
    contact_email = factory.Sequence(lambda n: f"lienhe{n}@example.vn")
    status = ApplicationStatus.APPROVED
    decided_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == ApplicationStatus.WAITLISTED else None
    )

    @factory.post_generation
    def products(obj, create, extracted, **kwargs):
        if not create:
            return
        products = extracted if extracted is not None else [ProductFactory(vendor=obj.vendor)]
        for i, product in enumerate(products):
            ShowcaseItem.objects.create(application=obj, product=product, position=i)
