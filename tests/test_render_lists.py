"""Public lists rendered by plain functions (issue 11) show exactly what the serializers did.

Each row function is compared with its serializer's `.data` (the schema source) on a varied set
of rows, and the HTTP answers with the bytes DRF's own JSONRenderer writes for the serializer's
data: a field added to a serializer but not to its function, a value formatted differently, or a
renderer that writes other bytes, fails here.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from catalog import selectors as catalog_selectors
from catalog.api.serializers import (
    ProductDetailSerializer,
    ProductListSerializer,
    product_card,
    product_detail_data,
)
from catalog.models import CertificateStatus, RuralIndustryAward
from core.api.renderers import JSONRenderer, json_datetime
from core.reference import warm_reference_tables
from fairs.api.serializers_fairs import FairListSerializer, fair_card
from fairs.models import FairKind, FairStatus
from fairs.selectors import fairs as fair_selectors
from marketplace.api.serializers import VendorPublicSerializer, vendor_public_data, vendor_rows
from marketplace.models import VendorStatus
from marketplace.selectors import vendor_list_public
from media.api.serializers import (
    GalleryImageSerializer,
    ImageSerializer,
    RenditionSerializer,
    _name_url,
    absolute_url,
    galleries_data,
    gallery_data,
    image_data,
    rendition_data,
    rendition_url,
    vendor_brand_data,
)
from media.models import Image, ImageStatus
from media.selectors import product_gallery, vendor_brand_image
from search.api.serializers import (
    FacetBucketSerializer,
    ProductHitSerializer,
    VendorHitSerializer,
    facets_data,
    product_hit,
    vendor_hit,
)
from search.base import FacetBucket, Hit
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.factories.fairs import FairFactory
from tests.factories.media import picture as media_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Responses and the reference rendered outside a request share one base URL (D109)."""
    settings.SITE_URL = "http://127.0.0.1:8000"


VN = ZoneInfo("Asia/Ho_Chi_Minh")


def drf_bytes(data) -> bytes:
    return DRFJSONRenderer().render(data)


def picture(*, status=ImageStatus.READY, kind="gallery", position=0, primary=False, **owner):
    return media_picture(
        status=status, kind=kind, position=position, primary=primary, widths=(160, 480), **owner
    )


@pytest.fixture
def catalogue(vendor):
    """Products with and without a price, stars (and an expired or rejected certificate),
    pictures with renditions and one still processing, and a storefront with a logo."""
    today = timezone.localdate()
    ProductFactory(vendor=vendor, slug="plain", name="Mì gạo “Hùng Lô” – 500 g")
    ProductFactory(vendor=vendor, slug="on-request", price=None, price_on_request=True)
    starred = ProductFactory(vendor=vendor, slug="starred", price=1_250_000)
    CertificateFactory(product=starred, stars=4)
    CertificateFactory(product=starred, stars=3)
    expired = ProductFactory(vendor=vendor, slug="expired")
    CertificateFactory(
        product=expired,
        stars=5,
        issue_date=today - dt.timedelta(days=1200),
        expires_on=today - dt.timedelta(days=1),
    )
    rejected = ProductFactory(vendor=vendor, slug="rejected")
    CertificateFactory(product=rejected, stars=5, status=CertificateStatus.REJECTED)
    pictured = ProductFactory(
        vendor=vendor,
        slug="pictured",
        published_at=dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC),
    )
    picture(product=pictured, primary=True)
    picture(product=pictured, position=1)
    picture(product=pictured, position=2, status=ImageStatus.PROCESSING)
    other = VendorFactory(slug="htx-che", display_name="HTX Chè Thanh Ba", approved_at=None)
    picture(vendor=other, kind="logo")
    picture(vendor=vendor, kind="banner", status=ImageStatus.FAILED)
    ProductFactory(vendor=other, slug="of-other", availability="out_of_stock")
    return vendor


def product_rows():
    return list(catalog_selectors.product_list_public())


def test_product_card_equals_the_list_serializer(catalogue):
    rows = product_rows()
    assert len(rows) == 7
    by_slug = {p.slug: p for p in rows}
    assert by_slug["starred"].ocop_stars == 4 and by_slug["expired"].ocop_stars is None
    assert len(by_slug["pictured"].gallery) == 3
    for product in rows:
        assert product_card(product) == ProductListSerializer(product).data, product.slug
    old = ProductListSerializer(rows, many=True).data
    new = [product_card(p) for p in rows]
    assert drf_bytes(new) == drf_bytes(old)
    # The gallery as before: renditions of ready pictures only, in order, with absolute URLs.
    images = product_card(by_slug["pictured"])["images"]
    assert [len(i["renditions"]) for i in images] == [4, 4, 0]
    assert images[0]["renditions"][0]["url"].startswith("http")


def test_a_page_of_galleries_read_as_rows_equals_each_gallery(catalogue, django_assert_num_queries):
    rows = product_rows()
    with django_assert_num_queries(1):  # the pictures joined to their renditions (D249)
        galleries = galleries_data([p.pk for p in rows])
    for product in rows:
        assert galleries.get(product.pk, []) == gallery_data(product_gallery(product)), product.slug
    assert sorted(len(g) for g in galleries.values()) == [3]  # only "pictured" has pictures
    with django_assert_num_queries(0):
        assert galleries_data([]) == {}


def test_product_detail_data_equals_the_detail_serializer(catalogue, django_assert_num_queries):
    """The detail's plain function (the API's detail and the site's product page, D220) is
    ProductDetailSerializer's data, key order and bytes included, on the detail's lean rows."""
    starred = catalog_selectors.product_detail_public().get(slug="starred")
    RuralIndustryAward.objects.create(
        product=starred,
        vendor=starred.vendor,
        level="province",
        year=2025,
        product_group="processed_food",
        issuer="UBND tỉnh Phú Thọ",
        status="verified",
    )
    picture(product=starred)
    rows = list(catalog_selectors.product_detail_public().order_by("id"))
    assert len(rows) == 7
    for product in rows:
        new, old = product_detail_data(product), ProductDetailSerializer(product).data
        assert new == old, product.slug
        assert list(new) == list(old) and drf_bytes(new) == drf_bytes(old)
    starred = next(p for p in rows if p.slug == "starred")
    data = product_detail_data(starred)
    assert [c["stars"] for c in data["certificates"]] == [4, 3]
    assert (
        data["certificates"][0]["score"]
        == ProductDetailSerializer(starred).data["certificates"][0]["score"]
    )
    assert [a["product"] for a in data["awards"]] == ["starred"]
    assert data["vendor"]["commune"] is not None and len(data["images"]) == 1
    with django_assert_num_queries(1):  # the lots section only: the rest is prefetched
        product_detail_data(starred)


def test_times_follow_the_active_time_zone_as_drf_does(catalogue):
    rows = product_rows()
    for zone in ("UTC", "Asia/Ho_Chi_Minh", "America/New_York"):
        with timezone.override(ZoneInfo(zone)):
            for product in rows:
                assert product_card(product) == ProductListSerializer(product).data
    when = dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    with timezone.override(ZoneInfo("UTC")):
        assert json_datetime(when) == "2026-03-01T08:30:15.123456Z"
    assert json_datetime(when) == "2026-03-01T15:30:15.123456+07:00"
    assert json_datetime(None) is None


def test_images_equal_their_serializers(catalogue):
    images = list(
        Image.objects.prefetch_related("renditions").order_by("id")
    )  # gallery, logo, banner
    for image in images:
        assert image_data(image) == ImageSerializer(image).data
    # The list serializers call these functions too: here they meet the serializers they replace.
    assert gallery_data(images) == GalleryImageSerializer(images, many=True).data
    assert len(images) == 5 and sum(len(i["renditions"]) for i in gallery_data(images)) == 12
    vendors = list(vendor_list_public())
    for vendor in vendors:
        for kind in ("logo", "banner"):
            image = vendor_brand_image(vendor, kind)
            assert vendor_brand_data(vendor, kind) == (image and ImageSerializer(image).data)
    assert image_data(None) is None
    assert gallery_data([]) == []


def test_storefront_rows_equal_the_public_serializer(catalogue):
    rows = list(vendor_list_public().order_by("display_name", "id"))
    assert len(rows) == 2
    for vendor in rows:
        assert vendor_public_data(vendor) == VendorPublicSerializer(vendor).data
    assert drf_bytes([vendor_public_data(v) for v in rows]) == drf_bytes(
        VendorPublicSerializer(rows, many=True).data
    )


def test_a_page_of_logos_and_banners_read_as_rows_equals_each(catalogue, django_assert_num_queries):
    rows = list(vendor_list_public().order_by("display_name", "id"))
    expected = [VendorPublicSerializer(v).data for v in rows]
    warm_reference_tables()
    with django_assert_num_queries(2):  # pictures, then the renditions of the ready ones
        assert vendor_rows(rows) == expected
    shown = {r["slug"]: (r["logo"] is not None, r["banner"] is not None) for r in expected}
    assert sorted(shown.values()) == [(False, True), (True, False)]  # a logo; a failed banner


def test_fair_rows_equal_the_list_serializer(db):
    now = timezone.now()
    FairFactory(slug="open-now")
    FairFactory(
        slug="online",
        kind=FairKind.ONLINE,
        province_id=None,
        commune_id=None,
        venue="",
        online_url="https://hoicho.example.vn/ocop",
        visitor_capacity=None,
    )
    FairFactory(slug="closed", registration_closes_at=now - dt.timedelta(hours=1))
    FairFactory(slug="not-yet", registration_opens_at=now + dt.timedelta(days=1))
    FairFactory(slug="ended", status=FairStatus.CLOSED)
    rows = list(fair_selectors.fair_list_public())
    assert {f.slug for f in rows} >= {"open-now", "online", "closed", "not-yet"}
    for fair in rows:
        assert fair_card(fair) == FairListSerializer(fair).data, fair.slug
    assert {f.slug: fair_card(f)["registration_open"] for f in rows}["open-now"] is True


def test_search_hits_equal_the_hit_serializers(catalogue):
    products = product_rows()
    hits = {
        p.pk: Hit(id=p.pk, score=1.5 / (i + 1), highlight={"name": "<mark>Mì</mark>"})
        for i, p in enumerate(products)
    }
    old = ProductHitSerializer(products, many=True, context={"hits": hits}).data
    assert [product_hit(p, hits[p.pk]) for p in products] == old
    vendors = list(vendor_list_public())
    vhits = {v.pk: Hit(id=v.pk, score=0.25) for v in vendors}
    old_v = VendorHitSerializer(vendors, many=True, context={"hits": vhits}).data
    assert [vendor_hit(v, vhits[v.pk]) for v in vendors] == old_v


# --- over HTTP: the bytes a client receives ---------------------------------------------------


def test_product_list_answers_the_bytes_the_serializer_gave(api_client, catalogue):
    response = api_client.get("/api/v1/products/")
    assert response.status_code == 200
    rows = product_rows()
    expected = {
        "count": len(rows),
        "total_relation": "eq",
        "next": None,
        "previous": None,
        "results": ProductListSerializer(rows, many=True).data,
    }
    assert response.content == drf_bytes(expected)
    assert response["Content-Type"] == "application/json"


def test_storefront_and_fair_lists_answer_the_serializers_bytes(api_client, catalogue):
    FairFactory(slug="open-now")
    vendors = list(vendor_list_public().order_by("display_name", "id"))
    body = api_client.get("/api/v1/vendors/").content
    assert body == drf_bytes(
        {
            "count": 2,
            "total_relation": "eq",
            "next": None,
            "previous": None,
            "results": VendorPublicSerializer(vendors, many=True).data,
        }
    )
    fairs = list(fair_selectors.fair_list_public())
    body = api_client.get("/api/v1/fairs/").content
    assert body == drf_bytes(
        {
            "count": len(fairs),
            "total_relation": "eq",
            "next": None,
            "previous": None,
            "results": FairListSerializer(fairs, many=True).data,
        }
    )


def test_vendor_products_list_renders_product_cards(api_client, catalogue):
    body = api_client.get(f"/api/v1/vendors/{catalogue.slug}/products/").json()
    by_slug = {p.slug: p for p in product_rows()}
    assert body["results"] == [product_card(by_slug[row["slug"]]) for row in body["results"]]
    assert len(body["results"]) == 6


# --- the renderer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        {"name": "Chè Shan tuyết Suối Giàng – “cổ thụ”", "price": 450000, "stars": None},
        {"lines": ["a\u2028b", "c\u2029d", "tab\tnew\nline\x01\x1f\x7f", 'é\\"/']},
        {"emoji": "🍵", "nested": [[], {}, [1, 2.5, -0.0, True, False]]},
        {
            "when": dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=VN),
            "utc": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            "day": dt.date(2026, 2, 3),
            "time": dt.time(7, 30),
            "money": decimal.Decimal("78.50"),
            "id": uuid.UUID(int=5),
            "lazy": gettext_lazy("Search is unavailable for a moment."),
            "tuple": (1, 2),
            "set": {3},
            "big": 2**70,
            "int_keys": {1: "one"},
        },
        [0.1, 1.0, 123456.789, 3.14159, 1 / 3],
    ],
)
def test_renderer_writes_the_bytes_drf_writes(data):
    assert JSONRenderer().render(data) == drf_bytes(data)


def test_renderer_indents_as_drf_when_asked():
    data = {"a": [1, {"b": "ư"}]}
    assert JSONRenderer().render(data, "application/json; indent=4") == DRFJSONRenderer().render(
        data, "application/json; indent=4"
    )
    assert JSONRenderer().render(None) == b""


def test_renderer_refuses_what_drf_refuses():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})


def test_suspended_storefront_is_not_in_the_rendered_list(api_client, catalogue):
    VendorFactory(slug="suspended", status=VendorStatus.SUSPENDED)
    slugs = [v["slug"] for v in api_client.get("/api/v1/vendors/").json()["results"]]
    assert "suspended" not in slugs and len(slugs) == 2


@pytest.mark.parametrize(
    ("media_url", "site_url"),
    [
        ("/media/", "http://127.0.0.1:8000"),
        ("/media/", "https://sancho.example.vn/sub/"),
        ("media/", "https://sancho.example.vn"),
        ("https://cdn.example.vn/m/", "https://sancho.example.vn"),
        ("https://cdn.example.vn//m/./", "https://sancho.example.vn"),
        ("", "https://sancho.example.vn"),
    ],
)
def test_rendition_urls_equal_the_storage_urls(settings, vendor, media_url, site_url):
    settings.MEDIA_URL = media_url
    settings.SITE_URL = site_url
    image = picture(vendor=vendor, kind="logo")
    names = [
        "r/abc/w160.webp",
        "/r/abc/w160.webp",
        "r//abc/w160.webp",
        "r/./abc/../w160.webp",
        "r/.hidden/w160.webp",
        "r/Chè Shan tuyết?#:%.jpg",
        "r/a b/ư.webp",
    ]
    rendition = image.renditions.first()
    for name in names:
        rendition.file = name
        assert rendition_url(rendition) == absolute_url(rendition.file.url), name
        assert _name_url()(name) == absolute_url(rendition.file.url), name
        assert rendition_data(rendition) == RenditionSerializer(rendition).data


def test_facet_buckets_equal_the_bucket_serializer():
    tree = [
        FacetBucket(
            key="thuc-pham",
            label=gettext_lazy("Food"),
            count=12,
            children=(
                FacetBucket(key="gao", label="Gạo", count=7),
                FacetBucket(key="mi", label="Mì", count=5, children=(FacetBucket(5, "x", 1),)),
            ),
        ),
        FacetBucket(key=3, label="3 ★", count=2),  # type: ignore[arg-type]
    ]
    facets = {"category": tree, "ocop_stars": tree[1:], "fair": []}
    expected = {k: FacetBucketSerializer(v, many=True).data for k, v in facets.items()}
    assert facets_data(facets) == expected
    assert drf_bytes(facets_data(facets)) == drf_bytes(expected)
    assert JSONRenderer().render(facets_data(facets)) == drf_bytes(expected)
