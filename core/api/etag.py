"""ETag / If-None-Match on detail endpoints (product, storefront, fair).

The ETag is weak (``W/"..."``) and computed from the JSON body the client would receive, so
it changes with anything visible in the answer (the object, its certificates and pictures,
the language of the labels) and never with anything invisible. A request whose
``If-None-Match`` lists it (or ``*``) gets ``304 Not Modified`` with no body. Computing it from
the body costs one serialisation, which the 200 answer needs anyway; it saves the transfer
(docs/architecture.md, "Partners: clients and keys").
"""

from __future__ import annotations

import hashlib
from typing import Any

from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response


def weak_etag(data: Any) -> str:
    digest = hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:32]
    return f'W/"{digest}"'


def _matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored on both sides."""
    if header.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in header.split(","))


def conditional(request: Request, response: Response) -> Response:
    """Adds the ETag to a successful GET answer, or turns it into 304 when it matches."""
    if request.method not in ("GET", "HEAD") or response.status_code != status.HTTP_200_OK:
        return response
    etag = weak_etag(response.data)
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if header and _matches(header, etag):
        not_modified = Response(status=status.HTTP_304_NOT_MODIFIED)
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return response


class ETagRetrieveMixin:
    """Put first in a viewset's bases: ``retrieve`` answers with an ETag and honours
    If-None-Match."""

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        return conditional(request, response)
