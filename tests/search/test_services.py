"""Services queue index updates in their own transaction; the task indexes them after commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

import search
from catalog.models import Category, ProductStatus
from catalog.services.categories import category_save
from catalog.services.certificates import certificate_expire_due, certificate_revoke
from catalog.services.products import product_approve, product_archive
from marketplace.services.vendors import vendor_suspend
from search.base import ProductQuery
from search.models import IndexKind, IndexQueue, ProductEntry
from search.services import search_mark_products_dirty
from search.tasks import search_index_dirty
from tests.factories import CertificateFactory, ProductFactory


@pytest.fixture(autouse=True)
def _no_fairs(monkeypatch):
    monkeypatch.setattr("search.documents.fair_slugs_for_products", lambda ids: {})


def queued(kind: str = IndexKind.PRODUCT) -> set[int]:
    return set(IndexQueue.objects.filter(kind=kind).values_list("object_id", flat=True))


def found(q: str) -> list[int]:
    return [h.id for h in search.backend().search_products(ProductQuery(q=q)).hits]


def test_approving_queues_and_indexes_after_commit(
    moderator, vendor, django_capture_on_commit_callbacks
):
    product = ProductFactory(vendor=vendor, status=ProductStatus.PENDING_REVIEW, name="Chè búp tím")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product_approve(product=product, actor=moderator)
        assert queued() == {product.pk}  # written in the same transaction
        assert found("che bup tim") == []
    # one indexing task for the transaction (besides the e-mail)
    assert sum(1 for c in callbacks if getattr(c, "__name__", "") == "_schedule_index") == 1
    assert queued() == set()
    assert found("che bup tim") == [product.pk]


def test_a_rolled_back_write_queues_nothing(db):
    product = ProductFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        search_mark_products_dirty(product_ids=[product.pk])
        raise RuntimeError("the write failed")
    assert queued() == set()


def test_marking_twice_keeps_one_row_with_the_latest_time(db):
    product = ProductFactory()
    search_mark_products_dirty(product_ids=[product.pk, product.pk])
    first = IndexQueue.objects.get().queued_at
    search_mark_products_dirty(product_ids=[product.pk])
    row = IndexQueue.objects.get()
    assert row.queued_at >= first


def test_archive_and_suspend_remove_from_search(moderator, owner, vendor):
    a = ProductFactory(vendor=vendor, name="Mật ong rừng")
    b = ProductFactory(vendor=vendor, name="Mật ong hoa nhãn")
    search.backend().index_products([a.pk, b.pk])
    product_archive(product=a, actor=owner)
    assert queued() == {a.pk}
    search_index_dirty()
    assert found("mat ong") == [b.pk]
    vendor_suspend(vendor=vendor, actor=moderator, reason="Giấy phép hết hạn")
    assert queued() == {a.pk, b.pk}
    assert queued(IndexKind.VENDOR) == {vendor.pk}
    search_index_dirty()
    assert found("mat ong") == []
    assert not ProductEntry.objects.exists()


def test_certificate_changes_queue_their_product(moderator, db):
    cert = CertificateFactory()
    certificate_revoke(certificate=cert, actor=moderator, reason="Sai hồ sơ")
    assert queued() == {cert.product_id}
    IndexQueue.objects.all().delete()
    due = CertificateFactory(
        issue_date=timezone.localdate() - dt.timedelta(days=1100),
        decision_date=timezone.localdate() - dt.timedelta(days=1110),
        expires_on=timezone.localdate(),
    )
    assert certificate_expire_due() == 1
    assert queued() == {due.product_id}


def test_renaming_a_category_queues_its_subtree(db):
    inside = ProductFactory()  # category gao-ngu-coc under thuc-pham/thuc-pham-so-che/
    root = Category.objects.get(slug="thuc-pham-so-che")
    root.name = "Nông sản sơ chế"
    category_save(category=root)
    assert inside.pk in queued()


def test_a_failing_backend_keeps_the_queue_and_catches_up(db, monkeypatch):
    product = ProductFactory(name="Đông trùng hạ thảo")
    search_mark_products_dirty(product_ids=[product.pk])

    class Down:
        def index_products(self, ids):
            raise ConnectionError("search is down")

        def ping(self):
            return False

    real = search.backend
    monkeypatch.setattr(search, "backend", lambda name=None: Down())
    assert search_index_dirty() == 0
    assert queued() == {product.pk}
    monkeypatch.setattr(search, "backend", real)
    assert search_index_dirty() == 1
    assert queued() == set()
    assert found("dong trung") == [product.pk]


def test_a_change_during_indexing_stays_queued(db, monkeypatch):
    product = ProductFactory(name="Bưởi Đoan Hùng")
    search_mark_products_dirty(product_ids=[product.pk])
    backend = search.backend()
    original = backend.index_products

    def index_while_someone_edits(ids):
        written = original(ids)
        # another transaction changes the product and marks it again meanwhile
        IndexQueue.objects.filter(object_id=product.pk).update(
            queued_at=timezone.now() + dt.timedelta(seconds=1)
        )
        return written

    backend.index_products = index_while_someone_edits  # type: ignore[method-assign]
    monkeypatch.setattr(search, "backend", lambda name=None: backend)
    assert search_index_dirty() == 1
    assert queued() == {product.pk}  # not lost: the next run indexes it again


def test_a_row_the_backend_refuses_does_not_block_the_others(db, monkeypatch):
    poison, *fine = ProductFactory.create_batch(3, name="Chè búp tím")
    search_mark_products_dirty(product_ids=[poison.pk, *(p.pk for p in fine)])
    backend = search.backend()
    original = backend.index_products

    def refuse_the_poison(ids):
        if poison.pk in ids:
            raise ValueError("a document this backend cannot take")
        return original(ids)

    backend.index_products = refuse_the_poison  # type: ignore[method-assign]
    monkeypatch.setattr(search, "backend", lambda name=None: backend)
    assert search_index_dirty() == 2
    assert sorted(found("che bup tim")) == sorted(p.pk for p in fine)
    row = IndexQueue.objects.get()
    assert (row.object_id, row.attempts) == (poison.pk, 1)
    search_mark_products_dirty(product_ids=[poison.pk])  # changed again: a fresh start
    assert IndexQueue.objects.get().attempts == 0
