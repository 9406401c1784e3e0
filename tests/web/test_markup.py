"""The markup web/shop/markup.py writes in Python (cards, pictures, facet options; D239) is
byte for byte what the templates it replaced wrote: each page rendered with today's templates
and again with the old ones (tests/web/old_templates, served first by a locmem loader)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import engines
from django.utils import translation

from catalog.models import Product
from tests.web.helpers import HTML, picture
from tests.web.test_search_page import catalogue  # noqa: F401 — the fixture
from web import context
from web.shop import markup, search

pytestmark = pytest.mark.django_db

# The templates as they were before D239, verbatim.
KEPT = Path(__file__).parent / "old_templates"
OLD_CARD = (KEPT / "product_card.html").read_text(encoding="utf-8")
OLD_PICTURE = (KEPT / "picture.html").read_text(encoding="utf-8")
OLD_SEARCH = (KEPT / "search.html").read_text(encoding="utf-8")

OLD = {
    "web/includes/product_card.html": OLD_CARD,
    "web/includes/picture.html": OLD_PICTURE,
    "web/shop/search.html": OLD_SEARCH,
}

PAGES = [
    "/tim-kiem/?q=mi+gao",
    "/tim-kiem/?q=mat+ong&ocop_stars_min=4",
    "/tim-kiem/?q=mi&category=che-bien-tu-gao-ngu-coc",
    "/tim-kiem/?q=mat+ong&price_min=200000&price_max=499999",
    "/tim-kiem/?q=%3Cb%3E%22%26%27+%2B%C4%91",
    "/tim-kiem/?ordering=-price&page=2",
    "/tim-kiem/",
    "/en/tim-kiem/?q=mi+gao&ocop_stars_min=3",
    "/en/tim-kiem/?q=bun&category=thuc-pham",
    "/danh-muc/thuc-pham/",
    "/en/danh-muc/thuc-pham/",
    "/gian-hang/htx-mi-gao-hung-lo/",
    "/",
]


def _old_templates(settings) -> list[dict]:
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", OLD),
        "django.template.loaders.app_directories.Loader",
    ]
    return templates


def test_pages_are_byte_equal_to_the_old_templates(client, catalogue, settings):  # noqa: F811
    for product in Product.objects.filter(name__startswith="M")[:4]:
        picture(product=product)  # cards with and without a <picture>
    Product.objects.filter(name__startswith="Mật").update(name="Mật ong <\"&'> hoa")
    new = {url: client.get(url, **HTML) for url in PAGES}

    settings.TEMPLATES = _old_templates(settings)
    old = {url: client.get(url, **HTML) for url in PAGES}

    for url in PAGES:
        assert new[url].status_code == old[url].status_code == 200, url
        assert new[url].content.decode() == old[url].content.decode(), url
    searched = new["/tim-kiem/?q=mi+gao"].content.decode()
    assert searched.count('<article class="card">') >= 3 and "<picture><source" in searched
    assert 'aria-current="true"' in new["/tim-kiem/?q=mat+ong&ocop_stars_min=4"].content.decode()


@pytest.mark.parametrize(
    "params, change",
    [
        ({"q": "mi gao", "_path": "/tim-kiem/"}, {}),
        ({"q": "<b>\"&'+đ/?#", "province": "25", "_path": "/en/tim-kiem/"}, {"category": "a b"}),
        ({"q": "x", "price_min": "1", "price_max": "9", "_path": "/p/"}, {"price_min": None}),
        ({"_path": "/tim-kiem/"}, {}),
        ({"_path": "/tim-kiem/", "ordering": "-price"}, {"q": "", "rating_min": "4"}),
    ],
)
def test_facet_urls_are_the_querydict_ones(params, change):
    merged = {**params, **change}
    query = QueryDict(mutable=True)
    for key in search.KEPT:
        if merged.get(key) not in (None, ""):
            query[key] = merged[key]
    expected = f"{params['_path']}?{query.urlencode()}" if query else params["_path"]

    assert search._url(params, **change) == expected


def _card(**over):
    card = {
        "slug": "mi-gao",
        "url": "/san-pham/mi-gao/",
        "name": "Mì gạo <Hùng> & \"Lô\" 'x'",
        "ocop_stars": 4,
        "price": 1234567,
        "price_on_request": False,
        "unit": {"name": "gói", "name_en": "pack"},
        "vendor": {"display_name": "HTX <Hùng Lô>"},
        "picture": {
            "sources": [{"type": "image/webp", "srcset": "/a.webp 160w, /b.webp 480w"}],
            "src": "/b.jpeg?x=1&y=2",
            "srcset": "/a.jpeg 160w, /b.jpeg 480w",
            "width": 1480,
            "height": 1110,
            "sizes": "(min-width: 720px) 25vw, 50vw",
        },
    }
    return {**card, **over}


CARDS = [
    _card(),
    _card(ocop_stars=1, picture=None),
    _card(ocop_stars=None, price=None, url=""),
    _card(price_on_request=True, unit={"name": "kg", "name_en": ""}, vendor=None),
    _card(picture={**_card()["picture"], "sources": []}, ocop_stars=5, price=0),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_cards_and_options_equal_the_old_templates_edge_cases(language):
    engine = engines["django"]
    old_card = engine.from_string(
        OLD_CARD.replace('{% include "web/includes/picture.html" with', "{% with").replace(
            "eager=False %}", "eager=False %}" + OLD_PICTURE + "{% endwith %}"
        )
    )
    old_options = engine.from_string(
        "{% load humanize %}"
        + OLD_SEARCH.split("<ul>")[1].split("</ul>")[0].replace("group.options", "options")
    )
    options = [
        {"label": "Phú <Thọ>", "count": 1234567, "selected": True, "url": "/t/?q=a&b=%C4"},
        {"label": "A & B", "count": 7, "selected": False, "url": "/t/", "depth": 2},
        {"label": "x", "count": 0, "selected": False, "url": "/t/?q=1", "depth": 0},
    ]
    with translation.override(language):
        for card in CARDS:
            assert markup.product_card(card) == old_card.render({"card": card}), card
        assert markup.facet_options(options) == old_options.render({"options": options})


def test_the_search_page_renders_no_template_per_card(client, catalogue):  # noqa: F811
    for product in Product.objects.filter(name__startswith="M")[:3]:
        picture(product=product)

    response = client.get("/tim-kiem/", {"q": "m"}, **HTML)

    names = [t.name for t in response.templates]
    html = response.content.decode()
    assert html.count('<article class="card">') >= 3 and "<picture><source" in html
    assert "web/includes/product_card.html" not in names
    assert "web/includes/picture.html" not in names
    assert len(names) == len(set(names))  # each template once, however many cards and links


def test_the_language_links_are_worked_out_once_a_path(client, catalogue):  # noqa: F811
    context._kept_alternates.cache_clear()
    first = client.get("/tim-kiem/", {"q": "mi"}, **HTML).content.decode()
    again = client.get("/tim-kiem/", {"q": "bun"}, **HTML).content.decode()

    link = '<link rel="alternate" hreflang="en" href="http://testserver/en/tim-kiem/">'
    assert link in first and link in again
    assert context._kept_alternates.cache_info().hits == 1
