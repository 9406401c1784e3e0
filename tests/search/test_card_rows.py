"""A search page's cards from statements compiled once per process (D249).

search.selectors.product_hits_public reads the hits' public products with their storefronts and
stars in one statement, search.api.serializers.product_hits their galleries with renditions in
one more, both compiled once per process (core.compiled), and turns rows into cards without a
model instance. What a client sees must not move: every card equals, value for value and byte
for byte, what the ORM path gave (product_cards_public() rows through product_hit(), itself
held equal to ProductHitSerializer by tests/test_render_lists.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from catalog.api.serializers import product_card, product_card_of_row
from catalog.models import Product, ProductStatus
from catalog.selectors import product_card_rows, product_cards_public
from core.api.renderers import JSONRenderer
from core.compiled import CompiledRows
from core.reference import warm_reference_tables
from marketplace.models import Vendor, VendorStatus
from media.models import ImageStatus
from search.api.serializers import ProductHitSerializer, product_hit, product_hits
from search.base import Hit
from search.selectors import product_hits_public
from tests.factories import CertificateFactory, ProductFactory, VendorFactory
from tests.search.pictures import gallery_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def shelf(db):
    """Every kind of card: no pictures, pictures not ready, several renditions, stars from a
    valid certificate beside an expired one, an expired one alone, no rating and a rating, the
    price on request, a storefront and an origin in another province (null places: below)."""
    today = timezone.localdate()
    vendor = VendorFactory(slug="htx-mi-gao", display_name="HTX Mì gạo “Hùng Lô”")
    other = VendorFactory(slug="htx-che", kind="household", province_id=1, commune_id=4)
    plain = ProductFactory(vendor=vendor, slug="plain", name="Mì gạo – 500 g")
    processing = ProductFactory(vendor=vendor, slug="processing")
    gallery_picture(processing, status=ImageStatus.PROCESSING)
    gallery_picture(processing, position=1, status=ImageStatus.FAILED)
    pictured = ProductFactory(
        vendor=vendor,
        slug="pictured",
        published_at=dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC),
    )
    gallery_picture(pictured, widths=(160, 480, 1200))
    gallery_picture(pictured, position=1)
    gallery_picture(pictured, position=2, status=ImageStatus.PROCESSING)
    gallery_picture(pictured, position=3, widths=())  # ready, no rendition left
    starred = ProductFactory(vendor=vendor, slug="starred", price=1_250_000)
    CertificateFactory(product=starred, stars=4)
    CertificateFactory(
        product=starred,
        stars=5,
        issue_date=today - dt.timedelta(days=1200),
        expires_on=today - dt.timedelta(days=1),
    )
    expired = ProductFactory(vendor=vendor, slug="expired")
    CertificateFactory(product=expired, stars=5, expires_on=today)  # not valid on its last day
    ProductFactory(vendor=vendor, slug="rated", rating_avg=Decimal("4.67"), rating_count=3)
    ProductFactory(vendor=other, slug="nowhere", origin_commune_id=4, origin_province_id=1)
    ProductFactory(vendor=other, slug="on-request", price=None, price_on_request=True)
    warm_reference_tables()
    return {p.slug: p for p in [plain, processing, pictured, starred, expired]}


def hits_for(slugs):
    ids = dict(Product.objects.filter(slug__in=slugs).values_list("slug", "id"))
    return [
        Hit(id=ids[slug], score=2.0 / (i + 1), highlight={"name": f"<mark>{slug}</mark>"})
        for i, slug in enumerate(slugs)
    ]


def orm_page(hits):
    """What the search page rendered before D249: product_cards_public() rows, product_hit()."""
    found = {p.pk: p for p in product_cards_public().filter(id__in=[h.id for h in hits])}
    return [(found[h.id], h) for h in hits if h.id in found]


ALL = ["on-request", "pictured", "nowhere", "starred", "plain", "rated", "expired", "processing"]


def test_cards_from_compiled_rows_equal_the_orm_cards(shelf):
    hits = hits_for(ALL)
    new = product_hits(product_hits_public(hits))
    old = [product_hit(p, h) for p, h in orm_page(hits)]
    assert [c["slug"] for c in new] == ALL  # the backend's order
    for card, before in zip(new, old, strict=True):
        assert card == before, card["slug"]
        assert list(card) == list(before) and list(card["vendor"]) == list(before["vendor"])
    assert DRFJSONRenderer().render(new) == DRFJSONRenderer().render(old)
    assert JSONRenderer().render(new) == JSONRenderer().render(old)
    schema = ProductHitSerializer(
        [p for p, _ in orm_page(hits)], many=True, context={"hits": {h.id: h for h in hits}}
    ).data
    assert new == schema
    by_slug = {c["slug"]: c for c in new}
    # what the rows exercise, as a client reads it
    assert by_slug["plain"]["images"] == []
    assert [i["renditions"] for i in by_slug["processing"]["images"]] == [[], []]
    assert [len(i["renditions"]) for i in by_slug["pictured"]["images"]] == [6, 4, 0, 0]
    assert [r["width"] for r in by_slug["pictured"]["images"][0]["renditions"]] == [
        160,
        160,
        480,
        480,
        1200,
        1200,
    ]
    assert by_slug["pictured"]["published_at"] == "2026-03-01T15:30:15.123456+07:00"
    assert by_slug["starred"]["ocop_stars"] == 4 and by_slug["expired"]["ocop_stars"] is None
    assert by_slug["rated"]["rating"] == {"average": 4.67, "count": 3}
    assert by_slug["plain"]["rating"] == {"average": None, "count": 0}
    assert by_slug["nowhere"]["origin_province"]["code"] == 1
    assert by_slug["on-request"]["price"] is None and by_slug["on-request"]["price_on_request"]
    assert by_slug["on-request"]["vendor"]["province"]["code"] == 1


def test_null_places_are_named_as_the_orm_names_them(shelf):
    """A storefront's province and a product's origin are never null in the schema; the row
    function still says null where product_card() does, for a place the reference tables do
    not hold."""
    product = product_cards_public().get(slug="plain")
    row = product_card_rows([product.pk])[product.pk]
    row["vendor__province_id"] = row["origin_commune_id"] = row["origin_province_id"] = None
    product.vendor = Vendor(
        slug=row["vendor__slug"], display_name=row["vendor__display_name"], kind=row["vendor__kind"]
    )
    product.origin_commune_id = product.origin_province_id = None
    card = product_card_of_row(row, [])
    assert card == product_card(product, []) and list(card) == list(product_card(product, []))
    assert card["vendor"]["province"] is None
    assert card["origin_commune"] is None and card["origin_province"] is None


def test_hits_no_longer_public_are_dropped_in_the_backends_order(shelf):
    hits = hits_for(["starred", "plain", "pictured", "on-request", "processing"])
    Product.objects.filter(slug="plain").update(status=ProductStatus.ARCHIVED)
    Vendor.objects.filter(slug="htx-che").update(status=VendorStatus.SUSPENDED)
    missing = Hit(id=10**9, score=9.0)  # deleted since indexing
    rows = product_hits_public([missing, *hits])
    assert [row["slug"] for row, _ in rows] == ["starred", "pictured", "processing"]
    assert [hit for _, hit in rows] == [hits[0], hits[2], hits[4]]
    assert product_hits(rows) == [product_hit(p, h) for p, h in orm_page(hits)]
    assert product_hits_public([]) == [] and product_hits([]) == []


def test_a_page_is_two_statements_and_none_compiled_again(
    shelf, monkeypatch, django_assert_num_queries
):
    hits = hits_for(ALL)
    product_hits(product_hits_public(hits))  # the first page of that size compiles
    compiled = []
    real = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self.query.model)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    with django_assert_num_queries(2):  # cards with stars; pictures with renditions
        cards = product_hits(product_hits_public(list(reversed(hits))))
    assert compiled == [] and [c["slug"] for c in cards] == ALL[::-1]


def test_stars_follow_the_day_without_compiling_again(shelf):
    ids = [shelf["starred"].pk, shelf["expired"].pk]
    today = timezone.localdate()
    assert {r["slug"]: r["ocop_stars"] for r in product_card_rows(ids).values()} == {
        "starred": 4,
        "expired": None,
    }
    tomorrow = dt.datetime.combine(
        today + dt.timedelta(days=1), dt.time(9), timezone.get_current_timezone()
    )
    CertificateFactory(product=shelf["expired"], stars=3, expires_on=today + dt.timedelta(days=2))
    with time_machine.travel(tomorrow, tick=False):
        assert product_card_rows(ids)[shelf["expired"].pk]["ocop_stars"] == 3
    with time_machine.travel(tomorrow + dt.timedelta(days=1), tick=False):
        assert product_card_rows(ids)[shelf["expired"].pk]["ocop_stars"] is None
        assert product_card_rows(ids)[shelf["starred"].pk]["ocop_stars"] == 4


def test_a_statement_refuses_a_queryset_it_cannot_bind():
    """A queryset that does not filter on the ids it is given cannot be kept: it would answer
    the same rows whatever the ids."""
    rows = CompiledRows(lambda ids, day: Product.objects.values("id"))
    with pytest.raises(ValueError, match="stand-in id 0 times"):
        rows([1], using="default")
    dated = CompiledRows(
        lambda ids, day: Product.objects.filter(id__in=ids, published_at__date__gt=day).values("id")
    )
    with pytest.raises(TypeError, match="give `day`"):
        dated([1], using="default")
    assert dated([1], using="default", day=dt.date(2026, 1, 1)) == []


def test_only_a_pages_worth_of_ids_is_kept(db, monkeypatch):
    monkeypatch.setattr("core.compiled.KEPT_UP_TO", 3)
    rows = CompiledRows(lambda ids, day: Product.objects.filter(id__in=ids).values("id"))
    assert rows([1, 2, 2, 3], using="default") == []  # ids once each: three
    assert rows(list(range(1, 9)), using="default") == []
    assert list(rows._statements) == [("default", 3)]
