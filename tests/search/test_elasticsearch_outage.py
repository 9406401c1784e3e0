"""Elasticsearch down: writes succeed and stay queued, searches are answered by the database
backend (or refused with a clear 503), and the periodic catch-up indexes everything once the
cluster is back, with no manual step. "Down" is a closed port. Needs ELASTICSEARCH_URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

import search
from catalog.services.products import product_update
from search.backends.elasticsearch import ElasticsearchBackend
from search.backends.elasticsearch.reindex import check
from search.base import ProductQuery, SearchUnavailable
from search.models import IndexQueue
from search.tasks import search_index_dirty_task
from tests.search.conformance import build_catalogue

CLOSED = "http://127.0.0.1:1"


@pytest.fixture
def catalogue(live_catalogue):
    return live_catalogue


def test_nothing_is_lost_and_the_catch_up_needs_no_manual_step(
    live, settings, catalogue, moderator, client, django_capture_on_commit_callbacks
):
    rice = catalogue.p["mi-gao-hung-lo"]
    settings.ELASTICSEARCH_URL = CLOSED  # Elasticsearch stops

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=rice, actor=moderator, name="Mì gạo Hùng Lô đặc biệt")
    rice.refresh_from_db()
    assert rice.name == "Mì gạo Hùng Lô đặc biệt"  # the write succeeded
    assert IndexQueue.objects.filter(object_id=rice.pk).exists()  # and is kept for later

    # Searches are answered by the database backend meanwhile, already with the change.
    results = search.backend().search_products(ProductQuery(q="dac biet"))
    assert results.backend == "database"  # type: ignore[attr-defined]
    assert [h.id for h in results.hits] == [rice.pk]
    response = client.get(reverse("search-products"), {"q": "dac biet"})
    assert response.status_code == 200
    assert [r["slug"] for r in response.json()["results"]] == [rice.slug]
    assert response.headers["X-Search-Backend"] == "database"

    # A catch-up while it is still down changes nothing and loses nothing.
    search_index_dirty_task()
    assert IndexQueue.objects.filter(object_id=rice.pk).exists()

    settings.ELASTICSEARCH_URL = live  # Elasticsearch is back
    assert search_index_dirty_task() >= 1  # the periodic task (celery beat, every minute)
    assert not IndexQueue.objects.exists()
    backend = ElasticsearchBackend(fallback="none")
    backend.refresh()
    results = backend.search_products(ProductQuery(q="dac biet"))
    assert results.backend == "elasticsearch"  # type: ignore[attr-defined]
    assert [h.id for h in results.hits] == [rice.pk]
    response = client.get(reverse("search-products"), {"q": "dac biet"})
    assert response.headers["X-Search-Backend"] == "elasticsearch"
    assert [r["slug"] for r in response.json()["results"]] == [rice.slug]
    assert all(diff.clean for diff in check(backend).values())


def test_without_fallback_a_search_is_a_clear_503(live, settings, catalogue, client):
    settings.ELASTICSEARCH_URL = CLOSED
    settings.ELASTICSEARCH_FALLBACK = "none"
    with pytest.raises(SearchUnavailable):
        search.backend().search_products(ProductQuery(q="mi gao"))
    response = client.get(reverse("search-products"), {"q": "mi gao"})
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == 503 and body["type"] and body["title"]
    assert client.get(reverse("search-suggest"), {"q": "mi"}).status_code == 503


def test_suggestions_fall_back_too(live, settings, catalogue):
    settings.ELASTICSEARCH_URL = CLOSED
    labels = [s.label for s in search.backend().suggest("mi ga")]
    assert "Mì gạo Hùng Lô" in labels


def test_ping_tells_up_from_down(live, settings):
    assert ElasticsearchBackend().ping() is True
    settings.ELASTICSEARCH_URL = CLOSED
    assert ElasticsearchBackend().ping() is False


def test_readiness_reports_the_search_backend(live, settings, catalogue, client):
    ready = client.get("/readyz").json()
    assert ready["checks"]["search"] == "ok"
    settings.ELASTICSEARCH_URL = CLOSED
    response = client.get("/readyz")
    assert response.status_code == 200  # the database answers searches meanwhile
    assert response.json()["checks"]["search"].startswith("degraded")
    settings.ELASTICSEARCH_FALLBACK = "none"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"].startswith("error")


def test_the_fallback_index_takes_every_queued_change_not_just_the_oldest_batch(
    live, settings, catalogue, moderator
):
    settings.SEARCH_INDEX_BATCH_SIZE = 1  # the task retries only the oldest row while down
    settings.ELASTICSEARCH_URL = CLOSED
    renamed = ["mat-ong-ba-vi", "bun-ga-kho", "che-thanh-ba-hop"]
    for n, key in enumerate(renamed):
        product_update(product=catalogue.p[key], actor=moderator, name=f"Quà tặng số{n}")
        search_index_dirty_task()  # the run each commit schedules
    assert IndexQueue.objects.count() == 3
    for n, key in enumerate(renamed):
        results = search.backend().search_products(ProductQuery(q=f"qua tang so{n}"))
        assert results.backend == "database"  # type: ignore[attr-defined]
        assert [h.id for h in results.hits] == [catalogue.p[key].pk], key


def test_a_missing_index_falls_back_but_a_bad_query_is_not_hidden(live, catalogue, monkeypatch):
    from elasticsearch import BadRequestError
    from elasticsearch.dsl import Q

    nowhere = ElasticsearchBackend(prefix="gt-test-never-built", fallback="database")
    assert nowhere.search_products(ProductQuery(q="mi gao")).backend == "database"  # type: ignore[attr-defined]

    monkeypatch.setattr(
        "search.backends.elasticsearch.backend.relevance_query",
        lambda *args, **kwargs: Q("range", price={"gt": "không phải số"}),
    )
    with pytest.raises(BadRequestError):
        ElasticsearchBackend(fallback="database").search_products(ProductQuery(q="mi gao"))


def test_an_index_never_filled_is_not_trusted(live, client):
    from search.backends.elasticsearch.reindex import rebuild

    cat = build_catalogue()
    backend = ElasticsearchBackend()
    backend.index_products([cat.p["bun-ga-kho"].pk])  # a first write creates an empty index
    backend.refresh()
    results = backend.search_products(ProductQuery(q="mi gao"))
    assert results.backend == "database"  # type: ignore[attr-defined]
    with pytest.raises(SearchUnavailable):
        ElasticsearchBackend(fallback="none").search_products(ProductQuery(q="mi gao"))
    assert "never filled" in client.get("/readyz").json()["checks"]["search"]
    rebuild(backend)
    assert client.get("/readyz").json()["checks"]["search"] == "ok"
    results = backend.search_products(ProductQuery(q="mi gao"))
    assert results.backend == "elasticsearch"  # type: ignore[attr-defined]
    assert cat.p["mi-gao-hung-lo"].pk in [h.id for h in results.hits]
