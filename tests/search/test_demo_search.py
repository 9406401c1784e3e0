"""`make run`: after demo_load the database search index is filled and answers."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from search.models import IndexQueue, ProductEntry
from search.tasks import search_index_dirty


def test_demo_load_fills_the_search_index(api_client, db, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_load", "--allow-production", stdout=out)
    assert "queued for indexing" in out.getvalue()
    assert not IndexQueue.objects.exists()  # indexed inline (no broker in tests)
    assert ProductEntry.objects.count() == 1064
    body = api_client.get("/api/v1/search/products/", {"q": "mi gao hung lo"}).json()
    assert body["results"][0]["slug"] == "mi-gao-hung-lo"
    # an index emptied (e.g. a database loaded before search existed) is refilled on the next run
    ProductEntry.objects.all().delete()
    call_command("demo_load", "--allow-production", stdout=StringIO())
    assert IndexQueue.objects.filter(kind="product").count() > 1064  # every product, queued
    search_index_dirty()
    assert ProductEntry.objects.count() == 1064
