"""Writes on trade leads: posting, the moderators' decisions, closing (D145, D146)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Category, Product, Unit
from catalog.selectors import product_public_filter
from core.audit import audit_record
from core.errors import Conflict, NotAllowed, ValidationFailed
from core.notifications import email_after_commit
from core.signals import public_changed_send
from core.workflow import lifecycle, transition
from leads.models import Lead, LeadKind, LeadMatch, LeadStatus
from leads.search import leads_search_sync_after_commit
from leads.selectors import lead_matching_vendors, lead_review_snapshot
from marketplace.models import Commune, Province, User, Vendor
from marketplace.moderation import approval_data
from marketplace.permissions import is_moderator, require_member, require_moderator
from marketplace.services.vendors import unique_slug
from search.leads import lead_text

S = LeadStatus
LEAD_LIFECYCLE = lifecycle(
    {
        S.PENDING: {S.PUBLISHED, S.REJECTED},
        S.PUBLISHED: {S.CLOSED, S.PENDING},  # → pending: its poster edited it (D171)
        S.REJECTED: set(),
        S.CLOSED: set(),
    }
)


def _check(
    *,
    target_price: int | None,
    negotiable: bool,
    province: Province,
    commune: Commune | None,
    needed_by: dt.date | None,
    expires_on: dt.date,
) -> None:
    errors: dict[str, list[str]] = {}
    if (target_price is None) != negotiable:
        errors["target_price"] = [_("Give a target price or mark the price negotiable, not both.")]
    if commune is not None and commune.province_id != province.pk:
        errors["commune"] = [_("This commune is not in the chosen province.")]
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = [_("The expiry date must be after today.")]
    if needed_by is not None and needed_by < today:
        errors["needed_by"] = [_("The date needed by cannot be in the past.")]
    if errors:
        raise ValidationFailed(_("Some fields are not valid."), errors=errors)


@transaction.atomic
def lead_create(
    *,
    actor: User,
    kind: str,
    title: str,
    category: Category,
    quantity: int,
    unit: Unit,
    province: Province,
    contact_name: str,
    description: str = "",
    target_price: int | None = None,
    negotiable: bool = False,
    commune: Commune | None = None,
    needed_by: dt.date | None = None,
    expires_on: dt.date | None = None,
    contact_phone: str = "",
    contact_email: str = "",
    vendor: Vendor | None = None,
    products: list[Product] | None = None,
) -> Lead:
    """A buy lead from a signed-in person, or a sell lead from a storefront's member linked to
    its public products. Either waits for a moderator (pending)."""
    expires_on = expires_on or timezone.localdate() + dt.timedelta(days=settings.LEADS_DEFAULT_DAYS)
    products = products or []
    if kind == LeadKind.SELL:
        if vendor is None:
            raise ValidationFailed(
                _("A sell lead names its storefront."),
                errors={"vendor": [_("This field is required for a sell lead.")]},
            )
        require_member(actor, vendor)
        if not products:
            raise ValidationFailed(
                _("A sell lead names at least one of the storefront's products."),
                errors={"products": [_("This field is required for a sell lead.")]},
            )
        public = set(
            Product.objects.filter(product_public_filter(), vendor=vendor).values_list(
                "pk", flat=True
            )
        )
        if any(p.pk not in public for p in products):
            raise ValidationFailed(
                _("A sell lead links only the storefront's published products."),
                errors={"products": [_("Not a published product of this storefront.")]},
            )
    elif vendor is not None or products:
        raise ValidationFailed(
            _("A buy lead names no storefront or products."),
            errors={"vendor": [_("Only a sell lead names a storefront.")]},
        )
    _check(
        target_price=target_price,
        negotiable=negotiable,
        province=province,
        commune=commune,
        needed_by=needed_by,
        expires_on=expires_on,
    )
    places = [province.name, commune.name if commune else ""]
    lead = Lead.objects.create(
        search_folded=lead_text(title, description, category.name, *places),
        kind=kind,
        slug=unique_slug(Lead, title, max_length=110),
        title=title,
        description=description,
        category=category,
        quantity=quantity,
        unit=unit,
        target_price=target_price,
        negotiable=negotiable,
        province=province,
        commune=commune,
        needed_by=needed_by,
        expires_on=expires_on,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email or actor.email,
        poster=actor,
        vendor=vendor,
    )
    if products:
        lead.products.set(products)
    return lead


def require_lead_editor(*, lead: Lead, actor: User) -> None:
    """The poster edits a lead, and so does a member of a sell lead's storefront (403 else)."""
    if lead.poster_id == actor.pk:
        return
    if lead.vendor_id is not None and lead.vendor.memberships.filter(user_id=actor.pk).exists():  # type: ignore[union-attr]
        return
    raise NotAllowed(_("Only the poster may edit this lead."))


EDITABLE = frozenset(
    {
        "title",
        "description",
        "category",
        "quantity",
        "unit",
        "target_price",
        "negotiable",
        "province",
        "commune",
        "needed_by",
        "expires_on",
        "contact_name",
        "contact_phone",
        "contact_email",
    }
)


@transaction.atomic
def lead_update(*, lead: Lead, actor: User, **fields: object) -> Lead:
    """Its poster edits a pending or published lead; a published one goes back to review
    (D171): it leaves every public read until a moderator approves it again."""
    require_lead_editor(lead=lead, actor=actor)
    # of=("self",): the lead's row only; province and commune are nullable (an outer join,
    # which PostgreSQL refuses to lock).
    locked = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("category", "province", "commune")
        .get(pk=lead.pk)
    )
    if locked.status not in (LeadStatus.PENDING, LeadStatus.PUBLISHED):
        raise Conflict(
            _("Only a pending or published lead can be edited."),
            errors={"status": [_("Only a pending or published lead can be edited.")]},
        )
    fields = {k: v for k, v in fields.items() if k in EDITABLE}
    if fields.get("target_price") is not None and "negotiable" not in fields:
        fields["negotiable"] = False
    if fields.get("negotiable") and "target_price" not in fields:
        fields["target_price"] = None
    if "expires_on" in fields and fields["expires_on"] is None:
        del fields["expires_on"]
    for name, value in fields.items():
        setattr(locked, name, value)
    _check(
        target_price=locked.target_price,
        negotiable=locked.negotiable,
        province=locked.province,
        commune=locked.commune,
        needed_by=locked.needed_by if "needed_by" in fields else None,
        expires_on=locked.expires_on,
    )
    places = [locked.province.name, locked.commune.name if locked.commune else ""]
    locked.search_folded = lead_text(
        locked.title, locked.description, locked.category.name, *places
    )
    if "expires_on" in fields:
        locked.expiry_announced = False
    locked.save()
    audit_record(
        actor=actor, action="leads.lead.updated", target=locked, data={"fields": sorted(fields)}
    )
    if locked.status == LeadStatus.PUBLISHED:
        locked = transition(
            instance=locked,
            to=LeadStatus.PENDING,
            actor=actor,
            table=LEAD_LIFECYCLE,
            action="leads.lead.resubmitted",
            changes={"submitted_at": timezone.now()},
        )
        public_changed_send(kind="lead", object_ids=[locked.pk], event="lead.unpublished")
        leads_search_sync_after_commit([locked.pk])
    return locked


@transaction.atomic
def lead_approve(*, lead: Lead, actor: User, reason: str = "") -> Lead:
    require_moderator(actor)
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    lead = transition(
        instance=lead,
        to=LeadStatus.PUBLISHED,
        only_from={LeadStatus.PENDING},
        actor=actor,
        table=LEAD_LIFECYCLE,
        action="leads.lead.published",
        reason=reason,
        changes={"published_at": timezone.now()},
        data=approval_data(lead_review_snapshot(lead)),
    )
    if lead.kind == LeadKind.BUY:
        LeadMatch.objects.bulk_create(
            [
                LeadMatch(lead=lead, vendor_id=vendor_id, same_province=same)
                for vendor_id, same in lead_matching_vendors(lead)
            ],
            ignore_conflicts=True,
        )
    public_changed_send(kind="lead", object_ids=[lead.pk], event="lead.published")
    leads_search_sync_after_commit([lead.pk])
    email_after_commit(
        recipients=[lead.poster.email],
        subject=_("Your lead “%(title)s” is published") % {"title": lead.title},
        body=_("A moderator approved your lead; it shows until %(day)s.")
        % {"day": lead.expires_on.isoformat()},
    )
    return lead


@transaction.atomic
def lead_reject(*, lead: Lead, actor: User, reason: str) -> Lead:
    require_moderator(actor)
    lead = transition(
        instance=lead,
        to=LeadStatus.REJECTED,
        actor=actor,
        table=LEAD_LIFECYCLE,
        action="leads.lead.rejected",
        reason=reason,
        reason_required=True,
    )
    email_after_commit(
        recipients=[lead.poster.email],
        subject=_("Your lead “%(title)s” was not approved") % {"title": lead.title},
        body=_("Reason: %(reason)s") % {"reason": reason},
    )
    return lead


@transaction.atomic
def lead_close(*, lead: Lead, actor: User, reason: str = "") -> Lead:
    """The poster (or a member of a sell lead's storefront, or a moderator) closes the lead."""
    allowed = lead.poster_id == actor.pk or is_moderator(actor)
    if not allowed and lead.vendor_id is not None:
        allowed = lead.vendor.memberships.filter(user_id=actor.pk).exists()  # type: ignore[union-attr]
    if not allowed:
        raise NotAllowed(_("Only the poster or a moderator may close this lead."))
    lead = transition(
        instance=lead,
        to=LeadStatus.CLOSED,
        actor=actor,
        table=LEAD_LIFECYCLE,
        action="leads.lead.closed",
        reason=reason,
    )
    public_changed_send(kind="lead", object_ids=[lead.pk], event="lead.closed")
    leads_search_sync_after_commit([lead.pk])
    return lead


@transaction.atomic
def leads_expired_announce(*, today: dt.date | None = None) -> int:
    """Tell partners which published leads reached their expiry day (`lead.expired`), once per
    lead. Expiry itself needs no job (reads compare the date, D146); only the announcement
    does, and it is late by at most the beat interval. Returns how many were announced."""
    today = today or timezone.localdate()
    due = list(
        Lead.objects.select_for_update(skip_locked=True)
        .filter(status=LeadStatus.PUBLISHED, expires_on__lte=today, expiry_announced=False)
        .values_list("pk", flat=True)
    )
    if due:
        Lead.objects.filter(pk__in=due).update(expiry_announced=True)
        public_changed_send(kind="lead", object_ids=due, event="lead.expired")
    return len(due)
