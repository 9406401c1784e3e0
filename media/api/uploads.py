"""What every picture upload endpoint shares, here and in other apps (D162): the multipart
parsers and the refusal of an oversized request from its Content-Length header."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request

from core.errors import DomainError

MULTIPART = [MultiPartParser, FormParser]
# Room for the multipart envelope and the other form fields around the file.
ENVELOPE_BYTES = 64 * 1024


class RequestTooLarge(DomainError):
    status = 413
    code = "file_too_large"
    title = gettext_lazy("The request is too large.")


def refuse_oversized(request: Request) -> None:
    """Refuse from the Content-Length header, before Django reads the body to a temporary
    file: a 1 GB upload is turned away without being received."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.MEDIA_MAX_BYTES + ENVELOPE_BYTES:
        megabytes = settings.MEDIA_MAX_BYTES / (1024 * 1024)
        message = _("The file is larger than %(limit)s MB.") % {"limit": f"{megabytes:g}"}
        raise RequestTooLarge(message, errors={"file": [message]})
