"""Composed fixtures: actors and their API clients.

`vendor` is an approved storefront whose owner is `owner`; `other_vendor` belongs to
`other_owner`. Clients are DRF APIClients already signed in (force_authenticate).
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import (
    MembershipFactory,
    ModeratorFactory,
    ProductFactory,
    UserFactory,
    VendorFactory,
)


def pytest_configure(config: pytest.Config) -> None:
    # In CI the suite must run on the real services; a missing one fails, never skips.
    # (`make test` deliberately runs tests/search a second time on SQLite: GT_SEARCH_SQLITE_PASS.)
    if (
        os.environ.get("CI")
        and not os.environ.get("GT_SEARCH_SQLITE_PASS")
        and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    ):
        raise pytest.UsageError("CI=true but DATABASE_URL does not point at PostgreSQL")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A reused test database may have lost its seeded reference rows to a transactional
    test's flush in an earlier run: put them back once per session."""
    from tests.reference_data import reference_data_restore

    with django_db_blocker.unblock():
        reference_data_restore()


@pytest.fixture(autouse=True)
def _response_cache_off(request, settings):
    """The shared response cache (core/api/response_cache.py) starts a new generation when a
    write *commits*; a test runs in one transaction that never does, so the cache is off unless
    a test asks for it with @pytest.mark.response_cache (and runs the commit callbacks)."""
    if request.node.get_closest_marker("response_cache") is None:
        settings.API_RESPONSE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_cache_per_test():
    from django.core.cache import cache

    from core.reference import clear_reference_tables

    cache.clear()
    clear_reference_tables()  # a rolled-back test's categories must not outlive it
    yield


@pytest.fixture(autouse=True)
def _media_under_tmp(settings, tmp_path_factory):
    """Uploaded files (certificate scans, pictures) go to a temporary directory, never var/."""
    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root / "public"
    settings.MEDIA_PRIVATE_ROOT = root / "private"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.vn", full_name="Lê Văn Mua")


@pytest.fixture
def buyer_client(buyer):
    return client_for(buyer)


@pytest.fixture
def moderator(db):
    return ModeratorFactory(email="mod@example.vn")


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.vn")


@pytest.fixture
def vendor(owner):
    v = VendorFactory(slug="htx-mi-gao-hung-lo", display_name="HTX Mì gạo Hùng Lô")
    MembershipFactory(vendor=v, user=owner)
    return v


@pytest.fixture
def vendor_client(owner, vendor):
    return client_for(owner)


@pytest.fixture
def other_owner(db):
    return UserFactory(email="other@example.vn")


@pytest.fixture
def other_vendor(other_owner):
    v = VendorFactory(slug="htx-che-thanh-ba", display_name="HTX Chè Thanh Ba")
    MembershipFactory(vendor=v, user=other_owner)
    return v


@pytest.fixture
def other_vendor_client(other_owner, other_vendor):
    return client_for(other_owner)


@pytest.fixture
def product(vendor):
    return ProductFactory(vendor=vendor, slug="mi-gao-hung-lo", name="Mì gạo Hùng Lô")
