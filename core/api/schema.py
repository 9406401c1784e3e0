"""The OpenAPI document says what every operation can answer, without per-view work (D113).

`AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) extends drf-spectacular's:

- **Errors.** Every operation lists the error statuses it can answer, each in the one error
  shape (`Problem`, core/api/serializers.py's `ProblemSerializer`), decided from what the view
  is made of: 400 for writes, lists and reads with query parameters (bad fields, filters or
  pages); 401 on every operation (a broken credential is refused even where none is needed, and
  the sign-in views refuse a wrong password); 403 unless every permission is AllowAny (services
  check membership and roles again behind IsAuthenticated); 404 for routes with path
  parameters, paged lists (a page past the end) and writes (a thing the body names is not
  there); 409 for writes (illegal lifecycle moves, conflicts); 413 and 415 for writes that carry
  a body; 422 where an Idempotency-Key is accepted (a key reused for another request); 429
  where a throttle applies. A view may name more with `schema_error_statuses` (the search
  answers 503 while its backend is down). Statuses the view documents itself are kept as they
  are (`problem_response()` of core/api/serializers.py documents one with its own description,
  in the same shape).
- **Anonymous access.** An operation anonymous visitors may call carries `security: [{}]` next
  to its schemes (drf-spectacular only knows AllowAny and IsAuthenticatedOrReadOnly): the
  view's permissions are asked, as they would be for an anonymous request.
- **Caching.** Every read documents the `ETag` and `Cache-Control` headers core.api.caching
  sends, and the 304 an `If-None-Match` with the current tag gets (D88).
- **Tags.** Each operation gets one tag, the domain it belongs to: looked up by the first
  segment of its path after the API prefix in `API_TAG_BY_PREFIX`, then by the view's app in
  `API_TAG_BY_APP` (settings), so a new endpoint is filed with its app's others. The tags'
  Vietnamese/English names and descriptions are SPECTACULAR_SETTINGS["TAGS"].
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request

from core.api.serializers import ProblemSerializer

DESCRIPTIONS = {  # Vietnamese first, like the rest of the document
    400: "Yêu cầu không hợp lệ (trường, bộ lọc, trang): xem `errors`. "
    "*The request is not valid (fields, filters or page): see `errors`.*",
    401: "Cần đăng nhập, hoặc thông tin xác thực không hợp lệ. "
    "*Sign in first, or the credential given is not valid.*",
    403: "Bạn không có quyền làm việc này. *The caller may not do this.*",
    404: "Không có, hoặc bạn không được xem. *Nothing here, or nothing the caller may see.*",
    409: "Xung đột với trạng thái hiện tại (ví dụ chuyển trạng thái không hợp lệ). "
    "*This conflicts with the current state (e.g. an illegal lifecycle move).*",
    413: "Nội dung yêu cầu quá lớn. *The request body is too large.*",
    415: "Kiểu nội dung không được hỗ trợ. *This content type is not supported.*",
    422: "Idempotency-Key đã dùng cho một yêu cầu khác. "
    "*This Idempotency-Key was used for a different request.*",
    429: "Quá nhiều yêu cầu; `Retry-After` cho biết khi nào thử lại. "
    "*Too many requests; `Retry-After` says when to try again.*",
    503: "Một dịch vụ cần thiết tạm thời không sẵn sàng; thử lại sau. "
    "*A service this needs is unavailable for a moment; try again shortly.*",
}
BODY_METHODS = ("POST", "PUT", "PATCH")
# What core.api.caching adds to every successful read (D88): documented, not required (a file
# download streams without an ETag).
CACHING_HEADERS = {
    "ETag": {
        "description": "Thẻ phiên bản yếu của nội dung; gửi lại trong `If-None-Match`. "
        "*A weak tag of the body; send it back in `If-None-Match`.*",
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`public, max-age=N` cho khách vô danh, `private, no-cache` cho người "
        "đã đăng nhập và đối tác. *`public, max-age=N` for anonymous visitors, `private, "
        "no-cache` for people signed in and partners.*",
        "schema": {"type": "string"},
    },
}
NOT_MODIFIED = (
    "Không thay đổi: `If-None-Match` có thẻ ETag hiện tại; không có nội dung. "
    "*Not modified: `If-None-Match` holds the current ETag; no body.*"
)


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self) -> list[str]:
        return [operation_tag(self.path, self.view)]

    def get_auth(self) -> list[dict[str, Any]]:
        auths: list[dict[str, Any]] = super().get_auth()
        if {} not in auths and self.anonymous_may_call():
            auths.append({})
        return auths

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        ref = self.resolve_serializer(ProblemSerializer(), "response").ref
        if self.method == "GET":
            for status, response in responses.items():
                if status.startswith("2"):
                    response.setdefault("headers", {}).update(CACHING_HEADERS)
            responses.setdefault(
                "304",
                {"description": NOT_MODIFIED, "headers": dict(CACHING_HEADERS)},
            )
        for code in sorted(self.error_statuses()):
            responses.setdefault(
                str(code),
                {
                    "description": DESCRIPTIONS.get(code, ""),
                    "content": {"application/json": {"schema": ref}},
                },
            )
        return responses

    # --- what the view can answer --------------------------------------------------------

    def anonymous_may_call(self) -> bool:
        """Whether every permission of the view lets an anonymous request of this method in."""
        http = HttpRequest()
        http.method = self.method
        anonymous = Request(http, authenticators=())
        try:
            return all(p.has_permission(anonymous, self.view) for p in self.view.get_permissions())
        except Exception:  # a permission that needs more than the request: assume it refuses
            return False

    def error_statuses(self) -> set[int]:
        method = self.method
        write = method not in SAFE_METHODS
        paged_list = self._is_list_view() and self._get_paginator() is not None
        params = self._get_parameters()
        query = any(p.get("in") == "query" for p in params)
        codes: set[int] = set()
        if write or query or paged_list:
            codes.add(400)
        codes.add(401)  # a broken credential anywhere; a wrong password on the sign-in views
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.add(403)
        if "{" in self.path or paged_list or write:
            codes.add(404)
        if write:
            codes.add(409)
        if method in BODY_METHODS:
            codes.update((413, 415))
        if self.view.get_throttles():
            codes.add(429)
        if any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in params):
            codes.add(422)  # the key was used for a different request (core/api/idempotency.py)
        codes.update(getattr(self.view, "schema_error_statuses", ()))
        return codes


def operation_tag(path: str, view: Any) -> str:
    """The domain an operation belongs to: by the first segment of its path after the API
    prefix, else by the app of its view, else "other"."""
    prefix = getattr(settings, "API_PATH_PREFIX", "/api/v1/")
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    first = rest.split("/", 1)[0]
    by_prefix: dict[str, str] = getattr(settings, "API_TAG_BY_PREFIX", {})
    by_app: dict[str, str] = getattr(settings, "API_TAG_BY_APP", {})
    app = type(view).__module__.split(".", 1)[0]
    other = str(getattr(settings, "API_TAG_OTHER", "other"))
    return by_prefix.get(first) or by_app.get(app) or other
