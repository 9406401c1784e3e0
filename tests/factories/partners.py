"""Partner clients, keys and grants for tests (P2, P3 and P4 use these too).

client = PartnerClientFactory(scopes=["catalog:read"])
key = partner_key(client)                 # the plaintext, for headers
api = partner_api(key)                    # an APIClient sending X-Api-Key
StorefrontGrantFactory(vendor=vendor, client=client)
"""

from __future__ import annotations

import secrets

import factory
from rest_framework.test import APIClient

from partners.models import ApiKey, PartnerClient, StorefrontGrant
from partners.models.clients import KEY_PREFIX, hash_key


class PartnerClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerClient

    name = factory.Sequence(lambda n: f"Sàn đối tác {n}")
    contact_email = factory.Sequence(lambda n: f"partner{n}@example.vn")
    scopes = factory.LazyFunction(lambda: ["catalog:read", "fairs:read"])
    rate_limit_per_minute = 600


def partner_key(client: PartnerClient, **fields: object) -> str:
    """Creates an ApiKey row for the client and returns its plaintext."""
    prefix = secrets.token_hex(6)
    plaintext = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    ApiKey.objects.create(client=client, prefix=prefix, hashed_key=hash_key(plaintext), **fields)
    return plaintext


def partner_api(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_X_API_KEY=key)
    return api


class StorefrontGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StorefrontGrant

    vendor = factory.SubFactory("tests.factories.VendorFactory")
    client = factory.SubFactory(PartnerClientFactory)
