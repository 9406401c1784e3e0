"""A fast generator of realistic Vietnamese catalogues for the search benchmarks.

    DATABASE_URL=postgres://…/gt_bench .venv/bin/python -m benchmarks.search.catalogue \
        --products 100000 [--seed 1] [--wipe] [--index] [--fairs 60]

Storefronts (one per ~50 products) spread over the 34 provinces and their communes; products
named the way exchanges name them ("Mật ong rừng Tam Đảo – hũ 500 ml", "Chè búp tím Thanh Ba
loại 1"), in the category that fits, with prices in VND, ~8% with a verified OCOP certificate
(some expired), ~6% unpublished and ~3% of storefronts suspended. Everything is bulk inserted
(no services, no audit rows): it is test data, not a demo. `--index` then fills the search index
of the configured backend (SEARCH_BACKEND) with `backend.rebuild()` and prints the time taken.
`--fairs N` adds N fairs in listed statuses (open, running, closed, finished) over the
provinces, so that `/api/v1/fairs/` has full pages for `benchmarks/http_reads.py`.

The same module provides the query vocabulary `benchmarks.search.run` draws its query mix from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

from core.progress import Progress

# (category slug, base names, unit codes, price range in VND)
PRODUCT_KINDS: list[tuple[str, list[str], list[str], tuple[int, int]]] = [
    (
        "che-bien-tu-gao-ngu-coc",
        [
            "Mì gạo",
            "Bún khô",
            "Phở khô",
            "Miến dong",
            "Bánh đa",
            "Mì gạo lứt",
            "Bánh chưng",
            "Bún gà khô",
            "Cốm",
        ],
        ["kg", "goi", "thung"],
        (20_000, 150_000),
    ),
    (
        "gao-ngu-coc",
        [
            "Gạo bao thai",
            "Gạo nếp cái hoa vàng",
            "Gạo tám thơm",
            "Gạo lứt đỏ",
            "Ngô nếp",
            "Gạo Khang Dân",
        ],
        ["kg", "tui", "tan"],
        (15_000, 60_000),
    ),
    (
        "che-tuoi-che-bien",
        ["Chè búp tím", "Chè xanh", "Chè Shan tuyết", "Chè đen", "Trà đinh", "Chè móc câu"],
        ["kg", "goi", "hop"],
        (80_000, 1_200_000),
    ),
    (
        "tra-tui-loc-tra-hoa",
        ["Trà hoa vàng", "Trà túi lọc", "Trà atiso", "Trà gừng"],
        ["hop", "goi"],
        (40_000, 300_000),
    ),
    (
        "mat-ong-san-pham-tu-mat-ong",
        ["Mật ong rừng", "Mật ong hoa nhãn", "Mật ong hoa vải", "Mật ong bạc hà", "Sáp ong"],
        ["chai", "hu", "lit"],
        (150_000, 600_000),
    ),
    (
        "rau-cu-qua-hat-tuoi",
        [
            "Bưởi Diễn",
            "Bưởi Sửu",
            "Bưởi đào",
            "Cam Canh",
            "Hồng không hạt",
            "Vải thiều",
            "Nhãn lồng",
            "Chuối tiêu hồng",
            "Na dai",
        ],
        ["kg", "qua", "tan"],
        (15_000, 120_000),
    ),
    (
        "thit-trung-sua-tuoi",
        ["Gà đồi", "Lợn mán", "Trứng gà ta", "Vịt bầu"],
        ["kg", "con"],
        (60_000, 400_000),
    ),
    (
        "che-bien-tu-thit-trung-sua",
        ["Thịt chua", "Giò lụa", "Chả quế", "Thịt trâu gác bếp", "Lạp xưởng"],
        ["kg", "hop", "goi"],
        (120_000, 900_000),
    ),
    (
        "che-bien-tu-thuy-san",
        ["Cá thính", "Cá kho làng Vũ Đại", "Nước mắm cá cơm", "Tôm khô"],
        ["hop", "kg", "chai"],
        (90_000, 700_000),
    ),
    ("thuy-san-tuoi", ["Cá lăng", "Cá chép giòn", "Tôm càng xanh"], ["kg"], (80_000, 450_000)),
    (
        "gia-vi-kho",
        ["Tiêu đen", "Quế", "Hồi", "Ớt bột", "Gừng khô"],
        ["kg", "goi", "hu"],
        (30_000, 400_000),
    ),
    (
        "tuong-nuoc-mam-gia-vi-long",
        ["Tương Bần", "Nước mắm", "Tương ớt"],
        ["chai", "lit"],
        (25_000, 200_000),
    ),
    (
        "ca-phe-ca-cao",
        ["Cà phê Robusta", "Cà phê Arabica", "Ca cao bột"],
        ["kg", "goi"],
        (120_000, 800_000),
    ),
    (
        "ruou-trang",
        ["Rượu ngô men lá", "Rượu nếp cái", "Rượu làng Vân", "Rượu mơ"],
        ["chai", "lit"],
        (60_000, 500_000),
    ),
    (
        "nuoc-uong-nuoc-ep",
        ["Nước cốt gấc", "Nước ép chanh leo", "Nước táo mèo"],
        ["chai"],
        (25_000, 150_000),
    ),
    (
        "thuc-pham-chuc-nang",
        ["Đông trùng hạ thảo", "Cao xương", "Tinh bột nghệ", "Nấm linh chi"],
        ["hop", "hu", "g"],
        (200_000, 3_000_000),
    ),
    (
        "tinh-dau-duoc-lieu-kho",
        ["Tinh dầu sả chanh", "Tinh dầu quế", "Trà dược liệu"],
        ["chai", "goi"],
        (50_000, 350_000),
    ),
    (
        "my-pham-tu-duoc-lieu",
        ["Xà phòng thảo dược", "Dầu gội bồ kết"],
        ["chai", "bo"],
        (40_000, 250_000),
    ),
    (
        "do-thu-cong-my-nghe",
        ["Nón lá", "Mây tre đan", "Tranh thêu", "Gốm men lam", "Tượng gỗ"],
        ["chiec", "bo", "cai"],
        (50_000, 5_000_000),
    ),
    (
        "do-gia-dung",
        ["Đũa tre", "Thớt gỗ nghiến", "Rổ rá tre", "Chiếu cói", "Bộ thìa tre"],
        ["bo", "chiec", "cai"],
        (20_000, 600_000),
    ),
    (
        "vai-may-mac",
        ["Vải thổ cẩm", "Khăn lụa tơ tằm", "Áo chàm"],
        ["chiec", "cai"],
        (150_000, 2_000_000),
    ),
    (
        "cay-canh",
        ["Bonsai sam hương", "Lan phi điệp", "Cây đào thế"],
        ["chau", "cai"],
        (200_000, 8_000_000),
    ),
    (
        "cnnt-thiet-bi-may-moc",
        ["Máy sao chè", "Máy tẽ ngô", "Lò sấy nông sản"],
        ["chiec", "cai"],
        (3_000_000, 90_000_000),
    ),
]
QUALIFIERS = [
    "đặc sản",
    "loại 1",
    "hữu cơ",
    "truyền thống",
    "thượng hạng",
    "gia truyền",
    "quà biếu",
    "sạch",
    "tự nhiên",
    "",
    "",
    "",
]
PACKS = [
    "túi 500 g",
    "hộp 1 kg",
    "hũ 500 ml",
    "chai 750 ml",
    "thùng 10 kg",
    "theo kg",
    "bó 1 kg",
    "hộp quà Tết",
    "",
    "",
    "",
]
SENTENCES = [
    "Sản phẩm được làm thủ công theo cách truyền thống của làng nghề {place}.",
    "Nguyên liệu chọn lọc tại {place}, sơ chế và đóng gói trong xưởng khép kín.",
    "Không dùng chất bảo quản, hương vị đậm đà, thích hợp làm quà biếu.",
    "Sản phẩm của {vendor}, đạt tiêu chuẩn an toàn thực phẩm.",
    "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
    "Giao hàng toàn quốc, nhận đơn số lượng lớn cho siêu thị và nhà phân phối.",
    "Được người tiêu dùng {province} tin dùng nhiều năm.",
]
VENDOR_PREFIX = {
    "cooperative": "HTX",
    "enterprise": "Công ty TNHH",
    "household": "Hộ kinh doanh",
    "individual": "Cơ sở",
}

# Words people type; the query mix is drawn from these and from generated names.
BROAD_QUERIES = [
    "mat ong",
    "chè",
    "gao",
    "bưởi",
    "mi gao",
    "ruou",
    "tra",
    "ca phe",
    "nam",
    "tinh dau",
    "thit",
    "banh",
    "que",
    "dua tre",
    "non la",
    "cam",
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()


def generate(*, products: int, seed: int, wipe: bool) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from catalog.models import (
        Category,
        CertificateStatus,
        IssuingLevel,
        OcopCertificate,
        Product,
        ProductStatus,
        Unit,
    )
    from core.text import slugify_vi
    from fairs.models import Fair
    from marketplace.models import Commune, Vendor, VendorKind, VendorStatus

    rng = random.Random(seed)
    if wipe:
        with transaction.atomic():
            OcopCertificate.objects.filter(product__slug__startswith="bench-").delete()
            Product.objects.filter(slug__startswith="bench-").delete()
            Vendor.objects.filter(slug__startswith="bench-").delete()
            Fair.objects.filter(slug__startswith="bench-fair-").delete()
    categories = {c.slug: c.pk for c in Category.objects.all()}
    units = {u.code: u.pk for u in Unit.objects.all()}
    communes: dict[int, list[tuple[int, str]]] = {}
    province_names: dict[int, str] = {}
    for code, name, province_id, pname in Commune.objects.values_list(
        "code", "name", "province_id", "province__name"
    ):
        communes.setdefault(province_id, []).append((code, name))
        province_names[province_id] = pname
    provinces = sorted(communes)
    now = timezone.now()
    today = timezone.localdate()
    start = Product.objects.filter(slug__startswith="bench-").count()

    n_vendors = max(1, products // 50)
    kinds = [
        VendorKind.COOPERATIVE,
        VendorKind.ENTERPRISE,
        VendorKind.HOUSEHOLD,
        VendorKind.INDIVIDUAL,
    ]
    vendor_rows = []
    vendor_meta = []
    for i in range(n_vendors):
        province = rng.choice(provinces)
        commune_code, commune_name = rng.choice(communes[province])
        kind = rng.choices(kinds, weights=[4, 2, 3, 1])[0]
        speciality = rng.choice(PRODUCT_KINDS)
        place = commune_name.split(" ", 1)[-1]
        name = f"{VENDOR_PREFIX[kind]} {rng.choice(speciality[1])} {place}"
        status = VendorStatus.SUSPENDED if rng.random() < 0.03 else VendorStatus.APPROVED
        vendor_rows.append(
            Vendor(
                slug=f"bench-{start}-{i}",
                kind=kind,
                legal_name=name,
                display_name=name,
                tax_code=f"{3000000000 + start + i}",
                province_id=province,
                commune_id=commune_code,
                phone="0210 3800 000",
                email=f"bench{start}-{i}@example.vn",
                description=f"{name} ở {commune_name}, {province_names[province]}.",
                status=status,
                approved_at=now,
            )
        )
        vendor_meta.append((speciality, province, commune_code, commune_name, name))
    t0 = time.monotonic()
    with transaction.atomic():
        Vendor.objects.bulk_create(vendor_rows, batch_size=5000)
        vendor_ids = list(
            Vendor.objects.filter(slug__startswith=f"bench-{start}-")
            .order_by("id")
            .values_list("id", flat=True)
        )
    made = 0
    progress = Progress(unit="products")
    cert_count = 0
    batch: list[Product] = []
    batch_stars: list[tuple[int, int, bool]] = []

    def flush() -> None:
        nonlocal batch, batch_stars, cert_count
        with transaction.atomic():
            # ids come back from both PostgreSQL and SQLite (3.35+)
            created = Product.objects.bulk_create(batch, batch_size=5000)
            certs = []
            for index, stars, expired in batch_stars:
                product = created[index]
                issue = today - dt.timedelta(
                    days=rng.randint(1100, 1300) if expired else rng.randint(10, 900)
                )
                certs.append(
                    OcopCertificate(
                        product_id=product.pk,
                        vendor_id=product.vendor_id,
                        stars=stars,
                        score=Decimal({3: 60, 4: 80, 5: 93}[stars]),
                        certificate_number=f"B-{product.pk}",
                        decision_number="1/QĐ-UBND",
                        decision_date=issue - dt.timedelta(days=10),
                        issuing_body="UBND tỉnh",
                        issuing_level=IssuingLevel.NATIONAL
                        if stars == 5
                        else IssuingLevel.PROVINCE,
                        issue_date=issue,
                        expires_on=issue + dt.timedelta(days=1095),
                        status=CertificateStatus.VERIFIED,
                    )
                )
            OcopCertificate.objects.bulk_create(certs, batch_size=5000)
            cert_count += len(certs)
        batch, batch_stars = [], []

    for i in range(products):
        v = rng.randrange(n_vendors)
        speciality, province, commune_code, commune_name, vendor_name = vendor_meta[v]
        # storefronts mostly sell their speciality, sometimes something else
        slug, names, unit_codes, (low, high) = (
            speciality if rng.random() < 0.7 else rng.choice(PRODUCT_KINDS)
        )
        place = commune_name.split(" ", 1)[-1]
        parts = [rng.choice(names), place if rng.random() < 0.7 else "", rng.choice(QUALIFIERS)]
        name = " ".join(p for p in parts if p)
        pack = rng.choice(PACKS)
        if pack:
            name = f"{name} – {pack}"
        words = {"place": commune_name, "vendor": vendor_name, "province": province_names[province]}
        description = " ".join(s.format(**words) for s in rng.sample(SENTENCES, 3))
        on_request = rng.random() < 0.04
        price = None if on_request else round(rng.randint(low, high), -3)
        published = rng.random() > 0.06
        batch.append(
            Product(
                vendor_id=vendor_ids[v],
                slug=f"bench-{slugify_vi(name, 60)}-{start + i}",
                name=name,
                description=description,
                category_id=categories[slug],
                unit_id=units[rng.choice(unit_codes)],
                price=price,
                price_on_request=on_request,
                origin_commune_id=commune_code,
                origin_province_id=province,
                status=ProductStatus.PUBLISHED if published else ProductStatus.DRAFT,
                published_at=now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 700))
                if published
                else None,
            )
        )
        if rng.random() < 0.08:
            stars = rng.choices([3, 4, 5], weights=[60, 32, 8])[0]
            batch_stars.append((len(batch) - 1, stars, rng.random() < 0.1))
        made += 1
        if len(batch) >= 10_000:
            flush()
            progress("products", made, products)
    if batch:
        flush()
    progress("products", made, products)
    progress.close()
    return {
        "vendors": n_vendors,
        "products": made,
        "certificates": cert_count,
        "seconds": round(time.monotonic() - t0, 1),
    }


def generate_fairs(*, fairs: int, seed: int) -> int:
    """`fairs` listed fairs (slug bench-fair-*), bulk inserted like the rest."""
    from django.utils import timezone

    from fairs.models import Fair, FairKind, FairStatus
    from marketplace.models import Commune

    rng = random.Random(seed)
    communes = list(Commune.objects.values_list("code", "name", "province_id", "province__name"))
    start = Fair.objects.filter(slug__startswith="bench-fair-").count()
    now = timezone.now()
    statuses = [FairStatus.OPEN, FairStatus.RUNNING, FairStatus.CLOSED, FairStatus.FINISHED]
    rows = []
    for i in range(fairs):
        code, commune, province, pname = rng.choice(communes)
        status = rng.choices(statuses, weights=[4, 1, 1, 4])[0]
        offset = {"open": 30, "running": -1, "closed": 5, "finished": -200}[status]
        starts = now + dt.timedelta(days=offset + rng.randint(0, 60), hours=rng.randint(0, 23))
        kind = rng.choice([FairKind.PHYSICAL, FairKind.PHYSICAL, FairKind.HYBRID])
        rows.append(
            Fair(
                slug=f"bench-fair-{start + i}",
                name=f"Hội chợ OCOP {commune} {starts.year} – {pname}",
                kind=kind,
                description=f"Hội chợ giới thiệu sản phẩm OCOP của {pname}.",
                venue=f"Nhà văn hoá {commune}",
                province_id=province,
                commune_id=code,
                online_url="https://hoicho.example.vn/" if kind == FairKind.HYBRID else "",
                starts_at=starts,
                ends_at=starts + dt.timedelta(days=rng.randint(2, 5)),
                registration_opens_at=starts - dt.timedelta(days=90),
                registration_closes_at=starts - dt.timedelta(days=rng.choice([1, 7, 14])),
                visitor_capacity=rng.choice([None, 500, 2000]),
                status=status,
                published_at=now - dt.timedelta(days=100),
            )
        )
    Fair.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wipe", action="store_true", help="remove earlier bench-* rows first")
    parser.add_argument("--index", action="store_true", help="rebuild the search index after")
    parser.add_argument("--fairs", type=int, default=0, help="also add this many listed fairs")
    args = parser.parse_args()
    _setup()
    if args.products:
        result = generate(products=args.products, seed=args.seed, wipe=args.wipe)
        print(f"generated: {result}")
    if args.fairs:
        print(f"fairs: {generate_fairs(fairs=args.fairs, seed=args.seed):,}")
    if args.index:
        import search

        started = time.monotonic()
        indexed = search.backend().rebuild()
        elapsed = time.monotonic() - started
        print(f"indexed {indexed:,} products in {elapsed:.1f} s ({indexed / elapsed:,.0f}/s)")


if __name__ == "__main__":
    main()
