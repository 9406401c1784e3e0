"""Picture URLs follow the request's host when SITE_URL is not set (issue 12, item 14, D109):
`make run HOST=0.0.0.0:8100` must not give pictures on port 8000."""

from __future__ import annotations

import pytest

from core.site import DEFAULT_SITE_URL, site_url
from tests.media.test_api import committed, images_url, post_image  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _first_url(client, product, **extra):
    body = client.get(images_url(product), **extra).json()
    return body[0]["renditions"][0]["url"]


def test_picture_urls_use_the_request_host_when_site_url_is_unset(
    settings,
    vendor_client,
    api_client,
    product,
    committed,  # noqa: F811
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    committed(lambda: post_image(vendor_client, product))
    url = _first_url(api_client, product, HTTP_HOST="127.0.0.1:8100")
    assert url.startswith("http://127.0.0.1:8100/media/r/")
    # The product card in the public list too.
    listed = api_client.get("/api/v1/products/", HTTP_HOST="localhost:8100").json()
    (card,) = [p for p in listed["results"] if p["slug"] == product.slug]
    assert card["images"][0]["renditions"][0]["url"].startswith("http://localhost:8100/media/")
    # Behind TLS termination the scheme follows too.
    assert _first_url(api_client, product, HTTP_HOST="127.0.0.1:8100", secure=True).startswith(
        "https://127.0.0.1:8100/"
    )


def test_a_configured_site_url_wins(settings, vendor_client, api_client, product, committed):  # noqa: F811
    settings.SITE_URL = "https://giaothuong.example.vn/"
    committed(lambda: post_image(vendor_client, product))
    url = _first_url(api_client, product, HTTP_HOST="127.0.0.1:8100")
    assert url.startswith("https://giaothuong.example.vn/media/r/")


def test_outside_a_request_the_default(settings):
    settings.SITE_URL = ""
    assert site_url() == DEFAULT_SITE_URL
    settings.SITE_URL = "https://a.example/"
    assert site_url() == "https://a.example"
