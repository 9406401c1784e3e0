"""Certificate scans: kept with the private originals, handed out as short-lived signed links
(D96).

A scan proves a storefront's claim and may carry names, signatures and ID numbers: it is stored
in the "media_private" storage (no URL of its own) and read through
`/api/v1/certificates/scans/<token>/`, where the token is `django.core.signing` over the
certificate and the scan's file name, with the time it was made. A link works for
`CATALOG_SCAN_LINK_SECONDS`, and only for the file it was made for: a replaced scan's old links
stop working. Links are only given to the storefront's members and to moderators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone

from catalog.models import OcopCertificate
from marketplace.permissions import AnyUser, is_member, is_moderator

SALT = "catalog.certificate-scan"


@dataclass(frozen=True)
class ScanLink:
    token: str
    expires_at: dt.datetime


def scan_viewer(user: AnyUser, certificate: OcopCertificate) -> bool:
    """Who may open a certificate's scan: the storefront's members and moderators."""
    return is_moderator(user) or is_member(user, certificate.vendor)


def scan_link(certificate: OcopCertificate) -> ScanLink | None:
    """A fresh link to the certificate's scan (None without one). The caller checks the viewer."""
    if not certificate.scan:
        return None
    token = signing.dumps({"c": certificate.pk, "n": certificate.scan.name}, salt=SALT)
    seconds = settings.CATALOG_SCAN_LINK_SECONDS
    return ScanLink(token=token, expires_at=timezone.now() + dt.timedelta(seconds=seconds))


class ScanLinkInvalid(Exception):
    """The link was tampered with, has expired, or its scan is gone or replaced."""


def scan_open(token: str) -> tuple[OcopCertificate, str]:
    """The certificate and the scan's file name a link opens; ScanLinkInvalid otherwise."""
    try:
        claims = signing.loads(token, salt=SALT, max_age=settings.CATALOG_SCAN_LINK_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        raise ScanLinkInvalid from None
    if not isinstance(claims, dict):
        raise ScanLinkInvalid
    pk, name = claims.get("c"), claims.get("n")
    if not isinstance(pk, int) or not isinstance(name, str) or not name:
        raise ScanLinkInvalid
    certificate = OcopCertificate.objects.filter(pk=pk).first()
    if certificate is None or certificate.scan.name != name:
        raise ScanLinkInvalid
    return certificate, name
