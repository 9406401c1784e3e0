"""The search conformance suite: Vietnamese cases every backend must pass, written once.

Each backend gets a small test module that subclasses `BackendConformance` and provides the
`search_backend` fixture (an instance of the backend, empty and ready). For example, the
Elasticsearch module (tests/search/test_elasticsearch_conformance.py) is:

    import pytest
    from tests.search.conformance import BackendConformance

    class TestElasticsearchConformance(BackendConformance):
        # A stale Elasticsearch document cannot know that a storefront was suspended a
        # moment ago; the API renders hits from the live rows instead (tests/search/test_api.py).
        test_live_catalogue_wins_over_a_stale_index = None

        @pytest.fixture
        def search_backend(self, db, ...):
            backend = ElasticsearchBackend(...)   # a throw-away index / alias
            yield backend
            ...                                   # drop it

        def index(self, backend, product_ids, vendor_ids):
            super().index(backend, product_ids, vendor_ids)
            ...                                   # refresh the index so hits are searchable

The `catalogue` fixture builds the products below and calls `self.index(...)` once; tests that
change data afterwards call `self.index(...)` again for what they changed (as the indexing task
would), except `test_live_catalogue_wins_over_a_stale_index`, which checks behaviour *without* a
reindex: a backend that cannot see live changes sets that attribute to None (not collected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from catalog.models import CertificateStatus, IssuingLevel, ProductStatus
from catalog.services.certificates import certificate_revoke
from catalog.services.products import product_archive
from marketplace.models import VendorKind, VendorStatus
from marketplace.services.vendors import vendor_suspend
from search.base import ProductQuery, SearchBackend, SearchResults, VendorQuery
from tests.factories import (
    CertificateFactory,
    ModeratorFactory,
    ProductFactory,
    VendorFactory,
    category,
    commune,
)

VAN_PHU = 7918
DOAN_HUNG = 7969
THANH_BA = 8152
TAM_DAO = 8911
OTHER_PROVINCE_COMMUNE = 14434  # Xã Thanh Sơn of province 37
PHU_THO = 25
FAIR = "hoi-cho-ocop-phu-tho-2026"


@dataclass
class Catalogue:
    p: dict[str, Any]  # name key → Product
    v: dict[str, Any]  # name key → Vendor

    def ids(self, *keys: str) -> list[int]:
        return [self.p[k].pk for k in keys]


def _cert(product: Any, stars: int, **extra: Any) -> Any:
    score = {3: Decimal("60"), 4: Decimal("80"), 5: Decimal("95")}[stars]
    level = IssuingLevel.NATIONAL if stars == 5 else IssuingLevel.PROVINCE
    return CertificateFactory(
        product=product, stars=stars, score=score, issuing_level=level, **extra
    )


def build_catalogue() -> Catalogue:
    today = timezone.localdate()
    hung_lo = VendorFactory(
        slug="htx-mi-gao-hung-lo",
        display_name="HTX Mì gạo Hùng Lô",
        legal_name="Hợp tác xã Mì gạo Hùng Lô",
        commune=commune(VAN_PHU),
        kind=VendorKind.COOPERATIVE,
    )
    thanh_ba = VendorFactory(
        slug="htx-che-thanh-ba",
        display_name="HTX Chè Thanh Ba",
        legal_name="Hợp tác xã Chè Thanh Ba",
        commune=commune(THANH_BA),
        kind=VendorKind.COOPERATIVE,
    )
    doan_hung = VendorFactory(
        slug="cong-ty-buoi-doan-hung",
        display_name="Công ty Bưởi Đoan Hùng",
        legal_name="Công ty TNHH Bưởi Đoan Hùng",
        commune=commune(DOAN_HUNG),
        kind=VendorKind.ENTERPRISE,
    )
    honey = VendorFactory(
        slug="ho-kinh-doanh-mat-ong",
        display_name="Hộ kinh doanh Ong Rừng Xanh",
        legal_name="Hộ kinh doanh Ong Rừng Xanh",
        commune=commune(TAM_DAO),
        kind=VendorKind.HOUSEHOLD,
    )
    far = VendorFactory(
        slug="htx-xa-thanh-son",
        display_name="HTX Nông sản Thanh Sơn",
        commune=commune(OTHER_PROVINCE_COMMUNE),
        kind=VendorKind.COOPERATIVE,
    )
    suspended = VendorFactory(
        slug="htx-bi-dinh-chi",
        display_name="HTX Mì gạo Tây Cốc",
        commune=commune(DOAN_HUNG),
        status=VendorStatus.SUSPENDED,
    )
    noodles = category("che-bien-tu-gao-ngu-coc")
    tea = category("che-tuoi-che-bien")
    honey_cat = category("mat-ong-san-pham-tu-mat-ong")
    fruit = category("rau-cu-qua-hat-tuoi")
    herbs = category("thuc-pham-chuc-nang")
    spirits = category("ruou-trang")
    days = [timezone.now() - dt.timedelta(days=d) for d in range(30)]

    def product(key: str, **kw: Any) -> Any:
        kw.setdefault("slug", key)
        kw.setdefault("published_at", days[len(products) + 1])
        kw.setdefault("description", "")
        products[key] = ProductFactory(**kw)
        return products[key]

    products: dict[str, Any] = {}
    mi = product(
        "mi-gao-hung-lo",
        name="Mì gạo Hùng Lô",
        vendor=hung_lo,
        category=noodles,
        price=45_000,
        description="Sợi mì làm thủ công từ gạo Khang Dân, phơi nắng.",
    )
    _cert(mi, 5)
    lut = product(
        "mi-gao-lut-lam-thao",
        name="Mì gạo lứt Lâm Thao",
        vendor=hung_lo,
        category=noodles,
        price=60_000,
    )
    _cert(lut, 3)
    product(
        "che-thanh-ba-hop",
        name="Chè Thanh Ba hộp 500g",
        vendor=thanh_ba,
        category=tea,
        price=120_000,
    )
    bup = product(
        "che-bup-tim-thanh-ba",
        name="Chè búp tím Thanh Ba",
        vendor=thanh_ba,
        category=tea,
        price=350_000,
    )
    _cert(bup, 5)
    buoi = product(
        "buoi-doan-hung",
        name="Bưởi Đoan Hùng",
        vendor=doan_hung,
        category=fruit,
        price=40_000,
        origin_commune=commune(DOAN_HUNG),
    )
    _cert(buoi, 4)
    product(
        "buoi-suu-chi-dam",
        name="Bưởi Sửu Chí Đám",
        vendor=doan_hung,
        category=fruit,
        price=None,
        price_on_request=True,
        origin_commune=commune(DOAN_HUNG),
    )
    xoi = product(
        "xoi-buoi-sang", name="Xôi buổi sáng", vendor=hung_lo, category=noodles, price=15_000
    )
    _cert(xoi, 5)
    nhan = product(
        "mat-ong-hoa-nhan",
        name="Mật ong hoa nhãn",
        vendor=honey,
        category=honey_cat,
        price=250_000,
        origin_commune=commune(TAM_DAO),
    )
    _cert(nhan, 3)
    vai = product(
        "mat-ong-hoa-vai",
        name="Mật ong hoa vải",
        vendor=honey,
        category=honey_cat,
        price=260_000,
        origin_commune=commune(TAM_DAO),
    )
    _cert(vai, 4)
    product(
        "mat-ong-rung-thanh-thuy",
        name="Mật ong rừng Thanh Thủy",
        vendor=honey,
        category=honey_cat,
        price=300_000,
        origin_commune=commune(TAM_DAO),
    )
    product(
        "ruou-ngo-men-la",
        name="Rượu ngô men lá",
        vendor=far,
        category=spirits,
        price=90_000,
        description="Ngâm cùng mật ong rừng, uống ấm bụng.",
        origin_commune=commune(OTHER_PROVINCE_COMMUNE),
    )
    dtht = product(
        "dong-trung-ha-thao-tam-dao",
        name="Đông trùng hạ thảo Tam Đảo",
        vendor=honey,
        category=herbs,
        price=1_500_000,
        origin_commune=commune(TAM_DAO),
    )
    _cert(dtht, 4)
    product(
        "bun-ga-kho",
        name="Bún gà khô ăn liền",
        vendor=far,
        category=noodles,
        price=30_000,
        origin_commune=commune(OTHER_PROVINCE_COMMUNE),
    )
    product(
        "bun-bo-kho",
        name="Bún bò khô",
        vendor=far,
        category=noodles,
        price=32_000,
        origin_commune=commune(OTHER_PROVINCE_COMMUNE),
    )
    # never visible
    product(
        "mi-gao-hung-lo-nhap",
        name="Mì gạo Hùng Lô bản nháp",
        vendor=hung_lo,
        category=noodles,
        status=ProductStatus.DRAFT,
        published_at=None,
    )
    product("mi-gao-tay-coc", name="Mì gạo Tây Cốc", vendor=suspended, category=noodles)
    # stars that must not count: expired by date (status not yet moved), and revoked
    expired = product(
        "mat-ong-bac-ha",
        name="Mật ong bạc hà",
        vendor=honey,
        category=honey_cat,
        price=280_000,
        origin_commune=commune(TAM_DAO),
    )
    _cert(
        expired,
        5,
        issue_date=today - dt.timedelta(days=1100),
        decision_date=today - dt.timedelta(days=1110),
        expires_on=today,
    )
    revoked = product(
        "mat-ong-ba-vi",
        name="Mật ong Ba Vì",
        vendor=honey,
        category=honey_cat,
        price=200_000,
        origin_commune=commune(TAM_DAO),
    )
    _cert(revoked, 5, status=CertificateStatus.REVOKED)
    vendors = {
        "hung_lo": hung_lo,
        "thanh_ba": thanh_ba,
        "doan_hung": doan_hung,
        "honey": honey,
        "far": far,
        "suspended": suspended,
    }
    return Catalogue(p=products, v=vendors)


def slugs(results: SearchResults, catalogue: Catalogue) -> list[str]:
    by_id = {p.pk: key for key, p in catalogue.p.items()}
    return [by_id[h.id] for h in results.hits]


def facet(results: SearchResults, name: str) -> dict[str, int]:
    return {b.key: b.count for b in results.facets[name]}


class BackendConformance:
    """Subclass with a `search_backend` fixture; see the module docstring."""

    def index(self, backend: SearchBackend, product_ids: list[int], vendor_ids: list[int]) -> None:
        backend.index_vendors(vendor_ids)
        backend.index_products(product_ids)

    @pytest.fixture
    def catalogue(self, db, search_backend, monkeypatch) -> Catalogue:
        cat = build_catalogue()
        in_fair = {cat.p["mi-gao-hung-lo"].pk, cat.p["buoi-doan-hung"].pk}
        monkeypatch.setattr(
            "search.documents.fair_slugs_for_products",
            lambda ids: {i: [FAIR] for i in ids if i in in_fair},
        )
        self.index(
            search_backend,
            [p.pk for p in cat.p.values()],
            [v.pk for v in cat.v.values()],
        )
        return cat

    def search(self, backend: SearchBackend, q: str = "", **kw: Any) -> SearchResults:
        kw.setdefault("page_size", 50)
        return backend.search_products(ProductQuery(q=q, **kw))

    # --- what people type --------------------------------------------------------------

    def test_without_diacritics_finds_the_product_first(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "mi gao hung lo"), catalogue)
        assert found[0] == "mi-gao-hung-lo"
        # the storefront's other products match on the storefront's name, below
        assert "mi-gao-lut-lam-thao" in found[1:]

    def test_a_typo_is_forgiven_and_corrected(self, search_backend, catalogue):
        results = self.search(search_backend, "mi gao hungg lo")
        assert slugs(results, catalogue)[0] == "mi-gao-hung-lo"
        assert results.did_you_mean == "mi gao hung lo"
        assert self.search(search_backend, "mi gao hung lo").did_you_mean is None

    def test_capitals_and_exact_spelling_rank_first(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "BƯỞI"), catalogue)
        assert set(found) >= {"buoi-doan-hung", "buoi-suu-chi-dam", "xoi-buoi-sang"}
        # "bưởi" spelt exactly beats "buổi" (same folding), although Xôi buổi sáng has 5 stars
        assert found.index("xoi-buoi-sang") > found.index("buoi-doan-hung")
        assert found.index("xoi-buoi-sang") > found.index("buoi-suu-chi-dam")

    def test_folded_query_finds_words_with_diacritics(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "buoi doan hung"), catalogue)
        assert found[0] == "buoi-doan-hung"
        found = slugs(self.search(search_backend, "BƯỞI doan hung"), catalogue)
        assert found[0] == "buoi-doan-hung"
        # the other grapefruit comes from Đoan Hùng: found through its place, below
        assert "buoi-suu-chi-dam" in found[1:]

    def test_phrase_ranks_above_scattered_words(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "che thanh ba"), catalogue)
        assert found[:2] == ["che-thanh-ba-hop", "che-bup-tim-thanh-ba"]

    def test_name_ranks_above_description_then_stars_break_ties(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "mật ong"), catalogue)
        assert found[:2] == ["mat-ong-hoa-vai", "mat-ong-hoa-nhan"]  # 4★ before 3★
        assert found[-1] == "ruou-ngo-men-la"  # only its description says mật ong
        assert {"mat-ong-rung-thanh-thuy", "mat-ong-bac-ha", "mat-ong-ba-vi"} <= set(found)

    def test_d_and_dj_are_the_same_letter(self, search_backend, catalogue):
        for q in ("dong trung ha thao", "đông trùng", "ĐÔNG TRÙNG HẠ THẢO", "Dong trung"):
            assert slugs(self.search(search_backend, q), catalogue) == [
                "dong-trung-ha-thao-tam-dao"
            ], q

    def test_every_word_must_match(self, search_backend, catalogue):
        assert slugs(self.search(search_backend, "bun ga"), catalogue) == ["bun-ga-kho"]
        assert self.search(search_backend, "bun ga hoa sen").total == 0

    def test_prefix_as_you_type(self, search_backend, catalogue):
        assert slugs(self.search(search_backend, "mi gao hung l"), catalogue)[0] == (
            "mi-gao-hung-lo"
        )
        assert "dong-trung-ha-thao-tam-dao" in slugs(
            self.search(search_backend, "dong tr"), catalogue
        )

    def test_highlight_marks_the_matched_words(self, search_backend, catalogue):
        hit = self.search(search_backend, "mi gao hung lo").hits[0]
        assert hit.highlight["name"] == (
            "<mark>Mì</mark> <mark>gạo</mark> <mark>Hùng</mark> <mark>Lô</mark>"
        )
        hit = self.search(search_backend, "thu cong").hits[0]
        assert "<mark>thủ</mark> <mark>công</mark>" in hit.highlight["description"]
        assert hit.score > 0

    # --- visibility ----------------------------------------------------------------------

    def test_unpublished_and_suspended_never_show(self, search_backend, catalogue):
        found = slugs(self.search(search_backend, "mi gao"), catalogue)
        assert "mi-gao-hung-lo-nhap" not in found
        assert "mi-gao-tay-coc" not in found
        assert self.search(search_backend, "tay coc").total == 0

    def test_expired_and_revoked_certificates_give_no_stars(self, search_backend, catalogue):
        results = self.search(search_backend, "mat ong")
        assert facet(results, "ocop_stars") == {"4": 1, "3": 1}
        found = slugs(self.search(search_backend, "mat ong", ocop_stars_min=3), catalogue)
        assert sorted(found) == ["mat-ong-hoa-nhan", "mat-ong-hoa-vai"]

    def test_changes_show_after_reindex(self, search_backend, catalogue):
        mi = catalogue.p["mi-gao-hung-lo"]
        mi.status = ProductStatus.ARCHIVED
        mi.save()
        catalogue.v["thanh_ba"].status = VendorStatus.SUSPENDED
        catalogue.v["thanh_ba"].save()
        cert = catalogue.p["mat-ong-hoa-vai"].certificates.get()
        cert.status = CertificateStatus.REVOKED
        cert.save()
        ids = catalogue.ids("mi-gao-hung-lo", "che-thanh-ba-hop", "che-bup-tim-thanh-ba")
        self.index(
            search_backend, [*ids, catalogue.p["mat-ong-hoa-vai"].pk], [catalogue.v["thanh_ba"].pk]
        )
        assert "mi-gao-hung-lo" not in slugs(self.search(search_backend, "mi gao"), catalogue)
        assert self.search(search_backend, "che thanh ba").total == 0
        assert facet(self.search(search_backend, "mat ong"), "ocop_stars") == {"3": 1}
        vendors = search_backend.search_vendors(VendorQuery(q="thanh ba"))
        assert catalogue.v["thanh_ba"].pk not in [h.id for h in vendors.hits]

    def test_live_catalogue_wins_over_a_stale_index(self, search_backend, catalogue):
        """Changes made through the services hide things at once, before any reindex."""
        moderator = ModeratorFactory()
        product_archive(product=catalogue.p["mi-gao-hung-lo"], actor=moderator, reason="Nhãn sai")
        vendor_suspend(vendor=catalogue.v["thanh_ba"], actor=moderator, reason="Hết hạn giấy phép")
        certificate_revoke(
            certificate=catalogue.p["mat-ong-hoa-vai"].certificates.get(),
            actor=moderator,
            reason="Sai hồ sơ",
        )
        # (the indexing task runs after commit; the test transaction never commits)
        assert "mi-gao-hung-lo" not in slugs(self.search(search_backend, "mi gao"), catalogue)
        assert self.search(search_backend, "che thanh ba").total == 0
        assert facet(self.search(search_backend, "mat ong"), "ocop_stars") == {"3": 1}

    # --- filters, facets, ordering, paging -------------------------------------------------

    def test_filters(self, search_backend, catalogue):
        def found(**kw: Any) -> set[str]:
            return set(slugs(self.search(search_backend, **kw), catalogue))

        assert found(q="mat ong", province=37) == {"ruou-ngo-men-la"}
        assert found(q="buoi", commune=DOAN_HUNG) == {"buoi-doan-hung", "buoi-suu-chi-dam"}
        assert found(category="thuc-pham-so-che", q="mat ong") == {
            "mat-ong-hoa-nhan",
            "mat-ong-hoa-vai",
            "mat-ong-rung-thanh-thuy",
            "mat-ong-bac-ha",
            "mat-ong-ba-vi",
        }
        assert found(vendor="htx-che-thanh-ba") == {"che-thanh-ba-hop", "che-bup-tim-thanh-ba"}
        assert found(vendor_type="enterprise") == {"buoi-doan-hung", "buoi-suu-chi-dam"}
        assert found(q="mi", ocop_stars_min=5) == {"mi-gao-hung-lo", "xoi-buoi-sang"}
        assert found(price_min=1_000_000) == {"dong-trung-ha-thao-tam-dao"}
        assert found(q="mi gao", price_min=50_000, price_max=100_000) == {"mi-gao-lut-lam-thao"}
        assert found(price_on_request=True) == {"buoi-suu-chi-dam"}
        assert found(fair=FAIR) == {"mi-gao-hung-lo", "buoi-doan-hung"}
        assert found(q="buoi", fair=FAIR) == {"buoi-doan-hung"}

    def test_facets_count_the_filtered_hits(self, search_backend, catalogue):
        results = self.search(search_backend, "mat ong")
        assert results.total == 6
        assert facet(results, "province") == {str(PHU_THO): 5, "37": 1}
        assert facet(results, "commune") == {str(TAM_DAO): 5, str(OTHER_PROVINCE_COMMUNE): 1}
        assert facet(results, "vendor_type") == {"household": 5, "cooperative": 1}
        assert facet(results, "price") == {"50000-100000": 1, "200000-500000": 5}
        tree = {b.key: b for b in results.facets["category"]}
        assert tree["thuc-pham"].count == 5 and tree["do-uong"].count == 1
        (so_che,) = tree["thuc-pham"].children
        assert (so_che.key, so_che.count) == ("thuc-pham-so-che", 5)
        assert [(c.key, c.count) for c in so_che.children] == [("mat-ong-san-pham-tu-mat-ong", 5)]
        assert tree["thuc-pham"].label == "Thực phẩm"
        narrowed = self.search(search_backend, "mat ong", province=37)
        assert facet(narrowed, "province") == {"37": 1}
        assert facet(narrowed, "ocop_stars") == {}
        everything = self.search(search_backend)
        assert everything.total == 16
        assert facet(everything, "fair") == {FAIR: 2}
        assert facet(everything, "ocop_stars") == {"5": 3, "4": 3, "3": 2}
        assert facet(everything, "price")["on_request"] == 1
        assert self.search(search_backend, "mat ong", with_facets=False).facets == {}

    def test_orderings(self, search_backend, catalogue):
        def order(ordering: str) -> list[str]:
            return slugs(self.search(search_backend, "mat ong", ordering=ordering), catalogue)

        assert order("price")[:2] == ["ruou-ngo-men-la", "mat-ong-ba-vi"]
        assert order("-price")[0] == "mat-ong-rung-thanh-thuy"
        # collations differ on "Ba Vì" / "bạc hà"; both come before "hoa …" everywhere
        assert set(order("name")[:2]) == {"mat-ong-ba-vi", "mat-ong-bac-ha"}
        assert order("name")[-1] == "ruou-ngo-men-la"
        newest = slugs(self.search(search_backend, ordering="newest"), catalogue)
        assert newest[0] == "mi-gao-hung-lo"  # published most recently
        assert slugs(self.search(search_backend), catalogue) == newest  # empty q: newest

    def test_paging(self, search_backend, catalogue):
        full = slugs(self.search(search_backend, "mat ong"), catalogue)
        page2 = self.search(search_backend, "mat ong", page=2, page_size=4)
        assert page2.total == 6
        assert slugs(page2, catalogue) == full[4:6]

    # --- suggestions and storefronts -------------------------------------------------------

    def test_suggest_products_and_storefronts(self, search_backend, catalogue):
        suggestions = search_backend.suggest("mi ga")
        products = [s.slug for s in suggestions if s.kind == "product"]
        vendors = [s.slug for s in suggestions if s.kind == "vendor"]
        assert products[0] == "mi-gao-hung-lo"
        assert "mi-gao-lut-lam-thao" in products
        assert "mi-gao-hung-lo-nhap" not in products and "mi-gao-tay-coc" not in products
        assert vendors == ["htx-mi-gao-hung-lo"]  # the suspended HTX Mì gạo Tây Cốc is not
        labels = {s.slug: s.label for s in suggestions}
        assert labels["mi-gao-hung-lo"] == "Mì gạo Hùng Lô"
        assert len(search_backend.suggest("m", limit=3)) <= 3
        assert len(search_backend.suggest("m")) <= 10
        assert search_backend.suggest("") == []

    def test_storefront_search(self, search_backend, catalogue):
        def found(**kw: Any) -> list[str]:
            results = search_backend.search_vendors(VendorQuery(**kw))
            by_id = {v.pk: key for key, v in catalogue.v.items()}
            return [by_id[h.id] for h in results.hits]

        assert found(q="mi gao hung lo")[0] == "hung_lo"
        assert found(q="MÌ GẠO") == ["hung_lo"]  # not the suspended one
        assert found(q="doan hung") == ["doan_hung"]
        assert set(found(q="htx")) == {"hung_lo", "thanh_ba", "far"}
        assert found(q="htx", province=37) == ["far"]
        assert found(vendor_type="household") == ["honey"]
        results = search_backend.search_vendors(VendorQuery(q="htx"))
        assert facet(results, "vendor_type") == {"cooperative": 3}
        assert results.hits[0].highlight["name"].startswith("<mark>HTX</mark>")

    # --- ratings (D138) ----------------------------------------------------------------------

    def test_rating_filter_facet_and_tie_break(self, search_backend, catalogue):
        vendor = catalogue.v["thanh_ba"]
        now = timezone.now()
        rated = ProductFactory(
            vendor=vendor,
            slug="banh-gai-cu",
            name="Bánh gai tứ trụ",
            published_at=now - dt.timedelta(days=60),
        )
        newer = ProductFactory(
            vendor=vendor, slug="banh-gai-moi", name="Bánh gai tứ trụ", published_at=now
        )
        low = ProductFactory(
            vendor=vendor,
            slug="banh-gai-la",
            name="Bánh gai lá",
            published_at=now - dt.timedelta(days=1),
        )
        for product, avg, count in ((rated, "4.50", 2), (low, "2.00", 1)):
            type(product).objects.filter(pk=product.pk).update(
                rating_avg=Decimal(avg), rating_count=count
            )
        self.index(search_backend, [rated.pk, newer.pk, low.pk], [])
        names = {rated.pk: "rated", newer.pk: "newer", low.pk: "low"}

        def found(**kw: Any) -> list[str]:
            return [names[h.id] for h in self.search(search_backend, "banh gai", **kw).hits]

        # same tier, no stars: the rating ranks before the shorter name and the newer
        assert found() == ["rated", "low", "newer"]
        assert found(rating_min=4) == ["rated"]
        assert found(rating_min=2) == ["rated", "low"]
        assert facet(self.search(search_backend, "banh gai"), "rating") == {
            "4": 1,
            "3": 1,
            "2": 2,
            "1": 2,
        }
        assert facet(self.search(search_backend, "banh gai", rating_min=3), "rating") == {
            "4": 1,
            "3": 1,
            "2": 1,
            "1": 1,
        }
