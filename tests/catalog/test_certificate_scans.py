"""Certificate scans are private: stored with the private originals and opened through short-lived
signed links given only to the storefront's members and moderators (issue 12, item 10; D96)."""

import datetime as dt
import importlib
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog.models import OcopCertificate
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%scan of an OCOP certificate\n%%EOF\n"
CERT = {
    "stars": 4,
    "score": "78.50",
    "certificate_number": "OCOP-PT-0042",
    "decision_number": "2503/QĐ-UBND",
    "decision_date": "2025-03-01",
    "issuing_body": "UBND tỉnh Phú Thọ",
    "issuing_level": "province",
    "issue_date": "2025-03-10",
}


@pytest.fixture
def uploaded(vendor_client, product):
    response = vendor_client.post(
        f"/api/v1/products/{product.slug}/certificates/",
        {**CERT, "scan": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    return response.json()


def _download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else None
    return response, body


def test_the_scan_is_stored_privately_and_the_member_gets_a_working_link(
    api_client, uploaded, settings
):
    cert = OcopCertificate.objects.get()
    assert (Path(settings.MEDIA_PRIVATE_ROOT) / cert.scan.name).read_bytes() == PDF
    assert not (Path(settings.MEDIA_ROOT) / cert.scan.name).exists()
    with pytest.raises(ValueError):
        cert.scan.url  # no public URL at all  # noqa: B018

    assert uploaded["scan"].startswith("http://testserver/api/v1/certificates/scans/")
    assert uploaded["scan_expires_at"].endswith("+07:00")
    response, body = _download(api_client, uploaded["scan"])  # the link is the credential
    assert response.status_code == 200
    assert body == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_the_moderator_gets_a_working_link(api_client, moderator_client, uploaded):
    cert_id = uploaded["id"]
    detail = moderator_client.get(f"/api/v1/certificates/{cert_id}/").json()
    response, body = _download(api_client, detail["scan"])
    assert response.status_code == 200 and body == PDF
    # and in the work list, as an attachment
    (entry,) = moderator_client.get("/api/v1/moderation/queue/certificates/").json()["results"]
    (attachment,) = entry["attachments"]
    assert attachment["kind"] == "scan" and attachment["expires_at"].endswith("+07:00")
    assert _download(api_client, attachment["url"])[1] == PDF


def test_others_get_no_link(
    api_client, buyer_client, other_vendor_client, moderator_client, uploaded, product
):
    cert_id = uploaded["id"]
    assert moderator_client.post(f"/api/v1/certificates/{cert_id}/verify/").status_code == 200
    assert other_vendor_client.get(f"/api/v1/certificates/{cert_id}/").status_code == 404
    assert api_client.get(f"/api/v1/certificates/{cert_id}/").status_code == 401
    # a verified certificate is public on its product, but its scan is not
    for client in (api_client, buyer_client, other_vendor_client):
        (shown,) = _certificates_of(client, product)
        assert shown["id"] == cert_id
        assert shown["scan"] is None and shown["scan_expires_at"] is None


def test_members_get_the_link_on_their_products_certificates(
    api_client, vendor_client, uploaded, product
):
    (shown,) = _certificates_of(vendor_client, product)
    assert _download(api_client, shown["scan"])[1] == PDF


def _certificates_of(client, product):
    body = client.get(f"/api/v1/products/{product.slug}/certificates/").json()
    return body["results"] if isinstance(body, dict) else body  # paged, or the bare list of old


def test_an_expired_link_is_refused(api_client, uploaded, settings):
    with time_machine.travel(
        timezone.now() + dt.timedelta(seconds=settings.CATALOG_SCAN_LINK_SECONDS + 5)
    ):
        response = api_client.get(uploaded["scan"])
    assert response.status_code == 403
    assert response.json()["type"] == "urn:giaothuong:problem:permission_denied"


def test_a_tampered_link_is_refused(api_client, uploaded, product):
    token = uploaded["scan"].rstrip("/").rsplit("/", 1)[1]
    other = CertificateFactory(product=product)
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), f"{other.pk}:x", "x"):
        response = api_client.get(f"/api/v1/certificates/scans/{forged}/")
        assert response.status_code == 403, forged


def test_a_replaced_scan_invalidates_the_old_link(api_client, vendor_client, uploaded):
    png = b"%PDF-1.4\n%another scan\n%%EOF\n"
    response = vendor_client.patch(
        f"/api/v1/certificates/{uploaded['id']}/",
        {"scan": SimpleUploadedFile("new.pdf", png, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert api_client.get(uploaded["scan"]).status_code == 403
    assert _download(api_client, response.json()["scan"])[1] == png


def test_the_migration_moves_existing_scans_to_private_storage(product, settings):
    """Scans uploaded before: in the public storage under their name; moved, name kept."""
    public = storages["default"]
    name = public.save("certificates/2025/03/old.pdf", ContentFile(PDF))
    cert = CertificateFactory(product=product)
    OcopCertificate.objects.filter(pk=cert.pk).update(scan=name)
    migration = importlib.import_module("catalog.migrations.0009_certificate_scan_private")

    migration.scans_to_private(apps, None)

    assert not public.exists(name)
    cert.refresh_from_db()
    assert cert.scan.name == name
    assert (Path(settings.MEDIA_PRIVATE_ROOT) / name).read_bytes() == PDF
    migration.scans_to_private(apps, None)  # idempotent
    assert (Path(settings.MEDIA_PRIVATE_ROOT) / name).read_bytes() == PDF


def test_the_admin_shows_a_signed_link_instead_of_the_file(client, moderator, uploaded):
    client.force_login(moderator)
    page = client.get(reverse("admin:catalog_ocopcertificate_change", args=[uploaded["id"]]))
    assert page.status_code == 200
    html = page.content.decode()
    start = html.index("/api/v1/certificates/scans/")
    link = html[start : html.index('"', start)]
    response, body = _download(client, link)
    assert response.status_code == 200 and body == PDF
