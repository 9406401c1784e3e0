"""The daily digest of matching buy leads: one e-mail a day at most per storefront, to its
members who have not turned it off (D148)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.links import page_url
from core.notifications import email_after_commit
from leads.models import Lead, LeadAlertSetting, LeadMatch
from leads.selectors import lead_public_filter
from marketplace.models import User, VendorMembership


def _lead_page(lead: Lead) -> str:
    """The lead's public page, in the active language (D252); the API's URL without a site."""
    return page_url(
        "lead", fallback=reverse("lead-detail", kwargs={"slug": lead.slug}), slug=lead.slug
    )


def digest_recipients(vendor_id: int) -> list[str]:
    off = LeadAlertSetting.objects.filter(digest=False).values("user_id")
    return list(
        VendorMembership.objects.filter(vendor_id=vendor_id, user__is_active=True)
        .exclude(user_id__in=off)
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def leads_digest_send() -> int:
    """Send today's digests; returns how many storefronts got one. A storefront already sent
    one today waits for tomorrow; what it was sent is marked with the day."""
    today = timezone.localdate()
    sent_today = LeadMatch.objects.filter(digested_on=today).values("vendor_id")
    waiting = (
        LeadMatch.objects.select_for_update(of=("self",))
        .filter(digested_on__isnull=True)
        .exclude(vendor_id__in=sent_today)
        .filter(lead__in=Lead.objects.filter(lead_public_filter()).values("pk"))
        .select_related("lead")
        .order_by("vendor_id", "-same_province", "lead__expires_on", "lead_id")
    )
    by_vendor: dict[int, list[LeadMatch]] = {}
    for match in waiting:
        by_vendor.setdefault(match.vendor_id, []).append(match)
    for vendor_id, matches in by_vendor.items():
        lines = [f"- {m.lead.title} ({m.lead.quantity}) — {_lead_page(m.lead)}" for m in matches]
        email_after_commit(
            recipients=digest_recipients(vendor_id),
            subject=_("%(n)s new buy leads for your storefront") % {"n": len(matches)},
            body="\n".join(lines),
        )
        LeadMatch.objects.filter(pk__in=[m.pk for m in matches]).update(digested_on=today)
    return len(by_vendor)


@transaction.atomic
def lead_alerts_set(*, actor: User, digest: bool) -> LeadAlertSetting:
    setting, _created = LeadAlertSetting.objects.update_or_create(
        user=actor, defaults={"digest": digest}
    )
    return setting
