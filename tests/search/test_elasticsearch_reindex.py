"""Full reindex on Elasticsearch: a new index behind the alias, nothing changed meanwhile lost,
the old index gone; a failed rebuild leaves the serving index alone. Needs ELASTICSEARCH_URL."""

from __future__ import annotations

import pytest

from catalog.services.products import product_update
from search.backends.elasticsearch import indices
from search.backends.elasticsearch.reindex import check, rebuild
from search.base import ProductQuery
from search.services import search_mark_products_dirty
from tests.search.conformance import build_catalogue
from tests.search.es_support import backend_for_test


@pytest.fixture
def es_backend(db):
    yield from backend_for_test()


@pytest.fixture
def catalogue(es_backend):
    cat = build_catalogue()
    es_backend.index_vendors([v.pk for v in cat.v.values()])
    es_backend.index_products([p.pk for p in cat.p.values()])
    es_backend.refresh()
    return cat


def names(backend, q):
    return [h.id for h in backend.search_products(ProductQuery(q=q, page_size=50)).hits]


def test_rebuild_swaps_the_alias_and_replays_changes_made_meanwhile(
    es_backend, catalogue, moderator
):
    es = es_backend.es
    before = indices.concrete_indices(es, es_backend.alias("products"))
    honey = catalogue.p["mat-ong-hoa-vai"]
    tea = catalogue.p["che-thanh-ba-hop"]

    def during_rebuild():
        # One change already taken by the indexing task (it writes to the -next alias too) ...
        product_update(product=honey, actor=moderator, name="Mật ong hoa vải Lục Ngạn")
        assert es.indices.exists_alias(name=es_backend.next_alias("products"))
        es_backend.index_products([honey.pk])
        # ... and one still waiting in the queue: the rebuild replays it before the swap.
        product_update(product=tea, actor=moderator, name="Chè xanh Thanh Ba hộp thiếc")
        search_mark_products_dirty(product_ids=[tea.pk])

    report = rebuild(es_backend, after_load=during_rebuild)

    after = indices.concrete_indices(es, es_backend.alias("products"))
    assert after == [report.indices["products"]] and after != before
    assert report.dropped and set(before) <= set(report.dropped)
    assert not es.indices.exists(index=",".join(before), allow_no_indices=False)
    assert not es.indices.exists_alias(name=es_backend.next_alias("products"))
    assert report.products == 16 and report.vendors == 5
    assert report.replayed >= 1
    assert names(es_backend, "luc ngan") == [honey.pk]
    assert names(es_backend, "che xanh hop thiec") == [tea.pk]
    settings = es.indices.get_settings(index=after[0])[after[0]]["settings"]["index"]
    assert settings["refresh_interval"] == "1s"
    assert all(d.clean for d in check(es_backend).values())


def test_a_failed_rebuild_leaves_the_serving_index_alone(es_backend, catalogue):
    es = es_backend.es
    before = indices.concrete_indices(es, es_backend.alias("products"))

    def boom():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        rebuild(es_backend, after_load=boom)
    assert indices.concrete_indices(es, es_backend.alias("products")) == before
    assert not es.indices.exists_alias(name=es_backend.next_alias("products"))
    leftovers = es.indices.get(index=f"{es_backend.prefix}-*").body
    assert len(leftovers) == 2  # the serving products and vendors indices, nothing else
    assert catalogue.p["mi-gao-hung-lo"].pk in names(es_backend, "mi gao hung lo")


def test_check_lists_missing_extra_and_stale_documents(es_backend, catalogue, moderator):
    es = es_backend.es
    missing = catalogue.p["bun-ga-kho"]
    es.delete(index=es_backend.alias("products"), id=str(missing.pk), refresh=True)
    stale = catalogue.p["mat-ong-ba-vi"]
    product_update(product=stale, actor=moderator, name="Mật ong Ba Vì nguyên chất")
    extra = catalogue.p["mi-gao-lut-lam-thao"]
    extra.status = "archived"
    extra.save()

    report = check(es_backend)

    assert report["products"].missing == [missing.pk]
    assert report["products"].stale == [stale.pk]
    assert report["products"].extra == [extra.pk]
    assert report["vendors"].clean
    es_backend.index_products([missing.pk, stale.pk, extra.pk])
    assert check(es_backend)["products"].clean


def test_writes_never_create_an_index_behind_a_missing_alias(es_backend, catalogue):
    from search.backends.elasticsearch.bulk import IndexingError, bulk_write
    from search.documents import product_documents

    es = es_backend.es
    rice = catalogue.p["mi-gao-hung-lo"].pk
    docs = product_documents([rice])
    with pytest.raises(IndexingError, match="1 documents refused"):
        bulk_write(es, f"{es_backend.prefix}-nowhere", "products", docs, [rice], version=1)
    assert not es.indices.exists(index=f"{es_backend.prefix}-nowhere")


def test_an_older_read_never_overwrites_a_newer_one(es_backend, catalogue, moderator):
    """Two tasks index the same product; the one that read the database later wins even if
    its write arrives first."""
    from search.backends.elasticsearch.bulk import _version, bulk_write
    from search.documents import product_documents

    honey = catalogue.p["mat-ong-hoa-nhan"]
    old_version = _version()
    old_docs = product_documents([honey.pk])
    product_update(product=honey, actor=moderator, name="Mật ong hoa nhãn Hưng Yên")
    es_backend.index_products([honey.pk])  # the later read, written first
    alias = es_backend.alias("products")
    bulk_write(es_backend.es, alias, "products", old_docs, [honey.pk], version=old_version)
    es_backend.refresh()
    assert names(es_backend, "hung yen") == [honey.pk]
