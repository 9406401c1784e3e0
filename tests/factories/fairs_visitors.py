"""Factories for visitors, check-in and matchmaking (fairs come from tests.factories.fairs)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fairs import tickets
from fairs.models import (
    FairOrganizer,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    MeetingTable,
    VisitorRegistration,
)
from tests.factories import UserFactory, VendorFactory
from tests.factories.fairs import FairFactory, OrganizerFactory


class FairOrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairOrganizer

    fair = factory.SubFactory(FairFactory)
    user = factory.SubFactory(OrganizerFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitorRegistration

    fair = factory.SubFactory(FairFactory)
    user = factory.SubFactory(UserFactory)
    token = factory.LazyFunction(tickets.token_new)
    attendee_name = factory.LazyAttribute(lambda o: o.user.full_name or o.user.email)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSlot

    fair = factory.SubFactory(FairFactory)
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) + dt.timedelta(days=36, minutes=20 * n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=20))


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingTable

    fair = factory.SubFactory(FairFactory)
    name = factory.Sequence(lambda n: f"B{n:02d}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    fair = factory.SubFactory(FairFactory)
    buyer = factory.SubFactory(UserFactory)
    vendor = factory.SubFactory(VendorFactory)
    message = "Chúng tôi muốn nhập mì gạo cho chuỗi siêu thị."
    status = MeetingStatus.REQUESTED
