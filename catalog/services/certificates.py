"""Writes on OCOP certificates: record and edit (the storefront's members), verify, reject,
revoke (moderators), and the daily expiry."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import CertificateStatus, IssuingLevel, OcopCertificate, Product
from catalog.selectors import certificate_review_snapshot
from core.audit import audit_record
from core.errors import Conflict, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.moderation import approval_data
from marketplace.permissions import require_member, require_moderator
from marketplace.services.notifications import vendor_member_emails
from media.services import scan_clean
from search.services import search_mark_products_dirty

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
            changes={"submitted_at": timezone.now()},
        )
    return cert


@transaction.atomic
def certificate_verify(
    *, certificate: OcopCertificate, actor: User, reason: str = ""
) -> OcopCertificate:
    require_moderator(actor)
    if certificate.expires_on <= timezone.localdate():
        raise Conflict(_("This certificate has already expired."), code="certificate_expired")
    certificate = OcopCertificate.objects.select_for_update().get(pk=certificate.pk)
    cert = transition(
        instance=certificate,
        to=CertificateStatus.VERIFIED,
        actor=actor,
        table=CERTIFICATE_LIFECYCLE,
        action="catalog.certificate.verified",
        reason=reason,
        changes={"verified_at": timezone.now()},
        data=approval_data(certificate_review_snapshot(certificate)),
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
