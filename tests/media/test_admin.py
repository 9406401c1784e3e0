"""Uploading pictures in the admin goes through the same checks and services as the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from media import renditions
from media.models import Image
from tests.catalog.test_admin import product_form_data
from tests.marketplace.test_admin import vendor_form_data
from tests.media import corpus
from tests.media.conftest import files_under, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod_client(client: Client, moderator) -> Client:
    client.force_login(moderator)
    return client


def gallery_rows(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "images-TOTAL_FORMS": str(len(rows)),
        "images-INITIAL_FORMS": str(initial),
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"images-{index}-{key}"] = value
    return data


def test_moderator_uploads_a_gallery_picture(
    mod_client, product, django_capture_on_commit_callbacks, media_dirs
):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = product_form_data(product)
    data.update(gallery_rows([{"upload": upload(corpus.jpeg_with_exif()), "position": "0"}]))
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get()
    assert (image.product_id, image.is_primary, image.status) == (product.pk, True, "ready")
    assert (image.width, image.height) == (48, 64)  # EXIF orientation applied
    (original,) = files_under(media_dirs / "private")
    assert b"PhoneMaker" not in (media_dirs / "private" / original).read_bytes()
    page = mod_client.get(url).content.decode()
    assert '<img src="/media/r/' in page  # the preview


def test_a_bad_file_in_the_admin_is_a_form_error_and_nothing_is_stored(
    mod_client, product, django_capture_on_commit_callbacks, media_dirs
):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = product_form_data(product)
    data.update(gallery_rows([{"upload": upload(corpus.SVG, "logo.svg"), "position": "0"}]))
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "web page or script" in response.content.decode() or "trang web" in (
        response.content.decode()
    )
    assert not Image.objects.exists() and files_under(media_dirs) == []


def test_deleting_in_the_admin_removes_the_files(
    mod_client, product, django_capture_on_commit_callbacks, media_dirs
):
    url = reverse("admin:catalog_product_change", args=[product.pk])
    data = product_form_data(product)
    data.update(gallery_rows([{"upload": upload(corpus.png()), "position": "0"}]))
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(url, data)
    image = Image.objects.get()
    assert files_under(media_dirs / "public")
    data = product_form_data(product)
    data.update(
        gallery_rows(
            [
                {
                    "id": str(image.pk),
                    "product": str(product.pk),
                    "position": "0",
                    "is_primary": "on",
                    "DELETE": "on",
                }
            ],
            initial=1,
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Image.objects.exists() and files_under(media_dirs) == []


def test_moderator_sets_a_storefront_logo(
    mod_client, vendor, django_capture_on_commit_callbacks, media_dirs
):
    url = reverse("admin:marketplace_vendor_change", args=[vendor.pk])
    data = vendor_form_data(vendor)
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "images-0-kind": "logo",
            "images-0-upload": upload(corpus.png_rgba((300, 300))),
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = mod_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    logo = Image.objects.get()
    assert (logo.vendor_id, logo.kind, logo.status) == (vendor.pk, "logo", "ready")
    assert mod_client.get(url).status_code == 200


def test_moderators_list_failed_pictures_and_render_them_again(
    mod_client, vendor_client, product, django_capture_on_commit_callbacks, monkeypatch
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    real_render = renditions.render

    def broken(*args, **kwargs):
        raise OSError("worker lost its disk")

    monkeypatch.setattr(renditions, "render", broken)
    with django_capture_on_commit_callbacks(execute=True):
        vendor_client.post(
            f"/api/v1/products/{product.slug}/images/",
            {"file": upload(corpus.jpeg((300, 200)))},
            format="multipart",
        )
    image = Image.objects.get()
    assert image.status == "failed"
    changelist = reverse("admin:media_image_changelist")
    response = mod_client.get(changelist, {"status__exact": "failed"})
    assert response.status_code == 200 and list(response.context["cl"].result_list) == [image]
    assert mod_client.get(reverse("admin:media_image_change", args=[image.pk])).status_code == 200
    monkeypatch.setattr(renditions, "render", real_render)
    response = mod_client.post(
        changelist, {"action": "rerender", ACTION_CHECKBOX_NAME: [image.pk]}, follow=True
    )
    assert response.status_code == 200
    image.refresh_from_db()
    assert image.status == "ready" and image.renditions.count() == 4
