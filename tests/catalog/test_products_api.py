"""Browsing products: filters, ordering, visibility, OCOP stars and expiry, query counts."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from catalog.models import CertificateStatus, ProductStatus
from core.reference import warm_reference_tables
from marketplace.models import VendorStatus
from tests.conftest import client_for
from tests.factories import CertificateFactory, ProductFactory, VendorFactory, category, commune

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")

LIST = "/api/v1/products/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [p["slug"] for p in response.json()["results"]]


def test_list_shows_only_published_products_of_approved_vendors(api_client, vendor):
    visible = ProductFactory(vendor=vendor, slug="visible")
    ProductFactory(vendor=vendor, slug="draft", status=ProductStatus.DRAFT, published_at=None)
    ProductFactory(vendor=vendor, slug="pending", status=ProductStatus.PENDING_REVIEW)
    ProductFactory(vendor=vendor, slug="archived", status=ProductStatus.ARCHIVED)
    suspended = VendorFactory(status=VendorStatus.SUSPENDED)
    ProductFactory(vendor=suspended, slug="of-suspended")
    pending_vendor = VendorFactory(status=VendorStatus.PENDING)
    ProductFactory(vendor=pending_vendor, slug="of-pending-vendor")

    body = api_client.get(LIST).json()
    assert body["count"] == 1
    assert [p["slug"] for p in body["results"]] == [visible.slug]
    assert set(body) == {"count", "total_relation", "next", "previous", "results"}  # D86


def test_hidden_product_detail_is_404_for_public_but_visible_to_members(
    api_client, vendor_client, vendor
):
    draft = ProductFactory(vendor=vendor, slug="draft", status=ProductStatus.DRAFT)
    assert api_client.get(f"{LIST}{draft.slug}/").status_code == 404
    response = vendor_client.get(f"{LIST}{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_detail_shows_seller_identity(api_client, product, vendor):
    body = api_client.get(f"{LIST}{product.slug}/").json()
    seller = body["vendor"]
    assert seller["legal_name"] == vendor.legal_name
    assert seller["tax_code"] == vendor.tax_code
    assert seller["phone"] == vendor.phone
    assert seller["commune"]["code"] == vendor.commune_id
    assert seller["province"]["name"] == "Phú Thọ"


def test_category_filter_includes_descendants(api_client, vendor):
    rice = ProductFactory(vendor=vendor, slug="rice", category=category("gao-ngu-coc"))
    tea = ProductFactory(vendor=vendor, slug="tea", category=category("che-tuoi-che-bien"))
    craft = ProductFactory(vendor=vendor, slug="craft", category=category("do-gia-dung"))
    assert set(slugs(api_client.get(LIST, {"category": "thuc-pham"}))) == {rice.slug, tea.slug}
    assert slugs(api_client.get(LIST, {"category": "thu-cong-my-nghe"})) == [craft.slug]
    assert slugs(api_client.get(LIST, {"category": "no-such-category"})) == []


def test_province_commune_vendor_and_price_filters(api_client, vendor, other_vendor):
    tam_dao = next(c for c in commune().province.communes.all() if c.name == "Xã Tam Đảo")
    a = ProductFactory(vendor=vendor, slug="a", price=30000)
    b = ProductFactory(vendor=vendor, slug="b", price=90000, origin_commune=tam_dao)
    c = ProductFactory(vendor=other_vendor, slug="c", price=None, price_on_request=True)
    hanoi = VendorFactory(commune=commune(4))  # Phường Hoàn Kiếm, Hà Nội
    d = ProductFactory(vendor=hanoi, slug="d", price=50000)

    assert set(slugs(api_client.get(LIST, {"province": 25}))) == {a.slug, b.slug, c.slug}
    assert slugs(api_client.get(LIST, {"province": hanoi.province_id})) == [d.slug]
    assert slugs(api_client.get(LIST, {"commune": tam_dao.code})) == [b.slug]
    assert set(slugs(api_client.get(LIST, {"vendor": vendor.slug}))) == {a.slug, b.slug}
    assert set(slugs(api_client.get(LIST, {"price_min": 40000, "price_max": 90000}))) == {
        b.slug,
        d.slug,
    }
    assert slugs(api_client.get(LIST, {"price_on_request": "true"})) == [c.slug]


def test_orderings(api_client, vendor):
    now = timezone.now()
    cheap = ProductFactory(vendor=vendor, slug="cheap", name="Bưởi", price=10, published_at=now)
    dear = ProductFactory(
        vendor=vendor, slug="dear", name="Chè", price=99, published_at=now - dt.timedelta(days=2)
    )
    ask = ProductFactory(
        vendor=vendor,
        slug="ask",
        name="Ấm",
        price=None,
        price_on_request=True,
        published_at=now - dt.timedelta(days=1),
    )
    assert slugs(api_client.get(LIST)) == ["cheap", "ask", "dear"]
    assert slugs(api_client.get(LIST, {"ordering": "price"})) == ["cheap", "dear", "ask"]
    assert slugs(api_client.get(LIST, {"ordering": "-price"})) == ["dear", "cheap", "ask"]
    assert slugs(api_client.get(LIST, {"ordering": "name"}))[0] in {ask.slug, cheap.slug}
    assert cheap and dear


def test_bad_filter_value_is_400_in_the_one_shape(api_client):
    response = api_client.get(LIST, {"ordering": "random", "price_min": "abc"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"type", "title", "status", "detail", "errors"}
    assert body["status"] == 400
    assert set(body["errors"]) == {"ordering", "price_min"}


def test_page_size_is_capped(api_client, vendor):
    ProductFactory.create_batch(3, vendor=vendor)
    body = api_client.get(LIST, {"page_size": 100000}).json()
    assert body["count"] == 3
    response = api_client.get(LIST, {"page_size": 1})
    assert len(response.json()["results"]) == 1
    assert response.json()["next"] is not None


def test_stars_shown_until_expiry_day_and_hidden_from_it_without_the_task(api_client, product):
    issue = dt.date(2023, 3, 15)
    cert = CertificateFactory(
        product=product,
        stars=4,
        issue_date=issue,
        decision_date=issue,
        expires_on=dt.date(2026, 3, 15),
    )
    detail = f"{LIST}{product.slug}/"
    # The last minute before the expiry day, Vietnam time.
    with time_machine.travel(dt.datetime(2026, 3, 14, 23, 59, tzinfo=VN), tick=False):
        assert api_client.get(detail).json()["ocop_stars"] == 4
        assert slugs(api_client.get(LIST, {"ocop_stars_min": 4})) == [product.slug]
        assert len(api_client.get(detail).json()["certificates"]) == 1
    # 00:00 on the expiry day in Vietnam (still 14 March in UTC: a UTC date would be wrong).
    with time_machine.travel(dt.datetime(2026, 3, 15, 0, 0, tzinfo=VN), tick=False):
        cert.refresh_from_db()
        assert cert.status == CertificateStatus.VERIFIED  # the expiry task has not run
        body = api_client.get(detail).json()
        assert body["ocop_stars"] is None
        assert body["certificates"] == []
        assert slugs(api_client.get(LIST, {"ocop_stars_min": 3})) == []


def test_only_verified_certificates_give_stars(api_client, product):
    CertificateFactory(
        product=product,
        stars=5,
        score=95,
        issuing_level="national",
        status=CertificateStatus.PENDING_VERIFICATION,
    )
    CertificateFactory(product=product, stars=4, status=CertificateStatus.REVOKED)
    CertificateFactory(product=product, stars=3, score=60, status=CertificateStatus.VERIFIED)
    assert api_client.get(f"{LIST}{product.slug}/").json()["ocop_stars"] == 3
    assert slugs(api_client.get(LIST, {"ocop_stars_min": 4})) == []


@pytest.mark.parametrize("rows", [5, 50])
def test_product_list_query_count_does_not_grow_with_rows(
    api_client, vendor, other_vendor, rows, django_assert_num_queries
):
    for i in range(rows):
        p = ProductFactory(vendor=vendor if i % 2 else other_vendor)
        if i % 3 == 0:
            CertificateFactory(product=p)
    # 1 count + 1 page (stars are a subquery, the storefront is joined) + 1 for the pictures
    # with their renditions (D249; tests/media pins a page with pictures at 3 too); the
    # category, unit and places come from the reference tables a worker reads at start.
    warm_reference_tables()
    with django_assert_num_queries(3):
        response = api_client.get(LIST, {"page_size": 100})
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_vendor_list_query_count_does_not_grow_with_rows(
    api_client, rows, django_assert_num_queries
):
    VendorFactory.create_batch(rows)
    # count + page + logo/banner prefetch (+1 for renditions when some have pictures).
    warm_reference_tables()
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/vendors/", {"page_size": 100})
    assert response.json()["count"] == rows


def test_suspending_a_vendor_hides_it_and_its_products_at_once(
    api_client, moderator_client, vendor, product
):
    assert api_client.get(f"{LIST}{product.slug}/").status_code == 200
    response = moderator_client.post(
        f"/api/v1/vendors/{vendor.slug}/suspend/", {"reason": "Hàng giả"}
    )
    assert response.status_code == 200, response.content
    assert api_client.get(f"{LIST}{product.slug}/").status_code == 404
    assert api_client.get(LIST).json()["count"] == 0
    assert api_client.get(f"/api/v1/vendors/{vendor.slug}/").status_code == 404
    assert api_client.get("/api/v1/vendors/").json()["count"] == 0
    # the owner still sees its own storefront and its status
    owner_view = client_for(vendor.memberships.get().user).get(f"/api/v1/vendors/{vendor.slug}/")
    assert owner_view.json()["status"] == "suspended"


def test_vendor_page_lists_its_public_products_and_members_see_all(
    api_client, vendor_client, vendor
):
    ProductFactory(vendor=vendor, slug="pub")
    ProductFactory(vendor=vendor, slug="draft", status=ProductStatus.DRAFT)
    assert slugs(api_client.get(f"/api/v1/vendors/{vendor.slug}/products/")) == ["pub"]
    assert set(slugs(vendor_client.get(f"/api/v1/vendors/{vendor.slug}/products/"))) == {
        "pub",
        "draft",
    }
    assert slugs(
        vendor_client.get(f"/api/v1/vendors/{vendor.slug}/products/", {"status": "draft"})
    ) == ["draft"]
