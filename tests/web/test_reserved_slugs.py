"""A slug made from a name never equals a path word that sits where a slug sits (D242).

`/ban-hang/<storefront>/` shares its level with `/ban-hang/mo-gian-hang/`, a product's seller
page with `…/san-pham/moi/`, and so on: a storefront named "Mở gian hàng" would get a dashboard
URL that opens the "open a storefront" form. The words are derived here from the URL patterns
themselves, so a new fixed word beside a slug fails this file until it is reserved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from catalog.models import Product
from fairs.models import Fair
from leads.models import Lead
from marketplace.models import Vendor
from marketplace.services.vendors import RESERVED_SLUGS, unique_slug
from tests.factories import UserFactory

HTML = {"HTTP_ACCEPT": "text/html"}
# The URL parameters that carry a storefront's, product's, fair's or lead's slug.
SLUG_PARAMETERS = {"slug", "fair_slug", "vendor", "product", "fair"}
WORD = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _patterns(
    patterns: list[URLPattern | URLResolver], namespace: str = "", route: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """Every named pattern: its view name, its whole route (prefixes included), itself."""
    for pattern in patterns:
        text = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _patterns(pattern.url_patterns, inner, text)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, text, pattern


def _parameters(pattern: URLPattern) -> dict[str, str]:
    """A value for each of the pattern's parameters (a path that does not match is skipped)."""
    if isinstance(pattern.pattern, RoutePattern):
        return {
            name: "1" if isinstance(converter, IntConverter) else f"zq{index}"
            for index, (name, converter) in enumerate(pattern.pattern.converters.items())
        }
    return {
        name: f"zq{index}" if name in SLUG_PARAMETERS else "1"
        for index, name in enumerate(pattern.pattern.regex.groupindex)
    }


def _words() -> dict[int, set[str]]:
    """The fixed words of every route, by their place in the path (0: the first segment)."""
    words: dict[int, set[str]] = {}
    for _name, route, _pattern in _patterns(get_resolver().url_patterns):
        for place, part in enumerate(route.replace("^", "").replace("$", "").split("/")):
            if WORD.match(part):
                words.setdefault(place, set()).add(part)
    return words


def shadowed_slugs() -> dict[str, set[str]]:
    """Each path word a slug parameter could take whose path opens another page instead."""
    words = _words()
    found: dict[str, set[str]] = {}
    for name, _route, pattern in _patterns(get_resolver().url_patterns):
        sample = _parameters(pattern)
        if "format" in sample or not SLUG_PARAMETERS & set(sample):
            continue
        try:
            reverse(name, kwargs=sample)
        except NoReverseMatch:
            continue
        for parameter in SLUG_PARAMETERS & set(sample):
            place = reverse(name, kwargs=sample).lstrip("/").split("/").index(sample[parameter])
            for word in words.get(place, set()):
                path = reverse(name, kwargs={**sample, parameter: word})
                if resolve(path).view_name != name:
                    found.setdefault(word, set()).add(name)
    return found


def test_every_path_word_beside_a_slug_is_reserved():
    shadowed = shadowed_slugs()
    # The derivation must see the cases this file exists for, or it would pass on nothing.
    assert {"mo-gian-hang", "loi-moi", "moi"} <= set(shadowed)
    assert set(shadowed) - RESERVED_SLUGS == set(), f"reserve in RESERVED_SLUGS: {shadowed}"
    assert RESERVED_SLUGS - set(shadowed) == set(), "no longer shadowed: drop from RESERVED_SLUGS"


def _open_data(display_name: str) -> dict[str, str]:
    return {
        "kind": "cooperative",
        "legal_name": "Hợp tác xã Mở Gian Hàng",
        "display_name": display_name,
        "tax_code": "2600123457",
        "business_registration_number": "1807000124",
        "province": "25",
        "commune": "7900",
        "street_address": "Khu 3",
        "phone": "0210 3812 345",
        "email": "mogianhang@example.vn",
    }


@pytest.mark.django_db
def test_a_storefront_named_mo_gian_hang_gets_a_dashboard_of_its_own(client):
    client.force_login(UserFactory())

    opened = client.post("/ban-hang/mo-gian-hang/", _open_data("Mở gian hàng"), **HTML)

    vendor = Vendor.objects.get(tax_code="2600123457")
    assert vendor.slug == "mo-gian-hang-2"
    assert opened.status_code == 302
    assert opened["Location"] == "/ban-hang/mo-gian-hang-2/gian-hang/"
    dashboard = client.get(reverse("web:seller-dashboard", kwargs={"vendor": vendor.slug}), **HTML)
    assert resolve(dashboard.request["PATH_INFO"]).url_name == "seller-dashboard"
    assert dashboard.status_code == 200
    page = dashboard.content.decode()
    assert "Mở gian hàng" in page and 'name="tax_code"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "text", "url", "parameter"),
    [
        (Vendor, "Lời mời", "web:seller-dashboard", "vendor"),
        (Product, "Mới", "web:seller-product", "product"),
        (Lead, "Đăng tin", "web:my-lead", "slug"),
        (Fair, "Applications", "fair-detail", "slug"),
    ],
)
def test_a_name_equal_to_a_path_word_gets_a_slug_that_opens_its_own_page(
    model, text, url, parameter
):
    slug = unique_slug(model, text)
    kwargs = {"vendor": "htx-a", "product": "che", parameter: slug}
    path = reverse(url, kwargs={key: kwargs[key] for key in _parameters_of(url)})

    assert slug not in RESERVED_SLUGS and slug.endswith("-2")
    assert resolve(path).view_name == url


def _parameters_of(url: str) -> set[str]:
    for name, _route, pattern in _patterns(get_resolver().url_patterns):
        if name == url:
            return set(_parameters(pattern)) - {"format"}
    raise AssertionError(url)
