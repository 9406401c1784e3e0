"""Domain errors raised by services; the API's exception handler renders them in one shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Message = str | Promise


class DomainError(Exception):
    """A refusal a person can act on. `errors` maps field names to messages."""

    status = 400
    code = "invalid"
    title: Message = _("The request is not valid.")

    def __init__(
        self,
        detail: Message,
        *,
        errors: Mapping[str, Sequence[Message]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(str(detail))
        self.detail = detail
        self.errors = dict(errors or {})
        if code:
            self.code = code


class ValidationFailed(DomainError):
    status = 400
    code = "validation_error"
    title = _("Some fields are not valid.")


class NotAllowed(DomainError):
    status = 403
    code = "permission_denied"
    title = _("You may not do this.")


class NotFound(DomainError):
    status = 404
    code = "not_found"
    title = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    title = _("This conflicts with the current state.")


class TransitionError(Conflict):
    code = "illegal_transition"
    title = _("This change of status is not allowed.")
