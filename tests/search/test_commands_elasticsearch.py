"""search_reindex and search_check on Elasticsearch: progress on stderr, the alias moved, the
database fallback index rebuilt too, differences listed and fixed. Needs ELASTICSEARCH_URL."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.backends.elasticsearch import ElasticsearchBackend, indices
from search.models import IndexQueue, ProductEntry
from search.tasks import search_index_dirty
from tests.search.conformance import build_catalogue


def test_reindex_then_check(live):
    cat = build_catalogue()
    ProductEntry.objects.all().delete()
    IndexQueue.objects.all().delete()
    out, err = StringIO(), StringIO()
    call_command("search_reindex", stdout=out, stderr=err)
    assert "16 products and 5 storefronts" in out.getvalue()
    assert "products: database 16, index 16" in out.getvalue()
    assert "products" in err.getvalue() and "16/16" in err.getvalue()  # the progress bar
    assert ProductEntry.objects.count() == 16  # the fallback's index too
    backend = ElasticsearchBackend()
    first = indices.concrete_indices(backend.es, backend.alias("products"))
    call_command("search_reindex", "--no-progress", stdout=StringIO())
    assert indices.concrete_indices(backend.es, backend.alias("products")) != first

    backend.es.delete(index=backend.alias("products"), id=str(cat.p["bun-ga-kho"].pk), refresh=True)
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("search_check", "--fix", stdout=out)
    assert failed.value.returncode == 1
    assert f"missing 1: {cat.p['bun-ga-kho'].pk}" in out.getvalue()
    assert "queued 1 for indexing" in out.getvalue()
    search_index_dirty()
    out = StringIO()
    call_command("search_check", stdout=out)
    assert "The elasticsearch index matches the database." in out.getvalue()
