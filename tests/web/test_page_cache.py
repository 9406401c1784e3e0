"""Anonymous pages kept in the shared response cache (web/caching.py, D198, D89): a repeated
visit is served without the database, a committed write shows at the next visit, and what
belongs to one visitor (a signed-in page, a form's CSRF token, a message) is never kept."""

import pytest
from django.db import transaction

from tests.factories import ProductFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.response_cache]

HTML = {"HTTP_ACCEPT": "text/html"}


def test_a_repeated_visit_is_served_without_the_database(client, django_assert_num_queries):
    product = ProductFactory(slug="mi-gao", name="Mì gạo Hùng Lô")
    url = f"/san-pham/{product.slug}/"

    first = client.get(url, **HTML)
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=30"
    with django_assert_num_queries(0):
        again = client.get(url, **HTML)
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **HTML)

    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304
    # English is another page, rendered on its own.
    assert "Price on request" not in first.content.decode()
    assert client.get(f"/en{url}", **HTML).content != first.content


def test_a_committed_edit_shows_at_the_next_visit(client, django_capture_on_commit_callbacks):
    product = ProductFactory(slug="mi-gao", name="Mì gạo Hùng Lô")
    url = f"/san-pham/{product.slug}/"
    assert "Mì gạo Hùng Lô" in client.get(url, **HTML).content.decode()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        product.name = "Mì gạo Hùng Lô loại 1"  # as a service writes: in a transaction
        product.save()

    assert "Mì gạo Hùng Lô loại 1" in client.get(url, **HTML).content.decode()


def test_signed_in_pages_and_forms_are_never_kept(client, django_assert_max_num_queries):
    product = ProductFactory(slug="mi-gao")
    url = f"/san-pham/{product.slug}/"
    client.force_login(UserFactory())
    signed_in = client.get(url, **HTML)
    assert "private" in signed_in["Cache-Control"]
    client.logout()

    anonymous = client.get(url, **HTML)
    assert 'name="csrfmiddlewaretoken"' not in anonymous.content.decode()

    # The sign-in form carries a token of this visitor's cookie: rendered for each visitor.
    client.get("/dang-nhap/", **HTML)
    other = client.get("/dang-nhap/", **HTML)
    assert other.status_code == 200
    assert "public" not in other.get("Cache-Control", "")
