"""The seller center's catalogue pages (issue 16, seller16a): products (list with status and
the moderator's reason, create, edit, submit, withdraw), pictures (upload, bad file, reorder,
main picture, delete), bulk import (upload, progress, per-row report), certificates and
awards."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import (
    CertificateStatus,
    ImportJob,
    OcopCertificate,
    Product,
    ProductStatus,
    RuralIndustryAward,
)
from marketplace.models import MemberRole
from media.models import Image
from tests.factories import CertificateFactory, MembershipFactory, ProductFactory, VendorFactory
from tests.media.corpus import jpeg

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.fixture
def member(client):
    membership = MembershipFactory(role=MemberRole.STAFF)
    client.force_login(membership.user)
    return membership


def _product_data(**over):
    data = {
        "name": "Mì gạo Hùng Lô",
        "category": "gao-ngu-coc",
        "unit": "kg",
        "price": "45000",
        "min_order_quantity": "1",
        "availability": "in_stock",
        "description": "Phơi nắng tự nhiên.",
    }
    data.update(over)
    return data


def test_the_list_shows_each_status_and_the_reason_of_a_rejection(client, member):
    vendor = member.vendor
    ProductFactory(vendor=vendor, name="Chè búp Thanh Ba")
    ProductFactory(
        vendor=vendor,
        name="Mật ong bạc hà",
        status=ProductStatus.REJECTED,
        status_reason="Ảnh không đúng sản phẩm.",
    )
    ProductFactory(name="Sản phẩm của gian hàng khác")

    response = client.get(f"/ban-hang/{vendor.slug}/san-pham/", **HTML)
    rejected = client.get(f"/ban-hang/{vendor.slug}/san-pham/?status=rejected", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Chè búp Thanh Ba" in html and "Mật ong bạc hà" in html
    assert "Ảnh không đúng sản phẩm." in html
    assert "Sản phẩm của gian hàng khác" not in html
    assert "Chè búp Thanh Ba" not in rejected.content.decode()


def test_a_member_creates_a_draft_then_submits_it_and_withdraws_it(client, member):
    vendor = member.vendor

    created = client.post(f"/ban-hang/{vendor.slug}/san-pham/moi/", _product_data(), **HTML)

    product = Product.objects.get(vendor=vendor)
    assert product.status == ProductStatus.DRAFT and product.price == 45000
    assert created.status_code == 302
    assert created["Location"] == f"/ban-hang/{vendor.slug}/san-pham/{product.slug}/anh/"
    base = f"/ban-hang/{vendor.slug}/san-pham/{product.slug}/"
    assert client.post(base + "gui-duyet/", **HTML).status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.PENDING_REVIEW
    again = client.post(base + "gui-duyet/", **HTML)
    assert again.status_code == 409
    assert client.post(base + "rut-lai/", **HTML).status_code == 302
    product.refresh_from_db()
    assert product.status == ProductStatus.DRAFT


def test_the_apis_messages_show_beside_the_fields(client, member):
    url = f"/ban-hang/{member.vendor.slug}/san-pham/moi/"

    no_price = client.post(url, _product_data(price=""), **HTML)
    both = client.post(url, _product_data(price_on_request="on"), **HTML)

    assert no_price.status_code == 400
    assert re.search(r'has-error[^"]*">\s*<label for="id_price"', no_price.content.decode())
    assert both.status_code == 400
    assert (
        "Để trống giá" in both.content.decode() or "Leave the price empty" in both.content.decode()
    )
    assert not Product.objects.exists()


def test_editing_saves_through_the_service(client, member):
    product = ProductFactory(vendor=member.vendor, status=ProductStatus.DRAFT, published_at=None)
    url = f"/ban-hang/{member.vendor.slug}/san-pham/{product.slug}/"

    form = client.get(url, **HTML)
    saved = client.post(url, _product_data(name="Mì gạo Hùng Lô loại ngon", price="50000"), **HTML)

    assert form.status_code == 200 and product.name in form.content.decode()
    assert saved.status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price) == ("Mì gạo Hùng Lô loại ngon", 50000)


def test_another_storefronts_product_is_not_found(client, member):
    other = ProductFactory()
    base = f"/ban-hang/{member.vendor.slug}/san-pham/{other.slug}/"

    assert client.get(base, **HTML).status_code == 404
    assert client.get(base + "anh/", **HTML).status_code == 404
    assert client.post(base + "gui-duyet/", **HTML).status_code == 404


def _photo(name="anh.jpg", size=(64, 48)):
    return SimpleUploadedFile(name, jpeg(size), content_type="image/jpeg")


def test_pictures_upload_reorder_choose_the_main_one_and_delete(client, member):
    product = ProductFactory(vendor=member.vendor, status=ProductStatus.DRAFT, published_at=None)
    url = f"/ban-hang/{member.vendor.slug}/san-pham/{product.slug}/anh/"

    page = client.get(url, **HTML).content.decode()
    uploaded = client.post(url, {"file": [_photo("1.jpg"), _photo("2.jpg")]}, **HTML)

    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page
    assert uploaded.status_code == 302
    first, second = Image.objects.filter(product=product).order_by("position")
    assert first.is_primary and not second.is_primary
    assert client.post(f"{url}{second.pk}/", {"action": "up"}, **HTML).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)
    client.post(f"{url}{first.pk}/", {"action": "primary"}, **HTML)
    first.refresh_from_db()
    assert first.is_primary
    client.post(f"{url}{first.pk}/", {"action": "delete"}, **HTML)
    assert list(Image.objects.filter(product=product)) == [second]
    second.refresh_from_db()
    assert second.is_primary


def test_a_file_that_is_not_a_picture_is_refused_beside_the_field(client, member):
    product = ProductFactory(vendor=member.vendor)
    url = f"/ban-hang/{member.vendor.slug}/san-pham/{product.slug}/anh/"
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")

    response = client.post(url, {"file": fake}, **HTML)

    assert response.status_code == 400
    assert re.search(r'has-error[^"]*">\s*<label for="id_file"', response.content.decode())
    assert not Image.objects.exists()


def test_a_picture_over_the_size_limit_is_refused_before_it_is_read(client, member, settings):
    settings.MEDIA_MAX_BYTES = 1024
    product = ProductFactory(vendor=member.vendor)
    url = f"/ban-hang/{member.vendor.slug}/san-pham/{product.slug}/anh/"
    big = SimpleUploadedFile("lon.jpg", b"\xff" * 200_000, content_type="image/jpeg")

    response = client.post(url, {"file": big}, **HTML)

    assert response.status_code == 413
    assert "1 MB" in response.content.decode() or "0.0009" in response.content.decode()
    assert not Image.objects.exists()


def _listing(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "name", "category", "unit", "price"])
    writer.writerows(rows)
    return SimpleUploadedFile("hang.csv", out.getvalue().encode(), content_type="text/csv")


def test_a_bulk_import_runs_and_reports_row_by_row(
    client, member, django_capture_on_commit_callbacks
):
    url = f"/ban-hang/{member.vendor.slug}/nhap-san-pham/"
    rows = [["A-1", "Gạo nếp cái hoa vàng", "gao-ngu-coc", "kg", "30000"],
            ["A-2", "Giá âm", "gao-ngu-coc", "kg", "-5"]]  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": _listing(rows)}, **HTML)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{url}{job.pk}/"
    report = client.get(response["Location"], **HTML)
    html = report.content.decode()
    assert report.status_code == 200
    assert "http-equiv" not in html  # finished: no more refreshing
    assert re.search(r"<td>3</td><td>A-2</td>", html), html
    assert "Giá không được là số âm." in html
    assert Product.objects.filter(vendor=member.vendor, external_id="A-1").exists()
    assert client.get(url, **HTML).content.decode().count("hang.csv") >= 1


def test_a_file_that_is_not_a_listing_is_refused_beside_the_field(client, member):
    url = f"/ban-hang/{member.vendor.slug}/nhap-san-pham/"
    bad = SimpleUploadedFile("hang.txt", b"hello", content_type="text/plain")

    response = client.post(url, {"file": bad}, **HTML)

    assert response.status_code == 400
    assert re.search(r'has-error[^"]*">\s*<label for="id_file"', response.content.decode())
    assert not ImportJob.objects.exists()


def test_another_storefronts_import_job_is_not_found(client, member):
    other = VendorFactory()
    job = ImportJob.objects.create(vendor=other, file_format="csv")

    url = f"/ban-hang/{member.vendor.slug}/nhap-san-pham/{job.pk}/"
    assert client.get(url, **HTML).status_code == 404


def _certificate_data(product, **over):
    data = {
        "form": "certificate",
        "cert-product": product.slug,
        "cert-stars": "4",
        "cert-score": "78.5",
        "cert-certificate_number": "OCOP-PT-0099",
        "cert-decision_number": "2503/QĐ-UBND",
        "cert-decision_date": "2026-03-01",
        "cert-issuing_body": "UBND tỉnh Phú Thọ",
        "cert-issuing_level": "province",
        "cert-issue_date": "2026-03-05",
    }
    data.update(over)
    return data


def test_certificates_with_their_scan_link_status_and_expiry(client, member):
    product = ProductFactory(vendor=member.vendor)
    CertificateFactory(
        product=product,
        status=CertificateStatus.REJECTED,
        status_reason="Số quyết định không khớp.",
    )
    url = f"/ban-hang/{member.vendor.slug}/chung-nhan/"
    scan = SimpleUploadedFile("giay.jpg", jpeg(), content_type="image/jpeg")

    added = client.post(url, {**_certificate_data(product), "cert-scan": scan}, **HTML)
    page = client.get(url, **HTML).content.decode()

    cert = OcopCertificate.objects.get(certificate_number="OCOP-PT-0099")
    assert added.status_code == 302
    assert cert.status == CertificateStatus.PENDING_VERIFICATION and cert.scan
    assert "Số quyết định không khớp." in page
    assert "/api/v1/certificate-scans/" in page or "scan" in page
    assert re.search(r'href="http://[^"]+/(?:api/v1/)?[^"]*scan[^"]*"', page), page


def test_a_bad_certificate_and_a_bad_award_are_refused_beside_the_fields(client, member):
    product = ProductFactory(vendor=member.vendor)
    url = f"/ban-hang/{member.vendor.slug}/chung-nhan/"
    not_a_scan = SimpleUploadedFile("giay.pdf", b"hello", content_type="application/pdf")

    cert = client.post(url, {**_certificate_data(product), "cert-scan": not_a_scan}, **HTML)
    award = client.post(url, {"form": "award", "award-product": product.slug}, **HTML)

    assert cert.status_code == 400
    assert re.search(r'has-error[^"]*">\s*<label for="id_cert-scan"', cert.content.decode())
    assert award.status_code == 400
    assert re.search(r'has-error[^"]*">\s*<label for="id_award-year"', award.content.decode())
    assert not OcopCertificate.objects.exists() and not RuralIndustryAward.objects.exists()


def test_an_award_is_added_and_waits_for_verification(client, member):
    product = ProductFactory(vendor=member.vendor)
    url = f"/ban-hang/{member.vendor.slug}/chung-nhan/"

    response = client.post(
        url,
        {
            "form": "award",
            "award-product": product.slug,
            "award-level": "province",
            "award-year": "2024",
            "award-product_group": "processed_food",
            "award-issuer": "UBND tỉnh Phú Thọ",
        },
        **HTML,
    )

    assert response.status_code == 302
    award = RuralIndustryAward.objects.get()
    assert award.product == product and award.status == "pending_verification"
    assert product.name in client.get(url, **HTML).content.decode()
