"""Webhook subscriptions: a partner client's endpoints and the events each one hears (D72).

The secret is made here and returned once, when a subscription is created or its secret
rotated. Deliveries (delivery.py) and the dispatcher (dispatch.py) read the subscriptions.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ValidationFailed
from marketplace.models import User
from partners.models import ChangeEvent, ChangeKind, PartnerClient, WebhookSubscription
from partners.services.webhooks.signing import new_secret

EVENT_NAMES = sorted(e for e in ChangeEvent.values if e != ChangeEvent.SNAPSHOT)
EVENT_PATTERNS = ["*", *sorted(f"{k}.*" for k in ChangeKind.values)]


def _validate_url(url: str) -> str:
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:
        raise ValidationFailed(
            _("The webhook URL is not valid."), errors={"url": [_("This is not a URL.")]}
        ) from None
    local = host in {"localhost", "127.0.0.1", "::1"}
    https = parts.scheme == "https" and bool(host)
    local_http = parts.scheme == "http" and local and settings.WEBHOOK_ALLOW_LOCAL_HTTP
    if not (https or local_http):
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("Use an https:// URL that partners' servers answer on.")]},
        )
    if parts.username or parts.password:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must not carry a user name or password.")]},
        )
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    # A literal private or loopback address would make the exchange call into its own network.
    if address is not None and not address.is_global and not local:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must point at a public address.")]},
        )
    if local and not settings.WEBHOOK_ALLOW_LOCAL_HTTP:
        raise ValidationFailed(
            _("The webhook URL is not valid."),
            errors={"url": [_("The URL must point at a public address.")]},
        )
    return url


def _validate_events(events: Any) -> list[str]:
    if not isinstance(events, list) or not events or not all(isinstance(e, str) for e in events):
        raise ValidationFailed(
            _("Choose at least one event."),
            errors={"events": [_("Give a list of event names or patterns such as product.*.")]},
        )
    unknown = sorted({e for e in events if e not in EVENT_NAMES and e not in EVENT_PATTERNS})
    if unknown:
        raise ValidationFailed(
            _("Some events are not known."),
            errors={"events": [_("Unknown events: %(e)s.") % {"e": ", ".join(unknown)}]},
        )
    return sorted(set(events))


def event_matches(patterns: list[str], event: str) -> bool:
    kind = event.split(".", 1)[0]
    return "*" in patterns or event in patterns or f"{kind}.*" in patterns


def webhook_audit(
    sub: WebhookSubscription, action: str, *, actor: User | None, data: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=f"partners.webhook.{action}",
        target=sub,
        data={"client": sub.client_id, **(data or {})},
    )


@transaction.atomic
def webhook_subscription_create(
    *,
    client: PartnerClient,
    url: str,
    events: Any,
    description: str = "",
    actor: User | None,
) -> tuple[WebhookSubscription, str]:
    """Subscribe `client`; returns the subscription and its secret (shown only now)."""
    secret = new_secret()
    sub = WebhookSubscription.objects.create(
        client=client,
        url=_validate_url(url),
        events=_validate_events(events),
        description=description[:200],
        secret=secret,
    )
    webhook_audit(sub, "created", actor=actor, data={"url": sub.url, "events": sub.events})
    return sub, secret


@transaction.atomic
def webhook_subscription_update(
    *,
    subscription: WebhookSubscription,
    url: str | None = None,
    events: Any = None,
    description: str | None = None,
    actor: User | None,
) -> WebhookSubscription:
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if url is not None:
        sub.url = _validate_url(url)
    if events is not None:
        sub.events = _validate_events(events)
    if description is not None:
        sub.description = description[:200]
    sub.save()
    webhook_audit(sub, "updated", actor=actor, data={"url": sub.url, "events": sub.events})
    return sub


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, actor: User | None) -> None:
    webhook_audit(subscription, "deleted", actor=actor, data={"url": subscription.url})
    subscription.delete()


@transaction.atomic
def webhook_secret_rotate(
    *, subscription: WebhookSubscription, actor: User | None
) -> tuple[WebhookSubscription, str]:
    """A new secret, effective for every delivery sent from now on (no overlap: D72)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    secret = new_secret()
    sub.secret = secret
    sub.save(update_fields=["secret", "updated_at"])
    webhook_audit(sub, "secret_rotated", actor=actor)
    return sub, secret


@transaction.atomic
def webhook_subscription_enable(
    *, subscription: WebhookSubscription, actor: User | None
) -> WebhookSubscription:
    """Turn a disabled subscription back on. Changes made while it was off are not replayed:
    the partner catches up through the change feed (D74)."""
    sub = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if sub.is_active:
        return sub
    sub.is_active = True
    sub.disabled_at = None
    sub.disabled_reason = ""
    sub.consecutive_failures = 0
    sub.failing_since = None
    sub.save()
    webhook_audit(sub, "enabled", actor=actor)
    return sub
