"""The markup web/shop/markup.py writes in Python (cards, pictures, facet options; D239) is
byte for byte what the templates it replaced wrote: each page rendered with today's templates
and again with the old ones (kept verbatim below, served first by a locmem loader)."""

from __future__ import annotations

import copy

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

OLD_CARD = '{% load i18n humanize web_extras %}<article class="card">\n  {% if card.url %}<a href="{{ card.url }}">{% endif %}\n    {% if card.picture %}{% include "web/includes/picture.html" with pic=card.picture alt=card.name eager=False %}{% else %}<span class="noimg" aria-hidden="true"></span>{% endif %}\n    <h3>{{ card.name }}</h3>\n  {% if card.url %}</a>{% endif %}\n  {% if card.ocop_stars %}<p class="stars" aria-label="{% blocktranslate count stars=card.ocop_stars %}OCOP {{ stars }} star{% plural %}OCOP {{ stars }} stars{% endblocktranslate %}">OCOP {{ card.ocop_stars }}★</p>{% endif %}\n  <p class="price">{% if card.price_on_request or card.price is None %}{% translate "Price on request" %}{% else %}{{ card.price|vnd }} ₫ / {{ card.unit|localized }}{% endif %}</p>\n  <p class="seller">{{ card.vendor.display_name }}</p>\n</article>\n'

OLD_PICTURE = '{# One <picture>: the WebP (and other) sources, the JPEG fallback; `alt`, `eager` from the includer. #}<picture>{% for source in pic.sources %}<source type="{{ source.type }}" srcset="{{ source.srcset }}" sizes="{{ pic.sizes }}">{% endfor %}<img src="{{ pic.src }}" srcset="{{ pic.srcset }}" sizes="{{ pic.sizes }}" width="{{ pic.width }}" height="{{ pic.height }}" alt="{{ alt }}"{% if eager %} fetchpriority="high"{% else %} loading="lazy" decoding="async"{% endif %}></picture>\n'

OLD_SEARCH = '{% extends "web/base.html" %}\n{% load i18n humanize %}\n{% block title %}{% if q %}{% blocktranslate %}“{{ q }}”: search results{% endblocktranslate %}{% else %}{% translate "All products" %}{% endif %} — {{ site_name }}{% endblock %}\n{% block description %}{% if q %}{% blocktranslate %}Products matching “{{ q }}” from the province\'s producers: OCOP stars, prices and sellers.{% endblocktranslate %}{% else %}{% translate "Every product of the province\'s producers: OCOP stars, prices and sellers." %}{% endif %}{% endblock %}\n{% block head %}<meta name="robots" content="noindex, follow">\n{% if previous_url %}<link rel="prev" href="{{ previous_url }}">{% endif %}{% if next_url %}<link rel="next" href="{{ next_url }}">{% endif %}{% endblock %}\n{% block search_action %}{% url \'web:search\' %}{% endblock %}\n{% block content %}\n<h1>{% if q %}{% blocktranslate %}Results for “{{ q }}”{% endblocktranslate %}{% else %}{% translate "All products" %}{% endif %}</h1>\n{% if unavailable %}<p class="error" role="alert">{% translate "Search is unavailable for a moment; try again shortly." %}</p>{% endif %}\n{% for field, messages in errors.items %}<p class="error" role="alert">{{ field }}: {{ messages|join:" " }}</p>{% endfor %}\n{% if did_you_mean %}<p class="did-you-mean">{% translate "Did you mean" %} <a href="{{ did_you_mean_url }}">{{ did_you_mean }}</a>?</p>{% endif %}\n{% if not errors and not unavailable %}<p class="count" role="status">{% if count_is_lower_bound %}{% blocktranslate with n=count|intcomma %}More than {{ n }} products{% endblocktranslate %}{% else %}{% blocktranslate count n=count %}{{ n }} product{% plural %}{{ n }} products{% endblocktranslate %}{% endif %}</p>{% endif %}\n<div class="results-layout">\n<aside class="facets" aria-label="{% translate \'Filters\' %}">\n  <form method="get" action="{% url \'web:search\' %}" class="ordering">\n    {% for key, value in hidden %}<input type="hidden" name="{{ key }}" value="{{ value }}">{% endfor %}\n    <label for="ordering">{% translate "Sort by" %}</label>\n    <select id="ordering" name="ordering">{% for key, label in orderings %}<option value="{{ key }}"{% if params.ordering == key %} selected{% endif %}>{{ label }}</option>{% endfor %}</select>\n    <button type="submit">{% translate "Sort" %}</button>\n  </form>\n  {% for group in groups %}\n  <details class="facet"{% if group.chosen %} open{% endif %}>\n    <summary>{{ group.title }}</summary>\n    <ul>{% for option in group.options %}<li class="depth-{{ option.depth|default:0 }}"><a href="{{ option.url }}"{% if option.selected %} aria-current="true" class="chosen"{% endif %} rel="nofollow">{% if option.selected %}<span aria-hidden="true">✓ </span>{% endif %}{{ option.label }} <span class="n">({{ option.count|intcomma }})</span></a></li>{% endfor %}</ul>\n  </details>\n  {% endfor %}\n</aside>\n<section class="results" aria-label="{% translate \'Results\' %}">\n  <div class="cards">{% for card in results %}{% include "web/includes/product_card.html" %}{% empty %}{% if not errors and not unavailable %}<p>{% translate "No product matches. Try fewer words or remove a filter." %}</p>{% endif %}{% endfor %}</div>\n  {% include "web/includes/pagination.html" %}\n</section>\n</div>\n{% endblock %}\n{% block scripts %}{% include "web/includes/suggest.html" %}{% endblock %}\n'

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
        OLD_CARD.replace('{% include "web/includes/picture.html" with', "{% with")
        .replace("eager=False %}", "eager=False %}" + OLD_PICTURE + "{% endwith %}")
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
