"""Writes on the catalogue: categories, products and their review, certificates, awards."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.imports import STATUS_DRAFT, STATUS_SUBMIT, listings_file_read
from catalog.models import (
    AwardLevel,
    AwardStatus,
    Category,
    CertificateStatus,
    ImportJob,
    ImportStatus,
    IssuingLevel,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
    Unit,
)
from core.audit import audit_record
from core.errors import Conflict, DomainError, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from marketplace.models import Commune, User, Vendor
from marketplace.models.partners import PartnerClient
from marketplace.permissions import (
    is_member,
    is_moderator,
    require_member,
    require_member_or_moderator,
    require_moderator,
)
from marketplace.services.notifications import vendor_member_emails
from marketplace.services.partners import partner_audit_data, require_listing_writer
from marketplace.services.vendors import unique_slug
from media.services import scan_clean
from search.services import search_mark_products_dirty

PRODUCT_LIFECYCLE = lifecycle(
    {
        ProductStatus.DRAFT: {ProductStatus.PENDING_REVIEW, ProductStatus.ARCHIVED},
        ProductStatus.PENDING_REVIEW: {
            ProductStatus.PUBLISHED,
            ProductStatus.REJECTED,
            ProductStatus.DRAFT,
        },
        ProductStatus.REJECTED: {ProductStatus.PENDING_REVIEW, ProductStatus.ARCHIVED},
        ProductStatus.PUBLISHED: {ProductStatus.ARCHIVED, ProductStatus.PENDING_REVIEW},
        ProductStatus.ARCHIVED: {ProductStatus.DRAFT},
    }
)
CERTIFICATE_LIFECYCLE = lifecycle(
    {
        CertificateStatus.PENDING_VERIFICATION: {
            CertificateStatus.VERIFIED,
            CertificateStatus.REJECTED,
        },
        CertificateStatus.REJECTED: {CertificateStatus.PENDING_VERIFICATION},
        CertificateStatus.VERIFIED: {CertificateStatus.EXPIRED, CertificateStatus.REVOKED},
    }
)
AWARD_LIFECYCLE = lifecycle(
    {
        AwardStatus.PENDING_VERIFICATION: {AwardStatus.VERIFIED, AwardStatus.REJECTED},
        AwardStatus.REJECTED: {AwardStatus.PENDING_VERIFICATION},
        AwardStatus.VERIFIED: {AwardStatus.REVOKED},
    }
)

PRODUCT_FIELDS = frozenset(
    {
        "name",
        "description",
        "category",
        "unit",
        "price",
        "price_on_request",
        "min_order_quantity",
        "availability",
        "origin_commune",
        "gtin",
        "attributes",
        "external_id",
    }
)
# Fields whose change on a published product needs a moderator's eye again (content a buyer
# reads as a claim). Commercial terms (price, availability, MOQ) change daily and do not.
REVIEWED_FIELDS = frozenset(
    {"name", "description", "category", "unit", "origin_commune", "gtin", "attributes"}
)

# --- categories ----------------------------------------------------------------------------


def _category_path(category: Category) -> tuple[str, int]:
    if category.parent is None:
        return f"{category.slug}/", 0
    return f"{category.parent.path}{category.slug}/", category.parent.depth + 1


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Create or move a category, keeping the materialised path of its subtree."""
    ancestor = category.parent
    while ancestor is not None:
        if category.pk is not None and ancestor.pk == category.pk:
            raise ValidationFailed(
                _("A category cannot be inside itself."), errors={"parent": [_("Creates a cycle.")]}
            )
        ancestor = ancestor.parent
    old_path = Category.objects.filter(pk=category.pk).values_list("path", flat=True).first()
    category.path, category.depth = _category_path(category)
    category.save()
    if old_path and old_path != category.path:
        for child in Category.objects.filter(path__startswith=old_path).exclude(pk=category.pk):
            child.path = category.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 1
            child.save(update_fields=["path", "depth"])
    if old_path:
        # Category names and paths are part of the product documents of the whole subtree.
        search_mark_products_dirty(
            product_ids=Product.objects.filter(category__path__startswith=category.path)
            .values_list("id", flat=True)
            .iterator()
        )
        public_changed_send(
            kind="product",
            object_ids=Product.objects.filter(
                category__path__startswith=category.path, status=ProductStatus.PUBLISHED
            ).values_list("id", flat=True),
            event="product.updated",
        )
    return category


# --- products ------------------------------------------------------------------------------


def _clean_price(fields: dict[str, Any], product: Product | None = None) -> None:
    on_request = fields.get("price_on_request", product.price_on_request if product else False)
    price = fields.get("price", product.price if product else None)
    if on_request:
        fields["price"] = None
    elif price is None:
        raise ValidationFailed(
            _("Give a price in VND or mark the price as on request."),
            errors={"price": [_("Required unless the price is on request.")]},
        )


@transaction.atomic
def product_create(
    *, vendor: Vendor, actor: User, partner: PartnerClient | None = None, **fields: Any
) -> Product:
    """`partner`: a partner client writing for a storefront that granted it access (D64)."""
    require_listing_writer(actor=actor, vendor=vendor, partner=partner)
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    fields.setdefault("origin_commune", vendor.commune)
    _clean_price(fields)
    product = Product(
        vendor=vendor,
        slug=unique_slug(Product, fields["name"], max_length=150),
        origin_province_id=fields["origin_commune"].province_id,
        created_by=actor if actor.is_authenticated else None,
        status=ProductStatus.DRAFT,
        **fields,
    )
    product.full_clean()
    product.save()
    audit_record(
        actor=actor,
        action="catalog.product.created",
        target=product,
        to_state=product.status,
        data=partner_audit_data(partner),
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_update(
    *, product: Product, actor: User, partner: PartnerClient | None = None, **fields: Any
) -> Product:
    """Edit a product. On a published product, a change to a reviewed field sends it back to
    review when CATALOG_REVIEW_ON_PUBLISHED_EDIT is on."""
    if partner is not None or not is_moderator(actor):
        require_listing_writer(actor=actor, vendor=product.vendor, partner=partner)
    product = Product.objects.select_for_update().get(pk=product.pk)
    was_published = product.status == ProductStatus.PUBLISHED
    unknown = set(fields) - PRODUCT_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if product.status == ProductStatus.ARCHIVED:
        raise Conflict(_("Restore an archived product before editing it."), code="archived")
    _clean_price(fields, product)
    changed = {k: v for k, v in fields.items() if getattr(product, k) != v}
    for key, value in changed.items():
        setattr(product, key, value)
    if "origin_commune" in changed:
        product.origin_province_id = product.origin_commune.province_id
    product.full_clean()
    product.save()
    if changed:
        audit_record(
            actor=actor,
            action="catalog.product.updated",
            target=product,
            data={"fields": sorted(changed), **partner_audit_data(partner)},
        )
        search_mark_products_dirty(product_ids=[product.pk])
        if was_published:
            public_changed_send(kind="product", object_ids=[product.pk], event="product.updated")
    needs_review = (
        product.status == ProductStatus.PUBLISHED
        and settings.CATALOG_REVIEW_ON_PUBLISHED_EDIT
        and bool(set(changed) & REVIEWED_FIELDS)
        and not is_moderator(actor)
    )
    if needs_review:
        product = transition(
            instance=product,
            to=ProductStatus.PENDING_REVIEW,
            actor=actor,
            table=PRODUCT_LIFECYCLE,
            action="catalog.product.edited_back_to_review",
            reason=_("Edited: %(fields)s")
            % {"fields": ", ".join(sorted(set(changed) & REVIEWED_FIELDS))},
            changes={"submitted_at": timezone.now()},
        )
        public_changed_send(kind="product", object_ids=[product.pk], event="product.unpublished")
    return product


@transaction.atomic
def product_submit(
    *, product: Product, actor: User, partner: PartnerClient | None = None
) -> Product:
    require_listing_writer(actor=actor, vendor=product.vendor, partner=partner)
    product = transition(
        instance=product,
        to=ProductStatus.PENDING_REVIEW,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.submitted",
        changes={"submitted_at": timezone.now()},
        only_from={ProductStatus.DRAFT, ProductStatus.REJECTED},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_withdraw(*, product: Product, actor: User) -> Product:
    """Take a product out of the review queue back to draft."""
    require_member(actor, product.vendor)
    product = transition(
        instance=product,
        to=ProductStatus.DRAFT,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.withdrawn",
        only_from={ProductStatus.PENDING_REVIEW},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_approve(*, product: Product, actor: User, reason: str = "") -> Product:
    require_moderator(actor)
    product = transition(
        instance=product,
        to=ProductStatus.PUBLISHED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.published",
        reason=reason,
        changes={"published_at": product.published_at or timezone.now()},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    public_changed_send(kind="product", object_ids=[product.pk], event="product.published")
    email_after_commit(
        recipients=vendor_member_emails(product.vendor),
        subject=_("“%(name)s” is published") % {"name": product.name},
        body=_("A moderator approved your product; buyers can now find it."),
    )
    return product


@transaction.atomic
def product_reject(*, product: Product, actor: User, reason: str) -> Product:
    require_moderator(actor)
    product = transition(
        instance=product,
        to=ProductStatus.REJECTED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.rejected",
        reason=reason,
        reason_required=True,
    )
    search_mark_products_dirty(product_ids=[product.pk])
    email_after_commit(
        recipients=vendor_member_emails(product.vendor),
        subject=_("“%(name)s” was not approved") % {"name": product.name},
        body=_("Reason: %(reason)s\nCorrect it and submit it again.") % {"reason": reason},
    )
    return product


@transaction.atomic
def product_archive(*, product: Product, actor: User, reason: str = "") -> Product:
    """Withdraw a product from sale: its members, or a moderator taking a listing down."""
    require_member_or_moderator(actor, product.vendor)
    # Locked fresh: whether it was public decides the takedown rule and the feed's tombstone.
    product = Product.objects.select_for_update().get(pk=product.pk)
    was_published = product.status == ProductStatus.PUBLISHED
    moderator_takedown = is_moderator(actor) and was_published
    product = transition(
        instance=product,
        to=ProductStatus.ARCHIVED,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.taken_down" if moderator_takedown else "catalog.product.archived",
        reason=reason,
        reason_required=moderator_takedown,
    )
    search_mark_products_dirty(product_ids=[product.pk])
    if was_published:
        public_changed_send(kind="product", object_ids=[product.pk], event="product.unpublished")
    return product


@transaction.atomic
def product_restore(*, product: Product, actor: User) -> Product:
    require_member(actor, product.vendor)
    product = transition(
        instance=product,
        to=ProductStatus.DRAFT,
        actor=actor,
        table=PRODUCT_LIFECYCLE,
        action="catalog.product.restored",
        only_from={ProductStatus.ARCHIVED},
    )
    search_mark_products_dirty(product_ids=[product.pk])
    return product


@transaction.atomic
def product_delete(*, product: Product, actor: User) -> None:
    """Delete a product nobody outside the storefront has seen; others are archived instead."""
    require_member(actor, product.vendor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if product.status not in (ProductStatus.DRAFT, ProductStatus.REJECTED) or product.published_at:
        raise Conflict(
            _("Only drafts never published can be deleted; archive this product instead."),
            code="not_deletable",
        )
    if product.inquiries.exists():
        raise Conflict(_("This product has inquiries; archive it instead."), code="not_deletable")
    audit_record(
        actor=actor, action="catalog.product.deleted", target=product, from_state=product.status
    )
    search_mark_products_dirty(product_ids=[product.pk])
    public_changed_send(kind="product", object_ids=[product.pk], event="product.deleted")
    product.delete()


# --- OCOP certificates ---------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stars_for_score(score: Decimal) -> int:
    """Star band of a 100-point OCOP score: 5★ 90-100, 4★ 70-<90, 3★ 50-<70, 2★ 30-<50."""
    for floor, stars in ((90, 5), (70, 4), (50, 3), (30, 2)):
        if score >= floor:
            return stars
    return 1


LEGACY_DISTRICT_UNTIL = dt.date(2025, 7, 1)


def _check_certificate(cert: OcopCertificate) -> None:
    errors: dict[str, list[str]] = {}
    if cert.stars not in (3, 4, 5):
        errors["stars"] = [_("Only 3, 4 and 5 star products receive a certificate.")]
    elif stars_for_score(Decimal(cert.score)) != cert.stars:
        errors["score"] = [
            _("A score of %(score)s gives %(band)s stars, not %(stars)s.")
            % {
                "score": cert.score,
                "band": stars_for_score(Decimal(cert.score)),
                "stars": cert.stars,
            }
        ]
    if cert.stars == 5 and cert.issuing_level != IssuingLevel.NATIONAL:
        errors["issuing_level"] = [_("5-star products are recognised at national level.")]
    elif cert.stars in (3, 4) and cert.issuing_level == IssuingLevel.NATIONAL:
        errors["issuing_level"] = [_("3 and 4-star products are recognised by the province.")]
    elif cert.issuing_level == IssuingLevel.DISTRICT and (
        cert.stars != 3 or cert.issue_date >= LEGACY_DISTRICT_UNTIL
    ):
        errors["issuing_level"] = [
            _("Districts recognised only 3 stars, and only before July 2025.")
        ]
    if cert.expires_on and cert.expires_on <= cert.issue_date:
        errors["expires_on"] = [_("The expiry date must be after the issue date.")]
    if cert.decision_date and cert.decision_date > cert.issue_date:
        errors["decision_date"] = [_("The decision cannot come after the certificate was issued.")]
    if errors:
        raise ValidationFailed(_("The certificate details do not add up."), errors=errors)


CERTIFICATE_FIELDS = frozenset(
    {
        "stars",
        "score",
        "certificate_number",
        "decision_number",
        "decision_date",
        "issuing_body",
        "issuing_level",
        "issue_date",
        "expires_on",
        "scan",
    }
)


def _certificate_changed(cert: OcopCertificate, *, event: str) -> None:
    """A certificate's change is also its product's: the product shows its OCOP stars."""
    public_changed_send(kind="certificate", object_ids=[cert.pk], event=event)
    public_changed_send(kind="product", object_ids=[cert.product_id], event="product.updated")


@transaction.atomic
def certificate_create(*, product: Product, actor: User, **fields: Any) -> OcopCertificate:
    require_member(actor, product.vendor)
    unknown = set(fields) - CERTIFICATE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if fields.get("scan"):  # judged by content; pictures re-encoded without metadata
        fields["scan"] = scan_clean(upload=fields["scan"])
    if not fields.get("expires_on"):
        fields["expires_on"] = add_months(
            fields["issue_date"], settings.OCOP_CERTIFICATE_VALID_MONTHS
        )
    cert = OcopCertificate(product=product, vendor=product.vendor, created_by=actor, **fields)
    _check_certificate(cert)
    cert.full_clean()
    cert.save()
    audit_record(
        actor=actor, action="catalog.certificate.created", target=cert, to_state=cert.status
    )
    return cert


@transaction.atomic
def certificate_update(
    *, certificate: OcopCertificate, actor: User, **fields: Any
) -> OcopCertificate:
    require_member(actor, certificate.vendor)
    cert = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status not in (CertificateStatus.PENDING_VERIFICATION, CertificateStatus.REJECTED):
        raise Conflict(
            _("A verified certificate cannot be edited; record a new one."), code="not_editable"
        )
    unknown = set(fields) - CERTIFICATE_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    if fields.get("scan"):
        fields["scan"] = scan_clean(upload=fields["scan"])
    if "issue_date" in fields and "expires_on" not in fields:
        fields["expires_on"] = add_months(
            fields["issue_date"], settings.OCOP_CERTIFICATE_VALID_MONTHS
        )
    for key, value in fields.items():
        setattr(cert, key, value)
    _check_certificate(cert)
    cert.full_clean()
    cert.save()
    audit_record(
        actor=actor,
        action="catalog.certificate.updated",
        target=cert,
        data={"fields": sorted(fields)},
    )
    if cert.status == CertificateStatus.REJECTED:
        cert = transition(
            instance=cert,
            to=CertificateStatus.PENDING_VERIFICATION,
            actor=actor,
            table=CERTIFICATE_LIFECYCLE,
            action="catalog.certificate.resubmitted",
        )
    return cert


@transaction.atomic
def certificate_verify(
    *, certificate: OcopCertificate, actor: User, reason: str = ""
) -> OcopCertificate:
    require_moderator(actor)
    if certificate.expires_on <= timezone.localdate():
        raise Conflict(_("This certificate has already expired."), code="certificate_expired")
    cert = transition(
        instance=certificate,
        to=CertificateStatus.VERIFIED,
        actor=actor,
        table=CERTIFICATE_LIFECYCLE,
        action="catalog.certificate.verified",
        reason=reason,
        changes={"verified_at": timezone.now()},
    )
    search_mark_products_dirty(product_ids=[cert.product_id])
    _certificate_changed(cert, event="certificate.verified")
    return cert


@transaction.atomic
def certificate_reject(
    *, certificate: OcopCertificate, actor: User, reason: str
) -> OcopCertificate:
    require_moderator(actor)
    cert = transition(
        instance=certificate,
        to=CertificateStatus.REJECTED,
        actor=actor,
        table=CERTIFICATE_LIFECYCLE,
        action="catalog.certificate.rejected",
        reason=reason,
        reason_required=True,
    )
    search_mark_products_dirty(product_ids=[cert.product_id])
    email_after_commit(
        recipients=vendor_member_emails(cert.vendor),
        subject=_("OCOP certificate %(number)s was not verified")
        % {"number": cert.certificate_number},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return cert


@transaction.atomic
def certificate_revoke(
    *, certificate: OcopCertificate, actor: User, reason: str
) -> OcopCertificate:
    require_moderator(actor)
    cert = transition(
        instance=certificate,
        to=CertificateStatus.REVOKED,
        actor=actor,
        table=CERTIFICATE_LIFECYCLE,
        action="catalog.certificate.revoked",
        reason=reason,
        reason_required=True,
    )
    search_mark_products_dirty(product_ids=[cert.product_id])
    _certificate_changed(cert, event="certificate.revoked")
    return cert


def certificate_expire_due(*, today: dt.date | None = None) -> int:
    """Move verified certificates whose expiry day has come to `expired`. Idempotent."""
    today = today or timezone.localdate()
    due = list(
        OcopCertificate.objects.filter(
            status=CertificateStatus.VERIFIED, expires_on__lte=today
        ).values_list("pk", flat=True)
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            cert = OcopCertificate.objects.select_for_update().get(pk=pk)
            if cert.status != CertificateStatus.VERIFIED or cert.expires_on > today:
                continue
            transition(
                instance=cert,
                to=CertificateStatus.EXPIRED,
                actor=None,
                table=CERTIFICATE_LIFECYCLE,
                action="catalog.certificate.expired",
                reason=_("Expired on %(date)s.") % {"date": cert.expires_on.isoformat()},
            )
            search_mark_products_dirty(product_ids=[cert.product_id])
            _certificate_changed(cert, event="certificate.expired")
            done += 1
    return done


# --- rural-industry awards -----------------------------------------------------------------

AWARD_FIELDS = frozenset({"level", "region", "year", "product_group", "issuer", "decision_number"})


def _check_award(award: RuralIndustryAward) -> None:
    errors: dict[str, list[str]] = {}
    if award.level == AwardLevel.REGIONAL and not award.region:
        errors["region"] = [_("A regional award names its region.")]
    if award.level != AwardLevel.REGIONAL and award.region:
        errors["region"] = [_("Only regional awards name a region.")]
    if award.level == AwardLevel.DISTRICT and award.year >= 2025:
        errors["level"] = [_("District-level awards ended in 2025.")]
    if award.year < 2014 or award.year > timezone.localdate().year:
        errors["year"] = [_("The year must be between 2014 and this year.")]
    if errors:
        raise ValidationFailed(_("The award details do not add up."), errors=errors)


@transaction.atomic
def award_create(*, product: Product, actor: User, **fields: Any) -> RuralIndustryAward:
    require_member(actor, product.vendor)
    unknown = set(fields) - AWARD_FIELDS
    if unknown:
        raise ValueError(f"unexpected fields: {sorted(unknown)}")
    award = RuralIndustryAward(product=product, vendor=product.vendor, created_by=actor, **fields)
    _check_award(award)
    award.full_clean()
    award.save()
    audit_record(actor=actor, action="catalog.award.created", target=award, to_state=award.status)
    return award


@transaction.atomic
def award_verify(*, award: RuralIndustryAward, actor: User, reason: str = "") -> RuralIndustryAward:
    require_moderator(actor)
    return transition(
        instance=award,
        to=AwardStatus.VERIFIED,
        actor=actor,
        table=AWARD_LIFECYCLE,
        action="catalog.award.verified",
        reason=reason,
    )


@transaction.atomic
def award_reject(*, award: RuralIndustryAward, actor: User, reason: str) -> RuralIndustryAward:
    require_moderator(actor)
    return transition(
        instance=award,
        to=AwardStatus.REJECTED,
        actor=actor,
        table=AWARD_LIFECYCLE,
        action="catalog.award.rejected",
        reason=reason,
        reason_required=True,
    )


@transaction.atomic
def award_revoke(*, award: RuralIndustryAward, actor: User, reason: str) -> RuralIndustryAward:
    require_moderator(actor)
    return transition(
        instance=award,
        to=AwardStatus.REVOKED,
        actor=actor,
        table=AWARD_LIFECYCLE,
        action="catalog.award.revoked",
        reason=reason,
        reason_required=True,
    )


# --- bulk listings import (CSV / XLSX) -----------------------------------------------------

IMPORT_PROGRESS_EVERY = 25


def listings_import_create(
    *,
    vendor: Vendor,
    actor: User,
    upload: IO[bytes],
    file_name: str,
    partner: PartnerClient | None = None,
) -> ImportJob:
    """Accept a listings file: refuse it whole only if it is not one (catalog.imports), else
    store its rows in a queued job and run listings_import_task after commit."""
    from catalog.tasks import listings_import_task

    require_listing_writer(actor=actor, vendor=vendor, partner=partner)
    file_format, rows = listings_file_read(upload=upload, name=file_name)
    with transaction.atomic():
        job = ImportJob.objects.create(
            vendor=vendor,
            uploaded_by=actor if partner is None else None,
            partner_client=partner,
            file_name=file_name[-255:],
            file_format=file_format,
            rows=rows,
            total=len(rows),
        )
        audit_record(
            actor=actor,
            action="catalog.import.queued",
            target=job,
            to_state=job.status,
            data={"rows": len(rows), "file": job.file_name, **partner_audit_data(partner)},
        )
        transaction.on_commit(lambda: listings_import_task.delay(job.pk))
    return job


class _ImportLookups:
    """Reference rows of a whole file, read once: categories, units, the communes it names."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.units = {u.code: u for u in Unit.objects.all()}
        codes = {
            int(r["origin_commune"]) for r in rows if str(r.get("origin_commune", "")).isdigit()
        }
        self.communes = Commune.objects.in_bulk(codes)


def _import_row_fields(
    row: dict[str, Any], lookups: _ImportLookups
) -> tuple[dict[str, Any], str, dict[str, list[str]]]:
    """(product fields, status intent, errors) of one row; only the columns present count."""
    fields: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    name = row.get("name", "")
    if not name:
        errors["name"] = [_("The name is required.")]
    elif len(name) > 255:
        errors["name"] = [_("At most 255 characters.")]
    else:
        fields["name"] = name
    category = lookups.categories.get(row.get("category", ""))
    if category is None:
        errors["category"] = [
            _("Unknown category “%(value)s”.") % {"value": row.get("category", "")}
        ]
    else:
        fields["category"] = category
    unit = lookups.units.get(row.get("unit", ""))
    if unit is None:
        errors["unit"] = [_("Unknown unit “%(value)s”.") % {"value": row.get("unit", "")}]
    else:
        fields["unit"] = unit
    price = row.get("price", "")
    if price == "":
        fields.update(price=None, price_on_request=True)
    else:
        try:
            amount = int(price)
        except ValueError:
            errors["price"] = [_("The price is a whole number of đồng, or empty when on request.")]
        else:
            if amount < 0:
                errors["price"] = [_("The price cannot be negative.")]
            elif amount > 10**13:
                errors["price"] = [_("The price is too large.")]
            else:
                fields.update(price=amount, price_on_request=False)
    if "description" in row:
        if len(row["description"]) > 20000:
            errors["description"] = [_("At most 20,000 characters.")]
        fields["description"] = row["description"]
    commune_code, province_code = row.get("origin_commune", ""), row.get("origin_province", "")
    if commune_code:
        commune = lookups.communes.get(int(commune_code)) if commune_code.isdigit() else None
        if commune is None:
            errors["origin_commune"] = [
                _("Unknown commune code “%(value)s”.") % {"value": commune_code}
            ]
        elif province_code and province_code != str(commune.province_id):
            errors["origin_province"] = [
                _("The commune %(commune)s is not in the province %(province)s.")
                % {"commune": commune_code, "province": province_code}
            ]
        else:
            fields["origin_commune"] = commune
    elif province_code:
        errors["origin_commune"] = [_("Give the commune code; the province follows from it.")]
    if "gtin" in row:
        fields["gtin"] = row["gtin"]
    intent = (row.get("status") or STATUS_DRAFT).lower()
    if intent not in (STATUS_DRAFT, STATUS_SUBMIT):
        errors["status"] = [_("Use “draft” or “submit”.")]
    return fields, intent, errors


def _import_changes(product: Product, fields: dict[str, Any]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for key, value in fields.items():
        current = getattr(product, f"{key}_id") if isinstance(value, models.Model) else None
        if isinstance(value, models.Model):
            if current != value.pk:
                changed[key] = value
        elif getattr(product, key) != value:
            changed[key] = value
    if "price" in changed or "price_on_request" in changed:
        changed.update(price=fields["price"], price_on_request=fields["price_on_request"])
    return changed


def _import_row(
    row: dict[str, Any],
    *,
    vendor: Vendor,
    actor: User,
    partner: PartnerClient | None,
    lookups: _ImportLookups,
    seen: dict[str, int],
) -> dict[str, Any]:
    external_id = str(row.get("external_id", "")).strip()
    entry: dict[str, Any] = {
        "line": row["line"],
        "external_id": external_id,
        "result": "failed",
        "product": None,
        "errors": {},
    }
    fields, intent, errors = _import_row_fields(row, lookups)
    if not external_id:
        errors["external_id"] = [_("The external id is required.")]
    elif len(external_id) > 100:
        errors["external_id"] = [_("At most 100 characters.")]
    elif external_id in seen:
        errors["external_id"] = [
            _("Repeats the external id of line %(line)s.") % {"line": seen[external_id]}
        ]
    else:
        seen[external_id] = row["line"]
    if errors:
        entry["errors"] = errors
        return entry
    try:
        with transaction.atomic():
            product = (
                Product.objects.filter(vendor=vendor, external_id=external_id).first()
                # An exported product that had no external id is named by its slug.
                or Product.objects.filter(vendor=vendor, external_id="", slug=external_id).first()
            )
            if product is None:
                product = product_create(
                    vendor=vendor, actor=actor, partner=partner, external_id=external_id, **fields
                )
                result = "created"
            else:
                changed = _import_changes(product, fields)
                if product.external_id != external_id:
                    Product.objects.filter(pk=product.pk).update(external_id=external_id)
                result = "unchanged"
                if changed:
                    product = product_update(
                        product=product, actor=actor, partner=partner, **changed
                    )
                    result = "updated"
            if intent == STATUS_SUBMIT and product.status in (
                ProductStatus.DRAFT,
                ProductStatus.REJECTED,
            ):
                product = product_submit(product=product, actor=actor, partner=partner)
                result = "updated" if result == "unchanged" else result
    except DomainError as exc:
        entry["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()} or {
            "non_field_errors": [str(exc.detail)]
        }
        return entry
    except DjangoValidationError as exc:
        entry["errors"] = {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
        return entry
    except IntegrityError:
        entry["errors"] = {
            "external_id": [_("Another upload wrote this external id at the same time.")]
        }
        return entry
    entry.update(result=result, product=product.slug)
    return entry


def _import_save_progress(job: ImportJob, *fields: str) -> None:
    job.save(update_fields=["processed", "created", "updated", "skipped", "failed", *fields])


def listings_import_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import: each row in its own transaction, progress saved as it goes.
    Idempotent: a job already started or finished is left alone, and rows upsert by
    (storefront, external id), so even a file uploaded twice converges."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ImportStatus.QUEUED:
            return job
        job.status = ImportStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    vendor = Vendor.objects.get(pk=job.vendor_id)
    partner = job.partner_client  # None for a member's upload
    actor: Any = job.uploaded_by or AnonymousUser()
    try:
        if partner is not None:
            # The grant or scope may have been withdrawn since the upload.
            require_listing_writer(actor=actor, vendor=vendor, partner=partner)
        elif not is_member(actor, vendor):
            raise NotAllowed(_("The uploader is no longer a member of this storefront."))
        lookups = _ImportLookups(job.rows)
        seen: dict[str, int] = {}
        report = []
        for row in job.rows:
            entry = _import_row(
                row, vendor=vendor, actor=actor, partner=partner, lookups=lookups, seen=seen
            )
            report.append(entry)
            job.processed += 1
            counter = {"unchanged": "skipped"}.get(entry["result"], entry["result"])
            setattr(job, counter, getattr(job, counter) + 1)
            if job.processed % IMPORT_PROGRESS_EVERY == 0:
                _import_save_progress(job)
        job.report = report
        job.status = ImportStatus.SUCCEEDED
    except DomainError as exc:
        job.status, job.error = ImportStatus.FAILED, str(exc.detail)
    job.finished_at = timezone.now()
    _import_save_progress(job, "report", "status", "error", "finished_at")
    audit_record(
        actor=actor,
        action=f"catalog.import.{job.status}",
        target=job,
        from_state=ImportStatus.RUNNING,
        to_state=job.status,
        data={
            **{k: getattr(job, k) for k in ("total", "created", "updated", "skipped", "failed")},
            **partner_audit_data(partner),
        },
    )
    return job
