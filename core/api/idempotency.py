"""Idempotency-Key for partner POSTs (D63), and for people's POSTs where a view opts in (D121).

A partner request carrying ``Idempotency-Key: <up to 255 characters>`` runs at most once per
(client, key); on a view decorated ``@idempotent(people=True)`` a signed-in person's request
runs at most once per (user, key) the same way (a buyer's double tap on "order"):

1. A record ``in_progress`` is inserted and committed on its own, before the view runs. The
   unique (client, key) constraint makes this the arbiter between concurrent duplicates: the
   loser of the insert sees the record and answers **409** (``idempotency_in_progress``).
2. The view runs inside one transaction; when it succeeds (2xx), the record is completed with
   the status and the JSON body *in that same transaction*, so the write and its stored answer
   commit together or not at all.
3. A replay with the same method, path and body gets the stored status and body back, with
   ``Idempotent-Replayed: true``. The same key with another method, path or body is refused
   with **422** (``idempotency_key_reused``).
4. A request that fails (an error response or an exception) deletes its record, so the partner
   can retry with the same key once it fixed the request. Errors are not replayed.
5. A record left ``in_progress`` for more than 10 minutes (the worker died mid-request; its
   transaction rolled back, so nothing was written) is taken over by the next retry.

Requests without the header, and people's requests on views without ``people=True``, run
unchanged. The records are rows of ``settings.IDEMPOTENCY_RECORD_MODEL``
("partners.IdempotencyRecord", keyed on the partner client or the user); the partners app purges
those older than
IDEMPOTENCY_KEY_TTL_HOURS hourly. Any app's view may use the decorator without importing
partners (D85).

Use it on a DRF view method::

    class ImportView(APIView):
        @idempotent
        def post(self, request, *args, **kwargs): ...
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar, cast

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.clients import partner_client
from core.api.errors import problem
from core.clients import Partner

HEADER = "HTTP_IDEMPOTENCY_KEY"
# For extend_schema(parameters=[...]) on the views that use @idempotent.
IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Partner requests only: the first answer to this key is replayed for the "
    "same request (Idempotent-Replayed: true); 409 while it is still running; 422 for a "
    "different request under the same key.",
)
# The same for views that honour the key for signed-in people too.
IDEMPOTENCY_KEY_PARAMETER_PEOPLE = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="The first answer to this key (per signed-in person or partner client) is "
    "replayed for the same request (Idempotent-Replayed: true); 409 while it is still running; "
    "422 for a different request under the same key.",
)
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# An in-progress record older than this belongs to a request whose process died (no request
# runs this long behind the web server's timeout); a retry takes the key over.
STALE = timedelta(minutes=10)

F = TypeVar("F", bound=Callable[..., Response])


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress", _lazy("In progress")
    DONE = "done", _lazy("Done")


def _records() -> Any:
    """The record model's default manager: rows with client or user, key, method, path,
    body_hash, state, status_code, response_body and created_at."""
    return apps.get_model(settings.IDEMPOTENCY_RECORD_MODEL)._default_manager


def _fingerprint(request: Request) -> tuple[str, str, str]:
    body = request.body if hasattr(request, "body") else b""
    return request.method or "", request.path[:500], hashlib.sha256(body).hexdigest()


def _refusal(status_code: int, code: str, detail: str, title: str | None = None) -> Response:
    return Response(problem(status_code, detail=detail, code=code, title=title), status=status_code)


def _claim(
    owner: dict[str, Any], key: str, fingerprint: tuple[str, str, str], *, retry: bool = True
) -> Any:
    """Insert the in-progress record (committed at once), or answer from the existing one.
    `owner` is {"client": partner client} or {"user": person}."""
    method, path, body_hash = fingerprint
    try:
        with transaction.atomic():
            return _records().create(
                **owner, key=key, method=method, path=path, body_hash=body_hash
            )
    except IntegrityError:
        pass
    existing = _records().filter(**owner, key=key).first()
    if existing is None:  # deleted by a failed first attempt a moment ago: try again later
        return _refusal(
            409,
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still being processed; retry shortly."),
        )
    if (existing.method, existing.path, existing.body_hash) != fingerprint:
        return _refusal(
            422,
            "idempotency_key_reused",
            _("This Idempotency-Key was used for a different request."),
            title=_("The Idempotency-Key does not match the request."),
        )
    if existing.state != IdempotencyState.DONE and existing.created_at < timezone.now() - STALE:
        # The process that claimed the key died mid-request (its transaction rolled back, so
        # nothing was written): release the key and claim it for this request.
        released, _detail = (
            _records().filter(pk=existing.pk, state=IdempotencyState.IN_PROGRESS).delete()
        )
        if released and retry:
            return _claim(owner, key, fingerprint, retry=False)
    if existing.state != IdempotencyState.DONE:
        return _refusal(
            409,
            "idempotency_in_progress",
            _("A request with this Idempotency-Key is still being processed; retry shortly."),
        )
    replay = Response(existing.response_body, status=existing.status_code or 200)
    replay[REPLAYED_HEADER] = "true"
    return replay


def _owner(request: Request, people: bool) -> dict[str, Any] | None:
    client: Partner | None = partner_client(request)
    if client is not None:
        return {"client": client}
    user = getattr(request, "user", None)
    if people and user is not None and user.is_authenticated:
        return {"user": user}
    return None


def idempotent(view_method: F | None = None, *, people: bool = False) -> Any:
    """Decorates a DRF view method (``post``, ``create``, ``update``...): ``@idempotent`` for
    partner requests, ``@idempotent(people=True)`` for signed-in people's requests too."""
    if view_method is None:
        return lambda method: _idempotent(method, people=people)
    return _idempotent(view_method, people=people)


def _idempotent(view_method: F, *, people: bool) -> F:
    @functools.wraps(view_method)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.META.get(HEADER, "").strip()
        owner = _owner(request, people)
        if not key or owner is None:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH or not all("!" <= ch <= "~" for ch in key):
            return _refusal(
                400,
                "invalid_idempotency_key",
                _(
                    "The Idempotency-Key must be at most %(n)d visible ASCII characters "
                    "(a UUID is a good choice)."
                )
                % {"n": MAX_KEY_LENGTH},
            )
        # Read the body before the view consumes the stream (request.data parses it).
        claimed = _claim(owner, key, _fingerprint(request))
        if isinstance(claimed, Response):
            return claimed
        record = claimed
        try:
            with transaction.atomic():
                response = view_method(self, request, *args, **kwargs)
                if status.is_success(response.status_code):
                    body = response.data
                    stored = json.loads(JSONRenderer().render(body)) if body is not None else None
                    _records().filter(pk=record.pk).update(
                        state=IdempotencyState.DONE,
                        status_code=response.status_code,
                        response_body=stored,
                    )
                    return response
        except BaseException:
            _records().filter(pk=record.pk).delete()
            raise
        _records().filter(pk=record.pk).delete()
        return response

    return cast(F, wrapper)


def person_once(
    user: Any, key: str, action: str, call: Callable[[], dict[str, Any]]
) -> tuple[str, dict[str, Any] | None]:
    """The same store for a form a person submits (the site's checkout, D226): `call` runs at
    most once per (user, key), the key being the one-time token the form carried. `action`
    names the form (a fixed string, so the Vietnamese and English paths are one request).

    Returns ("done", body) after running `call` (its body stored in the same transaction as its
    writes), ("replayed", body) for a key whose first submission finished, ("running", None)
    while it still runs. An exception from `call` releases the key and propagates."""
    claimed = _claim({"user": user}, key, ("POST", action[:500], "form"))
    if isinstance(claimed, Response):
        if claimed.has_header(REPLAYED_HEADER):
            return "replayed", claimed.data
        return "running", None
    try:
        with transaction.atomic():
            body = call()
            _records().filter(pk=claimed.pk).update(
                state=IdempotencyState.DONE, status_code=201, response_body=body
            )
            return "done", body
    except BaseException:
        _records().filter(pk=claimed.pk).delete()
        raise


def person_done(user: Any, key: str, action: str) -> dict[str, Any] | None:
    """The stored body of a finished `person_once` run for (user, key) and `action`, if any: a
    form submitted again after its first submission finished (and emptied what it read)."""
    record = (
        _records()
        .filter(user=user, key=key, method="POST", path=action[:500], state=IdempotencyState.DONE)
        .first()
    )
    return record.response_body if record is not None else None
