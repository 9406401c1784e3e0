"""search_reindex and search_check on the database backend (SQLite or PostgreSQL, whichever the
tests run on): counts checked, differences listed, non-zero exit, --fix queues them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search.models import IndexQueue, ProductEntry, VendorEntry
from search.tasks import search_index_dirty
from tests.search.conformance import build_catalogue


def run(name: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def catalogue(db, settings):
    settings.SEARCH_BACKEND = "database"
    cat = build_catalogue()
    ProductEntry.objects.all().delete()
    VendorEntry.objects.all().delete()
    IndexQueue.objects.all().delete()
    return cat


def test_reindex_builds_the_index_and_checks_the_counts(catalogue):
    out, _ = run("search_reindex", "--no-progress")
    assert "products: database 16, index 16" in out
    assert "vendors: database 5, index 5" in out
    assert ProductEntry.objects.count() == 16
    out, _ = run("search_check")
    assert "matches the database" in out


def test_check_lists_the_differences_and_fails(catalogue, moderator):
    run("search_reindex", "--no-progress")
    missing = catalogue.p["bun-ga-kho"]
    ProductEntry.objects.filter(product=missing).delete()
    stale = catalogue.p["mat-ong-ba-vi"]
    ProductEntry.objects.filter(product=stale).update(name_folded="mat ong cu")
    extra = catalogue.p["mi-gao-lut-lam-thao"]
    extra.status = "archived"
    extra.save()

    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("search_check", stdout=out)
    assert failed.value.returncode == 1
    text = out.getvalue()
    assert f"missing 1: {missing.pk}" in text
    assert f"extra 1: {extra.pk}" in text
    assert f"stale 1: {stale.pk}" in text

    with pytest.raises(CommandError):
        call_command("search_check", "--fix", stdout=StringIO())
    queued = set(IndexQueue.objects.values_list("object_id", flat=True))
    assert queued == {missing.pk, stale.pk, extra.pk}
    search_index_dirty()  # what the periodic task does
    out, _ = run("search_check")
    assert "matches the database" in out


def test_reindex_fails_when_the_counts_differ(catalogue, monkeypatch):
    from search.management.commands import search_reindex

    monkeypatch.setattr(
        search_reindex, "indexed_counts", lambda backend: {"products": 15, "vendors": 5}
    )
    with pytest.raises(CommandError) as failed:
        run("search_reindex", "--no-progress")
    assert failed.value.returncode == 1
