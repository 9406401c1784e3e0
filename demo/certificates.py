"""The demo's OCOP certificates (valid, expired by date, marked expired, waiting) and
rural-industry awards (national, regional, provincial; a few waiting or rejected)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from catalog.models import (
    AwardLevel,
    AwardProductGroup,
    AwardRegion,
    AwardStatus,
    CertificateStatus,
    IssuingLevel,
    ProductStatus,
)
from catalog.services.certificates import add_months
from demo.builder import Builder
from demo.products import Flagship
from demo.records import DemoAward, DemoCertificate, DemoProduct, DemoVendor
from marketplace.models import VendorStatus

# OCOP certificates besides the flagships' own.
CERTIFICATES_VALID = 259
CERTIFICATES_EXPIRED_STILL_VERIFIED = 12  # reads must hide these by date
CERTIFICATES_EXPIRED_MARKED = 13
CERTIFICATES_PENDING = 6
AWARDS = 40

NATIONAL_BODY = "Bộ Nông nghiệp và Môi trường"
PROVINCE_BODY = "UBND tỉnh Phú Thọ"
AWARD_MINISTRY = "Bộ Công Thương"

AWARD_REJECT_REASON = "Quyết định công nhận đính kèm không có tên sản phẩm này."

AWARD_GROUPS: dict[str, str] = {
    "do-thu-cong-my-nghe": AwardProductGroup.HANDICRAFT,
    "do-gia-dung": AwardProductGroup.HANDICRAFT,
    "vai-may-mac": AwardProductGroup.HANDICRAFT,
    "cnnt-thiet-bi-may-moc": AwardProductGroup.MACHINERY,
    "cnnt-san-pham-khac": AwardProductGroup.OTHER,
    "my-pham-tu-duoc-lieu": AwardProductGroup.OTHER,
    **dict.fromkeys(
        (
            "che-tuoi-che-bien",
            "tra-tui-loc-tra-hoa",
            "che-bien-tu-gao-ngu-coc",
            "che-bien-tu-rau-cu-qua",
            "che-bien-tu-thit-trung-sua",
            "che-bien-tu-thuy-san",
            "mat-ong-san-pham-tu-mat-ong",
            "tuong-nuoc-mam-gia-vi-long",
            "gia-vi-kho",
            "ruou-trang",
            "ruou-vang-bia-do-uong-len-men",
            "nuoc-uong-nuoc-ep",
            "bot-hoa-tan",
            "thuc-pham-chuc-nang",
            "tinh-dau-duoc-lieu-kho",
            "rau-cu-qua-so-che",
        ),
        AwardProductGroup.PROCESSED_FOOD,
    ),
}


def decision_rounds(b: Builder) -> list[tuple[dt.date, int, int]]:
    """Decision rounds, newest first: (date, provincial number, national number)."""
    rounds = []
    for k in range(18):
        first = add_months(b.today.replace(day=1), -(3 * k + 1))
        day = first.replace(day=b.rng.randint(5, 25))
        day = min(day, b.today - dt.timedelta(days=20))
        rounds.append((day, b.rng.randint(900, 3600), b.rng.randint(300, 4800)))
    return rounds


def certificate_compose(
    b: Builder,
    product: int,
    stars: int,
    score: Decimal,
    round_: tuple[dt.date, int, int],
    status: str,
    seq: int,
) -> DemoCertificate:
    decided, province_no, national_no = round_
    issued = decided + dt.timedelta(days=b.rng.randint(0, 10))
    issued = min(issued, b.today - dt.timedelta(days=1))
    expires = add_months(issued, 36)
    national = stars == 5
    verified_at = None
    reason = ""
    if status != CertificateStatus.PENDING_VERIFICATION:
        days = max(1, (b.today - issued).days - b.rng.randint(3, 20))
        verified_at = b.at(days)
    if status == CertificateStatus.EXPIRED:
        reason = f"Hết hiệu lực ngày {expires:%d/%m/%Y}."
    return DemoCertificate(
        product=product,
        stars=stars,
        score=score,
        certificate_number=f"OCOP-{'QG' if national else 'PT'}-{issued.year}-{seq:04d}",
        decision_number=f"{national_no}/QĐ-BNNMT" if national else f"{province_no}/QĐ-UBND",
        decision_date=decided,
        issuing_body=NATIONAL_BODY if national else PROVINCE_BODY,
        issuing_level=IssuingLevel.NATIONAL if national else IssuingLevel.PROVINCE,
        issue_date=issued,
        expires_on=expires,
        status=status,
        status_reason=reason,
        verified_at=verified_at,
    )


def draw_score(b: Builder, stars: int) -> Decimal:
    low, high = {5: (360, 390), 4: (280, 359), 3: (200, 279)}[stars]
    return (Decimal(b.rng.randint(low, high)) / 4).quantize(Decimal("0.01"))


def certificates_compose(
    b: Builder,
    products: Sequence[DemoProduct],
    vendors: Sequence[DemoVendor],
    flagship_of: dict[int, Flagship],
) -> list[DemoCertificate]:
    """The flagships' own certificates, then the planned mix on other published products."""
    rounds = decision_rounds(b)
    valid_from = add_months(b.today, -35)
    valid = [r for r in rounds if r[0] > valid_from]
    old = [r for r in rounds if add_months(b.today, -52) <= r[0] < add_months(b.today, -37)]
    certs: list[DemoCertificate] = []
    for index, flagship in flagship_of.items():
        if flagship.stars is not None:
            score = Decimal(flagship.score)
            cert = certificate_compose(
                b, index, flagship.stars, score, b.rng.choice(valid[1:]),
                CertificateStatus.VERIFIED, len(certs) + 1,
            )  # fmt: skip
            certs.append(cert)
    eligible = [
        i
        for i, p in enumerate(products)
        if p.status == ProductStatus.PUBLISHED
        and vendors[p.vendor].status == VendorStatus.APPROVED
        and not p.category.startswith("cnnt-")
        and i not in flagship_of
    ]
    plan = (
        [(CertificateStatus.VERIFIED, valid[1:])] * CERTIFICATES_VALID
        + [(CertificateStatus.VERIFIED, old)] * CERTIFICATES_EXPIRED_STILL_VERIFIED
        + [(CertificateStatus.EXPIRED, old)] * CERTIFICATES_EXPIRED_MARKED
        + [(CertificateStatus.PENDING_VERIFICATION, valid[:1])] * CERTIFICATES_PENDING
    )
    chosen = sorted(b.rng.sample(eligible, len(plan)))
    b.rng.shuffle(plan)
    for index, (status, pool) in zip(chosen, plan, strict=True):
        roll = b.rng.random()
        stars = 5 if roll < 0.03 else 4 if roll < 0.36 else 3
        certs.append(
            certificate_compose(
                b, index, stars, draw_score(b, stars), b.rng.choice(pool), status, len(certs) + 1
            )
        )
    return certs


def awards_compose(
    b: Builder, products: Sequence[DemoProduct], vendors: Sequence[DemoVendor]
) -> list[DemoAward]:
    """Rural-industry awards on published products (three machinery ones first)."""
    eligible = [
        i
        for i, p in enumerate(products)
        if p.status == ProductStatus.PUBLISHED
        and vendors[p.vendor].status == VendorStatus.APPROVED
        and p.category in AWARD_GROUPS
    ]
    machinery = [i for i in eligible if AWARD_GROUPS[products[i].category] == "machinery"]
    chosen = machinery[:3]
    rest = [i for i in eligible if i not in chosen]
    chosen += b.rng.sample(rest, AWARDS - len(chosen))
    b.rng.shuffle(chosen)
    awards: list[DemoAward] = []
    for n, index in enumerate(chosen):
        if n < 4:
            level, region = AwardLevel.NATIONAL, ""
            year = b.rng.choice((2016, 2018, 2020, 2022, 2024))
        elif n < 12:
            level, region = AwardLevel.REGIONAL, AwardRegion.NORTH
            year = b.rng.choice((2017, 2019, 2021, 2023))
        else:
            level, region = AwardLevel.PROVINCE, ""
            year = b.rng.randint(2016, 2024)
        ministry = level != AwardLevel.PROVINCE
        number = b.rng.randint(100, 4200)
        status, reason = AwardStatus.VERIFIED, ""
        if n % 13 == 5:
            status = AwardStatus.PENDING_VERIFICATION
        elif n == 20:
            status, reason = AwardStatus.REJECTED, AWARD_REJECT_REASON
        awards.append(
            DemoAward(
                product=index,
                level=level,
                region=region,
                year=year,
                product_group=AWARD_GROUPS[products[index].category],
                issuer=AWARD_MINISTRY if ministry else PROVINCE_BODY,
                decision_number=f"{number}/QĐ-{'BCT' if ministry else 'UBND'}",
                status=status,
                status_reason=reason,
            )
        )
    return awards
