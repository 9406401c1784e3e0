"""The partner change feed: `GET /api/v1/feed/changes/`.

A partner follows `next_cursor` until `has_more` is false, upserts every entry with a resource
and deletes every tombstone; starting from no cursor covers everything public (D67).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.clients import HasPartnerScope, partner_client
from core.api.params import refuse_unknown
from core.api.serializers import PROBLEM_400, PROBLEM_401, PROBLEM_403, problem_response
from core.clients import PartnerScope
from core.errors import DomainError, NotAllowed, ValidationFailed
from marketplace.permissions import is_moderator
from partners.api.serializers import (
    RESOURCE_SERIALIZERS,
    FeedPageSerializer,
    FeedQuerySerializer,
)
from partners.models import ChangeKind
from partners.selectors.feed import (
    FEED_KINDS,
    change_position,
    cursor_decode,
    cursor_encode,
    feed_changes,
    feed_public_objects,
    feed_start_expired,
)

FEED_PARAMS = frozenset({*FeedQuerySerializer().fields, "format"})
KIND_SCOPES: dict[str, str] = {
    ChangeKind.PRODUCT: PartnerScope.CATALOG_READ,
    ChangeKind.VENDOR: PartnerScope.CATALOG_READ,
    ChangeKind.CERTIFICATE: PartnerScope.CATALOG_READ,
    ChangeKind.FAIR: PartnerScope.FAIRS_READ,
    ChangeKind.LEAD: PartnerScope.CATALOG_READ,
    ChangeKind.LOT: PartnerScope.CATALOG_READ,
}


class CursorExpired(DomainError):
    status = 410
    code = "cursor_expired"
    title = gettext_lazy("This cursor has expired.")


class CanReadFeed(BasePermission):
    """Moderators, or partner clients holding `catalog:read`."""

    message = HasPartnerScope.message

    def has_permission(self, request: Request, view: Any) -> bool:
        if is_moderator(request.user):
            return True
        return HasPartnerScope.with_scopes(PartnerScope.CATALOG_READ)().has_permission(
            request, view
        )


class ChangeFeedView(APIView):
    permission_classes = [CanReadFeed]

    def _kinds(self, request: Request, raw: str | None) -> list[str]:
        client = partner_client(request)
        if not raw:
            kinds = [k.value for k in FEED_KINDS]
            if client is not None:  # by default, what the client may read
                kinds = [k for k in kinds if client.has_scope(KIND_SCOPES[k])]
            return kinds
        kinds = [k.strip() for k in raw.split(",") if k.strip()]
        unknown = sorted(set(kinds) - {k.value for k in FEED_KINDS})
        if unknown:
            raise ValidationFailed(
                _("Unknown kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)},
                errors={
                    "kinds": [
                        _("Choose from %(kinds)s.")
                        % {"kinds": ", ".join(k.value for k in FEED_KINDS)}
                    ]
                },
            )
        if client is not None:
            missing = sorted(
                {KIND_SCOPES[k] for k in kinds if not client.has_scope(KIND_SCOPES[k])}
            )
            if missing:
                raise NotAllowed(
                    _("This partner client lacks a required scope: %(scopes)s.")
                    % {"scopes": ", ".join(missing)}
                )
        return kinds

    @extend_schema(
        operation_id="feed_changes",
        summary="Changes to public objects since a cursor, with tombstones",
        parameters=[
            OpenApiParameter("cursor", str, description="next_cursor of the previous page."),
            OpenApiParameter(
                "kinds",
                str,
                description="Comma-separated: product,vendor,certificate,fair,lead,lot.",
            ),
            OpenApiParameter(
                "updated_since",
                str,
                description="ISO 8601 datetime; start at changes from then (without cursor).",
            ),
            OpenApiParameter("page_size", int, description="1-500, default 100."),
        ],
        responses={
            200: FeedPageSerializer,
            400: PROBLEM_400,
            401: PROBLEM_401,
            403: PROBLEM_403,
            410: problem_response(
                "cursor_expired: the cursor (or updated_since) is older than the feed keeps; "
                "start again without one."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        refuse_unknown(request.query_params, FEED_PARAMS)  # as every list (D91)
        query = FeedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        kinds = self._kinds(request, params.get("kinds"))
        after = None
        if params.get("cursor"):
            after = cursor_decode(params["cursor"])
            if after is None:
                raise ValidationFailed(
                    _("This cursor is not valid."),
                    errors={"cursor": [_("Pass a next_cursor this feed returned.")]},
                )
        if feed_start_expired(after=after, updated_since=params.get("updated_since")):
            raise CursorExpired(
                _(
                    "Changes after this point were pruned (the feed keeps %(days)d days). "
                    "Start again without a cursor: the beginning of the feed holds every "
                    "public object."
                )
                % {"days": settings.FEED_RETENTION_DAYS}
            )
        page = feed_changes(
            after=after,
            kinds=kinds,
            updated_since=params.get("updated_since"),
            limit=params["page_size"],
        )
        found = feed_public_objects(page.changes)
        context = {"request": request}
        results = []
        for change in page.changes:
            obj = found.get((change.kind, change.object_id))
            resource = (
                RESOURCE_SERIALIZERS[change.kind](obj, context=context).data
                if obj is not None
                else None
            )
            results.append(
                {
                    "cursor": cursor_encode(change_position(change)),
                    "kind": change.kind,
                    "id": change.object_id,
                    "event": change.event,
                    "at": change.at,
                    "resource": resource,
                    "tombstone": obj is None,
                }
            )
        data = {
            "results": results,
            "next_cursor": cursor_encode(page.next_position) if page.next_position else None,
            "has_more": page.has_more,
        }
        return Response(FeedPageSerializer(data).data)
