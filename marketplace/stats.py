"""The figures a Department of Industry and Trade reports, composed from every app's own.

Each app registers what it counts (`stats_register`, from its `extensions.connect()`): public
figures for everyone, and figures only moderators see. `/api/v1/stats/` merges them, so the
exchange reports storefronts, products and OCOP today and orders and leads as those apps come,
without this module importing them.

Counting is a dozen aggregate queries over the whole catalogue, so `stats_cached` keeps each
answer in the cache backend for `STATS_CACHE_SECONDS` (30 by default, at most a minute), one
entry per language and audience (public, moderators).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from marketplace.moderation import moderation_queue_summary
from marketplace.selectors import vendor_counts_by_kind_and_status

Figures = Callable[[], dict[str, Any]]

_public: list[Figures] = []
_moderation: list[Figures] = []


def stats_register(*, public: Figures | None = None, moderation: Figures | None = None) -> None:
    """Add an app's figures: `public` ones go to everyone, `moderation` ones to staff only."""
    if public is not None and public not in _public:
        _public.append(public)
    if moderation is not None and moderation not in _moderation:
        _moderation.append(moderation)


def stats_public() -> dict[str, Any]:
    data: dict[str, Any] = {"as_of": timezone.localdate().isoformat()}
    for figures in _public:
        data.update(figures())
    return data


def stats_for_moderators() -> dict[str, Any]:
    """The public figures plus what only exchange staff see."""
    data = stats_public()
    moderation: dict[str, Any] = {
        "queue": moderation_queue_summary(),
        "storefronts_by_kind_and_status": vendor_counts_by_kind_and_status(),
    }
    for figures in _moderation:
        moderation.update(figures())
    data["moderation"] = moderation
    return data


def stats_cached(*, for_moderators: bool) -> dict[str, Any]:
    """`stats_for_moderators()` or `stats_public()`, from the cache while it is fresh."""
    compose = stats_for_moderators if for_moderators else stats_public
    seconds = settings.STATS_CACHE_SECONDS
    if seconds <= 0:
        return compose()
    audience = "moderators" if for_moderators else "public"
    key = f"stats:v1:{audience}:{get_language() or settings.LANGUAGE_CODE}"
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        data = compose()
        cache.set(key, data, seconds)
    return data
