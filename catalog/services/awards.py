"""Writes on rural-industry awards: record (the storefront's members), verify, reject, revoke
(moderators)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import AwardLevel, AwardStatus, Product, RuralIndustryAward
from catalog.selectors import award_review_snapshot
from core.audit import audit_record
from core.errors import ValidationFailed
from core.workflow import lifecycle, transition
from marketplace.models import User
from marketplace.moderation import approval_data
from marketplace.permissions import require_member, require_moderator

AWARD_LIFECYCLE = lifecycle(
    {
        AwardStatus.PENDING_VERIFICATION: {AwardStatus.VERIFIED, AwardStatus.REJECTED},
        AwardStatus.REJECTED: {AwardStatus.PENDING_VERIFICATION},
        AwardStatus.VERIFIED: {AwardStatus.REVOKED},
    }
)


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
    award = RuralIndustryAward.objects.select_for_update().get(pk=award.pk)
    return transition(
        instance=award,
        to=AwardStatus.VERIFIED,
        actor=actor,
        table=AWARD_LIFECYCLE,
        action="catalog.award.verified",
        reason=reason,
        data=approval_data(award_review_snapshot(award)),
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
