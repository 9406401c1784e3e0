"""Gallery, logo and banner over the API: who may do what, what responses carry, and the
files on disk after each write."""

from __future__ import annotations

import pytest

from catalog.models import ProductStatus
from core.reference import warm_reference_tables
from marketplace.models import MemberRole
from media import renditions
from media.models import Image, ImageStatus, Rendition
from tests.factories import MembershipFactory, ProductFactory, UserFactory, VendorFactory
from tests.factories.media import picture
from tests.media import corpus
from tests.media.conftest import files_under, upload

pytestmark = pytest.mark.django_db


def images_url(product) -> str:
    return f"/api/v1/products/{product.slug}/images/"


def post_image(client, product, data=None, **extra):
    return client.post(
        images_url(product),
        {"file": upload(data or corpus.jpeg((640, 480))), **extra},
        format="multipart",
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (file writes, renditions) as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            response = action()
        return response

    return run


def test_member_uploads_and_renditions_appear_after_commit(
    vendor_client, api_client, product, committed, media_dirs
):
    response = committed(lambda: post_image(vendor_client, product))
    assert response.status_code == 201, response.content
    body = response.json()
    # Rendered after the response was built: processing, no renditions yet.
    assert body["status"] == "processing" and body["renditions"] == []
    assert body["is_primary"] is True and body["position"] == 0
    assert (body["width"], body["height"]) == (640, 480)

    detail = api_client.get(f"/api/v1/products/{product.slug}/").json()
    (image,) = detail["images"]
    assert image["status"] == "ready"
    got = {(r["spec"], r["format"], r["width"], r["height"]) for r in image["renditions"]}
    assert got == {
        ("w160", "webp", 160, 120),
        ("w160", "jpeg", 160, 120),
        ("w480", "webp", 480, 360),
        ("w480", "jpeg", 480, 360),
        ("w1200", "webp", 640, 480),
        ("w1200", "jpeg", 640, 480),
    }
    url = image["renditions"][0]["url"]
    assert url.startswith("http://testserver/media/r/")  # the request's host: SITE_URL unset
    # Originals are private: on disk outside MEDIA_ROOT; renditions public under MEDIA_ROOT.
    public = files_under(media_dirs / "public")
    private = files_under(media_dirs / "private")
    assert len(public) == 6 and all(p.startswith("r/") for p in public)
    assert len(private) == 1 and private[0].startswith("originals/")
    listed = api_client.get("/api/v1/products/").json()["results"][0]["images"]
    assert listed == detail["images"]


def test_the_response_says_processing_until_the_task_has_run(vendor_client, api_client, product):
    # Without a commit (the test transaction never commits) nothing is rendered.
    assert post_image(vendor_client, product).status_code == 201
    image = api_client.get(f"/api/v1/products/{product.slug}/").json()["images"][0]
    assert image["status"] == "processing" and image["renditions"] == []


def test_small_images_are_never_upscaled(vendor_client, product, committed):
    committed(lambda: post_image(vendor_client, product, corpus.jpeg((300, 200))))
    image = Image.objects.get()
    sizes = sorted({(r.spec, r.width) for r in image.renditions.all()})
    assert sizes == [("w160", 160), ("w480", 300)]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (corpus.SVG, "file_active_content"),
        (corpus.HTML, "file_active_content"),
        (corpus.jpeg_with_zip_appended(), "file_polyglot"),
        (corpus.truncated_jpeg(), "image_corrupt"),
        (corpus.png_bomb(), "image_too_many_pixels"),
        (corpus.gif(), "file_type_not_allowed"),
        (corpus.pdf(), "file_type_not_allowed"),
    ],
)
def test_bad_uploads_get_the_one_error_shape_and_leave_nothing(
    vendor_client, product, committed, media_dirs, data, code
):
    response = committed(lambda: post_image(vendor_client, product, data))
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == f"urn:giaothuong:problem:{code}"
    assert body["status"] == 400 and body["errors"]["file"]
    assert not Image.objects.exists()
    assert files_under(media_dirs) == []


def test_too_large_upload_is_refused(vendor_client, product, settings):
    settings.MEDIA_MAX_BYTES = 2000
    response = post_image(vendor_client, product, corpus.jpeg((800, 600)))
    assert response.status_code == 400
    assert response.json()["type"].endswith(":file_too_large")


def test_missing_file_is_a_validation_error(vendor_client, product):
    response = vendor_client.post(images_url(product), {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()["errors"]


def test_wrong_owner_is_refused_and_hidden_products_are_404(
    other_vendor_client, buyer_client, api_client, vendor, product
):
    # A published product is visible: another storefront's owner or a buyer gets 403.
    assert post_image(other_vendor_client, product).status_code == 403
    assert post_image(buyer_client, product).status_code == 403
    assert post_image(api_client, product).status_code == 401
    draft = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT, published_at=None)
    # A draft is hidden from them: 404, its existence does not leak.
    assert post_image(other_vendor_client, draft).status_code == 404
    assert other_vendor_client.get(images_url(draft)).status_code == 404
    assert not Image.objects.exists()


def test_staff_member_may_manage_the_gallery(vendor, product, committed):
    from tests.conftest import client_for

    staff = UserFactory()
    MembershipFactory(vendor=vendor, user=staff, role=MemberRole.STAFF)
    assert post_image(client_for(staff), product).status_code == 201


def test_reorder_and_set_primary(vendor_client, api_client, product, committed):
    ids = []
    for i in range(3):
        data = corpus.jpeg((100 + i, 80))
        ids.append(
            committed(lambda data=data: post_image(vendor_client, product, data)).json()["id"]
        )
    url = f"{images_url(product)}{ids[2]}/"
    response = vendor_client.patch(url, {"position": 0, "is_primary": True}, format="json")
    assert response.status_code == 200, response.content
    gallery = api_client.get(images_url(product)).json()
    assert [i["id"] for i in gallery] == [ids[2], ids[0], ids[1]]
    assert [i["position"] for i in gallery] == [0, 1, 2]
    assert [i["is_primary"] for i in gallery] == [True, False, False]
    # Exactly one primary: un-setting it is refused.
    response = vendor_client.patch(url, {"is_primary": False}, format="json")
    assert response.status_code == 400
    assert response.json()["type"].endswith(":primary_required")
    assert vendor_client.patch(url, {}, format="json").status_code == 400


def test_replace_keeps_the_place_and_deletes_old_files(
    vendor_client, api_client, product, committed, media_dirs
):
    first = committed(lambda: post_image(vendor_client, product)).json()
    old_public = set(files_under(media_dirs / "public"))
    old_private = set(files_under(media_dirs / "private"))
    url = f"{images_url(product)}{first['id']}/"
    response = committed(
        lambda: vendor_client.put(url, {"file": upload(corpus.png((300, 300)))}, format="multipart")
    )
    assert response.status_code == 200, response.content
    body = api_client.get(url).json()
    assert body["id"] == first["id"] and body["is_primary"] and body["position"] == 0
    assert (body["width"], body["height"]) == (300, 300) and body["status"] == "ready"
    new_public = set(files_under(media_dirs / "public"))
    assert not (new_public & old_public) and len(new_public) == 4
    assert not (set(files_under(media_dirs / "private")) & old_private)


def test_delete_removes_files_and_promotes_the_next_primary(
    vendor_client, api_client, product, committed, media_dirs
):
    a = committed(lambda: post_image(vendor_client, product)).json()["id"]
    b = committed(lambda: post_image(vendor_client, product, corpus.webp((200, 100)))).json()["id"]
    response = committed(lambda: vendor_client.delete(f"{images_url(product)}{a}/"))
    assert response.status_code == 204
    gallery = api_client.get(images_url(product)).json()
    assert [(i["id"], i["position"], i["is_primary"]) for i in gallery] == [(b, 0, True)]
    assert Rendition.objects.filter(image_id=a).count() == 0
    public = files_under(media_dirs / "public")
    assert len(public) == 4 and all(Image.objects.get(pk=b).key in p for p in public)
    assert len(files_under(media_dirs / "private")) == 1


def test_delete_by_another_storefront_is_refused(
    vendor_client, other_vendor_client, product, committed, media_dirs
):
    image_id = committed(lambda: post_image(vendor_client, product)).json()["id"]
    before = files_under(media_dirs)
    response = committed(lambda: other_vendor_client.delete(f"{images_url(product)}{image_id}/"))
    assert response.status_code == 403
    assert files_under(media_dirs) == before and Image.objects.filter(pk=image_id).exists()
    # Another product's image id under this product is not found.
    other = ProductFactory(vendor=product.vendor)
    assert vendor_client.delete(f"{images_url(other)}{image_id}/").status_code == 404


def test_moderator_may_take_an_image_down(vendor_client, moderator_client, product, committed):
    image_id = committed(lambda: post_image(vendor_client, product)).json()["id"]
    assert (
        committed(lambda: moderator_client.delete(f"{images_url(product)}{image_id}/")).status_code
        == 204
    )
    assert not Image.objects.exists()


def test_storefront_logo_and_banner(vendor, vendor_client, api_client, committed, media_dirs):
    url = f"/api/v1/vendors/{vendor.slug}/logo/"
    response = committed(
        lambda: vendor_client.put(
            url, {"file": upload(corpus.png_rgba((400, 400)))}, format="multipart"
        )
    )
    assert response.status_code == 200, response.content
    committed(
        lambda: vendor_client.put(
            f"/api/v1/vendors/{vendor.slug}/banner/",
            {"file": upload(corpus.jpeg((1600, 400)))},
            format="multipart",
        )
    )
    body = api_client.get(f"/api/v1/vendors/{vendor.slug}/").json()
    assert body["logo"]["status"] == "ready" and body["banner"]["status"] == "ready"
    assert {r["width"] for r in body["logo"]["renditions"]} == {160, 400}
    assert {r["width"] for r in body["banner"]["renditions"]} == {160, 480, 1200}
    listed = api_client.get("/api/v1/vendors/").json()["results"][0]
    assert listed["logo"] == body["logo"]
    # Replacing keeps one logo; deleting removes it and its files.
    committed(lambda: vendor_client.put(url, {"file": upload(corpus.webp())}, format="multipart"))
    assert Image.objects.filter(vendor=vendor, kind="logo").count() == 1
    assert committed(lambda: vendor_client.delete(url)).status_code == 204
    assert api_client.get(f"/api/v1/vendors/{vendor.slug}/").json()["logo"] is None
    assert api_client.get(url).status_code == 404
    assert all(
        Image.objects.get(kind="banner").key in p for p in files_under(media_dirs / "public")
    )


def test_logo_is_for_owners_only(vendor, other_vendor_client, committed):
    from tests.conftest import client_for

    staff = UserFactory()
    MembershipFactory(vendor=vendor, user=staff, role=MemberRole.STAFF)
    url = f"/api/v1/vendors/{vendor.slug}/logo/"
    for client in (client_for(staff), other_vendor_client):
        response = client.put(url, {"file": upload(corpus.png())}, format="multipart")
        assert response.status_code == 403
    hidden = VendorFactory(status="pending")
    response = other_vendor_client.put(
        f"/api/v1/vendors/{hidden.slug}/logo/", {"file": upload(corpus.png())}, format="multipart"
    )
    assert response.status_code == 404
    assert not Image.objects.exists()


def test_a_failed_render_is_reported(vendor_client, api_client, product, committed, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(renditions, "render", broken)
    committed(lambda: post_image(vendor_client, product))
    image = api_client.get(images_url(product)).json()[0]
    assert image["status"] == ImageStatus.FAILED and image["renditions"] == []


def make_image(**owner) -> Image:
    """An image row with its six renditions, without files (enough for reads); the first
    gallery picture of its owner is the primary one."""
    kind = owner.pop("kind", "gallery")
    primary = kind == "gallery" and not Image.objects.filter(**owner).exists()
    return picture(kind=kind, primary=primary, **owner)


@pytest.mark.parametrize("rows", [5, 50])
def test_product_list_with_pictures_costs_the_same_for_5_or_50_rows(
    api_client, vendor, rows, django_assert_num_queries
):
    for _ in range(rows):
        p = ProductFactory(vendor=vendor)
        make_image(product=p)
        make_image(product=p)
    # count + page + the pictures with their renditions in one statement (D249).
    warm_reference_tables()
    with django_assert_num_queries(3):
        results = api_client.get("/api/v1/products/", {"page_size": 100}).json()["results"]
    assert len(results) == rows
    assert all(len(r["images"]) == 2 and len(r["images"][0]["renditions"]) == 6 for r in results)


@pytest.mark.parametrize("rows", [5, 50])
def test_vendor_list_with_logos_costs_the_same_for_5_or_50_rows(
    api_client, rows, django_assert_num_queries
):
    for vendor in VendorFactory.create_batch(rows):
        make_image(vendor=vendor, kind="logo")
        make_image(vendor=vendor, kind="banner")
    warm_reference_tables()
    with django_assert_num_queries(4):
        results = api_client.get("/api/v1/vendors/", {"page_size": 100}).json()["results"]
    assert len(results) == rows
    assert all(r["logo"]["renditions"] and r["banner"]["renditions"] for r in results)


def test_product_detail_carries_gallery_and_storefront_logo(api_client, product):
    make_image(product=product)
    make_image(vendor=product.vendor, kind="logo")
    body = api_client.get(f"/api/v1/products/{product.slug}/").json()
    assert len(body["images"]) == 1 and body["vendor"]["logo"]["renditions"]


def test_renditions_are_served_from_disk_and_nothing_else_is(
    vendor_client, api_client, product, committed, media_dirs
):
    committed(lambda: post_image(vendor_client, product))
    rendition = api_client.get(images_url(product)).json()[0]["renditions"][0]
    path = rendition["url"].removeprefix("http://testserver")
    response = api_client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == f"image/{rendition['format']}"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content)[:4] in (
        b"RIFF",
        b"\xff\xd8\xff\xe0",
        b"\xff\xd8\xff\xdb",
    )
    # A certificate scan sits in MEDIA_ROOT too, but only r/ is served.
    scan = media_dirs / "public" / "certificates" / "x.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(corpus.pdf())
    assert api_client.get("/media/certificates/x.pdf").status_code == 404
    assert api_client.get("/media/r/../certificates/x.pdf").status_code in (400, 404)
    assert api_client.get("/media/r/%2e%2e/certificates/x.pdf").status_code in (400, 404)


def test_deleting_a_draft_product_removes_its_picture_files(
    vendor_client, vendor, committed, media_dirs
):
    draft = ProductFactory(vendor=vendor, status=ProductStatus.DRAFT, published_at=None)
    committed(lambda: post_image(vendor_client, draft))
    assert len(files_under(media_dirs / "public")) == 6
    response = committed(lambda: vendor_client.delete(f"/api/v1/products/{draft.slug}/"))
    assert response.status_code == 204
    assert not Image.objects.exists() and files_under(media_dirs) == []


def test_a_rolled_back_delete_keeps_the_files(vendor_client, product, committed, media_dirs):
    from django.db import transaction

    committed(lambda: post_image(vendor_client, product))
    before = files_under(media_dirs)

    def delete_then_fail():
        with transaction.atomic():
            Image.objects.get().delete()
            raise RuntimeError("later step failed")

    with pytest.raises(RuntimeError):
        committed(delete_then_fail)
    assert Image.objects.exists() and files_under(media_dirs) == before


def test_an_oversized_request_is_refused_before_its_body_is_read(vendor_client, product):
    # The Content-Length alone decides: no body is sent at all.
    response = vendor_client.generic(
        "POST",
        images_url(product),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    body = response.json()
    assert body["type"].endswith(":file_too_large") and body["errors"]["file"]
    assert not Image.objects.exists()


def test_every_picture_change_is_in_the_audit_log(vendor_client, owner, product, committed):
    from core.models import AuditLog

    image_id = committed(lambda: post_image(vendor_client, product)).json()["id"]
    url = f"{images_url(product)}{image_id}/"
    vendor_client.patch(url, {"position": 0}, format="json")
    committed(lambda: vendor_client.put(url, {"file": upload(corpus.png())}, format="multipart"))
    committed(lambda: vendor_client.delete(url))
    rows = list(
        AuditLog.objects.filter(action__startswith="media.")
        .order_by("id")
        .values_list("action", "actor_id", "target_id")
    )
    assert rows == [
        ("media.image.added", owner.pk, str(image_id)),
        ("media.image.updated", owner.pk, str(image_id)),
        ("media.image.replaced", owner.pk, str(image_id)),
        ("media.image.deleted", owner.pk, str(image_id)),
    ]
