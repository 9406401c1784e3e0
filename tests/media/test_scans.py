"""Certificate scans through the existing certificate endpoints: PDF or a picture, judged by
content; pictures are stored re-encoded without their metadata."""

from __future__ import annotations

import pytest

from catalog.models import OcopCertificate
from tests.media import corpus
from tests.media.conftest import upload

pytestmark = pytest.mark.django_db

CERT = {
    "stars": 4,
    "score": "78.50",
    "certificate_number": "OCOP-PT-0001",
    "decision_number": "2503/QĐ-UBND",
    "decision_date": "2024-05-02",
    "issuing_body": "UBND tỉnh Phú Thọ",
    "issuing_level": "province",
    "issue_date": "2024-05-10",
}


def stored(cert) -> bytes:
    with cert.scan.open("rb") as handle:
        return handle.read()


def post_cert(client, product, scan):
    return client.post(
        f"/api/v1/products/{product.slug}/certificates/", {**CERT, "scan": scan}, format="multipart"
    )


def test_a_phone_photo_of_the_certificate_is_stored_without_gps(vendor_client, product):
    response = post_cert(vendor_client, product, upload(corpus.jpeg_with_exif(), "IMG_0001.jpg"))
    assert response.status_code == 201, response.content
    cert = OcopCertificate.objects.get()
    data = stored(cert)
    assert cert.scan.name.endswith(".jpg")
    assert data.startswith(b"\xff\xd8\xff") and b"Exif" not in data
    assert b"PhoneMaker" not in data


def test_a_pdf_scan_is_kept_as_uploaded(vendor_client, product):
    response = post_cert(vendor_client, product, upload(corpus.pdf(), "qd.pdf", "application/pdf"))
    assert response.status_code == 201, response.content
    assert stored(OcopCertificate.objects.get()) == corpus.pdf()


@pytest.mark.parametrize(
    "data",
    [
        corpus.pdf_with_javascript(),
        corpus.pdf_with_embedded_file(),
        corpus.pdf_truncated(),
        corpus.SVG,
        corpus.jpeg_with_zip_appended(),
        corpus.png_bomb(),
    ],
    ids=["pdf-js", "pdf-embedded", "pdf-cut", "svg", "jpeg+zip", "bomb"],
)
def test_bad_scans_are_refused_in_the_one_shape(vendor_client, product, media_dirs, data):
    response = post_cert(vendor_client, product, upload(data, "scan.pdf", "application/pdf"))
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["errors"]["scan"]
    assert not OcopCertificate.objects.exists()


def test_replacing_a_scan_with_a_bad_file_is_refused(vendor_client, product):
    post_cert(vendor_client, product, upload(corpus.pdf(), "qd.pdf", "application/pdf"))
    cert = OcopCertificate.objects.get()
    response = vendor_client.patch(
        f"/api/v1/certificates/{cert.pk}/",
        {"scan": upload(corpus.HTML, "scan.pdf")},
        format="multipart",
    )
    assert response.status_code == 400 and response.json()["errors"]["scan"]
    cert.refresh_from_db()
    assert stored(cert) == corpus.pdf()
