"""Root-level files for crawlers, outside the language prefixes: /robots.txt, /sitemap.xml and
its sections (/sitemap-<section>.xml?p=N). Included by marketplace/urls.py."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, path

from web.caching import public_page
from web.seo.robots import robots_txt
from web.seo.sitemaps import SITEMAPS

urlpatterns: list[URLPattern] = [
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
