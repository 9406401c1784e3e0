"""Parallel uploads to one gallery on PostgreSQL: every picture lands, positions stay 0..n-1
and exactly one is primary (the product row lock serialises gallery writes). Checked by hand
that without the lock (`_gallery_locked` not locking) uploads collide on the one-primary index
(IntegrityError) and this test fails."""

from __future__ import annotations

import pytest
from django.db import connections

from media.models import Image, ImageStatus
from media.services import product_image_add
from tests.concurrency.conftest import postgres, run_in_parallel  # noqa: F401 - fixture
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.media import corpus
from tests.media.conftest import upload


@pytest.mark.django_db(transaction=True)
def test_parallel_uploads_keep_one_primary_and_dense_positions(postgres, media_dirs):  # noqa: F811
    owner = UserFactory()
    vendor = VendorFactory()
    MembershipFactory(vendor=vendor, user=owner)
    product = ProductFactory(vendor=vendor)
    pictures = [corpus.jpeg((64 + i, 48)) for i in range(12)]

    def add(data: bytes) -> int:
        return product_image_add(product=product, upload=upload(data), actor=owner).pk

    outcomes = run_in_parallel([lambda d=d: add(d) for d in pictures], clients=6)
    connections.close_all()
    assert all(o.ok for o in outcomes), [o.error for o in outcomes if not o.ok]
    gallery = list(Image.objects.filter(product=product).order_by("position"))
    assert len(gallery) == 12
    assert [i.position for i in gallery] == list(range(12))
    assert sum(i.is_primary for i in gallery) == 1
    # Each commit wrote its original and rendered it (Celery eager in tests).
    assert all(i.status == ImageStatus.READY for i in gallery)
    assert len(list((media_dirs / "private").rglob("*.jpg"))) == 12
