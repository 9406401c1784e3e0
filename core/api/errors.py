"""One error shape for every error (RFC 9457 style), in Vietnamese or English.

    {"type": "urn:giaothuong:problem:<code>", "title", "status", "detail", "errors": {field: [..]}}

The language follows Accept-Language through Django's LocaleMiddleware; messages are
gettext strings translated in marketplace/locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import DomainError

TITLES = {
    400: lambda: _("The request is not valid."),
    401: lambda: _("Sign in first."),
    403: lambda: _("You may not do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    406: lambda: _("This response format is not available."),
    409: lambda: _("This conflicts with the current state."),
    413: lambda: _("The request is too large."),
    415: lambda: _("This content type is not supported."),
    429: lambda: _("Too many requests; slow down."),
    500: lambda: _("Something went wrong on our side."),
}

CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}


def problem(
    status_code: int,
    *,
    detail: str,
    code: str | None = None,
    title: str | None = None,
    errors: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "type": f"urn:giaothuong:problem:{code or CODES.get(status_code, 'error')}",
        "title": title or TITLES.get(status_code, TITLES[400])(),
        "status": status_code,
        "detail": detail,
        "errors": dict(errors or {}),
    }


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested ValidationError detail → {"field": [...], "items.0.name": [...]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(detail, list):
        if all(not isinstance(v, (list, Mapping)) for v in detail):
            out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in detail)
        else:
            for i, value in enumerate(detail):
                out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return out


def _number_out_of_range(exc: Exception) -> bool:
    """A number too large for its column: PostgreSQL's "out of range" DataError, or the
    OverflowError SQLite's driver raises for an integer past 64 bits."""
    if isinstance(exc, DataError):
        return "out of range" in str(exc)
    return isinstance(exc, OverflowError) and "SQLite INTEGER" in str(exc)


def _too_large_problem() -> dict[str, Any]:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return problem(
        413,
        detail=_("The request body is larger than %(megabytes)g MB.") % {"megabytes": megabytes},
        code="too_large",
    )


def _body_refused_problem() -> dict[str, Any]:
    return problem(400, detail=_("The request body has too many fields or files."))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE, refused by Django before any parser read it.
        set_rollback()
        return Response(_too_large_problem(), status=413)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        set_rollback()
        return Response(_body_refused_problem(), status=400)
    if isinstance(exc, DomainError):
        set_rollback()
        body = problem(
            exc.status,
            detail=str(exc.detail),
            code=exc.code,
            title=str(exc.title),
            errors={k: [str(m) for m in v] for k, v in exc.errors.items()},
        )
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DataError) and "NUL" in str(exc):
        # PostgreSQL text cannot hold NUL; psycopg refuses such a value before sending it (a
        # slug lookup of a related field, a filter), so nothing was written: the input is bad.
        # Found by the API fuzzer (tests/test_openapi_fuzz.py).
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("Text cannot contain NUL characters.")]}
        )
    elif _number_out_of_range(exc):
        # The last net under the bounds of core/api/bounds.py (D105): a number a column cannot
        # hold, refused by the driver before anything was written.
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("A number is too large or too small.")]}
        )
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django's 500 handler (below) answer
    set_rollback()
    code = exc.status_code
    headers: dict[str, str] = {}
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait) + 1)
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        body = problem(
            400,
            detail=_("Some fields are not valid; see errors."),
            code="validation_error",
            title=_("Some fields are not valid."),
            errors=errors,
        )
    else:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if isinstance(exc.detail, Mapping) and "detail" in exc.detail:
            # simplejwt answers a malformed token with {"detail", "code"}, not a string.
            detail = str(exc.detail["detail"])
        codes = exc.get_codes()
        api_code = codes if isinstance(codes, str) else None
        body = problem(code, detail=str(detail), code=api_code or CODES.get(code))
    return Response(body, status=code, headers=headers)


def json_400(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """Django's own 400s (outside DRF's views): a body too large is a 413, the rest a 400."""
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(_too_large_problem(), status=413)
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return JsonResponse(_body_refused_problem(), status=400)
    detail = (
        _("The request was refused as unsafe.")
        if isinstance(exception, SuspiciousOperation)
        else _("The request could not be read.")
    )
    return JsonResponse(problem(400, detail=detail), status=400)


def json_404(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(problem(404, detail=_("Nothing lives at this address.")), status=404)


def json_500(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        problem(500, detail=_("The error was logged; try again later.")),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
