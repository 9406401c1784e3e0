"""Pages of text the operator edits in the admin (issue 15, D205): served at /trang/{slug}/ as
escaped plain text in paragraphs, linked from every page's footer, seeded by the demo."""

from __future__ import annotations

import pytest

from demo.pages import PAGES, demo_pages_load
from orders.models import Page

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


def test_a_page_is_paragraphs_of_escaped_text_with_links(client):
    Page.objects.create(
        slug="lien-he",
        title="Liên hệ",
        body="Gọi 0210 3 800 000.\n\nXem https://phutho.gov.vn <script>alert(1)</script>",
    )

    response = client.get("/trang/lien-he/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30"
    assert "<h1>Liên hệ</h1>" in html
    assert "<p>Gọi 0210 3 800 000.</p>" in html
    assert '<a href="https://phutho.gov.vn" rel="nofollow">https://phutho.gov.vn</a>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_complaint_procedure_of_the_migration_is_served_and_linked_in_the_footer(client):
    response = client.get("/en/trang/complaint-procedure/", **HTML)

    html = response.content.decode()
    assert response.status_code == 200
    footer = html[html.index('<footer class="site-footer">') :]
    for slug in PAGES:
        assert f'href="/en/trang/{slug}/"' in footer
    assert "Complaint procedure" in footer


def test_an_unknown_page_is_404(client):
    assert client.get("/trang/khong-co/", **HTML).status_code == 404


def test_the_demo_seeds_the_four_pages_and_keeps_the_operators_edits():
    Page.objects.filter(slug="complaint-procedure").update(body="Đã sửa")

    created = demo_pages_load()

    assert created == 3
    assert set(Page.objects.values_list("slug", flat=True)) >= set(PAGES)
    assert Page.objects.get(slug="complaint-procedure").body == "Đã sửa"
    assert demo_pages_load() == 0
